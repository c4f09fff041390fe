using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TikTokStudio.Tests.Infrastructure;
using TikTokStudio.TikTok.Errors;
using TikTokStudio.Web.Data;
using TikTokStudio.Web.Features.Connections;
using TikTokStudio.Web.Features.Posts;
using TikTokStudio.Web.Features.Posts.Publish;

namespace TikTokStudio.Tests.Features.Posts.Publish;

/// <summary>
/// The state machine driven run by run (the reconcile job is off) against the emulator on a real loopback port, with
/// its fault injection and with crashes simulated at every point where the row could be left half-way.
/// </summary>
public class PublishPostTests : IDisposable
{
    private readonly PublishTestKit kit;

    public PublishPostTests() : this(DatabaseProvider.Sqlite)
    {
    }

    protected PublishPostTests(DatabaseProvider provider) => kit = new(provider: provider);

    [Fact]
    public async Task A_Due_Post_Is_Published_Once_With_Its_Public_Link_And_A_Timeline()
    {
        await kit.SignInAsync();
        var creator = await kit.NewCreatorAsync();
        var account = await kit.ConnectAsync(creator);
        var (video, sha) = await kit.VideoAsync();
        var post = await kit.PostAsync(account, video);

        var done = await kit.RunToEndAsync(post.Id);

        AssertPublished(done);
        Assert.NotNull(done.PublicPostId);
        Assert.Equal($"https://www.tiktok.com/@{account.Username}/video/{done.PublicPostId}", done.PublicUrl);
        var sent = Assert.Single(await kit.EmulatorPostsAsync(creator));
        Assert.Equal(sha, sent.Sha256);
        Assert.Equal(video.SizeBytes, sent.BytesReceived);
        Assert.Equal("PUBLIC_TO_EVERYONE", sent.PrivacyLevel);
        var kinds = (await kit.EventsAsync(post.Id)).Select(e => e.Kind).ToList();
        Assert.Equal([PostEventKinds.Preflight, PostEventKinds.Init, PostEventKinds.Init, PostEventKinds.Uploading, PostEventKinds.Uploaded, PostEventKinds.Published],
            kinds.Where(k => k != PostEventKinds.Processing).ToList());
    }

    [Fact]
    public async Task Chunk_Server_Errors_Are_Retried_And_The_Upload_Completes()
    {
        await kit.SignInAsync();
        var creator = await kit.NewCreatorAsync();
        var account = await kit.ConnectAsync(creator);
        var (video, sha) = await kit.VideoAsync();
        var post = await kit.PostAsync(account, video);
        await kit.FaultsAsync(new { fail_next_chunk_puts = 2 });

        var done = await kit.RunToEndAsync(post.Id);

        AssertPublished(done);
        var sent = Assert.Single(await kit.EmulatorPostsAsync(creator));
        Assert.Equal(sha, sent.Sha256);
    }

    [Fact]
    public async Task A_429_At_Init_Waits_For_The_Window_Then_Publishes_Once()
    {
        await kit.SignInAsync();
        var creator = await kit.NewCreatorAsync();
        var account = await kit.ConnectAsync(creator);
        var (video, sha) = await kit.VideoAsync();
        var post = await kit.PostAsync(account, video);
        await kit.FaultsAsync(new { next_init_status = 429 });

        var first = await kit.RunOnceAsync(post.Id);

        var waiting = await kit.LoadAsync(post.Id);
        Assert.NotNull(first.NextRunAt);
        Assert.True(first.NextRunAt > kit.App.Clock.GetUtcNow().AddSeconds(30), "waits for the one-minute window");
        Assert.Equal(PostStatus.Publishing, waiting.Status);
        Assert.Null(waiting.PublishId);
        Assert.Null(waiting.InitRequestedAt);
        Assert.Contains(await kit.EventsAsync(post.Id), e => e.Kind == PostEventKinds.Waiting);

        await kit.AdvanceBothClocksAsync(TimeSpan.FromSeconds(61));
        var done = await kit.RunToEndAsync(post.Id);

        AssertPublished(done);
        var sent = Assert.Single(await kit.EmulatorPostsAsync(creator));
        Assert.Equal(sha, sent.Sha256);
    }

