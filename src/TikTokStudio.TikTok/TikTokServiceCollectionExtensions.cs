using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using TikTokStudio.TikTok.Auth;
using TikTokStudio.TikTok.Display;
using TikTokStudio.TikTok.Posting;
using TikTokStudio.TikTok.RateLimiting;
using TikTokStudio.TikTok.Upload;

namespace TikTokStudio.TikTok;

public static class TikTokServiceCollectionExtensions
{
    /// <summary>
    /// Registers the TikTok clients bound to a configuration section, e.g.
    /// <c>services.AddTikTokClient(configuration.GetSection(TikTokOptions.SectionName))</c>.
    /// </summary>
    public static IServiceCollection AddTikTokClient(this IServiceCollection services, IConfiguration section)
    {
        ArgumentNullException.ThrowIfNull(section);
        services.AddOptions<TikTokOptions>().Bind(section);
        return AddCore(services);
    }

    /// <summary>Registers the TikTok clients configured in code (tests, the emulator host).</summary>
    public static IServiceCollection AddTikTokClient(this IServiceCollection services, Action<TikTokOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<TikTokOptions>().Configure(configure);
        return AddCore(services);
    }

    private static IServiceCollection AddCore(IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        // One limiter per process: the budgets are per token, shared by every client instance.
        services.TryAddSingleton<TikTokRateLimiter>();
        // An app with several instances registers a shared budget before this (TryAdd keeps it).
        services.TryAddSingleton<ITikTokRequestBudget>(sp => sp.GetRequiredService<TikTokRateLimiter>());

        services.AddHttpClient<TikTokAuthClient>(ConfigureApiClient);
        services.AddHttpClient<TikTokPostingClient>(ConfigureApiClient);
        services.AddHttpClient<TikTokDisplayClient>(ConfigureApiClient);
        // Chunks have their own per-chunk timeout (UploadOptions.ChunkTimeout); HttpClient's 100 s default would cut big chunks.
        services.AddHttpClient<ChunkedUploader>(http => http.Timeout = Timeout.InfiniteTimeSpan);
        return services;
    }

    private static void ConfigureApiClient(IServiceProvider services, HttpClient http) =>
        http.Timeout = services.GetRequiredService<IOptions<TikTokOptions>>().Value.RequestTimeout;
}
