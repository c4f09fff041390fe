using Bunit;
using TikTokStudio.Tests.Infrastructure;
using TikTokStudio.Web.Features.Workspaces;
using static TikTokStudio.Tests.Features.Connections.ConnectionsTestData;

namespace TikTokStudio.Tests.Features.Workspaces;

/// <summary>The Settings page's danger zone: the Owner's only, and the button stays off until the name is typed.</summary>
public sealed class DeleteWorkspaceSettingsTests : StudioComponentTest
{
    [Fact]
    public async Task The_Owner_Must_Type_The_Name_Before_The_Delete_Button_Works()
    {
        await using var app = new StudioAppFactory();
        var (owner, _) = await app.CreateUserAsync(workspaceName: "Gone Soon");
        await SignInToApp(app, owner.Id);
        Render<MudBlazor.MudPopoverProvider>();

        var page = Render<SettingsPage>();

        Assert.Contains("This cannot be undone", page.Find("[data-testid=danger-zone]").TextContent);
        Assert.True(page.Find("button[data-testid=delete-workspace]").HasAttribute("disabled"));
        page.Find("input[data-testid=delete-confirm]").Input("Gone soon");
        Assert.True(page.Find("button[data-testid=delete-workspace]").HasAttribute("disabled"));
        page.Find("input[data-testid=delete-confirm]").Input("Gone Soon");
        Assert.False(page.Find("button[data-testid=delete-workspace]").HasAttribute("disabled"));
    }

    [Fact]
    public async Task An_Admin_Sees_No_Danger_Zone()
    {
        await using var app = new StudioAppFactory();
        var (_, workspace) = await app.CreateUserAsync(workspaceName: "Kept");
        var (admin, _) = await app.CreateUserAsync(workspaceName: "Admin's own");
        await AddMemberAsync(app, admin.Id, workspace.Id, WorkspaceRole.Admin);
        await SignInToApp(app, admin.Id);

        var page = Render<SettingsPage>();

        Assert.Empty(page.FindAll("[data-testid=danger-zone]"));
    }
}
