using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;
using TikTokStudio.EndToEndTests.Infrastructure;
using TikTokStudio.EndToEndTests.Pages;
using TikTokStudio.Web.Data;
using TikTokStudio.Web.Features.Workspaces;

namespace TikTokStudio.EndToEndTests.Features.Webhooks;

/// <summary>
/// /app/settings/webhooks in Chromium: an Admin adds an endpoint pointing at a receiver this test runs on loopback,
/// sees the signing secret once, sends a test event, and sees it delivered with 200 in the log; then on a phone.
/// </summary>
[Collection(LiveAppCollection.Name)]
[Trait("Category", "E2E")]
public sealed class WebhooksJourneyTests(LiveAppFixture app) : IAsyncLifetime
{
    private WebApplication receiver = default!;
    private string receiverUrl = "";
    private readonly ConcurrentQueue<(string Body, string Id)> received = new();

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(o => o.Listen(System.Net.IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        receiver = builder.Build();
        receiver.MapPost("/hooks", async (HttpContext context) =>
        {
            using var reader = new StreamReader(context.Request.Body);
            received.Enqueue((await reader.ReadToEndAsync(), context.Request.Headers["webhook-id"].ToString()));
            return Results.Text("ok");
        });
        await receiver.StartAsync();
        receiverUrl = receiver.Urls.First().TrimEnd('/') + "/hooks";
    }

    public async Task DisposeAsync() => await receiver.DisposeAsync();

    [Fact]
    public async Task Add_An_Endpoint_See_The_Secret_Once_Send_A_Test_Event_And_See_It_Delivered()
    {
        var page = await SignedInOwnerAsync();
        await page.GotoAsync("/app/settings/webhooks");
        await Assertions.Expect(page.Locator("main[data-circuit=ready]")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Webhooks", Level = 1 })).ToBeVisibleAsync();

        // A bad URL is refused with the reason, and nothing is added.
        await page.GetByLabel("Endpoint URL").FillAsync("ftp://example.com/hook");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add endpoint" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("webhooks-status")).ToContainTextAsync("Enter a full URL starting with https://");
        await Assertions.Expect(page.GetByTestId("endpoint")).ToHaveCountAsync(0);

        await page.GetByLabel("Endpoint URL").FillAsync(receiverUrl);
        await page.GetByLabel("Description (optional)").FillAsync("Our CRM");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add endpoint" }).ClickAsync();
        var secretBox = page.GetByTestId("secret-once");
        await Assertions.Expect(secretBox).ToBeVisibleAsync();
        var secret = await page.GetByLabel("Signing secret", new() { Exact = true }).InputValueAsync();
        Assert.StartsWith("whsec_", secret);
        await Assertions.Expect(page.GetByTestId("endpoint")).ToHaveCountAsync(1);
        await Accessibility.AssertNoSeriousViolationsAsync(page);
        await page.ScreenshotAsync(new() { Path = LiveAppFixture.ScreenshotPath("webhooks-secret-once"), FullPage = true });

        await page.GetByRole(AriaRole.Button, new() { Name = "I have stored it" }).ClickAsync();
        await Assertions.Expect(secretBox).ToHaveCountAsync(0);
        Assert.DoesNotContain(secret, await page.ContentAsync()); // never rendered again

        await page.GetByRole(AriaRole.Button, new() { Name = $"Send test event to {receiverUrl}" }).ClickAsync();
        var log = page.GetByTestId("delivery-log");
        var delivery = log.GetByTestId("delivery").First;
        await Assertions.Expect(delivery).ToContainTextAsync("webhook.test");
        await Assertions.Expect(delivery.GetByTestId("delivery-code")).ToHaveTextAsync("200");
        await Assertions.Expect(delivery.GetByTestId("delivery-summary")).ToContainTextAsync("delivered");
        var got = Assert.Single(received);
        Assert.Contains("\"type\":\"webhook.test\"", got.Body);

        await delivery.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Details of webhook.test") }).ClickAsync();
        await Assertions.Expect(delivery.GetByLabel("Request body")).ToContainTextAsync("\"type\":\"webhook.test\"");
        await Assertions.Expect(delivery).ToContainTextAsync(got.Id);
        await Assertions.Expect(delivery.GetByLabel("Answer to attempt 1")).ToHaveTextAsync("ok");
        await Accessibility.AssertNoSeriousViolationsAsync(page);
        await page.SetViewportSizeAsync(1280, 800);
        await page.ScreenshotAsync(new() { Path = LiveAppFixture.ScreenshotPath("webhooks-desktop"), FullPage = true });

        await page.SetViewportSizeAsync(390, 844);
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("main[data-circuit=ready]")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = $"Delivery log of {receiverUrl}" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("delivery")).ToHaveCountAsync(1);
        await Accessibility.AssertNoHorizontalScrollAsync(page);
        await Accessibility.AssertNoSeriousViolationsAsync(page);
        await page.ScreenshotAsync(new() { Path = LiveAppFixture.ScreenshotPath("webhooks-phone"), FullPage = true });
    }

    private async Task<IPage> SignedInOwnerAsync()
    {
        var email = $"hooks-{Guid.NewGuid():N}@example.com";
        using (var scope = app.Services.CreateScope())
        {
            var services = scope.ServiceProvider;
            var user = new ApplicationUser { UserName = email, Email = email, EmailConfirmed = true, TimeZoneId = "Europe/Berlin" };
            Assert.True((await services.GetRequiredService<UserManager<ApplicationUser>>().CreateAsync(user, Session.Password)).Succeeded);
            await services.GetRequiredService<WorkspaceService>().CreateAsync(user, "Hooked Brand", "Europe/Berlin");
        }
        var page = await app.NewPageAsync();
        await page.GotoAsync("/Account/Login");
        await new SignInPage(page).SignInAsync(email, Session.Password);
        await Assertions.Expect(page).ToHaveURLAsync(app.BaseUrl + "/app");
        return page;
    }
}
