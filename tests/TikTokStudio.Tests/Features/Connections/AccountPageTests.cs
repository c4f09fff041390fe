using System.Net;
using Bunit;
using MudBlazor;
using TikTokStudio.Tests.Infrastructure;
using TikTokStudio.Web.Features.Connections;
using TikTokStudio.Web.Features.Posts;
using static TikTokStudio.Tests.Features.Connections.ConnectionsTestData;

namespace TikTokStudio.Tests.Features.Connections;

public sealed class AccountPageTests : StudioComponentTest
{
    [Fact]
    public async Task The_Account_Page_Shows_Scopes_Renewal_And_The_Creators_Limits()
    {
        await using var app = new StudioAppFactory();
        var (user, workspace) = await app.CreateUserAsync(workspaceName: "Facts Co", timeZoneId: "UTC");
        var account = await AddAccountAsync(app, workspace, "Pia Public", "pia", a =>
        {
            a.CommentDisabled = true;
            a.MaxVideoPostDurationSec = 600;
            a.CreatorNickname = "Pia on TikTok";
        });
        await SignInToApp(app, user.Id);

        var page = Render<AccountPage>(p => p.Add(x => x.Id, account.Id));

        page.WaitForAssertion(() => Assert.Equal("Pia Public", page.Find("h1").TextContent.Trim()));
        Assert.Contains("Direct posting", page.Markup);
        Assert.Contains("Upload drafts", page.Markup);
        Assert.StartsWith("Automatic", page.Find("[data-testid=renewal-state]").TextContent.Trim());
        var creator = page.Find("[data-testid=creator-info]").TextContent;
        Assert.Contains("Pia on TikTok", creator);
        Assert.Contains("10 minutes", creator);
        Assert.Contains("Everyone, Friends, Only me", creator);
        Assert.Contains("Turned off by the creator", creator);
        Assert.StartsWith("Not reached on the last check. 0 post(s)", page.Find("[data-testid=daily-limit]").TextContent.Trim());
        Assert.Contains(page.FindAll("button"), b => b.TextContent.Trim() == "Switch to drafts");
        Assert.Contains(page.FindAll("button"), b => b.TextContent.Trim() == "Disconnect");
    }

    [Fact]
    public async Task A_Banned_Creators_Page_Says_It_Cannot_Post_And_That_Reconnecting_Does_Not_Help()
    {
        await using var app = new StudioAppFactory();
        var (user, workspace) = await app.CreateUserAsync(workspaceName: "Banned Co");
        var account = await AddAccountAsync(app, workspace, "Ben Banned", "banned_creator", a =>
        {
            a.CreatorInfoCheckedAt = null;
            AccountHealthRules.Apply(a, new TikTokStudio.TikTok.Errors.TikTokApiException("spam_risk_user_banned_from_posting", "banned", 200, null,
                TikTokStudio.TikTok.Errors.TikTokErrorClass.CreatorCannotPostNow));
        });
        await SignInToApp(app, user.Id);

        var page = Render<AccountPage>(p => p.Add(x => x.Id, account.Id));

        page.WaitForAssertion(() => Assert.Equal("CannotPost", page.Find("[data-health]").GetAttribute("data-health")));
        Assert.Contains("Cannot post", page.Find("[data-testid=account-health]").TextContent);
        Assert.Contains("Reconnecting does not lift a ban", page.Markup);
        Assert.DoesNotContain("Reconnect needed", page.Find("[data-testid=account-health]").TextContent);
        Assert.DoesNotContain("did not allow direct posting", page.Markup);
        Assert.Contains("cannot post right now", page.Find("[data-testid=creator-limits-missing]").TextContent);
    }

    [Fact]
    public async Task Disconnecting_From_The_Account_Page_Confirms_First_And_Updates_In_Place()
    {
        await using var app = new StudioAppFactory();
        var (user, workspace) = await app.CreateUserAsync(workspaceName: "Page Disconnect Co");
        var account = await AddAccountAsync(app, workspace, "Pia Public", "pia");
        await AddScheduledPostAsync(app, workspace, account.Id, user.Id);
        await AddScheduledPostAsync(app, workspace, account.Id, user.Id);
        await SignInToApp(app, user.Id);
        var dialogs = Render<MudDialogProvider>();
        var page = Render<AccountPage>(p => p.Add(x => x.Id, account.Id));
        page.WaitForAssertion(() => Assert.Equal("Pia Public", page.Find("h1").TextContent.Trim()));

        page.FindAll("button").Single(b => b.TextContent.Trim() == "Disconnect").Click();
        dialogs.WaitForAssertion(() => Assert.Contains("Its 2 scheduled posts pause, with the reason on each post.", dialogs.Markup));
        dialogs.FindAll("button").Single(b => b.TextContent.Trim() == DisconnectDialog.ConfirmText).Click();

        page.WaitForAssertion(() => Assert.Contains("2 scheduled post(s) are paused", page.Find("[data-testid=notice]").TextContent));
        Assert.Equal("ReconnectNeeded", page.Find("[data-health]").GetAttribute("data-health"));
        Assert.StartsWith("None: the account is disconnected", page.Find("[data-testid=renewal-state]").TextContent.Trim());
        Assert.DoesNotContain(page.FindAll("button"), b => b.TextContent.Trim() == "Disconnect");
        Assert.All(await app.RowsOfAsync<Post>(workspace.Id), p => Assert.Equal(PostStatus.Paused, p.Status));
    }

    [Fact]
    public async Task Another_Workspaces_Account_Is_Not_Found_On_The_Circuit()
    {
        await using var app = new StudioAppFactory();
        var (user, _) = await app.CreateUserAsync(workspaceName: "Mine");
        var (_, theirs) = await app.CreateUserAsync(workspaceName: "Theirs");
        var foreign = await AddAccountAsync(app, theirs, "Their Secret Creator", "secret");
        await SignInToApp(app, user.Id);

        var page = Render<AccountPage>(p => p.Add(x => x.Id, foreign.Id));

        page.WaitForAssertion(() => Assert.Equal("Account not found", page.Find("h1").TextContent.Trim()));
        Assert.DoesNotContain("Their Secret Creator", page.Markup);
        Assert.DoesNotContain("secret", page.Markup);
    }

    [Fact]
    public async Task Another_Workspaces_Account_Answers_404_Like_An_Id_That_Does_Not_Exist()
    {
        await using var app = new StudioAppFactory();
        var (user, workspace) = await app.CreateUserAsync(workspaceName: "Mine");
        var own = await AddAccountAsync(app, workspace, "My Creator", "mine");
        var (_, theirs) = await app.CreateUserAsync(workspaceName: "Theirs");
        var foreign = await AddAccountAsync(app, theirs, "Their Secret Creator", "secret");
        var client = await app.SignInAsync(user.Email!);

        var ownPage = await client.GetAsync($"/app/connections/{own.Id}");
        var foreignPage = await client.GetAsync($"/app/connections/{foreign.Id}");
        var missingPage = await client.GetAsync($"/app/connections/{Guid.NewGuid()}");

        Assert.Equal(HttpStatusCode.OK, ownPage.StatusCode);
        Assert.Contains("My Creator", await ownPage.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, missingPage.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, foreignPage.StatusCode);
        Assert.DoesNotContain("Their Secret Creator", await foreignPage.Content.ReadAsStringAsync());
    }
}
