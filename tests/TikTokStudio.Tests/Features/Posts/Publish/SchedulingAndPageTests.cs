using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Quartz;
using TikTokStudio.Tests.Infrastructure;
using TikTokStudio.Web.Data;
using TikTokStudio.Web.Features.Posts;
using TikTokStudio.Web.Features.Posts.Publish;

namespace TikTokStudio.Tests.Features.Posts.Publish;

/// <summary>Through the front door: Quartz triggers derived from rows, the reconcile job, the post page and its actions.</summary>
public class SchedulingAndPageTests : IDisposable
{
    private readonly PublishTestKit kit;

    public SchedulingAndPageTests() : this(DatabaseProvider.Sqlite)
    {
    }

    protected SchedulingAndPageTests(DatabaseProvider provider) => kit = new(provider: provider);

    [Fact]
    public async Task A_Post_Scheduled_Now_Goes_Out_Through_The_Job_And_Its_Page_Shows_The_Link()
    {
        await kit.SignInAsync();
        var creator = await kit.NewCreatorAsync();
        var account = await kit.ConnectAsync(creator);
        var (video, _) = await kit.VideoAsync(size: 6_000_000);
        var post = await kit.PostAsync(account, video);

        await ScheduleAsync(post);
        var done = await WaitForAsync(post.Id, p => p.Status == PostStatus.Published && p.PublicUrl is not null);

        // The first request prerenders the page; the circuit then keeps it live (PostPageTests).
        var page = await kit.Client.GetStringAsync($"/app/posts/{post.Id}");
        Assert.Contains(done.PublicUrl!, page);
        Assert.Contains("Published", page);
        Assert.Contains("Upload complete", page);
        Assert.Single(await kit.EmulatorPostsAsync(creator));
    }

    [Fact]
    public async Task Moving_And_Removing_A_Schedule_Moves_And_Removes_Its_Trigger()
    {
        await kit.SignInAsync();
        var account = await kit.ConnectAsync(await kit.NewCreatorAsync());
        var (video, _) = await kit.VideoAsync(size: 1_000_000);
        var post = await kit.PostAsync(account, video, publishAt: DateTimeOffset.UtcNow.AddHours(3));
        var quartz = await kit.App.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();

        await ScheduleAsync(post);
        var first = await quartz.GetTrigger(PostScheduler.SlotTriggerFor(post.Id));
        post.PublishAt = DateTimeOffset.UtcNow.AddHours(5);
        await ScheduleAsync(post);
        var moved = await quartz.GetTrigger(PostScheduler.SlotTriggerFor(post.Id));
        using (var scope = kit.App.Services.CreateScope())
            await scope.ServiceProvider.GetRequiredService<PostScheduler>().UnscheduleAsync(post.Id, CancellationToken.None);

        Assert.NotNull(first);
        Assert.True(moved!.StartTimeUtc > first!.StartTimeUtc.AddHours(1.5));
        Assert.Null(await quartz.GetTrigger(PostScheduler.SlotTriggerFor(post.Id)));
        Assert.False(await quartz.Exists(PostScheduler.JobKeyFor(post.Id)));
    }

    [Fact]
    public async Task The_Reconcile_Job_Restores_A_Missing_Trigger_And_Resumes_A_Stuck_Post()
    {
        await kit.SignInAsync();
        var creator = await kit.NewCreatorAsync();
        var account = await kit.ConnectAsync(creator);
        var (video, _) = await kit.VideoAsync(size: 6_000_000);
        var later = await kit.PostAsync(account, video, publishAt: DateTimeOffset.UtcNow.AddHours(2));
        // Stuck: the app died after the publish_id was stored and nothing is scheduled for it any more.
        var stuck = await kit.PostAsync(account, video);
        kit.Hooks.At = (point, p) => point == PublishCheckpoint.PublishIdSaved && p.Id == stuck.Id ? throw new SimulatedCrash(point.ToString()) : ValueTask.CompletedTask;
        await Assert.ThrowsAsync<SimulatedCrash>(() => kit.RunOnceAsync(stuck.Id));
        kit.Hooks.At = null;
        var quartz = await kit.App.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        kit.App.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<PublishingOptions>>().Value.ReconcileEnabled = true;

        using (var scope = kit.App.Services.CreateScope())
            await scope.ServiceProvider.GetRequiredService<PublishingReconciler>().RunAsync(quartz, CancellationToken.None);

        Assert.NotNull(await quartz.GetTrigger(PostScheduler.SlotTriggerFor(later.Id)));
        var resumed = await WaitForAsync(stuck.Id, p => p.Status == PostStatus.Published);
        Assert.NotNull(resumed.PublishId);
        Assert.Single(await kit.EmulatorPostsAsync(creator));
    }

