using Microsoft.Playwright;

namespace TikTokStudio.EndToEndTests.Pages;

/// <summary>Signs a new confirmed user in (created directly, the sign-up journey has its own test).</summary>
public static class Session
{
    public const string Password = "Sup3r-secret!";

    public static async Task<IPage> SignedInPageAsync(Infrastructure.LiveAppFixture app, string workspaceName) =>
        (await SignedInAsync(app, workspaceName)).Page;

    /// <summary>A confirmed user with <see cref="Password"/> and no workspace yet, for journeys that seed their own.</summary>
    public static async Task<Web.Data.ApplicationUser> NewConfirmedUserAsync(IServiceProvider services, string prefix, string timeZone)
    {
        var email = $"{prefix}-{Guid.NewGuid():N}@example.com";
        var user = new Web.Data.ApplicationUser { UserName = email, Email = email, EmailConfirmed = true, TimeZoneId = timeZone };
        var users = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<Web.Data.ApplicationUser>>(services);
        Assert.True((await users.CreateAsync(user, Password)).Succeeded);
        return user;
    }

    /// <summary>The same, with the new user's address (for journeys that sign in again another way).</summary>
    public static async Task<(IPage Page, string Email)> SignedInAsync(Infrastructure.LiveAppFixture app, string workspaceName)
    {
        using var scope = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.CreateScope(app.Services);
        var services = scope.ServiceProvider;
        var email = $"e2e-{Guid.NewGuid():N}@example.com";
        var user = new Web.Data.ApplicationUser { UserName = email, Email = email, EmailConfirmed = true };
        var users = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<Web.Data.ApplicationUser>>(services);
        Assert.True((await users.CreateAsync(user, Password)).Succeeded);
        await Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<Web.Features.Workspaces.WorkspaceService>(services)
            .CreateAsync(user, workspaceName, "Europe/Berlin");
        var page = await app.NewPageAsync();
        await page.GotoAsync("/Account/Login");
        await new SignInPage(page).SignInAsync(email, Password);
        await Assertions.Expect(page).ToHaveURLAsync(app.BaseUrl + "/app");
        return (page, email);
    }
}

/// <summary>/app/connections and the emulated TikTok consent page it leads to.</summary>
public sealed class ConnectionsScreen(IPage page)
{
    public async Task OpenAsync()
    {
        await page.GotoAsync("/app/connections");
        await WaitForCircuitAsync();
    }

    /// <summary>The page is interactive (its live updates and buttons work) once the shell marks the circuit ready.</summary>
    public async Task WaitForCircuitAsync() => await Assertions.Expect(page.Locator("main[data-circuit=ready]")).ToBeVisibleAsync();

    public async Task ConnectAsync(string? asCreator, bool reconnect = false)
    {
        await page.GetByRole(AriaRole.Button, new() { Name = reconnect ? "Reconnect" : "Connect TikTok", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "wants to access your TikTok account", Exact = false })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = asCreator is null ? "Deny" : $"Authorize as @{asCreator}" }).ClickAsync();
        await WaitForCircuitAsync();
    }

    public ILocator Rows => page.GetByTestId("account-row");

    /// <summary>An account's row, found by the creator's display name as a person would.</summary>
    public ILocator Row(string displayName) => Rows.Filter(new() { HasText = displayName });

    public ILocator Notice => page.GetByTestId("notice");
}
