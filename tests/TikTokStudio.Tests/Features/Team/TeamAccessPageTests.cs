using Bunit;
using Microsoft.Extensions.DependencyInjection;
using TikTokStudio.Tests.Features.Activity;
using TikTokStudio.Tests.Features.Billing;
using TikTokStudio.Tests.Infrastructure;
using TikTokStudio.Web.Account;
using TikTokStudio.Web.Data;
using TikTokStudio.Web.Features.Activity;
using TikTokStudio.Web.Features.Workspaces;
using static TikTokStudio.Tests.Features.Connections.ConnectionsTestData;

namespace TikTokStudio.Tests.Features.Team;

/// <summary>The Team page's per-account access control on the circuit, and the sole Owner's missing "Leave workspace".</summary>
public sealed class TeamAccessPageTests : StudioComponentTest
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task On_A_Plan_Without_Per_Account_Access_The_Editor_Names_The_Plan_With_Upgrade_And_Stores_Nothing()
    {
        await using var app = new StudioAppFactory();
        var (owner, workspace) = await app.CreateUserAsync(workspaceName: "Pro Co");
        await BillingTestData.PutOnPlanAsync(app, workspace.Id, "pro");
        var (editor, _) = await app.CreateUserAsync(email: $"editor-{Guid.NewGuid():N}@example.com", workspaceName: "Editor's own");
        await AddMemberAsync(app, editor.Id, workspace.Id, WorkspaceRole.Editor);
        await AddAccountAsync(app, workspace, "Alpha", "alpha");
        await SignInToApp(app, owner.Id);
        Services.AddScoped<EmailLinks>();

        var page = Render<TeamPageHarness>();
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=member]").Count), Patience);
        page.Find($"button[aria-label='Choose the accounts of {editor.Email}']").Click();
        page.FindAll("[data-testid=access-editor] input[type=radio]")[1].Click();
        page.WaitForAssertion(() => Assert.False(page.FindAll("[data-testid=access-editor] input[type=checkbox]")[0].HasAttribute("disabled")), Patience);
        page.FindAll("[data-testid=access-editor] input[type=checkbox]")[0].Change(true);
        page.Find("button[data-testid=save-access]").Click();

        page.WaitForAssertion(() => Assert.Equal(
            "Per-account access is part of the Agency plan; this workspace is on Pro. Upgrade to use it.",
            page.Find("[data-testid=access-editor] [data-testid=plan-limit] span").TextContent.Trim()), Patience);
        Assert.Equal("/app/billing", page.Find("[data-testid=access-editor] [data-testid=upgrade]").GetAttribute("href"));
        Assert.Empty(page.FindAll("[data-testid=access-error]"));
        Assert.Equal("", page.Find("[data-testid=team-status]").TextContent.Trim());
        Assert.Null((await app.RowsOfAsync<Membership>(workspace.Id)).Single(m => m.UserId == editor.Id).AccountIds);
        Assert.DoesNotContain(await app.EntriesAsync(workspace.Id), e => e.Kind == ActivityKinds.MemberAccessChanged);
    }

    [Fact]
    public async Task An_Owner_Limits_An_Editor_To_One_Account_And_Gives_All_Back()
    {
        await using var app = new StudioAppFactory();
        var (owner, workspace) = await app.CreateUserAsync(workspaceName: "Access Co");
        await BillingTestData.PutOnPlanAsync(app, workspace.Id, "agency");
        var (editor, _) = await app.CreateUserAsync(email: $"editor-{Guid.NewGuid():N}@example.com", workspaceName: "Editor's own");
        await AddMemberAsync(app, editor.Id, workspace.Id, WorkspaceRole.Editor);
        var alpha = await AddAccountAsync(app, workspace, "Alpha", "alpha");
        await AddAccountAsync(app, workspace, "Beta", "beta");
        await SignInToApp(app, owner.Id);
        Services.AddScoped<EmailLinks>();

        var page = Render<TeamPageHarness>();
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=member]").Count), Patience);
        var editorRow = page.FindAll("[data-testid=member]").Single(m => m.TextContent.Contains(editor.Email!));
        Assert.Equal("All accounts", editorRow.QuerySelector("[data-testid=member-accounts]")!.TextContent.Trim());
        // Owners and Admins always have all: no control to limit them.
        var ownerRow = page.FindAll("[data-testid=member]").Single(m => m.TextContent.Contains(owner.Email!));
        Assert.Equal("All accounts (always, as Owner)", ownerRow.QuerySelector("[data-testid=member-accounts]")!.TextContent.Trim());

        page.Find($"button[aria-label='Choose the accounts of {editor.Email}']").Click();
        var editorPanel = page.Find("[data-testid=access-editor]");
        Assert.Equal($"Accounts {editor.Email} may see and post to", editorPanel.GetAttribute("aria-label"));
        page.FindAll("[data-testid=access-editor] input[type=radio]")[1].Click();
        page.WaitForAssertion(() => Assert.False(page.FindAll("[data-testid=access-editor] input[type=checkbox]")[0].HasAttribute("disabled")), Patience);
        page.Find("button[data-testid=save-access]").Click();
        page.WaitForAssertion(() => Assert.Contains("Choose at least one account", page.Find("[data-testid=access-error]").TextContent), Patience);

        page.FindAll("[data-testid=access-editor] input[type=checkbox]")[0].Change(true);
        page.Find("button[data-testid=save-access]").Click();

        page.WaitForAssertion(() => Assert.Empty(page.FindAll("[data-testid=access-editor]")), Patience);
        editorRow = page.FindAll("[data-testid=member]").Single(m => m.TextContent.Contains(editor.Email!));
        Assert.Equal("Only @alpha", editorRow.QuerySelector("[data-testid=member-accounts]")!.TextContent.Trim());
        Assert.Contains("now sees only the chosen accounts", page.Find("[data-testid=team-status]").TextContent);
        Assert.Equal(alpha.Id.ToString(), (await app.RowsOfAsync<Membership>(workspace.Id)).Single(m => m.UserId == editor.Id).AccountIds);
        var entry = (await app.EntriesAsync(workspace.Id)).Single(e => e.Kind == ActivityKinds.MemberAccessChanged);
        Assert.Equal((owner.Email, CircuitAddress), (entry.ActorName, entry.Ip));

        page.Find($"button[aria-label='Choose the accounts of {editor.Email}']").Click();
        page.FindAll("[data-testid=access-editor] input[type=radio]")[0].Click();
        page.Find("button[data-testid=save-access]").Click();
        page.WaitForAssertion(() => Assert.Equal("All accounts",
            page.FindAll("[data-testid=member]").Single(m => m.TextContent.Contains(editor.Email!)).QuerySelector("[data-testid=member-accounts]")!.TextContent.Trim()), Patience);
        Assert.Null((await app.RowsOfAsync<Membership>(workspace.Id)).Single(m => m.UserId == editor.Id).AccountIds);
    }

    [Fact]
    public async Task A_Sole_Owner_Sees_Why_They_Cannot_Leave_Instead_Of_The_Button()
    {
        await using var app = new StudioAppFactory();
        var (owner, _) = await app.CreateUserAsync(workspaceName: "Solo Co");
        await SignInToApp(app, owner.Id);
        Services.AddScoped<EmailLinks>();

        var page = Render<TeamPageHarness>();

        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=member]")), Patience);
        Assert.DoesNotContain(page.FindAll("button"), b => b.TextContent.Trim() == "Leave workspace");
        Assert.StartsWith("Transfer ownership before leaving", page.Find("[data-testid=sole-owner-note]").TextContent.Trim());
    }
}
