using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TikTokStudio.Tests.Infrastructure;
using TikTokStudio.Web.Data;
using TikTokStudio.Web.Features.Workspaces;
using static TikTokStudio.Tests.Features.Connections.ConnectionsTestData;

namespace TikTokStudio.Tests.Features.Workspaces;

public sealed class SettingsPageTests : StudioComponentTest
{
    [Fact]
    public async Task An_Owner_Renames_The_Workspace_On_The_Circuit()
    {
        await using var app = new StudioAppFactory();
        var (user, workspace) = await app.CreateUserAsync(workspaceName: "Old name", timeZoneId: "Europe/Paris");
        await SignInToApp(app, user.Id);
        Render<MudBlazor.MudPopoverProvider>();
        var page = Render<SettingsPage>();
        Assert.Equal("Old name", page.Find("#workspace-name").GetAttribute("value"));

        page.Find("#workspace-name").Change("New name");
        page.FindAll("button").Single(b => b.TextContent.Trim() == "Save").Click();

        page.WaitForAssertion(() => Assert.Equal("Saved.", page.Find("[data-testid=saved]").TextContent.Trim()));
        Assert.Equal(("New name", "Europe/Paris"), await StoredAsync(app, workspace.Id));
        // The circuit's address, captured when it opened, is on the entry of a change made many clicks later.
        var entry = Assert.Single(await TikTokStudio.Tests.Features.Activity.ActivityTestKit.EntriesAsync(app, workspace.Id));
        Assert.Equal((user.Email, CircuitAddress), (entry.ActorName, entry.Ip));
    }

    [Fact]
    public async Task An_Empty_Name_Is_Refused_With_The_Message_Under_The_Field()
    {
        await using var app = new StudioAppFactory();
        var (user, workspace) = await app.CreateUserAsync(workspaceName: "Keep me");
        await SignInToApp(app, user.Id);
        Render<MudBlazor.MudPopoverProvider>();
        var page = Render<SettingsPage>();

        page.Find("#workspace-name").Change("   ");
        page.FindAll("button").Single(b => b.TextContent.Trim() == "Save").Click();

        page.WaitForAssertion(() => Assert.Contains("Give the workspace a name.", page.Markup));
        Assert.Empty(page.FindAll("[data-testid=saved]"));
        Assert.Equal("Keep me", (await StoredAsync(app, workspace.Id)).Name);
    }

    [Theory]
    [InlineData(WorkspaceRole.Viewer)]
    [InlineData(WorkspaceRole.Editor)]
    public async Task Viewers_And_Editors_See_The_Settings_Read_Only_With_The_Reason(WorkspaceRole role)
    {
        await using var app = new StudioAppFactory();
        var (_, workspace) = await app.CreateUserAsync(workspaceName: "Owned", timeZoneId: "America/New_York");
        var (member, _) = await app.CreateUserAsync(workspaceName: "Member's own");
        await AddMemberAsync(app, member.Id, workspace.Id, role);
        await SignInToApp(app, member.Id);

        var page = Render<SettingsPage>();

        Assert.Empty(page.FindAll("input"));
        Assert.Empty(page.FindAll("button"));
        Assert.Contains("Owned", page.Find("[data-testid=read-only-settings]").TextContent);
        Assert.Contains("America/New York", page.Find("[data-testid=read-only-settings]").TextContent);
        Assert.Contains($"Only the Owner and Admins of this workspace can change the workspace's settings. Your role here is {role}.", System.Net.WebUtility.HtmlDecode(page.Markup));
    }

    [Fact]
    public async Task Creating_A_Workspace_Starts_In_The_Users_Zone_And_Opens_It()
    {
        await using var app = new StudioAppFactory();
        var (user, first) = await app.CreateUserAsync(workspaceName: "First", timeZoneId: "Asia/Tokyo");
        await SignInToApp(app, user.Id);
        Render<MudBlazor.MudPopoverProvider>();
        var page = Render<CreateWorkspacePage>();
        page.WaitForAssertion(() => Assert.Equal("Asia/Tokyo".Replace('_', ' '), page.Find("#workspace-zone").GetAttribute("value")));

        page.Find("#workspace-name").Change("Second brand");
        page.FindAll("button").Single(b => b.TextContent.Trim() == "Create workspace").Click();

        page.WaitForAssertion(() => Assert.EndsWith("/app", Services.GetRequiredService<NavigationManager>().Uri));
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<StudioDbContext>();
        var created = await db.Workspaces.SingleAsync(w => w.Name == "Second brand");
        Assert.Equal("Asia/Tokyo", created.TimeZoneId);
        Assert.Equal(WorkspaceRole.Owner, (await db.Memberships.IgnoreQueryFilters().SingleAsync(m => m.WorkspaceId == created.Id)).Role);
        Assert.Equal(created.Id, (await db.Users.SingleAsync(u => u.Id == user.Id)).CurrentWorkspaceId);
        Assert.NotEqual(first.Id, created.Id);
    }

    [Fact]
    public async Task Creating_A_Workspace_Without_A_Name_Stores_Nothing()
    {
        await using var app = new StudioAppFactory();
        var (user, _) = await app.CreateUserAsync(workspaceName: "Only one");
        await SignInToApp(app, user.Id);
        Render<MudBlazor.MudPopoverProvider>();
        var page = Render<CreateWorkspacePage>();
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("#workspace-name")));

        page.FindAll("button").Single(b => b.TextContent.Trim() == "Create workspace").Click();

        page.WaitForAssertion(() => Assert.Contains("Give the workspace a name.", page.Markup));
        using var scope = app.Services.CreateScope();
        Assert.Equal(1, await scope.ServiceProvider.GetRequiredService<StudioDbContext>().Memberships.IgnoreQueryFilters().CountAsync(m => m.UserId == user.Id));
    }

    private static async Task<(string Name, string TimeZoneId)> StoredAsync(StudioAppFactory app, Guid workspaceId)
    {
        using var scope = app.Services.CreateScope();
        var saved = await scope.ServiceProvider.GetRequiredService<StudioDbContext>().Workspaces.SingleAsync(w => w.Id == workspaceId);
        return (saved.Name, saved.TimeZoneId);
    }
}
