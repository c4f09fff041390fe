using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using TikTokStudio.Tests.Features.Media;
using TikTokStudio.Tests.Features.Posts.Publish;
using TikTokStudio.Tests.Features.Webhooks;
using static TikTokStudio.Tests.Features.Api.ApiTestKit;

namespace TikTokStudio.Tests.Features.Api;

/// <summary>
/// Issue #13's "done when": a script holding only an API key uploads a video by tus, schedules it for three accounts,
/// each at 09:00-style local time in its own zone (here: the next minute, written as New York, Berlin and Tokyo time), sends every
/// create twice as a retrying script would, and learns from signed webhooks alone how each ended: published with its
/// link, waiting in the creator's inbox, failed with the reason. TikTok's own webhooks drive the engine; the Owner set
/// up the receiving endpoint once on the webhooks page.
/// </summary>
public sealed class ApiScriptJourneyTests : IDisposable
{
    private readonly PublishTestKit kit = new(new Dictionary<string, string>
    {
        ["Emulators:TikTok:WebhooksEnabled"] = "true",
        ["Emulators:TikTok:ProcessingDelayMs"] = "1000",
        ["Emulators:TikTok:ModerationDelayMs"] = "1000",
    });

    public void Dispose() => kit.Dispose();

    [Fact]
    public async Task A_Script_With_Only_A_Key_Uploads_Schedules_Three_Accounts_In_Their_Zones_And_Learns_Each_Outcome_By_Signed_Webhooks()
    {
        await kit.SignInAsync();
        var direct = await kit.ConnectAsync(await kit.NewCreatorAsync());
        var inbox = await kit.ConnectAsync("upload_only_creator");
        var doomedCreator = await kit.NewCreatorAsync();
        var doomed = await kit.ConnectAsync(doomedCreator);
        (await kit.Client.PostAsJsonAsync($"/emulators/tiktok/_emulator/creators/{doomedCreator}", new { banned = true })).EnsureSuccessStatusCode();
        await using var receiver = await WebhookReceiver.StartAsync();
        var (_, signingSecret) = await WebhookTestKit.AddEndpointAsync(kit.App, kit.UserId, receiver.Url);
        var (apiKey, _) = await KeyAsync(kit.App, kit.UserId);

        // ---- from here on, only what a script with the key can do ----
        using var script = ClientFor(kit.App, apiKey);
        var videoId = await UploadByTusAsync(script, MediaFixtures.Bytes("valid-720x1280-30fps.mp4"));

        // Posts are scheduled to the minute and at least a minute ahead: the first whole minute more than 75 s away
        // (the six create requests take a moment on a busy machine).
        var soon = kit.App.Clock.GetUtcNow().AddSeconds(75);
        var slot = new DateTimeOffset(soon.Year, soon.Month, soon.Day, soon.Hour, soon.Minute, 0, TimeSpan.Zero).AddMinutes(1);
        var targets = new[] { (direct, "America/New_York"), (inbox, "Europe/Berlin"), (doomed, "Asia/Tokyo") };
        var postIds = new Dictionary<Guid, string>();
        foreach (var (account, zone) in targets)
        {
            var local = TimeZoneInfo.ConvertTime(slot, TimeZoneInfo.FindSystemTimeZoneById(zone)).ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture);
            var body = new
            {
                accounts = new[] { new { id = account.Id, privacy = account == inbox ? null : "SELF_ONLY", allow_comment = true } },
                caption = "Launch day #api",
                media = new { video_id = videoId },
                publish_at = local,
                timezone = zone,
            };
            var key = Guid.NewGuid().ToString();
            var (first, created) = await PostAsync(script, "/api/v1/posts", body, key);
            var (again, replayed) = await PostAsync(script, "/api/v1/posts", body, key); // a retry after a lost answer
            Assert.True(first.StatusCode == HttpStatusCode.Created, created.ToString());
            Assert.Equal(first.StatusCode, again.StatusCode);
            Assert.Equal(created.GetProperty("composition_id").GetString(), replayed.GetProperty("composition_id").GetString());
            var post = Assert.Single(created.GetProperty("posts").EnumerateArray());
            Assert.Equal(slot.ToUnixTimeSeconds(), post.GetProperty("publish_at").GetDateTimeOffset().ToUnixTimeSeconds());
            postIds[account.Id] = post.GetProperty("id").GetString()!;
        }

