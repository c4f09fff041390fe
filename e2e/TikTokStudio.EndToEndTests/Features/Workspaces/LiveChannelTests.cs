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
    public async Task A_Page_Hears_Changes_In_Its_Own_Workspace_Only_And_Refreshes_The_Fragment()
    {
        var (email, ownWorkspace) = await CreateUserAsync("Own Brand");
        var (_, otherWorkspace) = await CreateUserAsync("Someone Else");
        var page = await app.NewPageAsync();
        await page.GotoAsync("/Account/Login");
        await new SignInPage(page).SignInAsync(email, Password);
        await Assertions.Expect(page.Locator("[data-live-indicator]")).ToHaveAttributeAsync("data-state", "connected");
        await page.EvaluateAsync("() => { window.heard = []; document.addEventListener('live:changed', e => window.heard.push(e.detail.entity + ':' + e.detail.id)); }");

        var notifier = app.Services.GetRequiredService<ILiveNotifier>();
        await notifier.ChangedAsync(otherWorkspace.Id, "post", "foreign");
        await notifier.ChangedAsync(ownWorkspace.Id, "post", "mine");

        await page.WaitForFunctionAsync("() => window.heard.includes('post:mine')");
        var heard = await page.EvaluateAsync<string[]>("() => window.heard");
        Assert.Equal(["post:mine"], heard);
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
        await menuButton.ClickAsync();
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Settings" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Settings" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByLabel("Workspace name")).ToHaveValueAsync("Pocket Brand");
        await page.ScreenshotAsync(new() { Path = LiveAppFixture.ScreenshotPath("settings-on-a-phone"), FullPage = true });
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
