using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TikTokStudio.Tests.Features.Posts.Publish;
using TikTokStudio.Web.Data;
using TikTokStudio.Web.Features.Posts;
using TikTokStudio.Web.Features.Posts.Publish;
using TikTokStudio.Web.Features.Webhooks;

namespace TikTokStudio.Tests.Features.Webhooks;

/// <summary>
/// TikTok's webhooks in: the mounted emulator sends post.publish.* to /webhooks/tiktok, the app verifies
/// TikTok-Signature, drops repeats and runs the post's job at once. Polling is made so slow here (a run hands over after
/// 0.2 s and the next poll is 10 minutes later) that a post only moves within the test's minute because of a webhook.
/// </summary>
public sealed class TikTokWebhookInTests : IDisposable
{
    private const string ClientKey = "sandbox-client-key";
    private const string ClientSecret = "sandbox-client-secret";

    private readonly PublishTestKit kit = new(new Dictionary<string, string>
    {
        ["Emulators:TikTok:WebhooksEnabled"] = "true",
        ["Emulators:TikTok:WebhookScanIntervalMs"] = "50",
        ["Emulators:TikTok:WebhookDuplicateEvery"] = "1",
        ["Emulators:TikTok:ProcessingDelayMs"] = "1500",
        ["Emulators:TikTok:ModerationDelayMs"] = "1500",
        ["Publishing:InlinePollLimit"] = "00:00:00.200",
        ["Publishing:PollHandOverDelay"] = "00:10:00",
    });

    [Fact]
    public async Task A_Webhook_Publishes_The_Post_And_Brings_Its_Public_Link_Long_Before_The_Next_Poll()
    {
        await kit.SignInAsync();
        var account = await kit.ConnectAsync(await kit.NewCreatorAsync());
        var (video, _) = await kit.VideoAsync(size: 6_000_000);
        var post = await kit.PostAsync(account, video);
        await ScheduleAsync(post);

        var published = await WaitForAsync(post.Id, p => p.Status == PostStatus.Published && p.PublicPostId is not null);

        Assert.NotNull(published.PublicUrl);
        var receipts = await ReceiptsAsync();
        Assert.Contains(receipts, r => r.Event == "post.publish.complete");
        Assert.Contains(receipts, r => r.Event == "post.publish.publicly_available");
        // Every event was delivered twice (WebhookDuplicateEvery = 1); each body is recorded once and acted on once.
        Assert.Equal(receipts.Count, receipts.Select(r => r.BodySha256).Distinct().Count());
        var deliveries = await EmulatorDeliveriesAsync();
        Assert.Contains(deliveries, d => d.Duplicate && d.Delivered);
        Assert.All(deliveries, d => Assert.True(d.Delivered, $"{d.Event}: {string.Join(",", d.Codes)}"));
        Assert.Single(await kit.EventsAsync(post.Id), e => e.Kind == PostEventKinds.Published);
    }

    [Fact]
    public async Task A_Draft_Reaches_The_Inbox_And_Its_Posting_By_The_Creator_Publishes_It_Through_Webhooks()
    {
        await kit.SignInAsync();
        var account = await kit.ConnectAsync("upload_only_creator");
        var (video, sha) = await kit.VideoAsync(size: 6_000_000);
        var post = await kit.PostAsync(account, video, privacy: null);
        await ScheduleAsync(post);

        await WaitForAsync(post.Id, p => p.Status == PostStatus.SentToInbox);
        var sent = Assert.Single(await kit.EmulatorPostsAsync("upload_only_creator"), p => p.Sha256 == sha);
        (await kit.Client.PostAsJsonAsync($"/emulators/tiktok/_emulator/posts/{Uri.EscapeDataString(sent.PublishId)}/complete-inbox",
            new { privacy_level = "SELF_ONLY" })).EnsureSuccessStatusCode();
        var published = await WaitForAsync(post.Id, p => p.Status == PostStatus.Published);

        Assert.Equal(PostStatus.Published, published.Status);
        Assert.Contains(await ReceiptsAsync(), r => r.Event == "post.publish.inbox_delivered");
    }