    [Fact]
    public async Task A_Server_Error_At_Init_Is_Retried_Without_A_Duplicate()
    {
        await kit.SignInAsync();
        var creator = await kit.NewCreatorAsync();
        var account = await kit.ConnectAsync(creator);
        var (video, _) = await kit.VideoAsync();
        var post = await kit.PostAsync(account, video);
        await kit.FaultsAsync(new { next_init_status = 500 });

        var first = await kit.RunOnceAsync(post.Id);
        Assert.NotNull(first.NextRunAt);
        Assert.Contains(await kit.EventsAsync(post.Id), e => e.Kind == PostEventKinds.Retry);
        var done = await kit.RunToEndAsync(post.Id, maxWait: TimeSpan.FromSeconds(10));

        AssertPublished(done);
        Assert.Single(await kit.EmulatorPostsAsync(creator));
    }

    [Fact]
    public async Task A_Token_That_Expired_Between_Init_And_Upload_Is_Refreshed_And_The_Dead_Upload_Replaced()
    {
        await kit.SignInAsync();
        var creator = await kit.NewCreatorAsync();
        var account = await kit.ConnectAsync(creator);
        var (video, sha) = await kit.VideoAsync();
        var post = await kit.PostAsync(account, video);
        kit.Hooks.At = (point, _) => point == PublishCheckpoint.PublishIdSaved ? throw new SimulatedCrash(point.ToString()) : ValueTask.CompletedTask;
        await Assert.ThrowsAsync<SimulatedCrash>(() => kit.RunOnceAsync(post.Id));
        kit.Hooks.At = null;
        var firstPublishId = (await kit.LoadAsync(post.Id)).PublishId;

        // A day later: the access token and the upload URL are both dead.
        await kit.AdvanceBothClocksAsync(TimeSpan.FromHours(25));
        var done = await kit.RunToEndAsync(post.Id);

        AssertPublished(done);
        Assert.NotEqual(firstPublishId, done.PublishId);
        var posts = await kit.EmulatorPostsAsync(creator);
        var complete = Assert.Single(posts, p => p.BytesReceived > 0);
        Assert.Equal(sha, complete.Sha256);
        Assert.Equal("PUBLISH_COMPLETE", complete.Status);
        Assert.Contains(await kit.EventsAsync(post.Id), e => e.Message.Contains("no post was created"));
        Assert.True((await kit.AccountAsync(account.Id)).TokenVersion > account.TokenVersion, "the token was refreshed");
    }

    [Fact]
    public async Task A_401_With_A_Valid_Refresh_Token_Renews_Once_And_Publishes_Without_Asking_For_A_Reconnect()
    {
        await kit.SignInAsync();
        var creator = await kit.NewCreatorAsync();
        var account = await kit.ConnectAsync(creator);
        var (video, sha) = await kit.VideoAsync();
        var post = await kit.PostAsync(account, video);
        // TikTok refuses the access token a day before the app expects (its clock); the refresh token is still good.
        await EmulatedTikTok.AdvanceClockAsync(kit.Client, TimeSpan.FromHours(25));

        var done = await kit.RunToEndAsync(post.Id);

        AssertPublished(done);
        Assert.Equal(sha, Assert.Single(await kit.EmulatorPostsAsync(creator)).Sha256);
        var after = await kit.AccountAsync(account.Id);
        Assert.Equal(AccountHealth.Ready, after.Health);
        Assert.Equal(account.TokenVersion + 1, after.TokenVersion);
        Assert.DoesNotContain(await kit.EventsAsync(post.Id), e => e.Kind == PostEventKinds.Reconnect);
    }

    public static TheoryData<string, string> FailReasons => new()
    {
        { "file_format_check_failed", "format" },
        { "duration_check_failed", "too long" },
        { "frame_rate_check_failed", "frame rate" },
        { "picture_size_check_failed", "picture size" },
        { "internal", "temporary problem" },
        { "spam_risk_too_many_posts", "daily limit" },
        { "spam_risk_user_banned_from_posting", "does not currently allow" },
        { "spam_risk_text", "caption" },
        { "spam_risk", "risky" },
        { "auth_removed", "removed this app's access" },
    };

