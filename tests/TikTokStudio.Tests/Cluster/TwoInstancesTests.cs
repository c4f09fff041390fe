using System.Collections.Concurrent;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Quartz;
using TikTokStudio.TikTok.Display;
using TikTokStudio.TikTok.Posting;
using TikTokStudio.TikTok.Upload;
using TikTokStudio.Tests.Features.Posts.Publish;
using TikTokStudio.Tests.Infrastructure;
using TikTokStudio.Web.Data;
using TikTokStudio.Web.Features.Connections;
using TikTokStudio.Web.Features.Posts;
using TikTokStudio.Web.Features.Posts.Publish;
using TikTokStudio.Web.Live;

namespace TikTokStudio.Tests.Cluster;

/// <summary>
/// Two instances on one PostgreSQL (architecture §9): clustered Quartz fires each post once, leases keep one
/// publish and one refresh per account at a time, the per-token budgets are shared, and live events cross over.
/// </summary>
[OnPostgres]
public sealed class TwoInstancesTests : IDisposable
{
    private readonly TwoInstances cluster = new();

    [Fact]
    public async Task Two_Hundred_Posts_Due_At_Once_Are_Each_Published_Exactly_Once_By_Two_Instances()
    {
        var kit = cluster.A;
        await kit.SignInAsync();
        var accounts = await kit.ConnectGeneratedAsync(200);
        var (video, sha) = await kit.VideoAsync(size: 1_000_000);
        var posts = new List<Post>();
        foreach (var account in accounts) posts.Add(await kit.PostAsync(account, video));
        var initsByA = new ConcurrentDictionary<Guid, int>();
        var initsByB = new ConcurrentDictionary<Guid, int>();
        cluster.HooksOfA.At = (point, post) => Count(point, post, initsByA);
        cluster.HooksOfB.At = (point, post) => Count(point, post, initsByB);

        using (var scope = kit.App.Services.CreateScope())
        {
            var scheduler = scope.ServiceProvider.GetRequiredService<PostScheduler>();
            foreach (var post in posts) await scheduler.ScheduleAsync(post, CancellationToken.None);
        }
        var rows = await WaitForAsync(posts.Select(p => p.Id).ToList(), p => p.Status == PostStatus.Published, TimeSpan.FromMinutes(4));

        Assert.All(rows, p => Assert.True(p.Status == PostStatus.Published, $"{p.Status}: {p.FailMessage}"));
        var sent = PublishTestKit.ParseEmulatorPosts(await kit.Client.GetStringAsync("/emulators/tiktok/_emulator/posts"));
        Assert.Equal(200, sent.Count(p => p.BytesReceived > 0));
        Assert.Equal(rows.Select(p => p.PublishId).Order(), sent.Select(p => p.PublishId).Order());
        Assert.All(sent, p => Assert.Equal(sha, p.Sha256));
        Assert.Empty(initsByA.Keys.Intersect(initsByB.Keys));
        Assert.Equal(200, initsByA.Count + initsByB.Count);
        Assert.All(initsByA.Values.Concat(initsByB.Values), n => Assert.Equal(1, n));
        Assert.Equal(0, (await kit.EmulatorStatsAsync()).RateLimited);
    }

    [Fact]
    public async Task A_Refresh_Race_Between_Two_Instances_Ends_With_One_Rotation_And_A_Working_Account()
    {
        var kit = cluster.A;
        await kit.SignInAsync();
        var account = await kit.ConnectAsync(await kit.NewCreatorAsync());
        // 20 h later the 24 h access token is inside the refresh window on both instances.
        await cluster.AdvanceClocksAsync(TimeSpan.FromHours(20));
        var before = await kit.EmulatorStatsAsync();

        var outcomes = await Task.WhenAll(RefreshOnAsync(kit.App.Services, account.Id), RefreshOnAsync(cluster.B.Services, account.Id));

        Assert.Single(outcomes, o => o.Refreshed);
        var after = await kit.EmulatorStatsAsync();
        Assert.Equal(before.Refreshes + 1, after.Refreshes);
        Assert.Equal(before.RefreshesRefused, after.RefreshesRefused);
        var stored = await kit.AccountAsync(account.Id);
        Assert.Equal(AccountHealth.Ready, stored.Health);
        Assert.Equal(account.TokenVersion + 1, stored.TokenVersion);
        // The stored tokens are the live ones: TikTok answers with them on the other instance, and they renew again.
        using (var scope = cluster.B.Services.CreateScope())
        {
            var token = await scope.ServiceProvider.GetRequiredService<AccountTokens>().GetFreshAccessTokenAsync(account.Id, CancellationToken.None);
            var user = await scope.ServiceProvider.GetRequiredService<TikTokDisplayClient>().GetUserInfoAsync(token!, ["open_id"]);
            Assert.Equal(account.OpenId, user.OpenId);
        }
        // Renewals happen only near the token's end: 20 h on, the stored refresh token is the one TikTok accepts.
        await cluster.AdvanceClocksAsync(TimeSpan.FromHours(20));
        Assert.True((await RefreshOnAsync(cluster.B.Services, account.Id)).Refreshed);
    }

