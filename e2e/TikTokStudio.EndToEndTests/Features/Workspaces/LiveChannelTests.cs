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
    public async Task The_Dashboard_Shows_A_Change_In_Its_Own_Workspace_Without_A_Reload_And_Nothing_Of_Another()
    {
        var (email, ownWorkspace) = await CreateUserAsync("Own Brand");
        var (_, otherWorkspace) = await CreateUserAsync("Someone Else");
        var page = await app.NewPageAsync();
        await page.GotoAsync("/Account/Login");
        await new SignInPage(page).SignInAsync(email, Password);
        await Assertions.Expect(page.Locator("main[data-circuit=ready]")).ToBeVisibleAsync();
        await page.EvaluateAsync("() => window.notReloaded = true");

        var notifier = app.Services.GetRequiredService<ILiveNotifier>();
        var foreign = await AddScheduledPostAsync(otherWorkspace, "Their secret launch");
        await notifier.ChangedAsync(otherWorkspace.Id, "post", foreign.ToString());
        var mine = await AddScheduledPostAsync(ownWorkspace, "Our spring teaser");
        await notifier.ChangedAsync(ownWorkspace.Id, "post", mine.ToString());

        await Assertions.Expect(page.GetByTestId("upcoming")).ToContainTextAsync("Our spring teaser");
        await Assertions.Expect(page.GetByText("Their secret launch")).ToHaveCountAsync(0);
        Assert.True(await page.EvaluateAsync<bool>("() => window.notReloaded === true"), "The page must update in place, not reload.");
    }

    [Fact]
    public async Task The_Shell_Is_Usable_On_A_Phone()
    {
        var (email, _) = await CreateUserAsync("Pocket Brand");
        var page = await app.NewPageAsync();
        await page.SetViewportSizeAsync(390, 844);
        await page.GotoAsync("/Account/Login");
        await new SignInPage(page).SignInAsync(email, Password);

        await Assertions.Expect(page.Locator("main[data-circuit=ready]")).ToBeVisibleAsync();
        await Accessibility.AssertNoHorizontalScrollAsync(page);
        var menuButton = page.GetByRole(AriaRole.Button, new() { Name = "Show or hide the menu" });
        await Assertions.Expect(menuButton).ToBeVisibleAsync();
        await menuButton.ClickAsync();
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Settings" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Settings" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByLabel("Workspace name")).ToHaveValueAsync("Pocket Brand");
        await page.ScreenshotAsync(new() { Path = LiveAppFixture.ScreenshotPath("settings-on-a-phone"), FullPage = true });
    }

    private async Task<Guid> AddScheduledPostAsync(Workspace workspace, string caption)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<StudioDbContext>();
        using var _ = scope.ServiceProvider.GetRequiredService<WorkspaceContext>().ActFor(workspace);
        var account = new TikTokStudio.Web.Features.Connections.TikTokAccount { OpenId = Guid.NewGuid().ToString(), DisplayName = "Brand" };
        var post = new TikTokStudio.Web.Features.Posts.Post
        {
            AccountId = account.Id, CompositionId = Guid.NewGuid(), Title = caption, CreatedByUserId = "system",
            Status = TikTokStudio.Web.Features.Posts.PostStatus.Scheduled, PublishAt = DateTimeOffset.UtcNow.AddDays(2),
        };
        db.AddRange(account, post);
        await db.SaveChangesAsync();
        return post.Id;
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
