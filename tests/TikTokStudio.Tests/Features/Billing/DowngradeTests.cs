using Microsoft.Extensions.DependencyInjection;
using TikTokStudio.Tests.Features.Posts.Calendar;
using TikTokStudio.Tests.Features.Posts.Compose;
using TikTokStudio.Tests.Features.Posts.Publish;
using TikTokStudio.Tests.Infrastructure;
using TikTokStudio.Web.Data;
using TikTokStudio.Web.Features.Billing;
using TikTokStudio.Web.Features.Connections;
using TikTokStudio.Web.Features.Posts;
using TikTokStudio.Web.Features.Posts.Compose;
using TikTokStudio.Web.Features.Posts.Publish;
using static TikTokStudio.Tests.Features.Billing.StripeAppKit;

namespace TikTokStudio.Tests.Features.Billing;

/// <summary>
/// A downgrade below what the workspace uses, through the emulated Stripe's portal and its signed webhooks: allowed,
/// with what is over the new plan's limits paused (not deleted), said on each post and on the billing page, and
/// scheduled again when the plan allows it. Each test has its own app (Starter's monthly allowance is set low).
/// </summary>
public sealed class DowngradeTests
{
    [Fact]
    public async Task Downgrading_To_Two_Accounts_Pauses_The_Posts_Of_The_Account_Connected_Last_And_Upgrading_Schedules_Them_Again()
    {
        using var kit = new PublishTestKit();
        await kit.SignInAsync();
        var (first, _) = await ConnectAsync(kit);
        var (second, _) = await ConnectAsync(kit);
        var (third, thirdCreator) = await ConnectAsync(kit);
        var (video, _) = await kit.VideoAsync(size: 6_000_000);
        var inTwoDays = kit.App.Clock.GetUtcNow().AddDays(2);
        var toFirst = await ScheduledAsync(kit, first, video, inTwoDays);
        var toSecond = await ScheduledAsync(kit, second, video, inTwoDays);
        var toThird = await ScheduledAsync(kit, third, video, inTwoDays);
        await PayAsync(kit.App, await StartCheckoutAsync(kit.App, kit.UserId), "4242424242424242");
        await WebhooksSettledAsync(kit.App);

        await ChangePlanInPortalAsync(kit.App, kit.UserId, "price_starter_monthly");

        Assert.Equal("starter", (await BillingOfAsync(kit.App, kit.Workspace.Id))!.PlanId);
        var held = await kit.LoadAsync(toThird.Id);
        Assert.Equal(PostStatus.Paused, held.Status);
        Assert.Equal(PlanPause.AccountOverLimit(BillingTestData.Options().Plans[0], 2, third), held.FailMessage);
        Assert.StartsWith("Over the plan's limits: Starter allows 2 TikTok accounts, and @", held.FailMessage);
        Assert.Null(await PostsTestData.TriggerTimeAsync(kit.App, toThird.Id));
        Assert.Equal(PostStatus.Scheduled, (await kit.LoadAsync(toFirst.Id)).Status);
        Assert.Equal(PostStatus.Scheduled, (await kit.LoadAsync(toSecond.Id)).Status);
        Assert.Equal(ConnectionStatus.Connected, (await kit.App.RowsOfAsync<TikTokAccount>(kit.Workspace.Id)).Single(a => a.Id == third.Id).Status);
        // Said where the Owner looks: on the billing page, with the way to the paused posts.
        var page = await kit.Client.GetStringAsync("/app/billing");
        Assert.Contains("3 TikTok accounts are connected and Starter allows 2", page);
        Assert.Contains("data-testid=\"paused-over-limits\"", page);
        Assert.Contains("1 scheduled post is paused", page);
        // A new post to that account is refused with the reason instead of being paused later.
        var fresh = ComposerBuilder.Video();
        fresh.WorkspaceId = kit.Workspace.Id;
        using (var scope = kit.App.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<StudioDbContext>();
            db.Add(fresh);
            await db.SaveChangesAsync();
        }
        var composed = await kit.App.Services.AsUserAsync(kit.UserId, s => s.GetRequiredService<ComposeService>().SubmitAsync(new ComposeInput
        {
            Kind = PostKind.Video, VideoMediaId = fresh.Id, Title = "One more",
            Targets = [new TargetChoice(third.Id, "SELF_ONLY", false, false, false)],
            ScheduleLocal = inTwoDays.AddHours(3).ToString("yyyy-MM-ddTHH:mm"), Action = ComposeAction.Schedule,
        }, CancellationToken.None));
        Assert.StartsWith("Starter allows 2 TikTok accounts, and @", Assert.Single(composed.Invalid!.Verdict.ErrorsFor(ComposeService.PlanErrorField)));

        await ChangePlanInPortalAsync(kit.App, kit.UserId, "price_pro_monthly");

        var resumed = await kit.LoadAsync(toThird.Id);
        Assert.Equal(PostStatus.Scheduled, resumed.Status);
        Assert.Null(resumed.FailMessage);
        Assert.Equal(inTwoDays.ToUnixTimeSeconds(), (await PostsTestData.TriggerTimeAsync(kit.App, toThird.Id))!.Value.ToUnixTimeSeconds());
        Assert.Empty(await kit.EmulatorPostsAsync(thirdCreator));
    }