    [Fact]
    public async Task An_Access_Token_Refused_On_Both_Instances_At_Once_Is_Renewed_Once_And_Both_Calls_Go_Through()
    {
        var kit = cluster.A;
        await kit.SignInAsync();
        var account = await kit.ConnectAsync(await kit.NewCreatorAsync());
        // TikTok's clock runs a day ahead of ours: it answers 401 access_token_invalid while both instances count 23 h left.
        await EmulatedTikTok.AdvanceClockAsync(kit.Client, TimeSpan.FromHours(25));
        // The renewal TikTok answers is held for a moment, so the other instance's 401 arrives while it is in flight.
        await kit.FaultsAsync(new { hold_next_refresh_ms = 1_500 });

        var users = await Task.WhenAll(UserInfoOnAsync(kit.App.Services, account.Id), UserInfoOnAsync(cluster.B.Services, account.Id));

        Assert.All(users, openId => Assert.Equal(account.OpenId, openId));
        // One rotation: the second instance waited for the refresh lease and then took the token the first one renewed.
        var refreshes = await kit.Client.GetFromJsonAsync<System.Text.Json.JsonElement[]>("/emulators/tiktok/_emulator/refreshes");
        Assert.Equal(["ok"], refreshes!.Select(r => r.GetProperty("outcome").GetString()));
        var stored = await kit.AccountAsync(account.Id);
        Assert.Equal(AccountHealth.Ready, stored.Health);
        Assert.Null(stored.RenewalInFlightSince);
        Assert.Equal(account.TokenVersion + 1, stored.TokenVersion);
    }

