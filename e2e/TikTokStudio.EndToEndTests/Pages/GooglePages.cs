using Microsoft.Playwright;

namespace TikTokStudio.EndToEndTests.Pages;

/// <summary>The emulated Google's account chooser and consent step, found by role and name as a person would.</summary>
public sealed class EmulatedGooglePages(IPage page)
{
    public ILocator ChooserHeading => page.GetByRole(AriaRole.Heading, new() { Name = "Choose an account" });

    public async Task ChooseAsync(string name) => await page.GetByRole(AriaRole.Button, new() { Name = name }).ClickAsync();

    public ILocator ConsentHeading => page.GetByRole(AriaRole.Heading, new() { Name = "Sign in to TikTok Studio" });

    public async Task AllowAsync() => await page.GetByRole(AriaRole.Button, new() { Name = "Allow", Exact = true }).ClickAsync();
}
