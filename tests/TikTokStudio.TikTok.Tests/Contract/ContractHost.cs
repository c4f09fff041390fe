using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TikTokStudio.Emulators;
using TikTokStudio.TikTok.Auth;
using TikTokStudio.TikTok.Display;
using TikTokStudio.TikTok.Posting;
using TikTokStudio.TikTok.Upload;

namespace TikTokStudio.TikTok.Tests.Contract;

/// <summary>
/// The TikTok emulator on a real loopback port (Kestrel on 127.0.0.1:0, mounted as the web app mounts it), a few media
/// files for PULL_FROM_URL on the same host, and the real client wired through a ServiceCollection and
/// IHttpClientFactory against it. One per test: no test sees another's tokens, posts or clock.
/// Processing and moderation delays are 0 unless a test scripts them through the control API.
/// </summary>
public sealed class ContractHost : IAsyncDisposable
{
    public const string ClientKey = "sandbox-client-key";
    public const string ClientSecret = "sandbox-client-secret";
    public const string UnauditedKey = "sandbox-unaudited-key";
    public const string UnauditedSecret = "sandbox-unaudited-secret";
    public const string RedirectUri = "http://127.0.0.1:5999/callback";

    /// <summary>A minimal JPEG (SOI, APP0 "JFIF", EOI) served at /media/photo-{n}.jpg.</summary>
    public static byte[] Jpeg(int n) =>
        [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, (byte)'J', (byte)'F', (byte)'I', (byte)'F', 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00,
         .. Enumerable.Repeat((byte)n, 1024), 0xFF, 0xD9];

    private readonly WebApplication _app;
    private readonly List<ServiceProvider> _clientServices = [];
    private readonly ConcurrentDictionary<string, int> _requestCounts;