    [Fact]
    public async Task Seven_Inits_For_One_Token_Across_Two_Instances_In_A_Minute_The_Seventh_Waits_And_None_Gets_A_429()
    {
        var kit = cluster.A;
        await kit.SignInAsync();
        var creator = await kit.NewCreatorAsync();
        var token = await AccessTokenAsync(kit, creator);
        var onA = kit.App.Services.GetRequiredService<TikTokPostingClient>();
        var onB = cluster.B.Services.GetRequiredService<TikTokPostingClient>();

        // Six at once, three from each instance: TikTok allows six inits per token per minute.
        var first = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => InitAsync(i % 2 == 0 ? onA : onB, token)));
        var seventh = InitAsync(onB, token);
        await Task.Delay(TimeSpan.FromSeconds(3));

        Assert.Equal(6, first.Distinct().Count());
        Assert.False(seventh.IsCompleted, "the seventh init must wait for the shared budget");
        Assert.Equal(6, (await kit.EmulatorPostsAsync(creator)).Count);

        await cluster.AdvanceClocksAsync(TimeSpan.FromSeconds(62));
        var publishId = await seventh.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.DoesNotContain(publishId, first);
        Assert.Equal(7, (await kit.EmulatorPostsAsync(creator)).Count);
        Assert.Equal(0, (await kit.EmulatorStatsAsync()).RateLimited);
    }

    [Fact]
    public async Task A_Post_Instance_A_Publishes_Is_Seen_Moving_Live_By_A_Subscriber_On_Instance_B()
    {
        var kit = cluster.A;
        await kit.SignInAsync();
        var account = await kit.ConnectAsync(await kit.NewCreatorAsync());
        var (video, _) = await kit.VideoAsync(size: 6_000_000);
        var post = await kit.PostAsync(account, video);
        await cluster.B.Services.GetRequiredService<PostgresLiveEvents>().Listening.WaitAsync(TimeSpan.FromSeconds(30));
        var seenOnB = new ConcurrentQueue<(LiveEvent Change, PostStatus Status)>();
        var bSawPublishing = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        // A stops right after it saved the publish_id (status Publishing) until B has seen that state live.
        kit.Hooks.At = async (point, _) =>
        {
            if (point == PublishCheckpoint.PublishIdSaved) await bSawPublishing.Task.WaitAsync(TimeSpan.FromSeconds(20));
        };
        var seenOnA = new ConcurrentQueue<LiveEvent>();
        using var onB = cluster.B.Services.GetRequiredService<ILiveEvents>().Subscribe(kit.Workspace.Id, async change =>
        {
            // As a component does: notified with ids only, it re-reads the row (here on B's own database connection).
            using var scope = cluster.B.Services.CreateScope();
            var row = await scope.ServiceProvider.GetRequiredService<StudioDbContext>().Set<Post>().IgnoreQueryFilters().AsNoTracking()
                .SingleAsync(p => p.Id == post.Id);
            seenOnB.Enqueue((change, row.Status));
            if (row.Status == PostStatus.Publishing && row.PublishId is not null) bSawPublishing.TrySetResult();
        });
        using var onA = kit.App.Services.GetRequiredService<ILiveEvents>().Subscribe(kit.Workspace.Id, change =>
        {
            seenOnA.Enqueue(change);
            return Task.CompletedTask;
        });
        var raisedOnA = 0;
        Func<LiveEvent, Task> countRaised = _ => { Interlocked.Increment(ref raisedOnA); return Task.CompletedTask; };
        var hubOfA = kit.App.Services.GetRequiredService<LiveEventHub>();
        hubOfA.Raised += countRaised;

        var done = await kit.RunToEndAsync(post.Id);
        hubOfA.Raised -= countRaised;
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!seenOnB.Any(s => s.Status == PostStatus.Published) && DateTime.UtcNow < deadline) await Task.Delay(100);

        Assert.Equal(PostStatus.Published, done.Status);
        Assert.All(seenOnB, s => Assert.Equal(("post", post.Id.ToString()), (s.Change.Entity, s.Change.Id)));
        Assert.Contains(seenOnB, s => s.Status == PostStatus.Publishing);
        Assert.Contains(seenOnB, s => s.Status == PostStatus.Published);
        // Each change reaches A's own subscribers once (A's own NOTIFY coming back is not delivered again), and B gets every one.
        Assert.Equal(raisedOnA, seenOnA.Count);
        Assert.Equal(raisedOnA, seenOnB.Count);
    }

    [Fact]
    public async Task Both_Instances_Are_Nodes_Of_One_Clustered_Scheduler()
    {
        var onA = await kitScheduler(cluster.A.App.Services);
        var onB = await kitScheduler(cluster.B.Services);

        var metaA = await onA.GetMetadata();
        var metaB = await onB.GetMetadata();
        Assert.True(metaA.JobStoreClustered);
        Assert.True(metaB.JobStoreClustered);
        Assert.NotEqual(metaA.SchedulerInstanceId, metaB.SchedulerInstanceId);
        // B checks in within the check-in interval of its start.
        var deadline = DateTime.UtcNow.AddSeconds(20);
        var nodes = await onA.QueryClusterNodes();
        while (!nodes.Any(n => n.InstanceId == metaB.SchedulerInstanceId) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(500);
            nodes = await onA.QueryClusterNodes();
        }
        Assert.Contains(nodes, n => n.InstanceId == metaB.SchedulerInstanceId);
        Assert.Contains(nodes, n => n.InstanceId == metaA.SchedulerInstanceId && n.IsCurrentNode);
        var health = await cluster.B.CreateClient().GetAsync("/healthz");
        Assert.Equal(System.Net.HttpStatusCode.OK, health.StatusCode);

        static async Task<IScheduler> kitScheduler(IServiceProvider services) =>
            await services.GetRequiredService<ISchedulerFactory>().GetScheduler();
    }

    private static ValueTask Count(PublishCheckpoint point, Post post, ConcurrentDictionary<Guid, int> inits)
    {
        if (point == PublishCheckpoint.InitAnswered) inits.AddOrUpdate(post.Id, 1, (_, n) => n + 1);
        return ValueTask.CompletedTask;
    }

    private static async Task<RefreshOutcome> RefreshOnAsync(IServiceProvider services, Guid accountId)
    {
        using var scope = services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<AccountTokens>().RefreshAsync(accountId, CancellationToken.None);
    }

    /// <summary>A call with the account's stored access token through <see cref="AccountTokens.CallAsync"/> (a 401 renews once).</summary>
    private static async Task<string> UserInfoOnAsync(IServiceProvider services, Guid accountId)
    {
        using var scope = services.CreateScope();
        var tokens = scope.ServiceProvider.GetRequiredService<AccountTokens>();
        var display = scope.ServiceProvider.GetRequiredService<TikTokDisplayClient>();
        var token = await tokens.GetFreshAccessTokenAsync(accountId, CancellationToken.None);
        var user = await tokens.CallAsync(accountId, token!, t => display.GetUserInfoAsync(t, ["open_id"]), CancellationToken.None);
        return user.OpenId ?? throw new InvalidOperationException("TikTok answered without an open_id.");
    }

    private static async Task<string> InitAsync(TikTokPostingClient client, string token)
    {
        var plan = ChunkPlanner.Plan(1_000_000, null);
        var result = await client.InitDirectVideoAsync(token, new DirectVideoInitRequest
        {
            PostInfo = new VideoPostInfo { PrivacyLevel = "SELF_ONLY", Title = "budget" },
            SourceInfo = VideoSourceInfo.FileUpload(plan),
        });
        return result.PublishId;
    }

    private static async Task<string> AccessTokenAsync(PublishTestKit kit, string creator)
    {
        var response = await System.Net.Http.Json.HttpClientJsonExtensions.PostAsJsonAsync(kit.Client, $"/emulators/tiktok/_emulator/creators/{creator}/tokens", new { });
        response.EnsureSuccessStatusCode();
        using var doc = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return doc.RootElement.GetProperty("access_token").GetString()!;
    }

    private async Task<List<Post>> WaitForAsync(List<Guid> ids, Func<Post, bool> done, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            using var scope = cluster.A.App.Services.CreateScope();
            var rows = await scope.ServiceProvider.GetRequiredService<StudioDbContext>().Set<Post>().IgnoreQueryFilters().AsNoTracking()
                .Where(p => ids.Contains(p.Id)).ToListAsync();
            if (rows.All(done) || DateTime.UtcNow > deadline) return rows;
            await Task.Delay(500);
        }
    }

    public void Dispose() => cluster.Dispose();
}
