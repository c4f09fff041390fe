using Microsoft.Extensions.DependencyInjection;
using TikTokStudio.Tests.Features.Posts.Publish;
using TikTokStudio.Tests.Infrastructure;
using TikTokStudio.Web.Features.Billing;
using TikTokStudio.Web.Features.Posts;
using static TikTokStudio.Tests.Features.Billing.StripeAppKit;

namespace TikTokStudio.Tests.Features.Billing;

/// <summary>
/// The time-based transitions with the clocks advanced: a failed renewal's banner and grace, then read-only; the trial's
/// end pausing scheduled posts in the publish engine, and subscribing resuming them (late ones offered, never sent).
/// Each test has its own app, because it moves the clocks.
/// </summary>
public sealed class TrialAndLapseTests
{
    [Fact]
    public async Task A_Failed_Renewal_Gives_Seven_Days_Of_Grace_Then_The_Workspace_Is_Read_Only()
    {
        using var kit = new PublishTestKit();
        await kit.SignInAsync();
        var app = kit.App;
        await PayAsync(app, await StartCheckoutAsync(app, kit.UserId), "4000 0000 0000 0341");
        await WebhooksSettledAsync(app);

        // The free trial carried into Stripe ends; the renewal charge on the 0341 card fails.
        await AdvanceStripeClockAsync(app, TimeSpan.FromDays(15));

        var billing = await BillingOfAsync(app, kit.Workspace.Id);
        Assert.Equal(SubscriptionState.PastDue, billing!.State);
        Assert.NotNull(billing.PastDueSince);
        var inGrace = await app.Services.AsUserAsync(kit.UserId, s => s.GetRequiredService<PlanEntitlements>().StandingAsync());
        Assert.Equal(StandingKind.PastDue, inGrace.Kind);
        var page = await kit.Client.GetStringAsync("/app/billing");
        Assert.Contains("data-testid=\"plan-banner-pastdue\"", page);
        Assert.True((await app.Services.AsUserAsync(kit.UserId, s => s.GetRequiredService<PlanEntitlements>().MayConnectAccountAsync())).Allowed);

        app.Clock.Advance(TimeSpan.FromDays(7) + TimeSpan.FromMinutes(1));

        var lapsed = await app.Services.AsUserAsync(kit.UserId, s => s.GetRequiredService<PlanEntitlements>().MayConnectAccountAsync());
        Assert.False(lapsed.Allowed);
        Assert.StartsWith("The payment for your Pro plan is more than 7 days overdue, so this workspace is read-only", lapsed.Reason);
    }

    [Fact]
    public async Task After_The_Trial_A_Due_Post_Is_Paused_Not_Sent_And_Subscribing_Offers_It_Instead_Of_Sending_It_Late()
    {
        using var kit = new PublishTestKit();
        await kit.SignInAsync();
        var creator = await kit.NewCreatorAsync();
        var account = await kit.ConnectAsync(creator);
        var (video, _) = await kit.VideoAsync(size: 6_000_000);
        var due = await kit.PostAsync(account, video);
        var later = await kit.PostAsync(account, video, publishAt: kit.App.Clock.GetUtcNow().AddDays(3));
        await BillingTestData.EndTrialAsync(kit.App, kit.Workspace.Id);

        await kit.RunOnceAsync(due.Id);

        var paused = await kit.LoadAsync(due.Id);
        Assert.Equal(PostStatus.Paused, paused.Status);
        Assert.Equal("Trial ended: choose a plan to publish", paused.FailMessage);
        Assert.Null(paused.PublishId);
        Assert.Null(paused.InitRequestedAt);
        Assert.Empty(await kit.EmulatorPostsAsync(creator));

        // The later post reaches its slot while still read-only.
        kit.App.Clock.Advance(TimeSpan.FromDays(3));
        await kit.RunOnceAsync(later.Id);
        Assert.Equal(PostStatus.Paused, (await kit.LoadAsync(later.Id)).Status);
        var fresh = await kit.PostAsync(account, video, publishAt: kit.App.Clock.GetUtcNow().AddDays(2), change: p =>
        {
            p.Status = PostStatus.Paused;
            p.FailMessage = PlanPause.TrialEndedReason;
        });

        await PayAsync(kit.App, await StartCheckoutAsync(kit.App, kit.UserId), "4242424242424242");
        await WebhooksSettledAsync(kit.App);

        var offered = await kit.LoadAsync(due.Id);
        Assert.Equal(PostStatus.Missed, offered.Status);
        Assert.Equal(PlanPause.MissedWhilePaused, offered.FailMessage);
        Assert.Equal(PostStatus.Missed, (await kit.LoadAsync(later.Id)).Status);
        Assert.Equal(PostStatus.Scheduled, (await kit.LoadAsync(fresh.Id)).Status);
        Assert.Empty(await kit.EmulatorPostsAsync(creator));
    }
}