    [Fact]
    public async Task A_Failure_TikTok_Announces_Fails_The_Post_With_The_Reason()
    {
        await kit.SignInAsync();
        var account = await kit.ConnectAsync(await kit.NewCreatorAsync());
        var (video, _) = await kit.VideoAsync(size: 6_000_000);
        await kit.FaultsAsync(new { next_fail_reason = "frame_rate_check_failed" });
        var post = await kit.PostAsync(account, video);
        await ScheduleAsync(post);

        var failed = await WaitForAsync(post.Id, p => p.Status == PostStatus.Failed);

        Assert.Contains("frame", failed.FailMessage, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(await ReceiptsAsync(), r => r.Event == "post.publish.failed");
    }

    [Fact]
    public async Task A_Post_Taken_Down_On_TikTok_Says_So_On_Its_Timeline()
    {
        await kit.SignInAsync();
        var account = await kit.ConnectAsync(await kit.NewCreatorAsync());
        var (video, sha) = await kit.VideoAsync(size: 6_000_000);
        var post = await kit.PostAsync(account, video);
        await ScheduleAsync(post);
        await WaitForAsync(post.Id, p => p.PublicPostId is not null);
        var sent = Assert.Single(await kit.EmulatorPostsAsync(account.Username!), p => p.Sha256 == sha);

        (await kit.Client.PostAsJsonAsync($"/emulators/tiktok/_emulator/posts/{Uri.EscapeDataString(sent.PublishId)}/take-down", new { })).EnsureSuccessStatusCode();
        var removed = await WaitForEventAsync(post.Id, PostEventKinds.PublicLinkRemoved);

        Assert.Contains("no longer publicly available", removed.Message);
        Assert.Equal(PostStatus.Published, (await kit.LoadAsync(post.Id)).Status);
    }

    [Fact]
    public async Task A_Correctly_Signed_Body_Is_Accepted_Once_And_Its_Repeat_Is_Acknowledged_As_A_Duplicate()
    {
        await kit.SignInAsync();
        var body = Envelope("post.publish.complete", "v_pub_file~v2-1.unknown");

        var first = await PostAsync(body, Sign(body, ClientSecret, Now()));
        var repeat = await PostAsync(body, Sign(body, ClientSecret, Now()));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Contains("Ignored", await first.Content.ReadAsStringAsync()); // signed and ours, but no post has that publish_id
        Assert.Equal(HttpStatusCode.OK, repeat.StatusCode);
        Assert.Contains("Duplicate", await repeat.Content.ReadAsStringAsync());
        Assert.Single(await ReceiptsAsync());
    }

    public static TheoryData<string, string> Forgeries => new()
    {
        { "wrong secret", "wrong" },
        { "stale timestamp", "stale" },
        { "tampered body", "tampered" },
        { "no header", "missing" },
        { "not hex", "garbage" },
    };

    [Theory]
    [MemberData(nameof(Forgeries))]
    public async Task A_Webhook_Whose_Signature_Does_Not_Verify_Is_Refused_And_Changes_Nothing(string _, string forgery)
    {
        await kit.SignInAsync();
        var body = Envelope("post.publish.complete", "v_pub_file~v2-1.x");
        var (sentBody, header) = forgery switch
        {
            "wrong" => (body, Sign(body, "another-app-secret", Now())),
            "stale" => (body, Sign(body, ClientSecret, Now() - 600)),
            "tampered" => (body.Replace("complete", "failed"), Sign(body, ClientSecret, Now())),
            "missing" => (body, null),
            _ => (body, $"t={Now()},s=not-hex"),
        };

        var response = await PostAsync(sentBody, header);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("TikTok-Signature", await response.Content.ReadAsStringAsync());
        Assert.Empty(await ReceiptsAsync());
    }

    [Fact]
    public async Task A_Signed_Body_That_Is_Not_Our_Apps_Envelope_Is_A_Bad_Request()
    {
        await kit.SignInAsync();
        var otherApp = Envelope("post.publish.complete", "v_pub_file~v2-1.x", clientKey: "someone-elses-key");
        const string notJson = "{\"event\":";

        var wrongApp = await PostAsync(otherApp, Sign(otherApp, ClientSecret, Now()));
        var broken = await PostAsync(notJson, Sign(notJson, ClientSecret, Now()));

        Assert.Equal(HttpStatusCode.BadRequest, wrongApp.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, broken.StatusCode);
        Assert.Empty(await ReceiptsAsync());
    }

    private long Now() => kit.App.Clock.GetUtcNow().ToUnixTimeSeconds();

    private static string Envelope(string name, string publishId, string clientKey = ClientKey) =>
        JsonSerializer.Serialize(new
        {
            client_key = clientKey,
            @event = name,
            create_time = 1_700_000_000,
            user_openid = "open-id-nobody-has",
            content = JsonSerializer.Serialize(new { publish_id = publishId, publish_type = "DIRECT_PUBLISH" }),
        });

    private static string Sign(string body, string secret, long timestamp) =>
        $"t={timestamp},s={Convert.ToHexString(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestamp}.{body}"))).ToLowerInvariant()}";

    private async Task<HttpResponseMessage> PostAsync(string body, string? signature)
    {
        using var client = new HttpClient { BaseAddress = kit.App.ServerAddress };
        using var request = new HttpRequestMessage(HttpMethod.Post, TikTokWebhookReceiver.Path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (signature is not null) request.Headers.TryAddWithoutValidation("TikTok-Signature", signature);
        var response = await client.SendAsync(request);
        await response.Content.LoadIntoBufferAsync();
        return response;
    }

    private async Task ScheduleAsync(Post post)
    {
        using var scope = kit.App.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<PostScheduler>().ScheduleAsync(post, CancellationToken.None);
    }

    private async Task<List<TikTokWebhookReceipt>> ReceiptsAsync()
    {
        using var scope = kit.App.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<StudioDbContext>().Set<TikTokWebhookReceipt>().AsNoTracking().ToListAsync();
    }

    private sealed record Delivery(string Event, bool Duplicate, bool Delivered, List<int> Codes);

    private async Task<List<Delivery>> EmulatorDeliveriesAsync()
    {
        for (var i = 0; i < 1200; i++)
        {
            using var doc = JsonDocument.Parse(await kit.Client.GetStringAsync("/emulators/tiktok/_emulator/webhooks"));
            if (!doc.RootElement.GetProperty("busy").GetBoolean())
                return doc.RootElement.GetProperty("deliveries").EnumerateArray().Select(d => new Delivery(d.GetProperty("event").GetString()!,
                    d.GetProperty("duplicate").GetBoolean(), d.GetProperty("delivered").GetBoolean(),
                    d.GetProperty("attempt_status_codes").EnumerateArray().Select(c => c.GetInt32()).ToList())).ToList();
            await Task.Delay(25);
        }
        throw new TimeoutException("The emulator's webhooks did not settle within 30 s.");
    }

    /// <summary>A generous deadline (the test assemblies share 2 cores), far below the 10-minute poll the post would otherwise wait for.</summary>
    private async Task<Post> WaitForAsync(Guid postId, Func<Post, bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var post = await kit.LoadAsync(postId);
            if (condition(post)) return post;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Post {postId} is {post.Status}/{post.Stage} after 60 s: {post.FailMessage}");
            await Task.Delay(100);
        }
    }

    private async Task<PostEvent> WaitForEventAsync(Guid postId, string kind)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            if ((await kit.EventsAsync(postId)).FirstOrDefault(e => e.Kind == kind) is { } found) return found;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"No {kind} event on post {postId} after 60 s.");
            await Task.Delay(100);
        }
    }

    public void Dispose() => kit.Dispose();
}
