using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using TikTokStudio.Tests.Infrastructure;
using TikTokStudio.Web.Data;
using TikTokStudio.Web.Features.Api;
using TikTokStudio.Web.Features.Connections;
using TikTokStudio.Web.Features.Media;
using TikTokStudio.Web.Features.Media.Probing;
using TikTokStudio.Web.Features.Workspaces;

namespace TikTokStudio.Tests.Features.Api;

/// <summary>A workspace with its Owner, an API key of theirs and a client that sends it.</summary>
public sealed record ApiSeat(StudioAppFactory App, ApplicationUser Owner, Workspace Workspace, string Secret, ApiKey Key, HttpClient Client);

/// <summary>Builders for API tests: keys created through the real handler, requests as a script sends them.</summary>
public static class ApiTestKit
{
    public static async Task<ApiSeat> SeatAsync(StudioAppFactory app, WorkspaceRole role = WorkspaceRole.Editor, IReadOnlyCollection<Guid>? accounts = null,
        string timeZoneId = "Europe/Berlin")
    {
        var (owner, workspace) = await app.CreateUserAsync(timeZoneId: timeZoneId);
        var (secret, key) = await KeyAsync(app, owner.Id, role, accounts);
        return new ApiSeat(app, owner, workspace, secret, key, ClientFor(app, secret));
    }

    public static async Task<(string Secret, ApiKey Key)> KeyAsync(StudioAppFactory app, string userId, WorkspaceRole role = WorkspaceRole.Editor,
        IReadOnlyCollection<Guid>? accounts = null, ApiKeyExpiry expiry = ApiKeyExpiry.Never)
    {
        var created = await app.Services.AsUserAsync(userId, s => s.GetRequiredService<ApiKeyService>()
            .CreateAsync(new ApiKeyRequest("Test script", role, accounts ?? [], expiry)));
        Assert.True(created.Created, string.Join(" ", created.Errors.Select(e => e.Message)));
        return (created.Secret!, created.Key!);
    }

    public static HttpClient ClientFor(StudioAppFactory app, string? secret)
    {
        var client = app.ServerAddress is { } address ? new HttpClient { BaseAddress = address } : app.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false });
        if (secret is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        return client;
    }

    public static StringContent Json(object body) => new(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");

    public static async Task<(HttpResponseMessage Response, JsonElement Body)> SendAsync(HttpClient client, HttpMethod method, string path,
        object? body = null, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null) request.Content = body as HttpContent ?? Json(body);
        if (idempotencyKey is not null) request.Headers.Add("Idempotency-Key", idempotencyKey);
        var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    public static Task<(HttpResponseMessage Response, JsonElement Body)> GetAsync(HttpClient client, string path) => SendAsync(client, HttpMethod.Get, path);
    public static Task<(HttpResponseMessage Response, JsonElement Body)> PostAsync(HttpClient client, string path, object? body, string? idempotencyKey = null) =>
        SendAsync(client, HttpMethod.Post, path, body, idempotencyKey);

    /// <summary>A checked, postable video in the workspace's library (bytes written straight to storage; nothing decodes them).</summary>
    public static async Task<MediaFile> VideoAsync(StudioAppFactory app, Guid workspaceId, string userId, long size = 1_000_000)
    {
        using var scope = app.Services.CreateScope();
        var storage = scope.ServiceProvider.GetRequiredService<MediaStorage>();
        var file = new MediaFile
        {
            WorkspaceId = workspaceId, OriginalFileName = "clip.mp4", ContentType = "video/mp4", Kind = MediaKind.Video, SizeBytes = size,
            StoragePath = "", Status = MediaStatus.Ready, Container = MediaContainer.Mp4, Codec = "H.264", DurationMs = 10_000,
            Width = 720, Height = 1280, FrameRate = 30, CreatedAt = DateTimeOffset.UtcNow, CompletedAt = DateTimeOffset.UtcNow,
            UploadedByUserId = userId, Sha256 = Guid.NewGuid().ToString("N"),
        };
        file.StoragePath = MediaStorage.RelativePathFor(workspaceId, file.Id);
        var path = storage.FullPath(file);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllBytesAsync(path, new byte[size]);
        var db = scope.ServiceProvider.GetRequiredService<StudioDbContext>();
        db.Add(file);
        await db.SaveChangesAsync();
        return file;
    }

    /// <summary>A post body for one or more accounts, public, at a local time in Berlin three days from the app's clock.</summary>
    public static object PostBody(StudioAppFactory app, Guid videoId, params TikTokAccount[] accounts) => new
    {
        accounts = accounts.Select(a => new { id = a.Id, privacy = "PUBLIC_TO_EVERYONE", allow_comment = true }).ToArray(),
        caption = "Launch day #api",
        media = new { video_id = videoId },
        publish_at = app.Clock.GetUtcNow().AddDays(3).ToString("yyyy-MM-dd") + "T09:00",
        timezone = "Europe/Berlin",
    };
}
