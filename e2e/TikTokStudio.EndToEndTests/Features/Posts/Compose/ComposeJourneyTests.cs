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
    public async Task Marketer_Uploads_A_Video_And_Schedules_It_To_Two_Accounts_Following_TikToks_Rules()
    {
        var page = await Session.SignedInPageAsync(app, "Compose Co");
        var connections = new ConnectionsScreen(page);
        await connections.OpenAsync();
        await connections.ConnectAsync("public_creator");
        await connections.ConnectAsync("quiet_creator");
        var media = new MediaLibraryPage(page);
        await media.OpenAsync();
        await media.UploadAsync(MediaLibraryPage.Fixture("valid-720x1280-30fps.mp4"));
        await Assertions.Expect(media.Card("valid-720x1280-30fps.mp4")).ToContainTextAsync("Ready to post");

        await page.GotoAsync("/app/compose");
        var composer = new ComposerPage(page);
        await composer.ChooseVideoAsync("valid-720x1280-30fps.mp4");
        await composer.CaptionAsync("Fresh roast today ☕ #coffee @pia");
        await composer.TargetAsync("Pia Public");
        await composer.TargetAsync("Quinn Quiet");

        // No privacy is chosen for anyone until the marketer chooses it.
        await Assertions.Expect(composer.Privacy("Pia Public")).ToHaveValueAsync("");
        // Quinn turned comments, duets and stitches off: greyed out.
        await Assertions.Expect(composer.Target("Quinn Quiet").GetByLabel("Allow comments")).ToBeDisabledAsync();
        await composer.Privacy("Pia Public").SelectOptionAsync(new SelectOptionValue { Label = "Everyone" });
        await composer.Privacy("Quinn Quiet").SelectOptionAsync(new SelectOptionValue { Label = "Only me" });

        // Disclosure on with nothing chosen blocks posting, with the reason; "Your brand" unblocks it.
        await page.GetByRole(AriaRole.Switch, new() { Name = "Content disclosure setting" }).CheckAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Schedule", Exact = true })).ToBeDisabledAsync();
        await Assertions.Expect(page.GetByTestId("publish-blocked")).ToHaveTextAsync("You need to indicate if your content promotes yourself, a third party, or both.");
        // "Only me" is chosen for Quinn, so Branded content is unavailable.
        await Assertions.Expect(page.GetByLabel("Branded content")).ToBeDisabledAsync();
        await page.GetByLabel("Your brand").CheckAsync();
        await Assertions.Expect(page.GetByText("Your video will be labeled as 'Promotional content'.")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("consent")).ToHaveTextAsync(new Regex("By posting, you agree to TikTok's Music Usage Confirmation"));

        await page.GetByLabel("Date and time").FillAsync(DateTime.UtcNow.AddDays(2).ToString("yyyy-MM-dd") + "T09:00");
        await page.GetByRole(AriaRole.Button, new() { Name = "Schedule", Exact = true }).ClickAsync();

        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/app/compose\\?created="));
        var composed = page.GetByTestId("composed-post");
        await Assertions.Expect(composed).ToHaveCountAsync(2);
        await Assertions.Expect(composed.Filter(new() { HasText = "Scheduled" })).ToHaveCountAsync(2);
        await page.ScreenshotAsync(new() { Path = LiveAppFixture.ScreenshotPath("compose-scheduled-two-accounts"), FullPage = true });
    }

    [Fact]
    public async Task A_20_Fps_Video_Cannot_Be_Chosen_And_Says_Why()
    {
        var page = await Session.SignedInPageAsync(app, "Slow Video Co");
        var media = new MediaLibraryPage(page);
        await media.OpenAsync();
        await media.UploadAsync(MediaLibraryPage.Fixture("too-slow-20fps.mp4"));
        await Assertions.Expect(media.Card("too-slow-20fps.mp4")).ToContainTextAsync("20 fps");

        await page.GotoAsync("/app/compose");

        var option = page.GetByRole(AriaRole.Radio, new() { Name = "too-slow-20fps.mp4" });
        await Assertions.Expect(option).ToBeDisabledAsync();
        await Assertions.Expect(page.GetByText(new Regex("Cannot be posted: .*20 fps"))).ToBeVisibleAsync();
    }
}

/// <summary>/app/compose as a person uses it; every change is re-rendered by the server, so each step waits for its result.</summary>
public sealed class ComposerPage(IPage page)
{
    /// <summary>Clicks the video's card (its radio button is visually hidden by Tabler's select-group styling).</summary>
    public async Task ChooseVideoAsync(string fileName)
    {
        var radio = page.GetByRole(AriaRole.Radio, new() { Name = fileName });
        await page.Locator("label.form-selectgroup-item", new() { Has = radio }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Radio, new() { Name = fileName })).ToBeCheckedAsync();
    }

    public async Task CaptionAsync(string text)
    {
        await page.GetByLabel("Caption").FillAsync(text);
        await page.GetByLabel("Caption").BlurAsync();
    }

    public ILocator Target(string displayName) => page.GetByTestId("target").Filter(new() { HasText = displayName });

    public async Task TargetAsync(string displayName)
    {
        await Target(displayName).GetByRole(AriaRole.Checkbox).First.CheckAsync();
        await Assertions.Expect(Privacy(displayName)).ToBeVisibleAsync();
    }

    public ILocator Privacy(string displayName) => Target(displayName).GetByLabel("Who can see this post");
}