    [Theory]
    [MemberData(nameof(FailReasons))]
    public async Task A_Processing_Failure_Ends_Failed_With_The_Reason_In_Plain_Words(string failReason, string words)
    {
        await kit.SignInAsync();
        var creator = await kit.NewCreatorAsync();
        var account = await kit.ConnectAsync(creator);
        var (video, _) = await kit.VideoAsync(size: 6_000_000);
        var post = await kit.PostAsync(account, video);
        await kit.FaultsAsync(new { next_fail_reason = failReason });

        var done = await kit.RunToEndAsync(post.Id);

        Assert.Equal(PostStatus.Failed, done.Status);
        Assert.Equal("fail:" + failReason, done.FailCode);
        Assert.Contains(words, done.FailMessage, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("What to do:", done.FailMessage);
        // What TikTok's support asks for is kept: the status reply's log id, and the classification of the reason.
        Assert.Matches("^[0-9]{14}[0-9A-F]{20}$", done.FailLogId);
        Assert.Equal(TikTokErrorCatalog.DescribeFailReason(failReason).Classification.ToString(), done.FailClass);
        var failed = Assert.Single(await kit.EventsAsync(post.Id), e => e.Kind == PostEventKinds.Failed);
        Assert.Contains($"TikTok code {failReason}, log id {done.FailLogId}", failed.Message);
        Assert.Single(await kit.EmulatorPostsAsync(creator));
        if (failReason == "auth_removed") Assert.Equal(AccountHealth.ReconnectNeeded, (await kit.AccountAsync(account.Id)).Health);
        Assert.Equal(failReason is "spam_risk_text" or "spam_risk" or "spam_risk_user_banned_from_posting", PublishFailures.WhyNotRetryable(done) is not null);
    }

    [Fact]
    public async Task An_Upload_Only_Creator_Gets_An_Inbox_Draft_And_Finishing_It_Publishes_The_Post()
    {
        await kit.SignInAsync();
        var account = await kit.ConnectAsync("upload_only_creator");
        Assert.Equal(PostingMode.Draft, account.Mode(true));
        var (video, sha) = await kit.VideoAsync(size: 6_000_000);
        var post = await kit.PostAsync(account, video, privacy: null);

        var inbox = await kit.RunToEndAsync(post.Id, maxRuns: 2);

        Assert.Equal(PostStatus.SentToInbox, inbox.Status);
        var sent = Assert.Single(await kit.EmulatorPostsAsync("upload_only_creator"), p => p.Sha256 == sha);
        Assert.Equal("MEDIA_UPLOAD", sent.Mode);
        Assert.Contains(await kit.EventsAsync(post.Id), e => e.Kind == PostEventKinds.Inbox && e.Message.Contains("Open TikTok to finish"));

        (await kit.Client.PostAsync($"/emulators/tiktok/_emulator/posts/{Uri.EscapeDataString(sent.PublishId)}/complete-inbox",
            System.Net.Http.Json.JsonContent.Create(new { privacy_level = "PUBLIC_TO_EVERYONE" }))).EnsureSuccessStatusCode();
        var done = await kit.RunToEndAsync(post.Id);

        AssertPublished(done);
        Assert.NotNull(done.PublicPostId);
    }

    [Fact]
    public async Task A_Finished_Inbox_Draft_Of_A_Creator_Without_A_Username_Shows_No_Broken_Link()
    {
        await kit.SignInAsync();
        // upload_only_creator grants user.info.basic and video.upload only: no username (user.info.profile), no share_url (video.list).
        var account = await kit.ConnectAsync("upload_only_creator");
        Assert.Null(account.Username);
        var (video, sha) = await kit.VideoAsync(size: 6_000_000);
        var post = await kit.PostAsync(account, video, privacy: null);
        await kit.RunToEndAsync(post.Id, maxRuns: 2);
        var sent = Assert.Single(await kit.EmulatorPostsAsync("upload_only_creator"), p => p.Sha256 == sha);
        (await kit.Client.PostAsync($"/emulators/tiktok/_emulator/posts/{Uri.EscapeDataString(sent.PublishId)}/complete-inbox",
            System.Net.Http.Json.JsonContent.Create(new { privacy_level = "PUBLIC_TO_EVERYONE" }))).EnsureSuccessStatusCode();

        var done = await kit.RunToEndAsync(post.Id);

        AssertPublished(done);
        Assert.NotNull(done.PublicPostId);
        Assert.Null(done.PublicUrl);
        var page = await kit.Client.GetStringAsync($"/app/posts/{post.Id}");
        Assert.DoesNotContain("tiktok.com/@/", page);
        Assert.DoesNotContain("data-testid=\"public-link\"", page);
        Assert.DoesNotContain(await kit.EventsAsync(post.Id), e => e.Message.Contains("tiktok.com/@/"));
    }

    [Fact]
    public async Task A_Creator_Who_Did_Not_Share_Their_Profile_Gets_The_Share_Link_TikTok_Gives()
    {
        await kit.SignInAsync();
        var creator = await kit.NewCreatorAsync();
        // The creator keeps user.info.profile (their username) unticked but allows video.list, which carries TikTok's share_url.
        var account = await kit.ConnectAsync(creator, uncheckScopes: ["user.info.profile"]);
        Assert.Null(account.Username);
        var (video, _) = await kit.VideoAsync();
        var post = await kit.PostAsync(account, video);

        var done = await kit.RunToEndAsync(post.Id);

        AssertPublished(done);
        Assert.NotNull(done.PublicPostId);
        Assert.Equal($"https://www.tiktok.com/@{creator}/video/{done.PublicPostId}", done.PublicUrl);
        Assert.Contains($"href=\"{done.PublicUrl}\"", await kit.Client.GetStringAsync($"/app/posts/{post.Id}"));
    }

    [Fact]
    public async Task The_Daily_Cap_Is_Planned_So_The_Post_Past_It_Waits_Without_Asking_TikTok()
    {
        await kit.SignInAsync();
        var creator = await kit.NewCreatorAsync();
        var account = await kit.ConnectAsync(creator);
        var (video, _) = await kit.VideoAsync(size: 1_000_000);
        for (var i = 0; i < 15; i++)
        {
            var earlier = await kit.PostAsync(account, video, change: p => { p.Status = PostStatus.Published; p.PublishId = $"v_pub_file~v2-1.{i}"; p.InitRequestedAt = kit.App.Clock.GetUtcNow().AddHours(-1); });
            await kit.InitSentAsync(earlier, account, direct: true);
        }
        var post = await kit.PostAsync(account, video);

        var result = await kit.RunOnceAsync(post.Id);

        var waiting = await kit.LoadAsync(post.Id);
        Assert.Equal(PostStatus.WaitingForDailyLimit, waiting.Status);
        Assert.Contains($"daily limit for @{creator}", waiting.FailMessage);
        Assert.True(result.NextRunAt > kit.App.Clock.GetUtcNow().AddHours(22));
        Assert.Empty(await kit.EmulatorPostsAsync(creator));
    }

    [Fact]
    public async Task An_Init_Whose_Answer_Was_Lost_In_A_Crash_Counts_Toward_The_Planned_Daily_Cap()
    {
        // A daily cap of 2 on both sides, so two inits reach it.
        using var capped = new PublishTestKit(new Dictionary<string, string>
        {
            ["Publishing:DailyPostCap"] = "2",
            ["Emulators:TikTok:DailyPostCap"] = "2",
        }, provider: kit.App.Provider);
        await capped.SignInAsync();
        var creator = await capped.NewCreatorAsync();
        var account = await capped.ConnectAsync(creator);
        var (video, _) = await capped.VideoAsync(size: 6_000_000);
        var first = await capped.PostAsync(account, video);
        // The app dies after TikTok answered the init but before the publish_id is saved: TikTok holds an orphan init
        // (it counts toward the creator's day), and the restarted run asks again.
        var crashed = false;
        capped.Hooks.At = (point, _) => point == PublishCheckpoint.InitAnswered && !crashed ? throw new SimulatedCrash(point.ToString()) : ValueTask.CompletedTask;
        await Assert.ThrowsAsync<SimulatedCrash>(() => capped.RunOnceAsync(first.Id));
        crashed = true;
        AssertPublished(await capped.RunToEndAsync(first.Id));
        Assert.Equal(2, (await capped.EmulatorPostsAsync(creator)).Count);
        var second = await capped.PostAsync(account, video);

        var result = await capped.RunOnceAsync(second.Id);

        var waiting = await capped.LoadAsync(second.Id);
        Assert.Equal(PostStatus.WaitingForDailyLimit, waiting.Status);
        // Planned from our own record (both inits), not discovered from TikTok's refusal.
        Assert.Contains($"TikTok's daily limit for @{creator} is reached (2 posts", waiting.FailMessage);
        Assert.Equal(AccountHealth.Ready, (await capped.AccountAsync(account.Id)).Health);
        Assert.True(result.NextRunAt > capped.App.Clock.GetUtcNow().AddHours(23), $"Waits until the orphan init leaves the 24 h window, not {result.NextRunAt:u}.");
        Assert.Equal(2, (await capped.EmulatorPostsAsync(creator)).Count);
    }

    [Fact]
    public async Task A_Creator_At_TikToks_Cap_Waits_In_The_Daily_Limit_State()
    {
        await kit.SignInAsync();
        var account = await kit.ConnectAsync("capped_creator");
        var (video, _) = await kit.VideoAsync(size: 1_000_000);
        var post = await kit.PostAsync(account, video);

        var result = await kit.RunOnceAsync(post.Id);

        var waiting = await kit.LoadAsync(post.Id);
        Assert.Equal(PostStatus.WaitingForDailyLimit, waiting.Status);
        Assert.NotNull(result.NextRunAt);
        Assert.Equal(AccountHealth.Attention, (await kit.AccountAsync(account.Id)).Health);
    }

    [Fact]
    public async Task A_Banned_Creator_Fails_Without_Retry()
    {
        await kit.SignInAsync();
        var account = await kit.ConnectAsync("banned_creator");
        var (video, _) = await kit.VideoAsync(size: 1_000_000);
        var post = await kit.PostAsync(account, video);

        var result = await kit.RunOnceAsync(post.Id);

        var failed = await kit.LoadAsync(post.Id);
        Assert.Null(result.NextRunAt);
        Assert.Equal(PostStatus.Failed, failed.Status);
        Assert.Contains("does not currently allow", failed.FailMessage);
        Assert.Equal("api:spam_risk_user_banned_from_posting", failed.FailCode);
        Assert.Equal(nameof(TikTokErrorClass.CreatorCannotPostNow), failed.FailClass);
        Assert.Matches("^[0-9]{14}[0-9A-F]{20}$", failed.FailLogId);
        using var scope = kit.App.Services.CreateScope();
        var outbox = await scope.ServiceProvider.GetRequiredService<TikTokStudio.Web.Data.StudioDbContext>().OutboxEmails.AsNoTracking()
            .Where(e => e.Subject == "A TikTok post failed").ToListAsync();
        // The email names TikTok's code and log id, and links to the post with an absolute address.
        var email = Assert.Single(outbox, e => e.HtmlBody.Contains(post.Id.ToString()));
        Assert.Contains($"log id {failed.FailLogId}", email.HtmlBody);
        Assert.Matches($"href=\"https?://[^\"]+/app/posts/{post.Id}\"", email.HtmlBody);
    }

    [Fact]
    public async Task A_Revoked_Connection_Turns_The_Account_Red_And_The_Post_Waits_For_A_Reconnect()
    {
        await kit.SignInAsync();
        var creator = await kit.NewCreatorAsync();
        var account = await kit.ConnectAsync(creator);
        var accessToken = kit.App.Services.GetRequiredService<TokenProtector>().TryUnprotect(account.ProtectedAccessToken)!;
        (await kit.Client.PostAsync("/emulators/tiktok/v2/oauth/revoke/", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["client_key"] = TikTokAppSettings.AuditedEmulatorKey, ["client_secret"] = TikTokAppSettings.AuditedEmulatorSecret, ["token"] = accessToken,
        }))).EnsureSuccessStatusCode();
        var (video, _) = await kit.VideoAsync(size: 1_000_000);
        var post = await kit.PostAsync(account, video);

