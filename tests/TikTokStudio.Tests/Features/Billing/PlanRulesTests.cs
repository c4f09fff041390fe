using TikTokStudio.Web.Features.Billing;

namespace TikTokStudio.Tests.Features.Billing;

/// <summary>The rules behind every "may this workspace do X now?" answer, without a database.</summary>
public sealed class PlanRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 10, 0, 0, TimeSpan.Zero);
    private readonly BillingOptions options = BillingTestData.Options();

    private PlanStanding On(string plan, SubscriptionState state = SubscriptionState.Active, DateTimeOffset? pastDueSince = null, DateTimeOffset? trialEndsAt = null) =>
        PlanRules.Standing(options, trialEndsAt ?? Now.AddDays(-30), new WorkspaceBilling { PlanId = plan, State = state, PastDueSince = pastDueSince, UpdatedAt = Now }, Now);

    [Fact]
    public void A_Workspace_In_Its_Trial_Has_The_Pro_Plan_Until_The_Trial_Ends()
    {
        var standing = PlanRules.Standing(options, Now.AddDays(5), null, Now);

        Assert.Equal(StandingKind.Trial, standing.Kind);
        Assert.Equal("pro", standing.Plan.Id);
        Assert.Equal(Now.AddDays(5), standing.Until);
        Assert.True(PlanRules.MayChange(standing).Allowed);
    }

    [Fact]
    public void The_Trial_Ending_Without_A_Plan_Makes_The_Workspace_Read_Only_And_Says_Nothing_Was_Deleted()
    {
        var standing = PlanRules.Standing(options, Now.AddMinutes(-1), null, Now);

        Assert.Equal(StandingKind.ReadOnly, standing.Kind);
        var refusal = PlanRules.MayConnectAccount(standing, 0);
        Assert.False(refusal.Allowed);
        Assert.Equal("Your free trial has ended, so this workspace is read-only: nothing has been deleted. Choose a plan to continue.", refusal.Reason);
    }

    [Fact]
    public void A_Paid_Plan_Applies_Its_Own_Limits_Even_During_The_Trial()
    {
        var standing = On("starter", trialEndsAt: Now.AddDays(10));

        Assert.Equal(StandingKind.Active, standing.Kind);
        Assert.Equal("starter", standing.Plan.Id);
    }

    [Fact]
    public void Past_Due_Keeps_The_Plan_For_Seven_Days_Then_Turns_Read_Only()
    {
        var inGrace = On("pro", SubscriptionState.PastDue, pastDueSince: Now.AddDays(-6));
        var afterGrace = On("pro", SubscriptionState.PastDue, pastDueSince: Now.AddDays(-7).AddMinutes(-1));

        Assert.Equal(StandingKind.PastDue, inGrace.Kind);
        Assert.Equal(Now.AddDays(1), inGrace.Until);
        Assert.True(PlanRules.MayChange(inGrace).Allowed);
        Assert.Equal(StandingKind.ReadOnly, afterGrace.Kind);
        Assert.Contains("more than 7 days overdue", PlanRules.MayChange(afterGrace).Reason);
    }

    [Fact]
    public void A_Canceled_Subscription_After_The_Trial_Is_Read_Only_Naming_The_Plan()
    {
        var standing = On("agency", SubscriptionState.Canceled);

        Assert.Equal(StandingKind.ReadOnly, standing.Kind);
        Assert.StartsWith("Your Agency subscription has ended", standing.ReadOnlyReason);
    }

    [Fact]
    public void Connecting_Past_The_Account_Limit_Names_The_Limit_And_The_Count()
    {
        var starter = On("starter");

        Assert.True(PlanRules.MayConnectAccount(starter, 1).Allowed);
        var refusal = PlanRules.MayConnectAccount(starter, 2);
        Assert.False(refusal.Allowed);
        Assert.Equal("Starter allows 2 TikTok accounts; you have 2. Upgrade to connect more.", refusal.Reason);
    }

    [Fact]
    public void Members_Are_Limited_On_Starter_And_Unlimited_On_Agency()
    {
        Assert.Equal("Starter allows 1 member; you have 1. Upgrade to invite more.", PlanRules.MayAddMember(On("starter"), 1).Reason);
        Assert.False(PlanRules.MayAddMember(On("pro"), 4, adding: 2).Allowed);
        Assert.True(PlanRules.MayAddMember(On("agency"), 500).Allowed);
    }

    [Fact]
    public void Scheduling_Counts_The_Posts_Being_Added_Against_The_Month()
    {
        var starter = On("starter");

        Assert.True(PlanRules.MaySchedule(starter, 149, 1, "December 2026").Allowed);
        var refusal = PlanRules.MaySchedule(starter, 149, 2, "December 2026");
        Assert.Equal("Starter allows 150 scheduled posts a month; December 2026 already has 149 and this would add 2. Upgrade to schedule more.", refusal.Reason);
        Assert.True(PlanRules.MaySchedule(On("pro"), 10_000, 5, "December 2026").Allowed);
    }

    [Fact]
    public void Storage_Refusal_Gives_Both_Sizes()
    {
        const long gib = 1024L * 1024 * 1024;

        Assert.True(PlanRules.MayStore(On("starter"), 9 * gib, gib).Allowed);
        var refusal = PlanRules.MayStore(On("starter"), 9 * gib, gib + 1);
        Assert.Equal("Starter allows 10.00 GiB of media; you use 9.00 GiB and this file is 1.00 GiB. Upgrade for more room, or delete files you no longer need.", refusal.Reason);
    }

    [Fact]
    public void A_Feature_Outside_The_Plan_Names_The_Plans_That_Have_It()
    {
        var refusal = PlanRules.MayUse(options, On("starter"), PlanFeatures.Approvals);

        Assert.Equal("Approvals are part of the Pro and Agency plans; this workspace is on Starter. Upgrade to use them.", refusal.Reason);
        Assert.Equal("Per-account access is part of the Agency plan; this workspace is on Pro. Upgrade to use it.",
            PlanRules.MayUse(options, On("pro"), PlanFeatures.PerAccountAccess).Reason);
        Assert.True(PlanRules.MayUse(options, PlanRules.Standing(options, Now.AddDays(3), null, Now), PlanFeatures.ApiAndWebhooks).Allowed);
    }

    [Fact]
    public void A_Downgrade_Below_Usage_Is_Allowed_And_What_Is_Over_Is_Listed()
    {
        var over = PlanRules.OverLimits(On("starter"), new PlanUsage(ConnectedAccounts: 5, Members: 3, ScheduledPostsThisMonth: 10, StorageBytes: 0));

        Assert.Equal(2, over.Count);
        Assert.Contains(over, o => o.StartsWith("5 TikTok accounts are connected and Starter allows 2"));
        Assert.Contains(over, o => o.StartsWith("The workspace has 3 members and Starter allows 1"));
    }

    [Fact]
    public void Read_Only_Wins_Over_Every_Limit_That_Would_Allow()
    {
        var readOnly = PlanRules.Standing(options, Now.AddDays(-1), null, Now);

        Assert.False(PlanRules.MaySchedule(readOnly, 0, 1, "December 2026").Allowed);
        Assert.False(PlanRules.MayStore(readOnly, 0, 1).Allowed);
        Assert.False(PlanRules.MayAddMember(readOnly, 0).Allowed);
        Assert.False(PlanRules.MayUse(options, readOnly, PlanFeatures.Approvals).Allowed);
    }
}
