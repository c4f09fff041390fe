using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TikTokStudio.Tests.Infrastructure;
using TikTokStudio.Web.Data;
using TikTokStudio.Web.Features.Workspaces;

namespace TikTokStudio.Tests.Features.Workspaces;

public sealed class AppAccessTests : IClassFixture<StudioAppFactoryFixture>
{
    private readonly StudioAppFactory app;

    public AppAccessTests(StudioAppFactoryFixture fixture) => app = fixture.App;

    [Fact]
    public async Task Anonymous_App_Request_Redirects_To_Login()
    {
        var client = app.CreateBrowserLikeClient();

        var response = await client.GetAsync("/app/calendar");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Account/Login", response.Headers.Location!.PathAndQuery, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("ReturnUrl=%2Fapp%2Fcalendar", response.Headers.Location!.Query);
    }

    [Fact]
    public async Task Healthz_Reports_Healthy_When_Database_And_Scheduler_Are_Up()
    {
        var response = await app.CreateClient().GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Signed_In_Member_Sees_Their_Workspace_And_Trial_On_The_Dashboard()
    {
        var (user, workspace) = await app.CreateUserAsync(workspaceName: "Dashboard Co");
        var client = await app.SignInAsync(user.Email!);

        var html = await client.GetStringAsync("/app");

        Assert.Contains("Dashboard Co", html);
        Assert.Contains("14 days left in your trial", html);
    }

    [Fact]
    public async Task Switching_Changes_The_Current_Workspace_Only_To_One_The_User_Belongs_To()
    {
        var (user, first) = await app.CreateUserAsync(workspaceName: "Alpha");
        var second = await AddWorkspaceAsync(user.Id, "Beta");
        var (_, foreign) = await app.CreateUserAsync(workspaceName: "Theirs");
        await SetCurrentAsync(user.Id, first.Id);
        await using var asUser = await TikTokStudio.Tests.Features.Connections.ConnectionsTestData.AsMemberAsync(app, user.Id);
        var workspaces = asUser.ServiceProvider.GetRequiredService<WorkspaceService>();

        Assert.False(await workspaces.SwitchAsync(user.Id, foreign.Id));
        Assert.Equal(first.Id, await CurrentWorkspaceOfAsync(user.Id));
        Assert.True(await workspaces.SwitchAsync(user.Id, second.Id));
        Assert.Equal(second.Id, await CurrentWorkspaceOfAsync(user.Id));
        var client = await app.SignInAsync(user.Email!);
        var html = await client.GetStringAsync("/app");
        Assert.Contains("Beta", html);
        Assert.DoesNotContain("Theirs", html);
    }

    [Fact]
    public async Task The_Old_Switch_Form_Post_Is_Gone_And_Changes_Nothing()
    {
        var (user, first) = await app.CreateUserAsync(workspaceName: "First");
        var second = await AddWorkspaceAsync(user.Id, "Second");
        await SetCurrentAsync(user.Id, first.Id);
        var client = await app.SignInAsync(user.Email!);
        var token = StudioAppFactory.AntiforgeryMetaOf(await client.GetStringAsync("/app"));

        var request = new HttpRequestMessage(HttpMethod.Post, "/app/workspaces/switch")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["workspaceId"] = second.Id.ToString() }),
        };
        request.Headers.Add("RequestVerificationToken", token);
        var response = await client.SendAsync(request);

        Assert.Contains(response.StatusCode, new[] { HttpStatusCode.NotFound, HttpStatusCode.MethodNotAllowed });
        Assert.Equal(first.Id, await CurrentWorkspaceOfAsync(user.Id));
    }

    [Fact]
    public async Task Viewer_Cannot_Change_Workspace_Settings()
    {
        var (owner, workspace) = await app.CreateUserAsync(workspaceName: "Owned");
        var (viewer, _) = await app.CreateUserAsync(workspaceName: "Viewer's own");
        await AddMembershipAsync(viewer.Id, workspace.Id, WorkspaceRole.Viewer);
        await SetCurrentAsync(viewer.Id, workspace.Id);
        var client = await app.SignInAsync(viewer.Email!);
        var page = await client.GetStringAsync("/app/settings");
        Assert.Contains("Only the Owner and Admins of this workspace can change the workspace's settings.", WebUtility.HtmlDecode(page));

        await using (var asViewer = await TikTokStudio.Tests.Features.Connections.ConnectionsTestData.AsMemberAsync(app, viewer.Id))
        {
            var result = await asViewer.ServiceProvider.GetRequiredService<WorkspaceService>().UpdateSettingsAsync("Hijacked", "UTC");
            Assert.False(result.Saved);
            Assert.Equal(WorkspaceService.OnlyAdmins, result.RefusedBecause);
        }

        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<StudioDbContext>();
        Assert.Equal("Owned", (await db.Workspaces.SingleAsync(w => w.Id == workspace.Id)).Name);
    }

    [Fact]
    public async Task Owner_Renames_The_Workspace_And_An_Unknown_Time_Zone_Is_Explained()
    {
        var (owner, workspace) = await app.CreateUserAsync(workspaceName: "Old name");
        await using var asOwner = await TikTokStudio.Tests.Features.Connections.ConnectionsTestData.AsMemberAsync(app, owner.Id);
        var settings = asOwner.ServiceProvider.GetRequiredService<WorkspaceService>();

        var bad = await settings.UpdateSettingsAsync("New name", "Mars/Olympus");
        var good = await settings.UpdateSettingsAsync("  New name ", "America/New_York");

        Assert.False(bad.Saved);
        Assert.Equal("Choose a time zone from the list.", bad.TimeZoneProblem);
        Assert.Null(bad.NameProblem);
        Assert.True(good.Saved);
        using var scope = app.Services.CreateScope();
        var saved = await scope.ServiceProvider.GetRequiredService<StudioDbContext>().Workspaces.SingleAsync(w => w.Id == workspace.Id);
        Assert.Equal(("New name", "America/New_York"), (saved.Name, saved.TimeZoneId));
    }

    [Fact]
    public async Task Another_Workspaces_Settings_Cannot_Be_Reached_Through_The_Removed_Form_Post()
    {
        var (owner, _) = await app.CreateUserAsync(workspaceName: "Posted");
        var client = await app.SignInAsync(owner.Email!);
        var token = StudioAppFactory.AntiforgeryMetaOf(await client.GetStringAsync("/app/settings"));

        var request = new HttpRequestMessage(HttpMethod.Post, "/app/settings/workspace")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["name"] = "Via form", ["timeZoneId"] = "UTC" }),
        };
        request.Headers.Add("RequestVerificationToken", token);
        var response = await client.SendAsync(request);

        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
        using var scope = app.Services.CreateScope();
        Assert.False(await scope.ServiceProvider.GetRequiredService<StudioDbContext>().Workspaces.IgnoreQueryFilters().AnyAsync(w => w.Name == "Via form"));
    }

    private async Task<Workspace> AddWorkspaceAsync(string userId, string name)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<StudioDbContext>();
        var user = await db.Users.SingleAsync(u => u.Id == userId);
        return await scope.ServiceProvider.GetRequiredService<WorkspaceService>().CreateAsync(user, name, "UTC");
    }

    private async Task AddMembershipAsync(string userId, Guid workspaceId, WorkspaceRole role)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<StudioDbContext>();
        db.Memberships.Add(new Membership { UserId = userId, WorkspaceId = workspaceId, Role = role, CreatedAt = DateTimeOffset.UtcNow });
        await db.SaveChangesAsync();
    }

    private async Task SetCurrentAsync(string userId, Guid workspaceId)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<StudioDbContext>();
        (await db.Users.SingleAsync(u => u.Id == userId)).CurrentWorkspaceId = workspaceId;
        await db.SaveChangesAsync();
    }

    private async Task<Guid?> CurrentWorkspaceOfAsync(string userId)
    {
        using var scope = app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<StudioDbContext>().Users
            .Where(u => u.Id == userId).Select(u => u.CurrentWorkspaceId).SingleAsync();
    }
}
