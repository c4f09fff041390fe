using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using TikTokStudio.Tests.Infrastructure;
using TikTokStudio.Web.Features.Connections;
using TikTokStudio.Web.Features.Posts;
using TikTokStudio.Web.Features.Workspaces;
using TikTokStudio.Web.Live;
using static TikTokStudio.Tests.Features.Connections.ConnectionsTestData;

namespace TikTokStudio.Tests.Features.Connections;

/// <summary>The connections page on the circuit, against the real app: its handlers, its database, its live events.</summary>
public sealed class ConnectionsPageTests : StudioComponentTest
{
    [Fact]
    public async Task Each_Account_Shows_Its_Avatar_Or_Initials_Its_Health_And_Its_Mode_With_The_Reason()
    {
        await using var app = new StudioAppFactory();
        var (user, workspace) = await app.CreateUserAsync(workspaceName: "Rows Co");
        await AddAccountAsync(app, workspace, "Pia Public", "pia", a => a.AvatarUrl = "https://example.test/pia.jpg");
        await AddAccountAsync(app, workspace, "Uma Upload", "uma", a => a.GrantedScopes = "user.info.basic,video.upload");
        await SignInToApp(app, user.Id);

        var page = Render<ConnectionsPage>();

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=account-row]").Count));
        var pia = Row(page, "Pia Public");
        Assert.Equal("https://example.test/pia.jpg", pia.QuerySelector("img")!.GetAttribute("src"));
        Assert.Contains("@pia", pia.TextContent);
        Assert.Equal("Ready", pia.QuerySelector("[data-health]")!.GetAttribute("data-health"));
        Assert.Contains("Ready", pia.QuerySelector("[data-health]")!.TextContent);
        Assert.Equal("Direct post", pia.QuerySelector("[data-mode]")!.TextContent.Trim());
        Assert.Contains("published to the profile", pia.QuerySelector("[data-testid=mode-reason]")!.TextContent);
        var uma = Row(page, "Uma Upload");
        Assert.Equal("UU", uma.QuerySelector("[data-testid=avatar-initials]")!.TextContent.Trim());
        Assert.Equal("Draft (inbox)", uma.QuerySelector("[data-mode]")!.TextContent.Trim());
        Assert.Contains("allowed uploads only", uma.QuerySelector("[data-testid=mode-reason]")!.TextContent);
        Assert.DoesNotContain(uma.QuerySelectorAll("button"), b => b.TextContent.Contains("Switch"));
        Assert.Contains("TikTok is emulated on this installation", page.Find("[data-testid=emulated-note]").TextContent);
    }

    [Fact]
    public async Task Switching_A_Direct_Account_To_Drafts_Changes_Its_Badge_And_Back()
    {
        await using var app = new StudioAppFactory();
        var (user, workspace) = await app.CreateUserAsync(workspaceName: "Switch Co");
        var account = await AddAccountAsync(app, workspace, "Pia Public", "pia");
        await SignInToApp(app, user.Id);
        var page = Render<ConnectionsPage>();
        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=account-row]")));

        Button(page, "Switch to drafts").Click();

        page.WaitForAssertion(() => Assert.Equal("Draft (inbox)", Row(page, "Pia Public").QuerySelector("[data-mode]")!.TextContent.Trim()));
        Assert.Contains("You chose drafts", Row(page, "Pia Public").TextContent);
        Assert.True(Assert.Single(await app.RowsOfAsync<TikTokAccount>(workspace.Id)).PreferDrafts);

        Button(page, "Switch to direct post").Click();

        page.WaitForAssertion(() => Assert.Equal("Direct post", Row(page, "Pia Public").QuerySelector("[data-mode]")!.TextContent.Trim()));
        Assert.False(Assert.Single(await app.RowsOfAsync<TikTokAccount>(workspace.Id)).PreferDrafts);
        Assert.Equal(account.Id, Assert.Single(await app.RowsOfAsync<TikTokAccount>(workspace.Id)).Id);
    }

    [Fact]
    public async Task Disconnect_Asks_First_Saying_The_Scheduled_Posts_Pause_And_Cancelling_Changes_Nothing()
    {
        await using var app = new StudioAppFactory();
        var (user, workspace) = await app.CreateUserAsync(workspaceName: "Careful Co");
        var account = await AddAccountAsync(app, workspace, "Pia Public", "pia");
        await AddScheduledPostAsync(app, workspace, account.Id, user.Id);
        await SignInToApp(app, user.Id);
        var dialogs = Render<MudDialogProvider>();
        var page = Render<ConnectionsPage>();
        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=account-row]")));

        Button(page, "Disconnect").Click();

        dialogs.WaitForAssertion(() => Assert.Contains("Disconnect Pia Public?", dialogs.Markup));
        Assert.Contains("Its 1 scheduled post pauses, with the reason on the post.", dialogs.Markup);
        Assert.Contains("Reconnecting the account schedules the paused posts", dialogs.Markup);
        dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Keep connected").Click();
        dialogs.WaitForAssertion(() => Assert.DoesNotContain("Disconnect Pia Public?", dialogs.Markup));
        Assert.Equal(ConnectionStatus.Connected, Assert.Single(await app.RowsOfAsync<TikTokAccount>(workspace.Id)).Status);
        Assert.Equal(PostStatus.Scheduled, Assert.Single(await app.RowsOfAsync<Post>(workspace.Id)).Status);
    }

    [Fact]
    public async Task Confirming_Disconnect_Deletes_The_Tokens_Pauses_The_Posts_And_Offers_Reconnect()
    {
        await using var app = new StudioAppFactory();
        var (user, workspace) = await app.CreateUserAsync(workspaceName: "Leaving Co");
        var account = await AddAccountAsync(app, workspace, "Pia Public", "pia");
        await AddScheduledPostAsync(app, workspace, account.Id, user.Id);
        await SignInToApp(app, user.Id);
        var dialogs = Render<MudDialogProvider>();
        var page = Render<ConnectionsPage>();
        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=account-row]")));

        Button(page, "Disconnect").Click();
        dialogs.WaitForAssertion(() => Assert.Contains("Disconnect Pia Public?", dialogs.Markup));
        dialogs.FindAll("button").Single(b => b.TextContent.Trim() == DisconnectDialog.ConfirmText).Click();

        page.WaitForAssertion(() => Assert.Contains("1 scheduled post(s) are paused until you reconnect it.", page.Find("[data-testid=notice]").TextContent));
        var row = Row(page, "Pia Public");
        Assert.Equal("ReconnectNeeded", row.QuerySelector("[data-health]")!.GetAttribute("data-health"));
        Assert.Equal("Disconnected", row.QuerySelector("[data-mode]")!.GetAttribute("data-mode"));
        Assert.Contains(row.QuerySelectorAll("button"), b => b.TextContent.Trim() == "Reconnect");
        var stored = Assert.Single(await app.RowsOfAsync<TikTokAccount>(workspace.Id));
        Assert.Equal(ConnectionStatus.Disconnected, stored.Status);
        Assert.Null(stored.ProtectedRefreshToken);
        Assert.Equal(PostStatus.Paused, Assert.Single(await app.RowsOfAsync<Post>(workspace.Id)).Status);
    }

    [Fact]
    public async Task A_Row_Turns_Red_Live_When_TikTok_Stops_Accepting_The_Account()
    {
        await using var app = new StudioAppFactory();
        var (user, workspace) = await app.CreateUserAsync(workspaceName: "Live Co");
        var account = await AddAccountAsync(app, workspace, "Pia Public", "pia");
        await SignInToApp(app, user.Id);
        var page = Render<ConnectionsPage>();
        page.WaitForAssertion(() => Assert.Equal("Ready", Row(page, "Pia Public").QuerySelector("[data-health]")!.GetAttribute("data-health")));

        await UpdateAccountAsync(app, account.Id, a => a.MarkHealth(AccountHealth.ReconnectNeeded, "TikTok no longer accepts this connection. Reconnect the account."));
        await app.Services.GetRequiredService<ILiveNotifier>().ChangedAsync(workspace.Id, "account", account.Id.ToString());

        page.WaitForAssertion(() =>
        {
            var row = Row(page, "Pia Public");
            Assert.Equal("ReconnectNeeded", row.QuerySelector("[data-health]")!.GetAttribute("data-health"));
            Assert.Contains("Reconnect needed", row.TextContent);
            Assert.Contains("TikTok no longer accepts this connection", row.TextContent);
        }, TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task A_Viewer_Sees_The_Accounts_Without_Any_Action_And_Is_Told_Why()
    {
        await using var app = new StudioAppFactory();
        var (_, workspace) = await app.CreateUserAsync(workspaceName: "Owned");
        await AddAccountAsync(app, workspace, "Pia Public", "pia");
        var (viewer, _) = await app.CreateUserAsync(workspaceName: "Viewer's own");
        await AddMemberAsync(app, viewer.Id, workspace.Id, WorkspaceRole.Viewer);
        await SignInToApp(app, viewer.Id);

        var page = Render<ConnectionsPage>();

        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=account-row]")));
        Assert.Empty(page.FindAll("form[action='app/connections/connect']"));
        Assert.Empty(page.FindAll("[data-testid=account-row] button"));
        Assert.Contains("Only the workspace's Owner and Admins can connect, change or disconnect accounts.", page.Markup);
    }

    [Fact]
    public async Task Coming_Back_From_TikTok_Says_What_Was_Connected_Or_Why_Not()
    {
        await using var app = new StudioAppFactory();
        var (user, workspace) = await app.CreateUserAsync(workspaceName: "Back Co");
        var account = await AddAccountAsync(app, workspace, "Uma Upload", "uma", a => a.GrantedScopes = "user.info.basic,video.upload");
        await SignInToApp(app, user.Id);

        var navigation = Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>();
        navigation.NavigateTo($"/app/connections?connected={account.Id}");
        var connected = Render<ConnectionsPage>();
        connected.WaitForAssertion(() => Assert.Contains("Connected Uma Upload. The creator did not allow direct posting", connected.Find("[data-testid=notice]").TextContent));
        navigation.NavigateTo("/app/connections?failed=Denied");
        var denied = Render<ConnectionsPage>();

        denied.WaitForAssertion(() => Assert.Equal("You cancelled on TikTok, so nothing was connected.", denied.Find("[data-testid=notice]").TextContent.Trim()));
        Assert.Equal("alert", denied.Find("[data-testid=notice]").GetAttribute("role"));
    }

    private static AngleSharp.Dom.IElement Row(IRenderedComponent<ConnectionsPage> page, string name) =>
        page.FindAll("[data-testid=account-row]").Single(r => r.TextContent.Contains(name));

    private static AngleSharp.Dom.IElement Button(IRenderedComponent<ConnectionsPage> page, string text) =>
        page.FindAll("button").Single(b => b.TextContent.Trim() == text);
}
