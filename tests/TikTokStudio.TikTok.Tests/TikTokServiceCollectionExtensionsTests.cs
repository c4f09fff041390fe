using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using TikTokStudio.TikTok.Auth;
using TikTokStudio.TikTok.Display;
using TikTokStudio.TikTok.Posting;
using TikTokStudio.TikTok.RateLimiting;
using TikTokStudio.TikTok.Upload;

namespace TikTokStudio.TikTok.Tests;

public class TikTokServiceCollectionExtensionsTests
{
    [Fact]
    public void Clients_Resolve_With_Options_Bound_From_Configuration()
    {
        // Arrange
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["TikTok:ApiBaseUrl"] = "http://127.0.0.1:5000/emulators/tiktok",
            ["TikTok:AuthorizeBaseUrl"] = "http://127.0.0.1:5000/emulators/tiktok",
            ["TikTok:ClientKey"] = "key",
            ["TikTok:WaitWhenRateLimited"] = "false",
        }).Build();
        var services = new ServiceCollection().AddLogging();

        // Act
        services.AddTikTokClient(configuration.GetSection(TikTokOptions.SectionName));
        using var provider = services.BuildServiceProvider();

        // Assert
        var options = provider.GetRequiredService<IOptions<TikTokOptions>>().Value;
        Assert.Equal("http://127.0.0.1:5000/emulators/tiktok", options.ApiBaseUrl);
        Assert.Equal("key", options.ClientKey);
        Assert.False(options.WaitWhenRateLimited);
        Assert.NotNull(provider.GetRequiredService<TikTokAuthClient>());
        Assert.NotNull(provider.GetRequiredService<TikTokPostingClient>());
        Assert.NotNull(provider.GetRequiredService<TikTokDisplayClient>());
        Assert.NotNull(provider.GetRequiredService<ChunkedUploader>());
        Assert.Same(provider.GetRequiredService<TikTokRateLimiter>(), provider.GetRequiredService<TikTokRateLimiter>());
        Assert.Same(TimeProvider.System, provider.GetRequiredService<TimeProvider>());
    }

    [Fact]
    public void A_Registered_TimeProvider_Is_Kept()
    {
        // Arrange
        var clock = new TestSupport.ManualTimeProvider();
        var services = new ServiceCollection().AddLogging().AddSingleton<TimeProvider>(clock);

        // Act
        services.AddTikTokClient(o => o.ClientKey = "k");
        using var provider = services.BuildServiceProvider();

        // Assert
        Assert.Same(clock, provider.GetRequiredService<TimeProvider>());
        Assert.Equal("k", provider.GetRequiredService<IOptions<TikTokOptions>>().Value.ClientKey);
        var url = provider.GetRequiredService<TikTokAuthClient>().BuildAuthorizeUrl(new TikTokAuthorizeRequest
        {
            Scopes = [TikTokScopes.UserInfoBasic],
            RedirectUri = "https://x/cb",
            State = "s",
            CodeVerifier = TikTokPkce.CreateVerifier(),
        });
        Assert.StartsWith("https://www.tiktok.com/v2/auth/authorize/?client_key=k&", url.ToString());
    }
}
