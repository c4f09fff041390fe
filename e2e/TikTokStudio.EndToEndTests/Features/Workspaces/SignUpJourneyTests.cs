using Microsoft.Playwright;
using TikTokStudio.EndToEndTests.Infrastructure;
using TikTokStudio.EndToEndTests.Pages;

namespace TikTokStudio.EndToEndTests.Features.Workspaces;

[Collection(LiveAppCollection.Name)]
[Trait("Category", "E2E")]
public sealed class SignUpJourneyTests(LiveAppFixture app)
{
    [Fact]
    public async Task New_User_Signs_Up_Confirms_By_Email_And_Lands_Signed_In_On_Their_Workspace_Dashboard()
    {
        var page = await app.NewPageAsync(timeZoneId: "Europe/Berlin");
        var email = $"marketer-{Guid.NewGuid():N}@example.com";
        const string password = "Sup3r-secret!";

        var signUp = new SignUpPage(page);
        await signUp.OpenAsync();
        await Assertions.Expect(signUp.TimeZone).ToHaveValueAsync("Europe/Berlin");
        await signUp.SignUpAsync(email, password, "Sunrise Coffee");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Check your email" })).ToBeVisibleAsync();

        await Accessibility.AssertNoSeriousViolationsAsync(page);
        // In Development the confirmation link signs the new user in and opens the app.
        await new DevOutboxPage(page).ConfirmAccountAsync(email);

        await Assertions.Expect(page).ToHaveURLAsync(app.BaseUrl + "/app");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sunrise Coffee" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("trial-days-left")).ToHaveTextAsync("14 days left in your trial");
        await Assertions.Expect(page.GetByTestId("current-workspace")).ToHaveTextAsync("Sunrise Coffee");
        await Assertions.Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Compose" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("main[data-circuit=ready]")).ToBeVisibleAsync();
        await Accessibility.AssertNoSeriousViolationsAsync(page);
        await page.ScreenshotAsync(new() { Path = LiveAppFixture.ScreenshotPath("dashboard-after-sign-up"), FullPage = true });
        await page.SetViewportSizeAsync(390, 844);
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("main[data-circuit=ready]")).ToBeVisibleAsync();
        await Accessibility.AssertNoHorizontalScrollAsync(page);
        await page.ScreenshotAsync(new() { Path = LiveAppFixture.ScreenshotPath("dashboard-phone"), FullPage = true });
    }

    [Theory]
    [InlineData("/", "landing")]
    [InlineData("/Account/Login", "sign-in")]
    [InlineData("/Account/Register", "sign-up")]
    public async Task Static_Pages_Have_No_Serious_Accessibility_Problems_And_Fit_A_Phone(string path, string name)
    {
        var page = await app.NewPageAsync();
        await page.GotoAsync(path);
        await Accessibility.AssertNoSeriousViolationsAsync(page);
        await page.ScreenshotAsync(new() { Path = LiveAppFixture.ScreenshotPath(name), FullPage = true });

        await page.SetViewportSizeAsync(390, 844);
        await Accessibility.AssertNoHorizontalScrollAsync(page);
        await page.ScreenshotAsync(new() { Path = LiveAppFixture.ScreenshotPath(name + "-phone"), FullPage = true });
    }
}
