using Microsoft.Playwright;
using TikTokStudio.EndToEndTests.Infrastructure;
using TikTokStudio.EndToEndTests.Pages;

namespace TikTokStudio.EndToEndTests.Features.Account;

[Collection(LiveAppCollection.Name)]
[Trait("Category", "E2E")]
public sealed class GoogleSignUpJourneyTests(LiveAppFixture app)
{
    [Fact]
    public async Task A_New_Person_Continues_With_Google_Picks_An_Emulated_Account_Allows_And_Lands_In_A_14_Day_Trial()
    {
        var page = await app.NewPageAsync(timeZoneId: "Europe/Berlin");
        await page.SetViewportSizeAsync(1280, 800);
        await page.GotoAsync("/Account/Login");
        await Accessibility.AssertNoSeriousViolationsAsync(page);
        await page.ScreenshotAsync(new() { Path = LiveAppFixture.ScreenshotPath("google-sign-in"), FullPage = true });

        await page.GetByRole(AriaRole.Button, new() { Name = "Continue with Google" }).ClickAsync();

        var google = new EmulatedGooglePages(page);
        await Assertions.Expect(google.ChooserHeading).ToBeVisibleAsync();
        Assert.StartsWith(app.BaseUrl.TrimEnd('/') + "/emulators/google/o/oauth2/v2/auth?", page.Url);
        await Accessibility.AssertNoSeriousViolationsAsync(page);
        await page.ScreenshotAsync(new() { Path = LiveAppFixture.ScreenshotPath("google-chooser"), FullPage = true });
        await page.SetViewportSizeAsync(390, 844);
        await Accessibility.AssertNoHorizontalScrollAsync(page);
        await page.ScreenshotAsync(new() { Path = LiveAppFixture.ScreenshotPath("google-chooser-phone"), FullPage = true });
        await page.SetViewportSizeAsync(1280, 800);

        await google.ChooseAsync("Maya Fischer");
        await Assertions.Expect(google.ConsentHeading).ToBeVisibleAsync();
        await Accessibility.AssertNoSeriousViolationsAsync(page);
        await page.ScreenshotAsync(new() { Path = LiveAppFixture.ScreenshotPath("google-consent"), FullPage = true });
        await google.AllowAsync();

        await Assertions.Expect(page).ToHaveURLAsync(app.BaseUrl.TrimEnd('/') + "/app");
        await Assertions.Expect(page.Locator("main[data-circuit=ready]")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("current-workspace")).ToHaveTextAsync("Maya's workspace");
        await Assertions.Expect(page.GetByTestId("trial-badge")).ToHaveTextAsync("14 days left in your trial");
        await Accessibility.AssertNoSeriousViolationsAsync(page);
        await page.ScreenshotAsync(new() { Path = LiveAppFixture.ScreenshotPath("google-landed"), FullPage = true });
    }

    [Fact]
    public async Task An_Existing_Account_Is_Asked_For_Its_Password_Before_Google_Is_Added_And_Then_Lists_Google()
    {
        var (page, email) = await Session.SignedInAsync(app, "Proof Co");
        // Leave the live page first: its circuit notices the lost sign-in and navigates, which would abort the next GotoAsync.
        await page.GotoAsync("about:blank");
        await page.Context.ClearCookiesAsync();
        await page.SetViewportSizeAsync(1280, 800);
        await page.GotoAsync("/Account/Login");
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue with Google" }).ClickAsync();
        await page.GetByRole(AriaRole.Textbox, new() { Name = "Email", Exact = true }).FillAsync(email);
        await page.GetByRole(AriaRole.Button, new() { Name = "Next" }).ClickAsync();
        await new EmulatedGooglePages(page).AllowAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "You already have an account" })).ToBeVisibleAsync();
        await Accessibility.AssertNoSeriousViolationsAsync(page);
        await page.ScreenshotAsync(new() { Path = LiveAppFixture.ScreenshotPath("google-existing-account"), FullPage = true });
        await page.SetViewportSizeAsync(390, 844);
        await Accessibility.AssertNoHorizontalScrollAsync(page);
        await page.ScreenshotAsync(new() { Path = LiveAppFixture.ScreenshotPath("google-existing-account-phone"), FullPage = true });
        await page.SetViewportSizeAsync(1280, 800);

        await page.GetByLabel($"Password for {email}").FillAsync(Session.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in and add Google" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(app.BaseUrl.TrimEnd('/') + "/app");

        await page.GotoAsync("/Account/Manage/ExternalLogins");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Remove Google" })).ToBeVisibleAsync();
        await Accessibility.AssertNoSeriousViolationsAsync(page);
        await page.ScreenshotAsync(new() { Path = LiveAppFixture.ScreenshotPath("sign-in-methods"), FullPage = true });
        await page.SetViewportSizeAsync(390, 844);
        await Accessibility.AssertNoHorizontalScrollAsync(page);
        await page.ScreenshotAsync(new() { Path = LiveAppFixture.ScreenshotPath("sign-in-methods-phone"), FullPage = true });
    }

    [Fact]
    public async Task The_Sign_In_And_Sign_Up_Pages_With_The_Google_Button_Fit_A_Phone()
    {
        var page = await app.NewPageAsync();
        await page.SetViewportSizeAsync(390, 844);
        foreach (var (path, name) in new[] { ("/Account/Login", "google-sign-in-phone"), ("/Account/Register", "google-sign-up-phone") })
        {
            await page.GotoAsync(path);
            await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Continue with Google" })).ToBeVisibleAsync();
            await Accessibility.AssertNoSeriousViolationsAsync(page);
            await Accessibility.AssertNoHorizontalScrollAsync(page);
            await page.ScreenshotAsync(new() { Path = LiveAppFixture.ScreenshotPath(name), FullPage = true });
        }
    }
}
