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