    [Fact]
    public async Task A_Missed_Post_Can_Be_Published_Now_From_Its_Page()
    {
        await kit.SignInAsync();
        var creator = await kit.NewCreatorAsync();
        var account = await kit.ConnectAsync(creator);
        var (video, _) = await kit.VideoAsync(size: 1_000_000);
        var post = await kit.PostAsync(account, video, publishAt: DateTimeOffset.UtcNow.AddHours(-3));
        await kit.RunOnceAsync(post.Id);
        var page = await kit.Client.GetStringAsync($"/app/posts/{post.Id}");
        Assert.Contains("Publish now", page);

        // The page's button runs this handler over the circuit.
        var result = await kit.App.Services.AsUserAsync(kit.UserId, sp => sp.GetRequiredService<PostDetails>().RetryAsync(post.Id));

        Assert.True(result.Done, result.Message);
        var done = await WaitForAsync(post.Id, p => p.Status == PostStatus.Published);
        Assert.Single(await kit.EmulatorPostsAsync(creator));
        Assert.Contains(await kit.EventsAsync(post.Id), e => e.Kind == PostEventKinds.Missed);
        Assert.Null(done.FailMessage);
    }

    [Fact]
    public async Task The_Preflight_Half_An_Hour_Ahead_Raises_A_Problem_Then_Not_At_The_Slot()
    {
        await kit.SignInAsync();
        var account = await kit.ConnectAsync(await kit.NewCreatorAsync());
        var (video, _) = await kit.VideoAsync(size: 1_000_000, durationMs: 900_000);
        var ok = await kit.PostAsync(account, (await kit.VideoAsync(size: 1_000_000)).File, publishAt: DateTimeOffset.UtcNow.AddMinutes(20));
        var tooLong = await kit.PostAsync(account, video, publishAt: DateTimeOffset.UtcNow.AddMinutes(25));
        var farAway = await kit.PostAsync(account, video, publishAt: DateTimeOffset.UtcNow.AddHours(3));
        var quartz = await kit.App.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        kit.App.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<PublishingOptions>>().Value.ReconcileEnabled = true;

        using (var scope = kit.App.Services.CreateScope())
            await scope.ServiceProvider.GetRequiredService<PublishingReconciler>().RunAsync(quartz, CancellationToken.None);

        Assert.Contains(await kit.EventsAsync(ok.Id), e => e.Kind == PostEventKinds.PreflightOk);
        var problem = Assert.Single(await kit.EventsAsync(tooLong.Id), e => e.Kind == PostEventKinds.PreflightProblem);
        Assert.Contains("Trim the video", problem.Message);
        Assert.Empty(await kit.EventsAsync(farAway.Id));
        var notifications = await kit.Client.GetStringAsync("/app/notifications");
        Assert.Contains($"app/posts/{tooLong.Id}", notifications);
        Assert.Equal(PostStatus.Scheduled, (await kit.LoadAsync(tooLong.Id)).Status);
    }

