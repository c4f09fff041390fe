using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using TikTokStudio.TikTok.Auth;
using TikTokStudio.Web.Data;
using TikTokStudio.Web.Features.Connections;
using TikTokStudio.EndToEndTests.Infrastructure;
using TikTokStudio.EndToEndTests.Pages;

namespace TikTokStudio.EndToEndTests.Features.Connections;

[Collection(LiveAppCollection.Name)]
[Trait("Category", "E2E")]
public sealed class ConnectAccountsJourneyTests(LiveAppFixture app)
{
    [Fact]
    public async Task Marketer_Connects_Two_Creators_And_Sees_Direct_Post_And_Draft()
    {
        var page = await Session.SignedInPageAsync(app, "Two Creators Co");
        var connections = new ConnectionsScreen(page);
        await connections.OpenAsync();

        await connections.ConnectAsync("public_creator");
        await Assertions.Expect(connections.Notice).ToContainTextAsync("Connected");
        var publicRow = connections.Row("Pia Public");
        await Assertions.Expect(publicRow.Locator("[data-health]")).ToHaveAttributeAsync("data-health", "Ready");
        await Assertions.Expect(publicRow.Locator("[data-mode]")).ToHaveTextAsync("Direct post");

        await connections.ConnectAsync("upload_only_creator");
        await Assertions.Expect(connections.Notice).ToContainTextAsync("can only be drafts");
        await Assertions.Expect(connections.Row("Uma Upload").Locator("[data-mode]")).ToHaveTextAsync("Draft");
        await Assertions.Expect(connections.Rows).ToHaveCountAsync(2);
        await page.ScreenshotAsync(new() { Path = LiveAppFixture.ScreenshotPath("connections-two-creators"), FullPage = true });
    }

    [Fact]
    public async Task A_Row_Turns_Red_Live_When_TikTok_Stops_Accepting_The_Account()
    {
        var page = await Session.SignedInPageAsync(app, "Live Health Co");
        var connections = new ConnectionsScreen(page);
        await connections.OpenAsync();
        await connections.ConnectAsync("public_creator");
        var row = connections.Row("Pia Public");
        await Assertions.Expect(row.Locator("[data-health]")).ToHaveAttributeAsync("data-health", "Ready");
        await Assertions.Expect(page.Locator("[data-live-indicator]")).ToHaveAttributeAsync("data-state", "connected");
        await page.EvaluateAsync("() => window.sameDocument = true");

        // The creator removes the app on TikTok; the next health check (the background job's work) finds out.
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<StudioDbContext>();
            var account = await db.Set<TikTokAccount>().IgnoreQueryFilters().OrderByDescending(a => a.ConnectedAt).FirstAsync(a => a.Username == "public_creator");
            var accessToken = scope.ServiceProvider.GetRequiredService<TokenProtector>().TryUnprotect(account.ProtectedAccessToken)!;
            await scope.ServiceProvider.GetRequiredService<TikTokAuthClient>().RevokeAsync(accessToken);
            await scope.ServiceProvider.GetRequiredService<AccountMaintenance>().CheckCreatorAsync(account.Id, CancellationToken.None);
        }

        await Assertions.Expect(row.Locator("[data-health]")).ToHaveAttributeAsync("data-health", "ReconnectNeeded");
        await Assertions.Expect(row).ToContainTextAsync("Reconnect needed");
        Assert.True(await page.EvaluateAsync<bool>("() => window.sameDocument === true"), "The page was reloaded instead of updated in place.");
    }

    [Fact]
    public async Task Denying_Consent_Explains_That_Nothing_Was_Connected()
    {
        var page = await Session.SignedInPageAsync(app, "Deny Co");
        var connections = new ConnectionsScreen(page);
        await connections.OpenAsync();

        await connections.ConnectAsync(asCreator: null);

        await Assertions.Expect(connections.Notice).ToHaveTextAsync("You cancelled on TikTok, so nothing was connected.");
        await Assertions.Expect(connections.Rows).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Reconnecting_The_Same_Creator_Keeps_One_Row()
    {
        var page = await Session.SignedInPageAsync(app, "Reconnect Co");
        var connections = new ConnectionsScreen(page);
        await connections.OpenAsync();
        await connections.ConnectAsync("quiet_creator");
        await Assertions.Expect(connections.Rows).ToHaveCountAsync(1);

        await connections.Row("Quinn Quiet").GetByRole(AriaRole.Link).First.ClickAsync();
        await connections.ConnectAsync("quiet_creator", reconnect: true);

        await Assertions.Expect(connections.Notice).ToContainTextAsync("Connected");
        await Assertions.Expect(connections.Rows).ToHaveCountAsync(1);
    }

    [Fact]
    public async Task Switching_To_Drafts_Updates_The_Badge_In_Place()
    {
        var page = await Session.SignedInPageAsync(app, "Switch Co");
        var connections = new ConnectionsScreen(page);
        await connections.OpenAsync();
        await connections.ConnectAsync("public_creator");
        var row = connections.Row("Pia Public");

        await row.GetByRole(AriaRole.Button, new() { Name = "Switch to drafts" }).ClickAsync();

        await Assertions.Expect(connections.Row("Pia Public").Locator("[data-mode]")).ToHaveTextAsync("Draft");
        await Assertions.Expect(connections.Row("Pia Public").GetByRole(AriaRole.Button, new() { Name = "Switch to direct post" })).ToBeVisibleAsync();
    }
}

[Trait("Category", "E2E")]
public sealed class UnauditedAppJourneyTests(UnauditedLiveAppFixture app) : IClassFixture<UnauditedLiveAppFixture>
{
    [Fact]
    public async Task On_An_Unaudited_App_The_Account_Is_Private_Only_With_The_Reason()
    {
        var page = await Session.SignedInPageAsync(app, "Unaudited Co");
        var connections = new ConnectionsScreen(page);
        await connections.OpenAsync();

        await connections.ConnectAsync("private_creator");

        var badge = connections.Row("Priya Private").Locator("[data-mode]");
        await Assertions.Expect(badge).ToHaveTextAsync("Private only");
        await Assertions.Expect(badge).ToHaveAttributeAsync("title", new System.Text.RegularExpressions.Regex("not passed TikTok's audit"));
    }
}
