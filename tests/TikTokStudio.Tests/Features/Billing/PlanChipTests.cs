using Bunit;
using TikTokStudio.Tests.Infrastructure;
using TikTokStudio.Web.Features.Billing;

namespace TikTokStudio.Tests.Features.Billing;

/// <summary>The app bar's chip follows the workspace's standing: the app's trial counts down, a paid plan (also in Stripe's own trial) is named.</summary>
public sealed class PlanChipTests : StudioComponentTest
{
    [Theory]
    [InlineData(null, null, "trial-badge", "14 days left in your trial")]
    [InlineData("pro", SubscriptionState.Trialing, "plan-badge", "Pro plan")]
    [InlineData("agency", SubscriptionState.Active, "plan-badge", "Agency plan")]
    [InlineData("pro", SubscriptionState.PastDue, "plan-badge", "Pro plan: payment failed")]
    public async Task The_Chip_Says_What_The_Workspace_Is_On(string? plan, SubscriptionState? state, string testId, string text)
    {
        await using var app = new StudioAppFactory();
        var (owner, workspace) = await app.CreateUserAsync();
        if (plan is not null) await BillingTestData.PutOnPlanAsync(app, workspace.Id, plan, state!.Value, pastDueSince: app.Clock.GetUtcNow());
        await SignInToApp(app, owner.Id);

        var chip = Render<PlanChip>();

        chip.WaitForAssertion(() => Assert.Equal(text, chip.Find($"[data-testid={testId}]").TextContent.Trim()), TimeSpan.FromSeconds(5));
    }
}