        bool About(ReceivedWebhook hook, Guid accountId) =>
            hook.Json.GetProperty("data").TryGetProperty("post", out var p) && p.GetProperty("id").GetString() == postIds[accountId];
        var published = (await receiver.WaitForAsync(h => h.Type == "post.published" && About(h, direct.Id), timeout: TimeSpan.FromSeconds(240))).First();
        var waiting = (await receiver.WaitForAsync(h => h.Type == "post.sent_to_inbox" && About(h, inbox.Id), timeout: TimeSpan.FromSeconds(150))).First();
        var failed = (await receiver.WaitForAsync(h => h.Type == "post.failed" && About(h, doomed.Id), timeout: TimeSpan.FromSeconds(150))).First();

        foreach (var hook in receiver.Received) hook.Verify(signingSecret); // throws on any signature that does not verify
        Assert.Equal("published", published.Json.GetProperty("data").GetProperty("post").GetProperty("status").GetString());
        Assert.Equal("sent_to_inbox", waiting.Json.GetProperty("data").GetProperty("post").GetProperty("status").GetString());
        var error = failed.Json.GetProperty("data").GetProperty("post").GetProperty("error");
        Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("reason").GetString()));
        Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("class").GetString()));
        Assert.All(receiver.Received, h => Assert.DoesNotContain("token", h.Body, StringComparison.OrdinalIgnoreCase));

        // Never a duplicate: one post per account here, and TikTok holds at most one upload per creator.
        var (_, list) = await GetAsync(script, "/api/v1/posts?limit=50");
        Assert.Equal(postIds.Values.Order(), list.GetProperty("data").EnumerateArray().Select(p => p.GetProperty("id").GetString()!).Order());
        Assert.Single(await kit.EmulatorPostsAsync(direct.Username!));
        Assert.Single(await kit.EmulatorPostsAsync("upload_only_creator"), p => p.Mode == "MEDIA_UPLOAD" && p.BytesReceived > 0 && p.Status == "SEND_TO_USER_INBOX");
        Assert.Empty(await kit.EmulatorPostsAsync(doomedCreator));
        Assert.Single(receiver.Received, h => h.Type == "post.published" && About(h, direct.Id));
        // Each create was announced once, its retry with the same key not at all.
        foreach (var account in targets.Select(t => t.Item1))
        {
            Assert.Single(receiver.Received, h => h.Type == "post.created" && About(h, account.Id));
            Assert.Single(receiver.Received, h => h.Type == "post.scheduled" && About(h, account.Id));
        }
    }

    private static async Task<Guid> UploadByTusAsync(HttpClient script, byte[] bytes)
    {
        using var create = new HttpRequestMessage(HttpMethod.Post, "/api/v1/media/uploads");
        create.Headers.Add("Tus-Resumable", "1.0.0");
        create.Headers.Add("Upload-Length", bytes.Length.ToString(CultureInfo.InvariantCulture));
        create.Headers.Add("Upload-Metadata", $"filename {Convert.ToBase64String(Encoding.UTF8.GetBytes("launch.mp4"))},filetype {Convert.ToBase64String(Encoding.UTF8.GetBytes("video/mp4"))}");
        using var created = await script.SendAsync(create);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        using var patch = new HttpRequestMessage(HttpMethod.Patch, created.Headers.Location);
        patch.Headers.Add("Tus-Resumable", "1.0.0");
        patch.Headers.Add("Upload-Offset", "0");
        patch.Content = new ByteArrayContent(bytes);
        patch.Content.Headers.ContentType = new MediaTypeHeaderValue("application/offset+octet-stream");
        using var done = await script.SendAsync(patch);
        Assert.Equal(HttpStatusCode.NoContent, done.StatusCode);
        var id = Guid.Parse(done.Headers.GetValues("Media-Id").Single());
        var (_, media) = await GetAsync(script, $"/api/v1/media/{id}");
        Assert.Equal("ready", media.GetProperty("status").GetString());
        return id;
    }
}