    [Fact]
    public async Task Over_A_Months_Allowance_The_Last_Posts_Wait_And_Unscheduling_One_Lets_The_Next_Go()
    {
        using var kit = new PublishTestKit(new() { ["Billing:Plans:0:Limits:ScheduledPostsPerMonth"] = "3" });
        await kit.SignInAsync();
        var (account, creator) = await ConnectAsync(kit);
        var (video, _) = await kit.VideoAsync(size: 6_000_000);
        // Five posts an hour apart, all in the middle of next month in the workspace's zone.
        var zone = TimeZoneInfo.FindSystemTimeZoneById(kit.Workspace.TimeZoneId);
        var local = TimeZoneInfo.ConvertTime(kit.App.Clock.GetUtcNow(), zone);
        var nextMonth = new DateTime(local.Year, local.Month, 1).AddMonths(1);
        var midMonth = new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(nextMonth.AddDays(14).AddHours(9), DateTimeKind.Unspecified), zone));
        var posts = new List<Post>();
        for (var i = 0; i < 5; i++) posts.Add(await ScheduledAsync(kit, account, video, midMonth.AddHours(i)));
        await PayAsync(kit.App, await StartCheckoutAsync(kit.App, kit.UserId), "4242424242424242");
        await WebhooksSettledAsync(kit.App);

        await ChangePlanInPortalAsync(kit.App, kit.UserId, "price_starter_monthly");

        var statuses = new List<PostStatus>();
        foreach (var post in posts) statuses.Add((await kit.LoadAsync(post.Id)).Status);
        Assert.Equal([PostStatus.Scheduled, PostStatus.Scheduled, PostStatus.Scheduled, PostStatus.Paused, PostStatus.Paused], statuses);
        var fourth = await kit.LoadAsync(posts[3].Id);
        Assert.Equal($"Over the plan's limits: Starter allows 3 scheduled posts a month, and this post comes after them in {nextMonth:MMMM yyyy}, " +
            "so it waits. Upgrade, or unschedule another post of that month, and it is scheduled again.", fourth.FailMessage);
        Assert.Contains(await kit.App.RowsOfAsync<PostEvent>(kit.Workspace.Id), e => e.PostId == fourth.Id && e.Kind == PostEventKinds.PlanPaused);

        var unscheduled = await kit.App.Services.AsUserAsync(kit.UserId, s => s.GetRequiredService<PostDetails>().UnscheduleAsync(posts[0].Id));

        Assert.True(unscheduled.Done, unscheduled.Message);
        Assert.Equal(PostStatus.Scheduled, (await kit.LoadAsync(posts[3].Id)).Status);
        Assert.NotNull(await PostsTestData.TriggerTimeAsync(kit.App, posts[3].Id));
        Assert.Equal(PostStatus.Paused, (await kit.LoadAsync(posts[4].Id)).Status);

        // The one still held back reaches its slot: nothing is sent.
        kit.App.Clock.Advance(posts[4].PublishAt!.Value - kit.App.Clock.GetUtcNow());
        await kit.RunOnceAsync(posts[4].Id);
        Assert.Equal(PostStatus.Paused, (await kit.LoadAsync(posts[4].Id)).Status);
        Assert.Empty(await kit.EmulatorPostsAsync(creator));
    }

    // Connected a minute apart, so which one came last is not left to chance.
    private static async Task<(TikTokAccount Account, string Creator)> ConnectAsync(PublishTestKit kit)
    {
        kit.App.Clock.Advance(TimeSpan.FromMinutes(1));
        var creator = await kit.NewCreatorAsync();
        return (await kit.ConnectAsync(creator), creator);
    }

    // Scheduled as the composer leaves a post: the row and its Quartz trigger.
    private static async Task<Post> ScheduledAsync(PublishTestKit kit, TikTokAccount account, TikTokStudio.Web.Features.Media.MediaFile video, DateTimeOffset at)
    {
        var post = await kit.PostAsync(account, video, publishAt: at);
        await PostsTestData.ScheduleTriggerAsync(kit.App, post);
        return post;
    }
}
