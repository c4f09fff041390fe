using System.Net.Http.Json;
using Microsoft.Playwright;
using TikTokStudio.EndToEndTests.Infrastructure;
using TikTokStudio.EndToEndTests.Pages;

namespace TikTokStudio.EndToEndTests.Features.Billing;

/// <summary>An app of its own: these journeys move the emulators' shared clock, which must not touch other journeys.</summary>
public sealed class BillingLiveAppFixture() : LiveAppFixture([]);

[Trait("Category", "E2E")]
public sealed class BillingJourneyTests(BillingLiveAppFixture app) : IClassFixture<BillingLiveAppFixture>
{
    private async Task SubscribeToProAsync(IPage page, string card)
    {
        await page.GotoAsync("/app/billing");
        await Assertions.Expect(page.Locator("main[data-circuit=ready]")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Choose Pro, monthly" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Subscribe to Pro" })).ToBeVisibleAsync();
        await page.GetByLabel("Card number").FillAsync(card);
        await page.GetByLabel("Expiry (MM / YY)").FillAsync("12 / 34");
        await page.GetByLabel("CVC").FillAsync("123");
        await page.GetByRole(AriaRole.Button, new() { Name = "Start trial" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(app.BaseUrl + "/app/billing?checkout=done");
        // The plan shows once the verified webhook has arrived; the page hears it live.
        await Assertions.Expect(page.GetByTestId("plan-state")).ToContainTextAsync("Active");
        // The plan may already be in the prerendered page; its buttons work once the circuit is up.
        await Assertions.Expect(page.Locator("main[data-circuit=ready]")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task The_Owner_Subscribes_To_Pro_Through_Checkout_And_Cancels_At_Period_End_In_The_Portal()
    {
        var page = await Session.SignedInPageAsync(app, "Billing Co");
        await page.SetViewportSizeAsync(1280, 800);
        await page.GotoAsync("/app/billing");
        await Assertions.Expect(page.GetByTestId("current-plan")).ToContainTextAsync("Free trial");
        await Assertions.Expect(page.GetByTestId("usage-row")).ToHaveCountAsync(4);
        await Accessibility.AssertNoSeriousViolationsAsync(page);
        await page.ScreenshotAsync(new() { Path = LiveAppFixture.ScreenshotPath("billing-trial"), FullPage = true });
        await page.SetViewportSizeAsync(390, 844);
        await Accessibility.AssertNoHorizontalScrollAsync(page);
        await page.ScreenshotAsync(new() { Path = LiveAppFixture.ScreenshotPath("billing-trial-phone"), FullPage = true });
        await page.SetViewportSizeAsync(1280, 800);

        await page.GetByRole(AriaRole.Button, new() { Name = "Choose Pro, monthly" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Subscribe to Pro" })).ToBeVisibleAsync();
        await Accessibility.AssertNoSeriousViolationsAsync(page);
        await page.ScreenshotAsync(new() { Path = LiveAppFixture.ScreenshotPath("stripe-checkout"), FullPage = true });
        await page.GetByLabel("Card number").FillAsync("4242 4242 4242 4242");
        await page.GetByLabel("Expiry (MM / YY)").FillAsync("12 / 34");
        await page.GetByLabel("CVC").FillAsync("123");
        await page.GetByRole(AriaRole.Button, new() { Name = "Start trial" }).ClickAsync();

        await Assertions.Expect(page).ToHaveURLAsync(app.BaseUrl + "/app/billing?checkout=done");
        await Assertions.Expect(page.GetByTestId("plan-state")).ToContainTextAsync("Active");
        await Assertions.Expect(page.GetByTestId("plan-name")).ToHaveTextAsync("Pro");
        await Assertions.Expect(page.GetByTestId("invoices")).ToContainTextAsync("EMU-");
        await Accessibility.AssertNoSeriousViolationsAsync(page);
        await page.ScreenshotAsync(new() { Path = LiveAppFixture.ScreenshotPath("billing-pro"), FullPage = true });

        await Assertions.Expect(page.Locator("main[data-circuit=ready]")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Manage billing" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "TikTok Studio billing" })).ToBeVisibleAsync();
        await Accessibility.AssertNoSeriousViolationsAsync(page);
        await page.ScreenshotAsync(new() { Path = LiveAppFixture.ScreenshotPath("stripe-portal"), FullPage = true });
        await page.GetByRole(AriaRole.Button, new() { Name = "Cancel plan" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("will be canceled at the end of the period");
        await page.GetByRole(AriaRole.Link, new() { Name = "Return to TikTok Studio" }).ClickAsync();

        await Assertions.Expect(page.GetByTestId("plan-state")).ToContainTextAsync("cancels on");
    }

    [Fact]
    public async Task A_Downgrade_In_The_Portal_Below_What_Is_Used_Pauses_The_Posts_Over_The_Limit_And_Says_So()
    {
        var (page, email) = await Session.SignedInAsync(app, "Downgrade Co");
        await page.SetViewportSizeAsync(1280, 800);
        var connections = new ConnectionsScreen(page);
        await connections.OpenAsync();
        foreach (var creator in new[] { "public_creator", "upload_only_creator", "quiet_creator" })
        {
            await connections.ConnectAsync(creator);
            await Assertions.Expect(connections.Notice).ToBeVisibleAsync();
        }
        await Assertions.Expect(connections.Rows).ToHaveCountAsync(3);
        await ScheduleOnePostPerAccountAsync(email);
        await SubscribeToProAsync(page, "4242 4242 4242 4242");

        await page.GetByRole(AriaRole.Button, new() { Name = "Manage billing" }).ClickAsync();
        // On the portal first: the billing page has its own "plan" labels.
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "TikTok Studio billing" })).ToBeVisibleAsync();
        await page.GetByLabel("Plan", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Value = "price_starter_monthly" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Change plan" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Your plan was changed.");
        await page.GetByRole(AriaRole.Link, new() { Name = "Return to TikTok Studio" }).ClickAsync();

        await Assertions.Expect(page.GetByTestId("plan-name")).ToHaveTextAsync("Starter");
        await Assertions.Expect(page.GetByTestId("over-limit")).ToContainTextAsync("3 TikTok accounts are connected and Starter allows 2");
        await Assertions.Expect(page.GetByTestId("paused-over-limits")).ToContainTextAsync("1 scheduled post is paused");
        await Accessibility.AssertNoSeriousViolationsAsync(page);
        await page.ScreenshotAsync(new() { Path = LiveAppFixture.ScreenshotPath("billing-downgraded"), FullPage = true });

        await page.GetByRole(AriaRole.Link, new() { Name = "See the paused posts" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("post-status")).ToHaveCountAsync(1);
        await Assertions.Expect(page.GetByTestId("post-status")).ToContainTextAsync("Paused");
        await Assertions.Expect(page.GetByTestId("posts-grid")).ToContainTextAsync("Over the plan's limits: Starter allows 2 TikTok accounts");
        await Accessibility.AssertNoSeriousViolationsAsync(page);
        await page.ScreenshotAsync(new() { Path = LiveAppFixture.ScreenshotPath("posts-paused-over-plan"), FullPage = true });
        await page.SetViewportSizeAsync(390, 844);
        await Accessibility.AssertNoHorizontalScrollAsync(page);
        await page.ScreenshotAsync(new() { Path = LiveAppFixture.ScreenshotPath("posts-paused-over-plan-phone"), FullPage = true });
    }

    // Written as the composer leaves them (the composer has its own journeys): one post two days ahead per account.
    private async Task ScheduleOnePostPerAccountAsync(string ownerEmail)
    {
        using var scope = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.CreateScope(app.Services);
        var db = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<Web.Data.StudioDbContext>(scope.ServiceProvider);
        var owner = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(db.Users, u => u.Email == ownerEmail);
        var workspace = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(
            Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.IgnoreQueryFilters(db.Workspaces), w => w.Id == owner.CurrentWorkspaceId);
        var accounts = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ToListAsync(
            Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.IgnoreQueryFilters(db.Set<Web.Features.Connections.TikTokAccount>())
                .Where(a => a.WorkspaceId == workspace.Id));
        var now = DateTimeOffset.UtcNow;
        foreach (var account in accounts)
        {
            db.Add(new Web.Features.Posts.Post
            {
                WorkspaceId = workspace.Id, CompositionId = Guid.NewGuid(), AccountId = account.Id, Kind = Web.Features.Posts.PostKind.Video,
                Title = $"Launch teaser for @{account.Username}", PrivacyLevel = "SELF_ONLY", Status = Web.Features.Posts.PostStatus.Scheduled,
                PublishAt = now.AddDays(2), CreatedAt = now, UpdatedAt = now, CreatedByUserId = owner.Id,
            });
        }
        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task A_Failed_Renewal_On_The_0341_Card_Shows_The_Past_Due_Banner()
    {
        var page = await Session.SignedInPageAsync(app, "Renewal Co");
        await page.SetViewportSizeAsync(1280, 800);
        await SubscribeToProAsync(page, "4000 0000 0000 0341");

        // The trial carried into Stripe ends and the renewal charge fails.
        using var control = new HttpClient { BaseAddress = new Uri(app.BaseUrl) };
        (await control.PostAsJsonAsync("/emulators/stripe/_emulator/clock/advance", new { seconds = 15 * 86400 })).EnsureSuccessStatusCode();

        await Assertions.Expect(page.GetByTestId("plan-banner-pastdue")).ToContainTextAsync("The last payment for Pro failed");
        await Assertions.Expect(page.GetByTestId("past-due")).ToBeVisibleAsync();
        await Accessibility.AssertNoSeriousViolationsAsync(page);
        await page.ScreenshotAsync(new() { Path = LiveAppFixture.ScreenshotPath("billing-past-due"), FullPage = true });
        await page.SetViewportSizeAsync(390, 844);
        await Accessibility.AssertNoHorizontalScrollAsync(page);
        await page.ScreenshotAsync(new() { Path = LiveAppFixture.ScreenshotPath("billing-past-due-phone"), FullPage = true });
    }
}
