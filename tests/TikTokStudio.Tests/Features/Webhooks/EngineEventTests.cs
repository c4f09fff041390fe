using TikTokStudio.Tests.Features.Posts.Publish;
using TikTokStudio.Web.Features.Activity;
using TikTokStudio.Web.Features.Posts;

namespace TikTokStudio.Tests.Features.Webhooks;

/// <summary>
/// The publishing engine's lifecycle events, as a receiver sees them: each one once, in order, committed with the status
/// it announces, with the post's state in the payload.
/// </summary>
public sealed class EngineEventTests : IAsyncLifetime
{
    private readonly PublishTestKit kit = new();
    private WebhookReceiver receiver = default!;

    public async Task InitializeAsync() => receiver = await WebhookReceiver.StartAsync();

    public async Task DisposeAsync()
    {
        await receiver.DisposeAsync();
        kit.Dispose();
    }

    private List<string> PostEventsOf(Guid postId) => receiver.Received
        .Where(r => r.Json.GetProperty("data").TryGetProperty("post", out var p) && p.GetProperty("id").GetGuid() == postId)
        .OrderBy(r => r.Id, StringComparer.Ordinal) // ids are time-ordered
        .Select(r => r.Type).ToList();

    [Fact]
    public async Task A_Published_Post_Announces_Publishing_Uploaded_And_Published_With_Its_Public_Link()
    {
        await kit.SignInAsync();
        var (_, secret) = await WebhookTestKit.AddEndpointAsync(kit.App, kit.UserId, receiver.Url);
        var account = await kit.ConnectAsync(await kit.NewCreatorAsync());
        var (video, _) = await kit.VideoAsync(size: 6_000_000);
        var post = await kit.PostAsync(account, video);

        var done = await kit.RunToEndAsync(post.Id);

        Assert.Equal(PostStatus.Published, done.Status);
        var published = Assert.Single(await receiver.WaitForAsync(r => r.Type == ActivityKinds.PostPublished));
        published.Verify(secret);
        var data = published.Json.GetProperty("data").GetProperty("post");
        Assert.Equal("published", data.GetProperty("status").GetString());
        Assert.Equal(done.PublicUrl, data.GetProperty("public_url").GetString());
        Assert.Equal(done.PublishId, data.GetProperty("publish_id").GetString());
        Assert.Equal([ActivityKinds.PostPublishing, ActivityKinds.PostUploaded, ActivityKinds.PostPublished], PostEventsOf(post.Id));
    }

    [Fact]
    public async Task A_Failed_Post_Announces_The_Error_Class_And_The_Reason()
    {
        await kit.SignInAsync();
        await WebhookTestKit.AddEndpointAsync(kit.App, kit.UserId, receiver.Url, [ActivityKinds.PostFailed]);
        var account = await kit.ConnectAsync(await kit.NewCreatorAsync());
        var (video, _) = await kit.VideoAsync(size: 6_000_000);
        var post = await kit.PostAsync(account, video);
        await kit.FaultsAsync(new { next_fail_reason = "frame_rate_check_failed" });

        var done = await kit.RunToEndAsync(post.Id);

        Assert.Equal(PostStatus.Failed, done.Status);
        var failed = Assert.Single(await receiver.WaitForAsync(r => r.Type == ActivityKinds.PostFailed));
        var error = failed.Json.GetProperty("data").GetProperty("post").GetProperty("error");
        Assert.Equal("fail:frame_rate_check_failed", error.GetProperty("code").GetString());
        Assert.Equal(Web.Features.Webhooks.WebhookPayloads.Snake(done.FailClass!), error.GetProperty("class").GetString());
        Assert.Equal(done.FailMessage, error.GetProperty("reason").GetString());
        await Task.Delay(300);
        Assert.Equal([ActivityKinds.PostFailed], PostEventsOf(post.Id)); // subscribed to failures only
    }

    [Fact]
    public async Task An_Inbox_Draft_Announces_Sent_To_Inbox_Then_Inbox_Posted()
    {
        await kit.SignInAsync();
        await WebhookTestKit.AddEndpointAsync(kit.App, kit.UserId, receiver.Url);
        var account = await kit.ConnectAsync("upload_only_creator");
        var (video, sha) = await kit.VideoAsync(size: 6_000_000);
        var post = await kit.PostAsync(account, video, privacy: null);

        await kit.RunToEndAsync(post.Id, maxRuns: 2);
        await receiver.WaitForAsync(r => r.Type == ActivityKinds.PostSentToInbox);
        var sent = Assert.Single(await kit.EmulatorPostsAsync("upload_only_creator"), p => p.Sha256 == sha);
        (await kit.Client.PostAsync($"/emulators/tiktok/_emulator/posts/{Uri.EscapeDataString(sent.PublishId)}/complete-inbox",
            System.Net.Http.Json.JsonContent.Create(new { privacy_level = "PUBLIC_TO_EVERYONE" }))).EnsureSuccessStatusCode();
        await kit.RunToEndAsync(post.Id);

        await receiver.WaitForAsync(r => r.Type == ActivityKinds.PostInboxPosted);
        Assert.Equal([ActivityKinds.PostPublishing, ActivityKinds.PostUploaded, ActivityKinds.PostSentToInbox, ActivityKinds.PostInboxPosted],
            PostEventsOf(post.Id).Where(t => t != ActivityKinds.PostPublished).ToList());
    }
}
