using System.Text.RegularExpressions;
using Microsoft.Playwright;
using TikTokStudio.EndToEndTests.Features.Posts.Compose;
using TikTokStudio.EndToEndTests.Infrastructure;
using TikTokStudio.EndToEndTests.Pages;

namespace TikTokStudio.EndToEndTests.Features.Media;

[Collection(LiveAppCollection.Name)]
[Trait("Category", "E2E")]
public sealed class MediaConversionJourneyTests(LiveAppFixture app)
{
    [Fact]
    public async Task A_20_Fps_Upload_Is_Fixed_In_One_Click_With_Live_Progress_And_The_Copy_Is_Scheduled()
    {
        var page = await Session.SignedInPageAsync(app, "Fix Co");
        var connections = new ConnectionsScreen(page);
        await connections.OpenAsync();
        await connections.ConnectAsync("public_creator");
        var media = new MediaLibraryPage(page);
        await media.OpenAsync();

        await media.UploadAsync(MediaLibraryPage.Fixture("too-slow-20fps.mp4"));
        var source = media.Card("too-slow-20fps.mp4");
        await Assertions.Expect(media.Check("too-slow-20fps.mp4", "Frame rate")).ToContainTextAsync("20 fps: TikTok accepts 23-60 fps");
        // A real frame, not the placeholder.
        await Assertions.Expect(source.Locator("img[data-thumb=poster]")).ToBeVisibleAsync();

        await source.GetByRole(AriaRole.Button, new() { Name = "Make a TikTok-ready copy of too-slow-20fps.mp4" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await Assertions.Expect(dialog.GetByTestId("convert-changes")).ToContainTextAsync("Frame rate: 20 fps → 30 fps");
        await Accessibility.AssertNoSeriousViolationsAsync(page);
        await page.ScreenshotAsync(new() { Path = LiveAppFixture.ScreenshotPath("media-convert-dialog"), FullPage = true });
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Make the copy" }).ClickAsync();

        // Progress shows on the card while ffmpeg runs (or the copy is already done on a fast machine).
        await Assertions.Expect(source.GetByTestId("conversion")).ToHaveAttributeAsync("data-status", new Regex("Queued|Running|Succeeded"));
        await Assertions.Expect(page.GetByTestId("conversion-outcome")).ToContainTextAsync("Making a TikTok-ready copy");
        await page.ScreenshotAsync(new() { Path = LiveAppFixture.ScreenshotPath("media-convert-progress"), FullPage = true });
        await Assertions.Expect(source.GetByTestId("conversion")).ToHaveAttributeAsync("data-status", "Succeeded", new() { Timeout = 60_000 });
        var copy = media.Card("too-slow-20fps (TikTok-ready).mp4");
        await Assertions.Expect(copy).ToContainTextAsync("Ready to post");
        await Assertions.Expect(copy).ToContainTextAsync("TikTok-ready copy of too-slow-20fps.mp4");
        await Assertions.Expect(media.Check("too-slow-20fps (TikTok-ready).mp4", "Frame rate")).ToContainTextAsync("30 fps");
        await Accessibility.AssertNoSeriousViolationsAsync(page);
        await page.ScreenshotAsync(new() { Path = LiveAppFixture.ScreenshotPath("media-convert-done"), FullPage = true });
        await page.SetViewportSizeAsync(390, 844);
        await Accessibility.AssertNoHorizontalScrollAsync(page);
        await page.ScreenshotAsync(new() { Path = LiveAppFixture.ScreenshotPath("media-convert-done-phone"), FullPage = true });
        await page.SetViewportSizeAsync(1280, 800);

        var composer = new ComposerPage(page);
        await composer.OpenAsync();
        await page.GetByRole(AriaRole.Radio, new() { Name = "too-slow-20fps (TikTok-ready).mp4" }).CheckAsync();
        await Assertions.Expect(page.GetByTestId("cover-strip")).ToBeVisibleAsync();
        await composer.CaptionAsync("Fixed in one click");
        await composer.TargetAsync("Pia Public");
        await composer.ChoosePrivacyAsync("Pia Public", "Everyone");
        await page.GetByLabel(new Regex("^Date and time")).FillAsync(DateTime.UtcNow.AddDays(2).ToString("yyyy-MM-dd") + "T09:00");
        await page.ScreenshotAsync(new() { Path = LiveAppFixture.ScreenshotPath("media-convert-compose"), FullPage = true });
        await page.GetByRole(AriaRole.Button, new() { Name = "Schedule", Exact = true }).ClickAsync();

        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/app/compose\\?created="));
        await Assertions.Expect(page.GetByTestId("composed-post").Filter(new() { HasText = "Scheduled" })).ToHaveCountAsync(1);
    }
}
