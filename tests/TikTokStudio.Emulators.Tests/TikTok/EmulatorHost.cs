using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
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

namespace TikTokStudio.Emulators.Tests.TikTok;

/// <summary>
/// One emulator per test on a real loopback port, mounted exactly as the web app mounts it, plus a few media files
/// served by the same host for PULL_FROM_URL. Processing and moderation delays default to 0.
/// </summary>
public sealed class EmulatorHost : IAsyncDisposable
{
    public const string ClientKey = "sandbox-client-key";
    public const string ClientSecret = "sandbox-client-secret";
    public const string UnauditedKey = "sandbox-unaudited-key";
    public const string UnauditedSecret = "sandbox-unaudited-secret";
    public const string RedirectUri = "http://127.0.0.1:5999/callback";

    /// <summary>The bytes of the video served at /media/video.mp4.</summary>
    public static readonly byte[] PulledVideo = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("fake mp4 bytes ", 1000)));

    private readonly WebApplication _app;
    private readonly string _uploadDirectory;

    private EmulatorHost(WebApplication app, string origin, string uploadDirectory)
    {
        _app = app;
        _uploadDirectory = uploadDirectory;
        Origin = origin;
        Http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(origin + "/emulators/tiktok/") };
    }

    /// <summary>http://127.0.0.1:{port}</summary>
    public string Origin { get; }

    /// <summary>A client whose base address is {origin}/emulators/tiktok/ and which does not follow redirects.</summary>
    public HttpClient Http { get; }

    public static async Task<EmulatorHost> StartAsync(IDictionary<string, string?>? settings = null)
    {
        var uploadDirectory = Path.Combine(Path.GetTempPath(), "tiktok-emulator-tests", Guid.NewGuid().ToString("N"));
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var configuration = new Dictionary<string, string?>
        {
            ["Emulators:TikTok:ProcessingDelayMs"] = "0",
            ["Emulators:TikTok:ModerationDelayMs"] = "0",
            ["Emulators:TikTok:VerifiedDomains:0"] = "127.0.0.1",
            ["Emulators:TikTok:UploadDirectory"] = uploadDirectory,
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) configuration[key] = value;
        builder.Configuration.AddInMemoryCollection(configuration);
        builder.Services.AddStudioEmulators(builder.Configuration);

        var app = builder.Build();
        app.MapStudioEmulators("/emulators");
        app.MapGet("/media/photo-{n}.jpg", (int n) => Results.Bytes(Enumerable.Repeat((byte)n, 2048).ToArray(), "image/jpeg"));
        app.MapGet("/media/video.mp4", () => Results.Bytes(PulledVideo, "video/mp4"));
        app.MapGet("/media/missing.jpg", () => Results.NotFound());
        app.MapGet("/media/moved.mp4", () => Results.Redirect("/media/video.mp4"));
        app.MapGet("/media/slow.jpg", async (CancellationToken ct) =>
        {
            await Task.Delay(TimeSpan.FromSeconds(30), ct);
            return Results.Bytes([1, 2, 3], "image/jpeg");
        });
        await app.StartAsync();
        var origin = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        return new EmulatorHost(app, origin, uploadDirectory);
    }

    public string Media(string file) => $"{Origin}/media/{file}";

    public async Task<JsonElement> IssueTokenAsync(string username, string? scopes = null, string clientKey = ClientKey)
    {
        using var response = await Http.PostAsJsonAsync($"_emulator/creators/{username}/tokens", new Dictionary<string, string?>
        {
            ["client_key"] = clientKey,
            ["scopes"] = scopes,
        });
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public async Task<string> AccessTokenAsync(string username, string? scopes = null, string clientKey = ClientKey) =>
        (await IssueTokenAsync(username, scopes, clientKey)).GetProperty("access_token").GetString()!;

    /// <summary>POSTs JSON with a bearer token; returns the status and the parsed body.</summary>
    public async Task<ApiReply> PostAsync(string path, string? token, object? body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = body is null ? null : new StringContent(body as string ?? JsonSerializer.Serialize(body), Encoding.UTF8, "application/json"),
        };
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await Http.SendAsync(request);
        return await ApiReply.ReadAsync(response);
    }

    public async Task<ApiReply> GetAsync(string path, string? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await Http.SendAsync(request);
        return await ApiReply.ReadAsync(response);
    }

    public async Task ControlAsync(string path, object body)
    {
        using var response = await Http.PostAsJsonAsync("_emulator/" + path, body);
        response.EnsureSuccessStatusCode();
    }

    public Task AdvanceClockAsync(double seconds) => ControlAsync("clock/advance", new { seconds });

    public async Task<JsonElement[]> PostsAsync() =>
        (await Http.GetFromJsonAsync<JsonElement[]>("_emulator/posts"))!;

    public async Task<JsonElement> StatusAsync(string token, string publishId)
    {
        var reply = await PostAsync("v2/post/publish/status/fetch/", token, new { publish_id = publishId });
        Assert.Equal(HttpStatusCode.OK, reply.Status);
        return reply.Data;
    }

    /// <summary>Polls status/fetch until the post leaves PROCESSING_* (pulls run in the background).</summary>
    public async Task<JsonElement> WaitForStatusAsync(string token, string publishId)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var data = await StatusAsync(token, publishId);
            if (!data.GetProperty("status").GetString()!.StartsWith("PROCESSING_", StringComparison.Ordinal)) return data;
            await Task.Delay(50);
        }
        throw new TimeoutException("The post never left PROCESSING_*.");
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        if (Directory.Exists(_uploadDirectory)) Directory.Delete(_uploadDirectory, recursive: true);
    }
}

/// <summary>An HTTP status with the data-API envelope (or flat OAuth JSON) already parsed.</summary>
public sealed record ApiReply(HttpStatusCode Status, JsonElement Body)
{
    public string ErrorCode => Body.GetProperty("error").GetProperty("code").GetString()!;
    public JsonElement Data => Body.GetProperty("data");

    public static async Task<ApiReply> ReadAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        var body = text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
        return new ApiReply(response.StatusCode, body);
    }
}
