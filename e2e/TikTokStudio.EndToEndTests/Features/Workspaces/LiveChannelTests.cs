using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using TikTokStudio.EndToEndTests.Infrastructure;
using TikTokStudio.EndToEndTests.Pages;
using TikTokStudio.Web.Data;
using TikTokStudio.Web.Features.Workspaces;
using TikTokStudio.Web.Live;

namespace TikTokStudio.EndToEndTests.Features.Workspaces;

[Collection(LiveAppCollection.Name)]
[Trait("Category", "E2E")]
public sealed class LiveChannelTests(LiveAppFixture app)
{
    private const string Password = "Sup3r-secret!";

    [Fact]
    public async Task A_Page_Hears_Changes_In_Its_Own_Workspace_Only_And_Re_Renders_In_Place()
    {
        var (email, ownWorkspace) = await CreateUserAsync("Own Brand");
        var (_, otherWorkspace) = await CreateUserAsync("Someone Else");
        var page = await app.NewPageAsync();
        await page.GotoAsync("/Account/Login");
        await new SignInPage(page).SignInAsync(email, Password);
        var connections = new ConnectionsScreen(page);
        await connections.OpenAsync();
        await page.EvaluateAsync("() => window.sameDocument = true");

        // An account appears in each workspace behind the page's back; only the page's own workspace's change reaches it.
        var foreign = await AddAccountAsync(otherWorkspace, "Foreign Creator");
        var mine = await AddAccountAsync(ownWorkspace, "Own Creator");
        var notifier = app.Services.GetRequiredService<ILiveNotifier>();
        await notifier.ChangedAsync(otherWorkspace.Id, "account", foreign.ToString());
        await Task.Delay(500);
        await Assertions.Expect(connections.Rows).ToHaveCountAsync(0);
        await notifier.ChangedAsync(ownWorkspace.Id, "account", mine.ToString());

        await Assertions.Expect(connections.Rows).ToHaveCountAsync(1, new() { Timeout = 2000 });
        await Assertions.Expect(connections.Row("Own Creator")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("Foreign Creator")).ToHaveCountAsync(0);
        Assert.True(await page.EvaluateAsync<bool>("() => window.sameDocument === true"), "The page was reloaded instead of updated in place.");
    }

    [Fact]
    public async Task The_Shell_Is_Usable_On_A_Phone()
    {
        var (email, _) = await CreateUserAsync("Pocket Brand");
        var page = await app.NewPageAsync();
        await page.SetViewportSizeAsync(390, 844);
        await page.GotoAsync("/Account/Login");
        await new SignInPage(page).SignInAsync(email, Password);

        var menuButton = page.GetByRole(AriaRole.Button, new() { Name = "Show or hide the menu" });
        await Assertions.Expect(menuButton).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("main[data-circuit=ready]")).ToBeVisibleAsync();
        var settings = page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Settings" });
        // The menu button toggles the drawer: open it only when it is not open already.
        if (!await settings.IsVisibleAsync()) await menuButton.ClickAsync();
        await settings.ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Settings" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("main[data-circuit=ready]")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByLabel("Workspace name")).ToHaveValueAsync("Pocket Brand");
        await Accessibility.AssertNoHorizontalScrollAsync(page);
        await Accessibility.AssertNoSeriousViolationsAsync(page);
        await page.ScreenshotAsync(new() { Path = LiveAppFixture.ScreenshotPath("settings-on-a-phone"), FullPage = true });
    }

    [Fact]
    public async Task An_Owner_Renames_The_Workspace_In_Settings_And_An_Empty_Name_Is_Explained()
    {
        var (email, _) = await CreateUserAsync("Desk Brand");
        var page = await app.NewPageAsync();
        await page.GotoAsync("/Account/Login");
        await new SignInPage(page).SignInAsync(email, Password);
        await page.GotoAsync("/app/settings");
        await Assertions.Expect(page.Locator("main[data-circuit=ready]")).ToBeVisibleAsync();
        var name = page.GetByLabel("Workspace name");

        await name.FillAsync("");
        await page.GetByTestId("workspace-form").GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Assertions.Expect(page.GetByText("Give the workspace a name.").First).ToBeVisibleAsync();
        await name.FillAsync("Desk Brand Renamed");
        await page.GetByTestId("workspace-form").GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();

        await Assertions.Expect(page.GetByTestId("saved")).ToHaveTextAsync("Saved.");
        await Accessibility.AssertNoSeriousViolationsAsync(page);
        await page.ScreenshotAsync(new() { Path = LiveAppFixture.ScreenshotPath("settings-desktop"), FullPage = true });
    }

    private async Task<Guid> AddAccountAsync(Workspace workspace, string displayName)
    {
        using var scope = app.Services.CreateScope();
        var context = scope.ServiceProvider.GetRequiredService<WorkspaceContext>();
        var db = scope.ServiceProvider.GetRequiredService<StudioDbContext>();
        using var _ = context.ActFor(workspace);
        var account = new TikTokStudio.Web.Features.Connections.TikTokAccount
        {
            OpenId = Guid.NewGuid().ToString(), DisplayName = displayName, Username = displayName.Replace(' ', '_').ToLowerInvariant(),
            GrantedScopes = "user.info.basic,video.upload", ConnectedAt = DateTimeOffset.UtcNow,
        };
        db.Add(account);
        await db.SaveChangesAsync();
        return account.Id;
    }

    private async Task<(string Email, Workspace Workspace)> CreateUserAsync(string workspaceName)
    {
        using var scope = app.Services.CreateScope();
        var email = $"live-{Guid.NewGuid():N}@example.com";
        var user = new ApplicationUser { UserName = email, Email = email, EmailConfirmed = true };
        var result = await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().CreateAsync(user, Password);
        Assert.True(result.Succeeded);
        var workspace = await scope.ServiceProvider.GetRequiredService<WorkspaceService>().CreateAsync(user, workspaceName, "UTC");
        return (email, workspace);
    }
}
