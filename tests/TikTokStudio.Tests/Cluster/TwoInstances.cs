using Microsoft.Extensions.DependencyInjection;
using TikTokStudio.Tests.Features.Posts.Publish;
using TikTokStudio.Tests.Infrastructure;
using TikTokStudio.Web.Features.Posts.Publish;

namespace TikTokStudio.Tests.Cluster;

/// <summary>
/// Two app hosts of one deployment: one PostgreSQL database (A's, created for the test and dropped after), one
/// clustered Quartz, one media volume, and one TikTok (the emulator A mounts; B calls it over loopback).
/// </summary>
public sealed class TwoInstances : IDisposable
{
    private readonly string media = Path.Combine(Path.GetTempPath(), "tiktok-studio-tests", "media-" + Guid.NewGuid().ToString("N"));

    public TwoInstances(Dictionary<string, string>? settings = null)
    {
        var common = new Dictionary<string, string>(settings ?? []) { ["Storage:MediaDirectory"] = media };
        A = new PublishTestKit(common, provider: Web.Data.DatabaseProvider.Postgres);
        var forB = PublishTestKit.Settings(common);
        forB["TikTok:EmulatorBaseUrl"] = new Uri(A.App.ServerAddress!, "/emulators/tiktok").ToString();
        B = new StudioAppFactory(realServer: true, settings: forB, sharedDatabase: A.App.DatabaseConnectionString);
    }

    /// <summary>Instance A, with the kit's helpers (users, accounts, media, posts; the TikTok both instances use).</summary>
    public PublishTestKit A { get; }

    public StudioAppFactory B { get; }

    public PublishHooks HooksOfA => A.App.Services.GetRequiredService<PublishHooks>();
    public PublishHooks HooksOfB => B.Services.GetRequiredService<PublishHooks>();

    /// <summary>Moves both instances' clocks and TikTok's.</summary>
    public async Task AdvanceClocksAsync(TimeSpan by)
    {
        await A.AdvanceBothClocksAsync(by);
        B.Clock.Advance(by);
    }

    public void Dispose()
    {
        B.Dispose();
        A.Dispose();
        StudioAppFactory.TryDelete(media);
    }
}
