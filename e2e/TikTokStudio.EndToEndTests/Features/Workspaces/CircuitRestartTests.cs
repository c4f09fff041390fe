using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using TikTokStudio.EndToEndTests.Infrastructure;
using TikTokStudio.EndToEndTests.Pages;
using TikTokStudio.Web.Data;
using TikTokStudio.Web.Features.Connections;
using TikTokStudio.Web.Features.Posts;
using TikTokStudio.Web.Features.Workspaces;

namespace TikTokStudio.EndToEndTests.Features.Workspaces;

/// <summary>An app of its own: this test stops and restarts it under an open page.</summary>
[Trait("Category", "E2E")]
public sealed class CircuitRestartTests : IAsyncLifetime
{
    private const string Password = "Sup3r-secret!";
    private readonly LiveAppFixture app = new();

    public Task InitializeAsync() => app.InitializeAsync();
    public Task DisposeAsync() => app.DisposeAsync();

    [Fact]
    public async Task When_The_App_Restarts_The_Page_Says_So_Then_Comes_Back_With_Current_Data()
    {
        var (email, workspace) = await CreateUserAsync();
        var page = await app.NewPageAsync();
        await page.GotoAsync("/Account/Login");
        await new SignInPage(page).SignInAsync(email, Password);
        await Assertions.Expect(page.Locator("main[data-circuit=ready]")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("upcoming")).ToHaveCountAsync(0);

        app.Stop();
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "Connection to the server lost" });
        await Assertions.Expect(dialog).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = LiveAppFixture.ScreenshotPath("reconnecting") });

        app.StartAgain();
        await AddScheduledPostAsync(workspace, "Planned while the server was down");

        // The old circuit is gone with the old process: the page reloads itself and shows what is true now.
        await Assertions.Expect(page.GetByTestId("upcoming")).ToContainTextAsync("Planned while the server was down", new() { Timeout = 60_000 });
        await Assertions.Expect(dialog).ToBeHiddenAsync();
        await Assertions.Expect(page.Locator("main[data-circuit=ready]")).ToBeVisibleAsync();
    }

    private async Task<(string Email, Workspace Workspace)> CreateUserAsync()
    {
        using var scope = app.Services.CreateScope();
        var email = $"restart-{Guid.NewGuid():N}@example.com";
        var user = new ApplicationUser { UserName = email, Email = email, EmailConfirmed = true };
        Assert.True((await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().CreateAsync(user, Password)).Succeeded);
        return (email, await scope.ServiceProvider.GetRequiredService<WorkspaceService>().CreateAsync(user, "Restart Co", "UTC"));
    }

    private async Task AddScheduledPostAsync(Workspace workspace, string caption)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<StudioDbContext>();
        using var _ = scope.ServiceProvider.GetRequiredService<WorkspaceContext>().ActFor(workspace);
        var account = new TikTokAccount { OpenId = Guid.NewGuid().ToString(), DisplayName = "Brand" };
        db.AddRange(account, new Post
        {
            AccountId = account.Id, CompositionId = Guid.NewGuid(), Title = caption, CreatedByUserId = "system",
            Status = PostStatus.Scheduled, PublishAt = DateTimeOffset.UtcNow.AddDays(2),
        });
        await db.SaveChangesAsync();
    }
}
