using System.Text.RegularExpressions;
using Microsoft.Playwright;
using TikTokStudio.EndToEndTests.Features.Media;
using TikTokStudio.EndToEndTests.Infrastructure;
using TikTokStudio.EndToEndTests.Pages;

namespace TikTokStudio.EndToEndTests.Features.Posts.Compose;

[Collection(LiveAppCollection.Name)]
[Trait("Category", "E2E")]
public sealed class ComposeJourneyTests(LiveAppFixture app)
{
    [Fact]
    public async Task Marketer_Attaches_A_Video_In_The_Composer_And_Schedules_It_To_Two_Accounts_Following_TikToks_Rules()
    {
        var page = await Session.SignedInPageAsync(app, "Compose Co");
        var connections = new ConnectionsScreen(page);
        await connections.OpenAsync();
        await connections.ConnectAsync("public_creator");
        await connections.ConnectAsync("quiet_creator");

        var composer = new ComposerPage(page);
        await composer.OpenAsync();
        var media = new MediaLibraryPage(page);
        await media.UploadAsync(MediaLibraryPage.Fixture("valid-720x1280-30fps.mp4"));
        // The checks show as the file finishes, and the new video is chosen for the post.
        await Assertions.Expect(media.Upload("valid-720x1280-30fps.mp4")).ToContainTextAsync("Ready to post.");
        await Assertions.Expect(media.Upload("valid-720x1280-30fps.mp4").Locator("[data-check='Frame rate']")).ToContainTextAsync("Passed");
        await Assertions.Expect(page.GetByRole(AriaRole.Radio, new() { Name = "valid-720x1280-30fps.mp4" })).ToBeCheckedAsync();

        await composer.CaptionAsync("Fresh roast today ☕ #coffee @pia");
        await Assertions.Expect(page.GetByTestId("title-counter")).ToHaveTextAsync("32 / 2,200");
        await composer.TargetAsync("Pia Public");
        await composer.TargetAsync("Quinn Quiet");

        // No privacy is chosen for anyone until the marketer chooses it.
        await Assertions.Expect(composer.Target("Pia Public").Locator(".mud-select input").First).ToHaveValueAsync("");
        // Quinn turned comments, duets and stitches off: greyed out, with the reason.
        await Assertions.Expect(composer.Target("Quinn Quiet").GetByLabel("Allow comments")).ToBeDisabledAsync();
        await Assertions.Expect(composer.Target("Quinn Quiet")).ToContainTextAsync("Turned off by the creator on TikTok.");
        await composer.ChoosePrivacyAsync("Pia Public", "Everyone");
        await composer.ChoosePrivacyAsync("Quinn Quiet", "Only me");

        // Disclosure on with nothing chosen blocks posting, with the reason; "Your brand" unblocks it.
        await page.GetByLabel("Content disclosure setting").CheckAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Schedule", Exact = true })).ToBeDisabledAsync();
        await Assertions.Expect(page.GetByTestId("publish-blocked")).ToHaveTextAsync("You need to indicate if your content promotes yourself, a third party, or both.");
        // "Only me" is chosen for Quinn, so Branded content is unavailable.
        await Assertions.Expect(page.Locator("label", new() { HasText = "Branded content:" }).Locator("input")).ToBeDisabledAsync();
        await page.Locator("label", new() { HasText = "Your brand:" }).Locator("input").CheckAsync();
        await Assertions.Expect(page.GetByText("Your video will be labeled as 'Promotional content'.")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("consent")).ToHaveTextAsync(new Regex("By posting, you agree to TikTok's Music Usage Confirmation"));

        await page.GetByLabel(new Regex("^Date and time")).FillAsync(DateTime.UtcNow.AddDays(2).ToString("yyyy-MM-dd") + "T09:00");
        await Accessibility.AssertNoSeriousViolationsAsync(page);
        await page.ScreenshotAsync(new() { Path = LiveAppFixture.ScreenshotPath("compose-filled-desktop"), FullPage = true });
        await page.SetViewportSizeAsync(390, 844);
        await Accessibility.AssertNoHorizontalScrollAsync(page);
        await page.ScreenshotAsync(new() { Path = LiveAppFixture.ScreenshotPath("compose-filled-phone"), FullPage = true });
        await page.SetViewportSizeAsync(1280, 720);
        await page.GetByRole(AriaRole.Button, new() { Name = "Schedule", Exact = true }).ClickAsync();

        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/app/compose\\?created="));
        var composed = page.GetByTestId("composed-post");
        await Assertions.Expect(composed).ToHaveCountAsync(2);
        await Assertions.Expect(composed.Filter(new() { HasText = "Scheduled" })).ToHaveCountAsync(2);
        await page.ScreenshotAsync(new() { Path = LiveAppFixture.ScreenshotPath("compose-scheduled-two-accounts"), FullPage = true });
    }

