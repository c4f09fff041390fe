using Microsoft.Playwright;

namespace TikTokStudio.EndToEndTests.Pages;

/// <summary>Page objects for sign-up, the development outbox and sign-in, found by role and label as a person would.</summary>
public sealed class SignUpPage(IPage page)
{
    public async Task OpenAsync() => await page.GotoAsync("/Account/Register");

    public async Task SignUpAsync(string email, string password, string workspaceName)
    {
        await page.GetByLabel("Email address").FillAsync(email);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(password);
        await page.GetByLabel("Confirm password").FillAsync(password);
        await page.GetByLabel("Workspace name").FillAsync(workspaceName);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();
    }

    public ILocator TimeZone => page.GetByLabel("Time zone");
}

public sealed class DevOutboxPage(IPage page)
{
    public async Task ConfirmAccountAsync(string email)
    {
        await page.GotoAsync("/dev/outbox");
        var email_ = page.GetByRole(AriaRole.Article).Filter(new() { HasText = email });
        await email_.GetByRole(AriaRole.Link, new() { Name = "Confirm your email address" }).ClickAsync();
    }
}

public sealed class SignInPage(IPage page)
{
    public async Task SignInAsync(string email, string password)
    {
        await page.GetByLabel("Email address").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
    }
}