    private ContractHost(WebApplication app, string origin, ConcurrentDictionary<string, int> requestCounts)
    {
        _app = app;
        _requestCounts = requestCounts;
        Origin = origin;
        Control = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(TikTokBase + "/_emulator/") };
        Browser = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false });
    }

    /// <summary>http://127.0.0.1:{port}</summary>
    public string Origin { get; }

    /// <summary>Where the client's ApiBaseUrl and AuthorizeBaseUrl point: {origin}/emulators/tiktok.</summary>
    public string TikTokBase => Origin + "/emulators/tiktok";

    /// <summary>The emulator's control API ({TikTokBase}/_emulator/).</summary>
    public HttpClient Control { get; }

    /// <summary>Plays the creator's browser on the consent page: no redirects followed.</summary>
    public HttpClient Browser { get; }

    /// <summary>The client as the app wires it: audited app, the emulator's sandbox key and secret.</summary>
    public IServiceProvider Services { get; private set; } = null!;

    public TikTokAuthClient Auth => Services.GetRequiredService<TikTokAuthClient>();
    public TikTokPostingClient Posting => Services.GetRequiredService<TikTokPostingClient>();
    public TikTokDisplayClient Display => Services.GetRequiredService<TikTokDisplayClient>();
    public ChunkedUploader Uploader => Services.GetRequiredService<ChunkedUploader>();

    public static async Task<ContractHost> StartAsync(Action<TikTokOptions>? configureClient = null, TimeProvider? clientTime = null,
        IDictionary<string, string?>? emulatorSettings = null)
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var configuration = new Dictionary<string, string?>
        {
            ["Emulators:TikTok:ProcessingDelayMs"] = "0",
            ["Emulators:TikTok:ModerationDelayMs"] = "0",
            ["Emulators:TikTok:VerifiedDomains:0"] = "127.0.0.1",
        };
        foreach (var (key, value) in emulatorSettings ?? new Dictionary<string, string?>()) configuration[key] = value;
        builder.Configuration.AddInMemoryCollection(configuration);
        builder.Services.AddStudioEmulators(builder.Configuration);

        var app = builder.Build();
        // What the emulator received, per path: lets a test prove a request was never sent.
        var counts = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        app.Use(async (context, next) =>
        {
            counts.AddOrUpdate(context.Request.Method + " " + context.Request.Path, 1, (_, n) => n + 1);
            await next(context);
        });
        app.MapStudioEmulators("/emulators");
        app.MapGet("/media/photo-{n:int}.jpg", (int n) => Results.Bytes(Jpeg(n), "image/jpeg"));
        app.MapGet("/media/video.mp4", () => Results.Bytes(Jpeg(0), "video/mp4"));
        app.MapGet("/media/moved.mp4", () => Results.Redirect("/media/video.mp4"));
        app.MapGet("/media/missing.jpg", () => Results.NotFound());
        // Sends a little, then holds the download open until the puller gives up (cancel) or the host stops.
        app.MapGet("/media/slow.mp4", async (HttpContext context) =>
        {
            context.Response.ContentType = "video/mp4";
            await context.Response.Body.WriteAsync(new byte[1024], context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
            try { await Task.Delay(TimeSpan.FromSeconds(30), context.RequestAborted); }
            catch (OperationCanceledException) { }
        });
        await app.StartAsync();
        var origin = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');

        var host = new ContractHost(app, origin, counts);
        host.Services = host.CreateClientServices(configureClient, clientTime);
        return host;
    }

    /// <summary>
    /// Another, independent client (its own limiter and options) against the same emulator: a second app instance,
    /// or the unaudited app.
    /// </summary>
    public ServiceProvider CreateClientServices(Action<TikTokOptions>? configure = null, TimeProvider? time = null)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        if (time is not null) services.AddSingleton(time);
        services.AddTikTokClient(o =>
        {
            o.ApiBaseUrl = o.AuthorizeBaseUrl = TikTokBase;
            o.ClientKey = ClientKey;
            o.ClientSecret = ClientSecret;
            configure?.Invoke(o);
        });
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
        _clientServices.Add(provider);
        return provider;
    }

    /// <summary>How many requests the emulator's host received for a method and path below TikTokBase, e.g. ("POST", "/v2/post/publish/video/init/").</summary>
    public int Received(string method, string tikTokPath) => ReceivedAt(method, "/emulators/tiktok" + tikTokPath);

    /// <summary>How many requests the host received for a method and a path from its root, e.g. ("GET", "/media/photo-1.jpg").</summary>
    public int ReceivedAt(string method, string path) => _requestCounts.GetValueOrDefault(method + " " + path);

    public string Media(string file) => $"{Origin}/media/{file}";

    // ----- control API -----

    /// <summary>The token endpoint's JSON for a creator, issued without consent (audited app and all scopes by default).</summary>
    public async Task<IssuedToken> IssueTokenAsync(string username, string? scopes = null, string clientKey = ClientKey)
    {
        using var response = await Control.PostAsJsonAsync($"creators/{username}/tokens", new Dictionary<string, string?>
        {
            ["client_key"] = clientKey,
            ["scopes"] = scopes,
        });
        response.EnsureSuccessStatusCode();
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        return new IssuedToken(json.GetProperty("access_token").GetString()!, json.GetProperty("refresh_token").GetString()!,
            json.GetProperty("open_id").GetString()!, json.GetProperty("scope").GetString()!);
    }

    public async Task<string> AccessTokenAsync(string username, string? scopes = null, string clientKey = ClientKey) =>
        (await IssueTokenAsync(username, scopes, clientKey)).AccessToken;

    public Task AdvanceClockAsync(TimeSpan by) => ControlAsync("clock/advance", new { seconds = by.TotalSeconds });

    /// <summary>Any of fail_next_chunk_puts, next_init_status, processing_delay_ms, moderation_delay_ms, next_fail_reason.</summary>
    public Task SetFaultsAsync(object faults) => ControlAsync("faults", faults);

    public Task SetCreatorAsync(string username, object flags) => ControlAsync("creators/" + username, flags);

    public Task CompleteInboxAsync(string publishId, string? privacyLevel = null) =>
        ControlAsync($"posts/{Uri.EscapeDataString(publishId)}/complete-inbox", new { privacy_level = privacyLevel });

    public async Task<JsonElement[]> PostsAsync() => (await Control.GetFromJsonAsync<JsonElement[]>("posts"))!;

    public async Task<JsonElement> PostRecordAsync(string publishId) =>
        (await PostsAsync()).Single(p => p.GetProperty("publish_id").GetString() == publishId);

    /// <summary>Waits on the control API (not the rate-limited status endpoint) until a pull leaves PROCESSING_*.</summary>
    public async Task<JsonElement> WaitUntilProcessedAsync(string publishId)
    {
        for (var attempt = 0; attempt < 400; attempt++)
        {
            var record = await PostRecordAsync(publishId);
            if (!record.GetProperty("status").GetString()!.StartsWith("PROCESSING_", StringComparison.Ordinal)) return record;
            await Task.Delay(25);
        }
        throw new TimeoutException($"{publishId} never left PROCESSING_*.");
    }

    private async Task ControlAsync(string path, object body)
    {
        using var response = await Control.PostAsJsonAsync(path, body);
        response.EnsureSuccessStatusCode();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var provider in _clientServices) await provider.DisposeAsync();
        Control.Dispose();
        Browser.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>What the control API's direct token issue returned.</summary>
public sealed record IssuedToken(string AccessToken, string RefreshToken, string OpenId, string Scope);