        var result = await kit.RunOnceAsync(post.Id);

        Assert.Null(result.NextRunAt);
        Assert.Equal(PostStatus.WaitingForReconnect, (await kit.LoadAsync(post.Id)).Status);
        Assert.Equal(AccountHealth.ReconnectNeeded, (await kit.AccountAsync(account.Id)).Health);
        Assert.Empty(await kit.EmulatorPostsAsync(creator));
    }

    [Fact]
    public async Task A_Visibility_The_Creator_No_Longer_Offers_Fails_Before_Anything_Is_Sent()
    {
        await kit.SignInAsync();
        var creator = await kit.NewCreatorAsync();
        var account = await kit.ConnectAsync(creator);
        var (video, _) = await kit.VideoAsync(size: 1_000_000);
        var post = await kit.PostAsync(account, video, privacy: "FOLLOWER_OF_CREATOR");

        await kit.RunOnceAsync(post.Id);

        var failed = await kit.LoadAsync(post.Id);
        Assert.Equal(PostStatus.Failed, failed.Status);
        Assert.Equal("api:privacy_level_option_mismatch", failed.FailCode);
        Assert.Empty(await kit.EmulatorPostsAsync(creator));
    }

    [Fact]
    public async Task A_Video_Longer_Than_The_Creators_Maximum_Fails_At_Preflight()
    {
        await kit.SignInAsync();
        var account = await kit.ConnectAsync("short_creator");
        var (video, _) = await kit.VideoAsync(size: 1_000_000, durationMs: 90_000);
        var post = await kit.PostAsync(account, video);

        await kit.RunOnceAsync(post.Id);

        var failed = await kit.LoadAsync(post.Id);
        Assert.Equal(PostStatus.Failed, failed.Status);
        Assert.Equal("studio:too-long", failed.FailCode);
    }

    [Fact]
    public async Task A_Post_Missed_By_More_Than_The_Grace_Becomes_Missed_And_One_Inside_It_Goes_Out()
    {
        await kit.SignInAsync();
        var creator = await kit.NewCreatorAsync();
        var account = await kit.ConnectAsync(creator);
        var (video, _) = await kit.VideoAsync(size: 1_000_000);
        var late = await kit.PostAsync(account, video, publishAt: kit.App.Clock.GetUtcNow().AddHours(-2));
        var slightlyLate = await kit.PostAsync(account, video, publishAt: kit.App.Clock.GetUtcNow().AddMinutes(-20));

        Assert.Null((await kit.RunOnceAsync(late.Id)).NextRunAt);
        var published = await kit.RunToEndAsync(slightlyLate.Id);

        Assert.Equal(PostStatus.Missed, (await kit.LoadAsync(late.Id)).Status);
        Assert.Null(PublishFailures.WhyNotRetryable(await kit.LoadAsync(late.Id)));
        AssertPublished(published);
        Assert.Single(await kit.EmulatorPostsAsync(creator));
    }

    public static TheoryData<PublishCheckpoint> Checkpoints => new()
    {
        PublishCheckpoint.InitRequestSaved, PublishCheckpoint.InitAnswered, PublishCheckpoint.PublishIdSaved,
        PublishCheckpoint.UploadCompleted, PublishCheckpoint.StatusFetched,
    };

    [Theory]
    [MemberData(nameof(Checkpoints))]
    public async Task A_Crash_At_Any_Step_Resumes_And_TikTok_Holds_Exactly_One_Complete_Post(PublishCheckpoint crashAt)
    {
        await kit.SignInAsync();
        var creator = await kit.NewCreatorAsync();
        var account = await kit.ConnectAsync(creator);
        var (video, sha) = await kit.VideoAsync();
        var post = await kit.PostAsync(account, video);
        var crashed = false;
        kit.Hooks.At = (point, _) => point == crashAt && !crashed ? throw new SimulatedCrash(point.ToString()) : ValueTask.CompletedTask;

        await Assert.ThrowsAsync<SimulatedCrash>(() => kit.RunOnceAsync(post.Id));
        crashed = true;
        var done = await kit.RunToEndAsync(post.Id);

        AssertPublished(done);
        var posts = await kit.EmulatorPostsAsync(creator);
        var complete = Assert.Single(posts, p => p.BytesReceived > 0);
        Assert.Equal(sha, complete.Sha256);
        Assert.Equal("PUBLISH_COMPLETE", complete.Status);
        Assert.Single(posts, p => p.Status == "PUBLISH_COMPLETE");
        if (crashAt >= PublishCheckpoint.PublishIdSaved) Assert.Single(posts); // init is never repeated once its publish_id is stored
    }

    [Fact]
    public async Task A_Crash_In_The_Middle_Of_The_Upload_Resumes_From_What_TikTok_Has()
    {
        await kit.SignInAsync();
        var creator = await kit.NewCreatorAsync();
        var account = await kit.ConnectAsync(creator);
        var (video, sha) = await kit.VideoAsync(size: 24_000_000);
        var post = await kit.PostAsync(account, video);
        using var crash = new CancellationTokenSource();
        kit.Hooks.OnUploadProgress = (_, bytes) => { if (bytes > 12_000_000) crash.Cancel(); };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => kit.RunOnceAsync(post.Id, crash.Token));
        kit.Hooks.OnUploadProgress = null;
        var halfway = await kit.LoadAsync(post.Id);
        Assert.Equal(PublishStage.Uploading, halfway.Stage);
        Assert.NotNull(halfway.PublishId);
        var done = await kit.RunToEndAsync(post.Id);

        AssertPublished(done);
        var sent = Assert.Single(await kit.EmulatorPostsAsync(creator));
        Assert.Equal(sha, sent.Sha256);
        Assert.Contains(await kit.EventsAsync(post.Id), e => e.Kind == PostEventKinds.UploadResumed);
    }

    [Fact]
    public async Task A_Photo_Init_Without_A_Stored_Publish_Id_Is_Unconfirmed_Never_Resent()
    {
        await kit.SignInAsync();
        var creator = await kit.NewCreatorAsync();
        var account = await kit.ConnectAsync(creator);
        var post = await kit.PostAsync(account, null, change: p =>
        {
            p.Kind = PostKind.Photo;
            p.PhotoMediaIds = Guid.NewGuid().ToString();
            p.Status = PostStatus.Publishing;
            p.Stage = PublishStage.Init;
            p.InitRequestedAt = kit.App.Clock.GetUtcNow().AddMinutes(-1);
        });

        var result = await kit.RunOnceAsync(post.Id);

        var unconfirmed = await kit.LoadAsync(post.Id);
        Assert.Null(result.NextRunAt);
        Assert.Equal(PostStatus.Unconfirmed, unconfirmed.Status);
        Assert.StartsWith("Unconfirmed — check TikTok before reposting", unconfirmed.FailMessage);
        Assert.NotNull(PublishFailures.WhyNotRetryable(unconfirmed));
        Assert.Empty(await kit.EmulatorPostsAsync(creator));
    }

    private static void AssertPublished(Post post) =>
        Assert.True(post.Status == PostStatus.Published, $"Expected Published, got {post.Status}/{post.Stage}: {post.FailCode} {post.FailMessage}");

    public void Dispose() => kit.Dispose();
}

/// <summary>The same suite on PostgreSQL.</summary>
[OnPostgres]
public sealed class PublishPostTestsOnPostgres() : PublishPostTests(DatabaseProvider.Postgres);

