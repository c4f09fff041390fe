using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace TikTokStudio.EndToEndTests.Infrastructure;

/// <summary>
/// The app on Kestrel at a loopback port of its own (fresh data directory, Development, emulators on) and one
/// headless Debian Chromium. Each test opens its own browser context.
/// </summary>
public class LiveAppFixture : IAsyncLifetime
{
    private readonly Dictionary<string, string> settings;

    public LiveAppFixture() : this([]) { }

    protected LiveAppFixture(Dictionary<string, string> settings) => this.settings = settings;

    private readonly string dataDirectory = Path.Combine(Path.GetTempPath(), "tiktok-studio-e2e", Guid.NewGuid().ToString("N"));
    private WebApplicationFactory<Program>? factory;
    private IPlaywright? playwright;

    public string BaseUrl { get; private set; } = "";
    public IBrowser Browser { get; private set; } = null!;
    public IServiceProvider Services => factory!.Services;

    public async Task InitializeAsync()
    {
        // Starting a circuit takes longer than Playwright's 5 s default when the 2-core machine is busy building.
        Assertions.SetDefaultExpectTimeout(15_000);
        Directory.CreateDirectory(dataDirectory);
        StartApp(port: 0);

        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("CHROMIUM_PATH") ?? "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    private void StartApp(int port)
    {
        factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseEnvironment("Development");
            builder.UseSetting("Storage:DataDirectory", dataDirectory);
            builder.UseSetting("Emulators:Enabled", "true");
            builder.UseSetting("Emulators:TikTok:ProcessingDelayMs", "500");
            builder.UseSetting("Emulators:TikTok:ModerationDelayMs", "500");
            // Every journey signs in from 127.0.0.1 against this one app; the per-address throttle (10 a minute by
            // default, checked by AccountSecurityTests) would turn a fast run into "Too many attempts".
            builder.UseSetting("Security:AccountPostsPerMinute", "100000");
            foreach (var (key, value) in settings) builder.UseSetting(key, value);
        });
        factory.UseKestrel(o => o.Listen(IPAddress.Loopback, port));
        factory.StartServer();
        BaseUrl = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
    }

    /// <summary>Stops the app (open circuits drop); <see cref="StartAgain"/> brings it back on the same port and data.</summary>
    public void Stop()
    {
        factory?.Dispose();
        factory = null;
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }

    public void StartAgain() => StartApp(new Uri(BaseUrl).Port);

    /// <summary>A new browser context in the given time zone, with every request off loopback refused (tests never leave the machine).</summary>
    public async Task<IPage> NewPageAsync(string timeZoneId = "Europe/Berlin")
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = BaseUrl, TimezoneId = timeZoneId, Locale = "en-GB" });
        await context.RouteAsync("**/*", route =>
        {
            var host = new Uri(route.Request.Url).Host;
            return host is "127.0.0.1" or "localhost" or "[::1]" ? route.ContinueAsync() : route.AbortAsync();
        });
        return await context.NewPageAsync();
    }

    public static string ScreenshotPath(string name)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(folder);
        return Path.Combine(folder, name + ".png");
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        playwright?.Dispose();
        factory?.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(dataDirectory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}

/// <summary>The same app posting as TikTok's sandbox app that has not passed the audit.</summary>
public sealed class UnauditedLiveAppFixture() : LiveAppFixture(new() { ["TikTok:Audited"] = "false" });

[CollectionDefinition(Name)]
public sealed class LiveAppCollection : ICollectionFixture<LiveAppFixture>
{
    public const string Name = "live app";
}