    [Fact]
    public async Task Another_Workspace_Cannot_See_The_Post_Page()
    {
        await kit.SignInAsync();
        var account = await kit.ConnectAsync(await kit.NewCreatorAsync());
        var post = await kit.PostAsync(account, null, publishAt: DateTimeOffset.UtcNow.AddHours(1));
        var (stranger, _) = await kit.App.CreateUserAsync();
        var other = await kit.App.SignInAsync(stranger.Email!);

        var page = await other.GetAsync($"/app/posts/{post.Id}");
        var action = await kit.App.Services.AsUserAsync(stranger.Id, sp => sp.GetRequiredService<PostDetails>().UnscheduleAsync(post.Id));

        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        Assert.Contains("This page does not exist", await page.Content.ReadAsStringAsync());
        Assert.Equal((false, PostDetails.NotFoundMessage), (action.Done, action.Message));
        Assert.Equal(PostStatus.Scheduled, (await kit.LoadAsync(post.Id)).Status);
    }

    private async Task ScheduleAsync(Post post)
    {
        using var scope = kit.App.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<PostScheduler>().ScheduleAsync(post, CancellationToken.None);
    }

    private async Task<Post> WaitForAsync(Guid postId, Func<Post, bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var post = await kit.LoadAsync(postId);
            if (condition(post)) return post;
            if (DateTime.UtcNow > deadline) Assert.Fail($"Post stayed {post.Status}/{post.Stage}: {post.FailCode} {post.FailMessage}");
            await Task.Delay(200);
        }
    }

    public void Dispose() => kit.Dispose();
}

/// <summary>An app that has not passed TikTok's audit: private accounts only, always "Only me".</summary>
public class UnauditedPublishTests : IDisposable
{
    private readonly PublishTestKit kit;

    public UnauditedPublishTests() : this(DatabaseProvider.Sqlite)
    {
    }

    protected UnauditedPublishTests(DatabaseProvider provider) => kit = new(new() { ["TikTok:Audited"] = "false" }, provider: provider);

    [Fact]
    public async Task A_Private_Creator_Post_Goes_Out_As_Only_Me_Without_A_Public_Link()
    {
        await kit.SignInAsync();
        var account = await kit.ConnectAsync("private_creator");
        var (video, sha) = await kit.VideoAsync(size: 6_000_000);
        var post = await kit.PostAsync(account, video, privacy: "FOLLOWER_OF_CREATOR");

        var done = await kit.RunToEndAsync(post.Id);

        Assert.True(done.Status == PostStatus.Published, $"{done.Status}: {done.FailMessage}");
        Assert.Null(done.PublicUrl);
        var sent = Assert.Single(await kit.EmulatorPostsAsync("private_creator"), p => p.Sha256 == sha);
        Assert.Equal("SELF_ONLY", sent.PrivacyLevel);
        Assert.Contains(await kit.EventsAsync(post.Id), e => e.Kind == PostEventKinds.Notice && e.Message.Contains("Only me"));
    }

    [Fact]
    public async Task A_Public_Creator_Cannot_Post_Until_The_Account_Is_Private()
    {
        await kit.SignInAsync();
        var account = await kit.ConnectAsync("public_creator");
        var (video, _) = await kit.VideoAsync(size: 1_000_000);
        var post = await kit.PostAsync(account, video);

        await kit.RunOnceAsync(post.Id);

        var failed = await kit.LoadAsync(post.Id);
        Assert.Equal(PostStatus.Failed, failed.Status);
        Assert.Contains("Make the TikTok account private", failed.FailMessage);
        Assert.DoesNotContain(await kit.EmulatorPostsAsync("public_creator"), p => p.BytesReceived > 0);
    }

    public void Dispose() => kit.Dispose();
}

/// <summary>The same suite on PostgreSQL.</summary>
[OnPostgres]
public sealed class SchedulingAndPageTestsOnPostgres() : SchedulingAndPageTests(DatabaseProvider.Postgres);

/// <summary>The same suite on PostgreSQL.</summary>
[OnPostgres]
public sealed class UnauditedPublishTestsOnPostgres() : UnauditedPublishTests(DatabaseProvider.Postgres);

