using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TikTokStudio.Emulators;

namespace TikTokStudio.Tests.Features.Posts.Publish;

/// <summary>The TikTok emulator alone on a loopback port, outliving the app processes that a test kills and restarts.</summary>
public sealed class StandaloneEmulator : IAsyncDisposable
{
    private readonly WebApplication app;

    private StandaloneEmulator(WebApplication app, Uri origin)
    {
        this.app = app;
        Origin = origin;
    }

    /// <summary>http://127.0.0.1:port</summary>
    public Uri Origin { get; }

    /// <summary>What the app's TikTok:EmulatorBaseUrl must be.</summary>
    public string TikTokBaseUrl => Origin.ToString().TrimEnd('/') + "/emulators/tiktok";

    public static async Task<StandaloneEmulator> StartAsync(Dictionary<string, string?>? settings = null)
    {
        var builder = WebApplication.CreateBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Emulators:TikTok:ProcessingDelayMs"] = "0",
            ["Emulators:TikTok:ModerationDelayMs"] = "0",
        });
        if (settings is not null) builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddStudioEmulators(builder.Configuration);
        var app = builder.Build();
        app.MapStudioEmulators("/emulators");
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new StandaloneEmulator(app, new Uri(address));
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
