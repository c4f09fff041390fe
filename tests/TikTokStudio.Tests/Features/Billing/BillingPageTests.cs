using Bunit;
using TikTokStudio.Tests.Infrastructure;
using TikTokStudio.Web.Features.Billing;
using TikTokStudio.Web.Features.Workspaces;
using static TikTokStudio.Tests.Features.Connections.ConnectionsTestData;

namespace TikTokStudio.Tests.Features.Billing;

public sealed class BillingPageTests : StudioComponentTest
{
    [Fact]
    public async Task The_Owner_Sees_The_Trial_Usage_Against_Every_Limit_And_The_Three_Plans()
    {
        await using var app = new StudioAppFactory();
        var (owner, workspace) = await app.CreateUserAsync(workspaceName: "Billing Co");
        await AddAccountAsync(app, workspace, "One", "one");
        await SignInToApp(app, owner.Id);

        var page = Render<BillingPage>();

        page.WaitForAssertion(() => Assert.Equal("Pro", page.Find("[data-testid=plan-name]").TextContent));
        Assert.Contains("Free trial: 14 days left in your trial", page.Find("[data-testid=plan-state]").TextContent);
        var usage = page.FindAll("[data-testid=usage-row]").Select(r => r.TextContent).ToList();
        Assert.Equal(4, usage.Count);
        Assert.Contains(usage, u => u.Contains("TikTok accounts") && u.Contains("1 of 10"));
        Assert.Contains(usage, u => u.Contains("Members") && u.Contains("1 of 5"));
        Assert.Equal(3, page.FindAll("[data-testid^=choose-]").Count);
        Assert.Contains("No invoices yet.", page.Markup);
    }

    [Fact]
    public async Task A_Downgraded_Workspace_Is_Told_What_Is_Over_The_Limit()
    {
        await using var app = new StudioAppFactory();
        var (owner, workspace) = await app.CreateUserAsync(workspaceName: "Big Co");
        foreach (var n in new[] { "a", "b", "c" }) await AddAccountAsync(app, workspace, n, n);
        await BillingTestData.PutOnPlanAsync(app, workspace.Id, "starter");
        await SignInToApp(app, owner.Id);

        var page = Render<BillingPage>();

        page.WaitForAssertion(() => Assert.Equal("Starter", page.Find("[data-testid=plan-name]").TextContent));
        Assert.Contains("3 TikTok accounts are connected and Starter allows 2", page.Find("[data-testid=over-limit]").TextContent);
    }

    [Fact]
    public async Task Anyone_But_The_Owner_Gets_The_Owner_Only_State_And_No_Plan_Buttons()
    {
        await using var app = new StudioAppFactory();
        var (_, workspace) = await app.CreateUserAsync(workspaceName: "Owned");
        var (admin, _) = await app.CreateUserAsync(workspaceName: "Admin's own");
        await AddMemberAsync(app, admin.Id, workspace.Id, WorkspaceRole.Admin);
        await SignInToApp(app, admin.Id);

        var page = Render<BillingPage>();

        Assert.Contains("Only the Owner manages billing", page.Find("[data-testid=billing-owner-only]").TextContent);
        Assert.Empty(page.FindAll("[data-testid^=choose-]"));
        Assert.Empty(page.FindAll("[data-testid=usage-row]"));
    }
}
