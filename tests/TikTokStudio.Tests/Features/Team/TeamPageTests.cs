using Bunit;
using Microsoft.Extensions.DependencyInjection;
using TikTokStudio.Tests.Infrastructure;
using TikTokStudio.Web.Account;
using TikTokStudio.Web.Data;
using TikTokStudio.Web.Features.Team;
using TikTokStudio.Web.Features.Workspaces;
using static TikTokStudio.Tests.Features.Connections.ConnectionsTestData;

namespace TikTokStudio.Tests.Features.Team;

public sealed class TeamPageTests : StudioComponentTest
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task An_Owner_Sees_Members_With_Role_And_Last_Active_Invites_And_Removes_After_Confirming()
    {
        await using var app = new StudioAppFactory();
        var (owner, workspace) = await app.CreateUserAsync(email: $"owner-{Guid.NewGuid():N}@example.com", workspaceName: "Team Co");
        var (editor, _) = await app.CreateUserAsync(email: $"editor-{Guid.NewGuid():N}@example.com", workspaceName: "Editor's own");
        await AddMemberAsync(app, editor.Id, workspace.Id, WorkspaceRole.Editor);
        var (stranger, _) = await app.CreateUserAsync(workspaceName: "Stranger's");
        await SignInToApp(app, owner.Id);
        Services.AddScoped<EmailLinks>();
        var invitee = $"new-{Guid.NewGuid():N}@example.com";

        var page = Render<TeamPageHarness>();
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=member]").Count), Patience);
        var members = page.Find("[data-testid=members]").TextContent;
        page.Find("input[data-testid=invite-email]").Change(invitee);
        page.Find("button[data-testid=invite-button]").Click();
        page.WaitForAssertion(() => Assert.Contains(invitee, page.Find("[data-testid=pending]").TextContent), Patience);
        var invited = page.Find("[data-testid=team-status]").TextContent.Trim();
        page.Find($"button[aria-label='Remove {editor.Email}']").Click();
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll(".mud-dialog")), Patience);
        Assert.Contains("loses access to Team Co on their next click", page.Find(".mud-dialog").TextContent);
        page.Find(".mud-dialog").QuerySelectorAll("button").Single(b => b.TextContent.Trim() == "Remove").Click();

        Assert.Contains(owner.Email!, members);
        Assert.Contains("Editor", members);
        Assert.Contains("not active yet", members);
        Assert.DoesNotContain(stranger.Email!, members);
        Assert.Equal($"Invited {invitee} as Editor. The link in the email works for 7 days.", invited);
        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=member]")), Patience);
        Assert.Equal($"Removed {editor.Email}: they lose access on their next click.", page.Find("[data-testid=team-status]").TextContent.Trim());
        Assert.DoesNotContain(await app.RowsOfAsync<Membership>(workspace.Id), m => m.UserId == editor.Id);
    }

    [Fact]
    public async Task A_Wrong_Address_Is_Explained_Under_The_Field_And_Nothing_Is_Sent()
    {
        await using var app = new StudioAppFactory();
        var (owner, workspace) = await app.CreateUserAsync(workspaceName: "Typo Co");
        await SignInToApp(app, owner.Id);
        Services.AddScoped<EmailLinks>();

        var page = Render<TeamPageHarness>();
        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=member]")), Patience);
        page.Find("input[data-testid=invite-email]").Change("someone at example");
        page.Find("button[data-testid=invite-button]").Click();

        page.WaitForAssertion(() => Assert.Contains("Enter the email address to invite, such as name@example.com.", page.Find("[data-testid=invite-form]").TextContent), Patience);
        Assert.Empty(await app.RowsOfAsync<Invitation>(workspace.Id));
    }

    [Fact]
    public async Task An_Invitation_Past_The_Plans_Members_Says_Which_Limit_With_The_Upgrade_Button_And_Sends_Nothing()
    {
        await using var app = new StudioAppFactory();
        var (owner, workspace) = await app.CreateUserAsync(workspaceName: "Solo Co");
        await TikTokStudio.Tests.Features.Billing.BillingTestData.PutOnPlanAsync(app, workspace.Id, "starter");
        await SignInToApp(app, owner.Id);
        Services.AddScoped<EmailLinks>();

        var page = Render<TeamPageHarness>();
        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=member]")), Patience);
        page.Find("input[data-testid=invite-email]").Change($"second-{Guid.NewGuid():N}@example.com");
        page.Find("button[data-testid=invite-button]").Click();

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=invite-form] [data-testid=plan-limit]")), Patience);
        var alert = page.Find("[data-testid=invite-form] [data-testid=plan-limit]");
        Assert.Contains("Starter allows 1 member; you have 1. Upgrade to invite more.", alert.TextContent);
        Assert.Equal("/app/billing", alert.QuerySelector("a[data-testid=upgrade]")!.GetAttribute("href"));
        // Not a problem with the address: the field stays clean, and the status line does not repeat the alert.
        Assert.Empty(page.FindAll("[data-testid=invite-form] .mud-input-error"));
        Assert.Equal("", page.Find("[data-testid=team-status]").TextContent.Trim());
        Assert.Empty(await app.RowsOfAsync<Invitation>(workspace.Id));
    }

    [Fact]
    public async Task A_Viewer_Sees_The_Team_But_No_Invitations_Or_Member_Controls()
    {
        await using var app = new StudioAppFactory();
        var (owner, workspace) = await app.CreateUserAsync(workspaceName: "Look Co");
        var (viewer, _) = await app.CreateUserAsync(workspaceName: "Viewer's own");
        await AddMemberAsync(app, viewer.Id, workspace.Id, WorkspaceRole.Viewer);
        await SignInToApp(app, viewer.Id);
        Services.AddScoped<EmailLinks>();

        var page = Render<TeamPageHarness>();
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=member]").Count), Patience);

        Assert.Empty(page.FindAll("[data-testid=invite-form]"));
        Assert.Empty(page.FindAll("[data-testid=pending]"));
        Assert.DoesNotContain(page.FindAll("button"), b => b.TextContent.Trim() is "Remove" or "Make Owner");
        Assert.Contains(page.FindAll("button"), b => b.TextContent.Trim() == "Leave workspace");
        Assert.Contains(owner.Email!, page.Find("[data-testid=members]").TextContent);
    }
}
