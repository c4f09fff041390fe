using Bunit;
using TikTokStudio.Tests.Infrastructure;
using TikTokStudio.Web.Features.Api;
using TikTokStudio.Web.Features.Approvals;
using TikTokStudio.Web.Features.Webhooks;

namespace TikTokStudio.Tests.Features.Billing;

/// <summary>The settings pages of plan features on a plan without them: the plan's words and the Upgrade button, never a bare failure.</summary>
public sealed class PlanFeaturePagesTests : StudioComponentTest
{
    private const string OnStarter = "The API and webhooks are part of the Pro and Agency plans; this workspace is on Starter. Upgrade to use them.";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(5);

    [Theory]
    [InlineData(typeof(ApiKeysPage), "api-key-form")]
    [InlineData(typeof(WebhooksPage), "endpoint-form")]
    public async Task The_Page_Says_The_Plan_Lacks_The_Api_And_Webhooks_With_Upgrade(Type page, string form)
    {
        await using var app = new StudioAppFactory();
        var (owner, workspace) = await app.CreateUserAsync();
        await BillingTestData.PutOnPlanAsync(app, workspace.Id, "starter");
        await SignInToApp(app, owner.Id);

        var rendered = Render<PageWithProviders>(p => p.Add(x => x.Page, page));

        rendered.WaitForAssertion(() => Assert.Equal(OnStarter, rendered.Find("[data-testid=plan-limit] span").TextContent.Trim()), Patience);
        Assert.Equal("/app/billing", rendered.Find("[data-testid=upgrade]").GetAttribute("href"));
        Assert.Equal("alert", rendered.Find("[data-testid=plan-limit]").GetAttribute("role"));
        Assert.NotNull(rendered.Find($"[data-testid={form}]")); // the form stays: existing keys and endpoints are still managed here
        // What the plan refuses cannot be clicked: creating a key, adding an endpoint.
        var create = page == typeof(ApiKeysPage) ? "api-key-create" : "endpoint-save";
        Assert.True(rendered.Find($"button[data-testid={create}]").HasAttribute("disabled"));
    }

    [Fact]
    public async Task Turning_Approvals_On_Under_Starter_Shows_The_Plan_Limit_Not_An_Error()
    {
        await using var app = new StudioAppFactory();
        var (owner, workspace) = await app.CreateUserAsync();
        await BillingTestData.PutOnPlanAsync(app, workspace.Id, "starter");
        await SignInToApp(app, owner.Id);

        var panel = Render<ApprovalSettingsPanel>();
        panel.WaitForAssertion(() => Assert.NotEmpty(panel.FindAll("[data-testid=approval-mode] input[type=radio]")), Patience);
        panel.FindAll("[data-testid=approval-mode] input[type=radio]")[1].Click();
        panel.Find("button[data-testid=approval-save]").Click();

        panel.WaitForAssertion(() => Assert.Equal("Approvals are part of the Pro and Agency plans; this workspace is on Starter. Upgrade to use them.",
            panel.Find("[data-testid=plan-limit] span").TextContent.Trim()), Patience);
        Assert.Empty(panel.FindAll("[data-testid=approval-settings-result]"));
    }
}
