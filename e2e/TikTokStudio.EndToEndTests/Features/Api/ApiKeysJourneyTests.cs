using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using TikTokStudio.EndToEndTests.Infrastructure;
using TikTokStudio.EndToEndTests.Pages;
using TikTokStudio.Web.Data;
using TikTokStudio.Web.Features.Workspaces;

namespace TikTokStudio.EndToEndTests.Features.Api;

/// <summary>/app/settings/api in Chromium: create a key, see it once, copy it, use it, revoke it, and it is refused.</summary>
[Collection(LiveAppCollection.Name)]
[Trait("Category", "E2E")]
public sealed class ApiKeysJourneyTests(LiveAppFixture app)
{
    [Fact]
    public async Task Create_A_Key_See_It_Once_Copy_It_Revoke_It_And_It_Is_Refused()
    {
        var email = await OwnerAsync();
        var page = await app.NewPageAsync();
        await page.Context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"], new() { Origin = app.BaseUrl });
        await page.GotoAsync("/Account/Login");
        await new SignInPage(page).SignInAsync(email, Session.Password);
        await Assertions.Expect(page).ToHaveURLAsync(app.BaseUrl + "/app");

        // The menu links the page; opening it by address avoids a click racing the dashboard's first interactive render.
        await Assertions.Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "API keys" }))
            .ToHaveAttributeAsync("href", "/app/settings/api");
        await page.GotoAsync("/app/settings/api");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "API keys", Level = 1 })).ToBeVisibleAsync();
        await Circuit(page);
        await page.GetByLabel("Name").FillAsync("Build server");
        await page.GetByTestId("api-key-create").ClickAsync();

        var dialog = page.GetByRole(AriaRole.Dialog);
        await Assertions.Expect(dialog).ToContainTextAsync("shown only this once");
        var secret = await dialog.GetByLabel("API key").InputValueAsync();
        Assert.StartsWith("tts_live_", secret);
        await Accessibility.AssertNoSeriousViolationsAsync(page);
        await page.ScreenshotAsync(new() { Path = LiveAppFixture.ScreenshotPath("api-key-shown-once") });
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Copy" }).ClickAsync();
        await Assertions.Expect(dialog.GetByTestId("api-key-copy-status")).ToHaveTextAsync("Copied to the clipboard.");
        Assert.Equal(secret, await page.EvaluateAsync<string>("() => navigator.clipboard.readText()"));
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Done" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Dialog)).ToHaveCountAsync(0);

        // Gone from the page: only the prefix is listed.
        Assert.DoesNotContain(secret, await page.ContentAsync());
        var row = page.GetByTestId("api-key").Filter(new() { HasText = "Build server" });
        await Assertions.Expect(row).ToContainTextAsync(secret[..15]);
        await Assertions.Expect(row.GetByTestId("api-key-state")).ToHaveTextAsync("Active");

        using var client = new HttpClient { BaseAddress = new Uri(app.BaseUrl) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/accounts")).StatusCode);
        await page.ReloadAsync();
        await Circuit(page);
        await Assertions.Expect(page.GetByTestId("api-key").Filter(new() { HasText = "Build server" }).GetByTestId("api-key-last-used")).ToContainTextAsync("Last used");
        await page.ScreenshotAsync(new() { Path = LiveAppFixture.ScreenshotPath("api-keys-desktop"), FullPage = true });

        await page.GetByRole(AriaRole.Button, new() { Name = "Revoke the key Build server" }).ClickAsync();
        var confirm = page.GetByRole(AriaRole.Dialog);
        await Assertions.Expect(confirm).ToContainTextAsync("Revoke \"Build server\"?");
        await confirm.GetByRole(AriaRole.Button, new() { Name = "Revoke" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("api-keys-status")).ToContainTextAsync("is revoked");
        await Assertions.Expect(page.GetByTestId("api-key").Filter(new() { HasText = "Build server" }).GetByTestId("api-key-state")).ToHaveTextAsync("Revoked");

        var refused = await client.GetAsync("/api/v1/accounts");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Contains("revoked", await refused.Content.ReadAsStringAsync());

        await page.SetViewportSizeAsync(390, 844);
        await page.ReloadAsync();
        await Assertions.Expect(page.GetByTestId("api-key-form")).ToBeVisibleAsync();
        await Accessibility.AssertNoHorizontalScrollAsync(page);
        await page.ScreenshotAsync(new() { Path = LiveAppFixture.ScreenshotPath("api-keys-phone"), FullPage = true });
    }

    [Fact]
    public async Task The_Api_Reference_Renders_Under_The_Content_Security_Policy()
    {
        var page = await app.NewPageAsync();
        var problems = new List<string>();
        page.Console += (_, message) => { if (message.Type == "error") problems.Add(message.Text); };
        page.PageError += (_, error) => problems.Add(error);

        var response = await page.GotoAsync("/api/reference");
        Assert.NotNull(response);
        Assert.Contains("script-src 'self'", (await response.AllHeadersAsync())["content-security-policy"]);
        // Scalar draws the document's title and its operations, grouped by resource, from the OpenAPI JSON in the browser.
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "TikTok Studio API" }).First).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await Assertions.Expect(page.GetByText("/api/v1/media/uploads").First).ToBeVisibleAsync();
        foreach (var resource in new[] { "Accounts", "Posts", "Calendar" })
            await Assertions.Expect(page.GetByText(resource, new() { Exact = true }).First).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = LiveAppFixture.ScreenshotPath("api-reference-desktop") });
        Assert.Empty(problems);
    }

    private static Task Circuit(IPage page) => Assertions.Expect(page.Locator("main[data-circuit=ready]")).ToBeVisibleAsync();

    private async Task<string> OwnerAsync()
    {
        using var scope = app.Services.CreateScope();
        var services = scope.ServiceProvider;
        var email = $"api-{Guid.NewGuid():N}@example.com";
        var user = new ApplicationUser { UserName = email, Email = email, EmailConfirmed = true, TimeZoneId = "Europe/Berlin" };
        Assert.True((await services.GetRequiredService<UserManager<ApplicationUser>>().CreateAsync(user, Session.Password)).Succeeded);
        await services.GetRequiredService<WorkspaceService>().CreateAsync(user, "API Brand", "Europe/Berlin");
        return email;
    }
}
