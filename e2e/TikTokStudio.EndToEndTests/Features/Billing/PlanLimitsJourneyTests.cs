using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using TikTokStudio.EndToEndTests.Infrastructure;
using TikTokStudio.EndToEndTests.Pages;
using TikTokStudio.Web.Data;
using TikTokStudio.Web.Features.Billing;
using TikTokStudio.Web.Features.Connections;
using TikTokStudio.Web.Features.Workspaces;

namespace TikTokStudio.EndToEndTests.Features.Billing;

/// <summary>
/// A workspace on Starter in Chromium: the app bar and the dashboard name the plan; the API keys and webhooks pages say
/// the plan lacks them, with Upgrade, and their create buttons are off; limiting a member to one account is refused
/// with the same alert and nothing changes; Upgrade opens the billing page. Desktop and phone, each checked with axe.
/// </summary>
[Collection(LiveAppCollection.Name)]
[Trait("Category", "E2E")]
public sealed class PlanLimitsJourneyTests(LiveAppFixture app)
{
    private const string Zone = "Europe/Berlin";
    private const string NoApi = "The API and webhooks are part of the Pro and Agency plans; this workspace is on Starter. Upgrade to use them.";

    [Fact]
    public async Task On_Starter_Each_Plan_Feature_Says_So_With_Upgrade_And_Changes_Nothing()
    {
        var seed = await SeedAsync();
        var page = await app.NewPageAsync(Zone);
        await page.GotoAsync("/Account/Login");
        await new SignInPage(page).SignInAsync(seed.OwnerEmail, Session.Password);
        await Assertions.Expect(page).ToHaveURLAsync(app.BaseUrl + "/app");
        await page.SetViewportSizeAsync(1280, 800);
        await Circuit(page);
        await Assertions.Expect(page.GetByTestId("plan-badge")).ToHaveTextAsync("Starter plan");
        await Assertions.Expect(page.GetByTestId("plan-status")).ToHaveTextAsync("Starter plan");
        await Assertions.Expect(page.GetByTestId("dashboard-billing")).ToHaveAttributeAsync("href", "/app/billing");
        await Assertions.Expect(page.GetByTestId("accounts-ok")).ToHaveTextAsync("Your connected account is ready to post.");
        await page.ScreenshotAsync(new() { Path = LiveAppFixture.ScreenshotPath("plan-dashboard-starter"), FullPage = true });
        await page.SetViewportSizeAsync(390, 844);
        await Assertions.Expect(page.GetByTestId("dashboard-billing")).ToBeVisibleAsync();
        await Accessibility.AssertNoHorizontalScrollAsync(page);
        await page.ScreenshotAsync(new() { Path = LiveAppFixture.ScreenshotPath("plan-dashboard-starter-phone"), FullPage = true });
        await page.SetViewportSizeAsync(1280, 800);

        foreach (var (path, create, shot) in new[] { ("/app/settings/api", "api-key-create", "plan-api-keys"), ("/app/settings/webhooks", "endpoint-save", "plan-webhooks") })
        {
            await page.GotoAsync(path);
            await Circuit(page);
            var alert = page.GetByTestId("plan-limit");
            await Assertions.Expect(alert).ToContainTextAsync(NoApi);
            await Assertions.Expect(alert.GetByRole(AriaRole.Link, new() { Name = "Upgrade" })).ToHaveAttributeAsync("href", "/app/billing");
            await Assertions.Expect(page.GetByTestId(create)).ToBeDisabledAsync();
            await Accessibility.AssertNoSeriousViolationsAsync(page);
            await page.ScreenshotAsync(new() { Path = LiveAppFixture.ScreenshotPath(shot + "-desktop"), FullPage = true });
            await page.SetViewportSizeAsync(390, 844);
            await Assertions.Expect(alert).ToBeVisibleAsync();
            await Accessibility.AssertNoHorizontalScrollAsync(page);
            await page.ScreenshotAsync(new() { Path = LiveAppFixture.ScreenshotPath(shot + "-phone"), FullPage = true });
            await page.SetViewportSizeAsync(1280, 800);
        }

        // Per-account access is Agency's: the limit is refused in the editor, and the member keeps every account.
        await page.GotoAsync("/app/team");
        await Circuit(page);
        var editorRow = page.GetByTestId("member").Filter(new() { HasText = seed.EditorEmail });
        await page.GetByRole(AriaRole.Button, new() { Name = $"Choose the accounts of {seed.EditorEmail}" }).ClickAsync();
        var editor = page.GetByRole(AriaRole.Group, new() { Name = $"Accounts {seed.EditorEmail} may see and post to" });
        await editor.GetByText("Only the accounts ticked below").ClickAsync();
        await editor.Locator("label", new() { HasText = "@alpha" }).Locator("input").CheckAsync();
        await editor.GetByRole(AriaRole.Button, new() { Name = "Save access" }).ClickAsync();
        var refusal = editor.GetByTestId("plan-limit");
        await Assertions.Expect(refusal).ToContainTextAsync("Agency");
        await Assertions.Expect(refusal.GetByRole(AriaRole.Link, new() { Name = "Upgrade" })).ToBeVisibleAsync();
        await Assertions.Expect(editorRow.GetByTestId("member-accounts")).ToHaveTextAsync("All accounts");
        await Accessibility.AssertNoSeriousViolationsAsync(page);
        await page.ScreenshotAsync(new() { Path = LiveAppFixture.ScreenshotPath("plan-team-access-desktop"), FullPage = true });
        await page.SetViewportSizeAsync(390, 844);
        await Assertions.Expect(refusal).ToBeVisibleAsync();
        await Accessibility.AssertNoHorizontalScrollAsync(page);
        await page.ScreenshotAsync(new() { Path = LiveAppFixture.ScreenshotPath("plan-team-access-phone"), FullPage = true });

        // Upgrade leads to the plans.
        await refusal.GetByRole(AriaRole.Link, new() { Name = "Upgrade" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/app/billing$"));
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Billing", Level = 1 })).ToBeVisibleAsync();
        await Circuit(page);
        await Accessibility.AssertNoHorizontalScrollAsync(page);
        await Accessibility.AssertNoSeriousViolationsAsync(page);
        await page.ScreenshotAsync(new() { Path = LiveAppFixture.ScreenshotPath("plan-billing-phone"), FullPage = true });
        await page.SetViewportSizeAsync(1280, 800);
        await page.ScreenshotAsync(new() { Path = LiveAppFixture.ScreenshotPath("plan-billing-desktop"), FullPage = true });
    }

    private static Task Circuit(IPage page) => Assertions.Expect(page.Locator("main[data-circuit=ready]")).ToBeVisibleAsync();

    private sealed record Seed(string OwnerEmail, string EditorEmail);

    /// <summary>An Owner and an Editor on an active Starter subscription, with one upload-only account (nothing leaves the machine).</summary>
    private async Task<Seed> SeedAsync()
    {
        using var scope = app.Services.CreateScope();
        var services = scope.ServiceProvider;
        var owner = await Session.NewConfirmedUserAsync(services, "starter-owner", Zone);
        var editor = await Session.NewConfirmedUserAsync(services, "starter-editor", Zone);
        var workspace = await services.GetRequiredService<WorkspaceService>().CreateAsync(owner, "Starter Brand", Zone);
        var db = services.GetRequiredService<StudioDbContext>();
        db.Memberships.Add(new Membership { UserId = editor.Id, WorkspaceId = workspace.Id, Role = WorkspaceRole.Editor, CreatedAt = DateTimeOffset.UtcNow });
        db.Add(new TikTokAccount
        {
            WorkspaceId = workspace.Id, OpenId = Guid.NewGuid().ToString("N"), DisplayName = "Alpha", Username = "alpha",
            GrantedScopes = "user.info.basic,video.upload", ConnectedAt = DateTimeOffset.UtcNow,
        });
        db.Add(new WorkspaceBilling
        {
            WorkspaceId = workspace.Id, PlanId = "starter", Interval = BillingInterval.Monthly, State = SubscriptionState.Active,
            CurrentPeriodEnd = DateTimeOffset.UtcNow.AddDays(30), UpdatedAt = DateTimeOffset.UtcNow,
        });
        await db.SaveChangesAsync();
        return new(owner.Email!, editor.Email!);
    }
}