    [Fact]
    public async Task A_Photo_Carousel_Uploaded_In_The_Composer_Is_Posted_Now()
    {
        var page = await Session.SignedInPageAsync(app, "Carousel Co");
        var connections = new ConnectionsScreen(page);
        await connections.OpenAsync();
        await connections.ConnectAsync("public_creator");
        var composer = new ComposerPage(page);
        await composer.OpenAsync();

        await page.GetByRole(AriaRole.Radio, new() { Name = "Photo carousel" }).CheckAsync();
        // The radio ticks in the browser at once; the upload area takes photos only after the circuit re-renders it.
        await page.Locator("[data-testid=upload-input][multiple]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        var media = new MediaLibraryPage(page);
        await media.UploadAsync(MediaLibraryPage.Fixture("photo-1080x1350.jpg"), MediaLibraryPage.Fixture("photo-800x600.webp"));
        await Assertions.Expect(media.UploadStatus).ToHaveTextAsync("2 files uploaded. All uploads finished.");
        await page.ScreenshotAsync(new() { Path = LiveAppFixture.ScreenshotPath("compose-carousel-uploaded"), FullPage = true });
        // Both new photos are ticked for the carousel, numbered in posting order.
        await Assertions.Expect(page.GetByText(new Regex("^\\d\\. photo-1080x1350\\.jpg$"))).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText(new Regex("^\\d\\. photo-800x600\\.webp$"))).ToBeVisibleAsync();
        await page.GetByLabel(new Regex("^Title")).FillAsync("Two views 🎉");
        await Assertions.Expect(page.GetByTestId("title-counter")).ToHaveTextAsync("12 / 90");
        await composer.TargetAsync("Pia Public");
        await Assertions.Expect(composer.Target("Pia Public").GetByLabel("Allow Duet")).ToHaveCountAsync(0);
        await composer.ChoosePrivacyAsync("Pia Public", "Everyone");
        await Accessibility.AssertNoSeriousViolationsAsync(page);
        await page.SetViewportSizeAsync(390, 844);
        await Accessibility.AssertNoHorizontalScrollAsync(page);
        await page.ScreenshotAsync(new() { Path = LiveAppFixture.ScreenshotPath("compose-carousel-phone"), FullPage = true });

        await page.GetByRole(AriaRole.Button, new() { Name = "Post now", Exact = true }).ClickAsync();

        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/app/compose\\?created="));
        await Assertions.Expect(page.GetByTestId("composed-post")).ToHaveCountAsync(1);
    }

    [Fact]
    public async Task A_20_Fps_Video_Cannot_Be_Chosen_And_Says_Why()
    {
        var page = await Session.SignedInPageAsync(app, "Slow Video Co");
        var media = new MediaLibraryPage(page);
        await media.OpenAsync();
        await media.UploadAsync(MediaLibraryPage.Fixture("too-slow-20fps.mp4"));
        await Assertions.Expect(media.Card("too-slow-20fps.mp4")).ToContainTextAsync("20 fps");

        await new ComposerPage(page).OpenAsync();

        var option = page.GetByRole(AriaRole.Radio, new() { Name = "too-slow-20fps.mp4" });
        await Assertions.Expect(option).ToBeDisabledAsync();
        await Assertions.Expect(page.GetByText(new Regex("Cannot be posted: .*20 fps")).First).ToBeVisibleAsync();
    }
}

/// <summary>/app/compose as a person uses it; every change is judged on the circuit at once.</summary>
public sealed class ComposerPage(IPage page)
{
    public async Task OpenAsync()
    {
        await page.GotoAsync("/app/compose");
        await page.Locator("main[data-circuit=ready]").WaitForAsync();
    }

    public async Task CaptionAsync(string text) => await page.GetByLabel("Caption").FillAsync(text);

    public ILocator Target(string displayName) => page.GetByTestId("target").Filter(new() { HasText = displayName });

    public async Task TargetAsync(string displayName)
    {
        await Target(displayName).Locator("input[type=checkbox]").First.CheckAsync();
        await Assertions.Expect(Target(displayName)).ToContainTextAsync("Who can see this post");
    }

    /// <summary>Opens the creator's privacy dropdown and picks one of the creator's own options.</summary>
    public async Task ChoosePrivacyAsync(string displayName, string option)
    {
        await Target(displayName).Locator(".mud-select .mud-input-control, .mud-select").First.ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasText = option }).First.ClickAsync();
        // The select holds TikTok's own privacy value for the option the marketer read.
        var value = PrivacyValues.GetValueOrDefault(option, option);
        await Assertions.Expect(Target(displayName).Locator(".mud-select input").First).ToHaveValueAsync(new Regex($"^({Regex.Escape(option)}|{value})$"));
    }

    private static readonly Dictionary<string, string> PrivacyValues = new()
    {
        ["Everyone"] = "PUBLIC_TO_EVERYONE", ["Friends"] = "MUTUAL_FOLLOW_FRIENDS", ["Followers"] = "FOLLOWER_OF_CREATOR", ["Only me"] = "SELF_ONLY",
    };
}
