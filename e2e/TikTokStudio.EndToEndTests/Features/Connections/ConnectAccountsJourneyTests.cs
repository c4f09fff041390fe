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
        await Assertions.Expect(page.GetByRole(AriaRole.Note).Filter(new() { HasText = "TikTok is emulated" })).ToBeVisibleAsync();

        await connections.ConnectAsync("public_creator");
        await Assertions.Expect(connections.Notice).ToContainTextAsync("Connected");
        var publicRow = connections.Row("Pia Public");
        await Assertions.Expect(publicRow.Locator("[data-health]")).ToHaveAttributeAsync("data-health", "Ready");
        await Assertions.Expect(publicRow.Locator("[data-mode]")).ToHaveTextAsync("Direct post");

        await connections.ConnectAsync("upload_only_creator");
        await Assertions.Expect(connections.Notice).ToContainTextAsync("can only be drafts");
        var uploadRow = connections.Row("Uma Upload");
        await Assertions.Expect(uploadRow.Locator("[data-mode]")).ToHaveTextAsync("Draft (inbox)");
        await Assertions.Expect(uploadRow.GetByTestId("mode-reason")).ToContainTextAsync("allowed uploads only");
        await Assertions.Expect(connections.Rows).ToHaveCountAsync(2);

        await Accessibility.AssertNoSeriousViolationsAsync(page);
        await page.ScreenshotAsync(new() { Path = LiveAppFixture.ScreenshotPath("connections-desktop"), FullPage = true });
        await page.SetViewportSizeAsync(390, 844);
        await Accessibility.AssertNoHorizontalScrollAsync(page);
        await page.ScreenshotAsync(new() { Path = LiveAppFixture.ScreenshotPath("connections-phone"), FullPage = true });
    }

    [Fact]
    public async Task The_Account_Page_Shows_The_Creators_Facts_On_Desktop_And_Phone()
    {
        var page = await Session.SignedInPageAsync(app, "Account Facts Co");
        var connections = new ConnectionsScreen(page);
        await connections.OpenAsync();
        await connections.ConnectAsync("public_creator");

        await connections.Row("Pia Public").GetByRole(AriaRole.Link, new() { Name = "Pia Public" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Pia Public", Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("Direct posting", new() { Exact = true })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("renewal-state")).ToContainTextAsync("Automatic");
        await Assertions.Expect(page.GetByTestId("creator-info")).ToContainTextAsync("Everyone");
        await Assertions.Expect(page.GetByTestId("daily-limit")).ToContainTextAsync("Not reached");
        await Accessibility.AssertNoSeriousViolationsAsync(page);
        await page.ScreenshotAsync(new() { Path = LiveAppFixture.ScreenshotPath("account-desktop"), FullPage = true });
        await page.SetViewportSizeAsync(390, 844);
        await Accessibility.AssertNoHorizontalScrollAsync(page);
        await page.ScreenshotAsync(new() { Path = LiveAppFixture.ScreenshotPath("account-phone"), FullPage = true });
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

        await Assertions.Expect(row.Locator("[data-health]")).ToHaveAttributeAsync("data-health", "ReconnectNeeded", new() { Timeout = 2000 });
        await Assertions.Expect(row).ToContainTextAsync("Reconnect needed");
        await Assertions.Expect(row.GetByRole(AriaRole.Button, new() { Name = "Reconnect", Exact = true })).ToBeVisibleAsync();
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
        await connections.WaitForCircuitAsync();
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

        await Assertions.Expect(connections.Row("Pia Public").Locator("[data-mode]")).ToHaveTextAsync("Draft (inbox)");
        await Assertions.Expect(connections.Row("Pia Public").GetByTestId("mode-reason")).ToContainTextAsync("You chose drafts");
        await Assertions.Expect(connections.Row("Pia Public").GetByRole(AriaRole.Button, new() { Name = "Switch to direct post" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Disconnecting_Goes_Through_A_Confirm_Dialog_That_Says_What_Happens_To_Scheduled_Posts()
    {
        var page = await Session.SignedInPageAsync(app, "Disconnect Co");
        var connections = new ConnectionsScreen(page);
        await connections.OpenAsync();
        await connections.ConnectAsync("public_creator");
        var row = connections.Row("Pia Public");

        await row.GetByRole(AriaRole.Button, new() { Name = "Disconnect Pia Public" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await Assertions.Expect(dialog).ToContainTextAsync("Disconnect Pia Public?");
        await Assertions.Expect(dialog).ToContainTextAsync("Reconnecting the account schedules the paused posts");
        await Accessibility.AssertNoSeriousViolationsAsync(page);
        await page.ScreenshotAsync(new() { Path = LiveAppFixture.ScreenshotPath("connections-disconnect-dialog"), FullPage = true });
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Disconnect", Exact = true }).ClickAsync();

        await Assertions.Expect(connections.Notice).ToContainTextAsync("Disconnected Pia Public.");
        await Assertions.Expect(row.Locator("[data-mode]")).ToHaveTextAsync("Disconnected");
        await Assertions.Expect(row.GetByRole(AriaRole.Button, new() { Name = "Reconnect", Exact = true })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task A_Banned_Creator_Is_Shown_As_Unable_To_Post_Not_As_Needing_A_Reconnect()
    {
        var page = await Session.SignedInPageAsync(app, "Banned Co");
        var connections = new ConnectionsScreen(page);
        await connections.OpenAsync();

        await connections.ConnectAsync("banned_creator");

        var row = connections.Row("Ben Banned");
        await Assertions.Expect(row.Locator("[data-health]")).ToHaveAttributeAsync("data-health", "CannotPost");
        await Assertions.Expect(row).ToContainTextAsync("Reconnecting does not lift a ban");
        await Assertions.Expect(row.GetByRole(AriaRole.Button, new() { Name = "Reconnect", Exact = true })).ToHaveCountAsync(0);
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
        await Assertions.Expect(page.GetByTestId("unaudited-note")).ToContainTextAsync("has not passed TikTok's audit");

        await connections.ConnectAsync("private_creator");

        var row = connections.Row("Priya Private");
        await Assertions.Expect(row.Locator("[data-mode]")).ToHaveTextAsync("Private only");
        await Assertions.Expect(row.GetByTestId("mode-reason")).ToContainTextAsync("not passed TikTok's audit");
    }
}
