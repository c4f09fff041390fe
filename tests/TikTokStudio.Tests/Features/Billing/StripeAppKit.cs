using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using AngleSharp.Html.Parser;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TikTokStudio.Tests.Infrastructure;
using TikTokStudio.Web.Data;
using TikTokStudio.Web.Features.Billing;

namespace TikTokStudio.Tests.Features.Billing;

/// <summary>The app's billing against its own mounted Stripe emulator: pay on the hosted page, wait for webhooks, sign our own.</summary>
public static class StripeAppKit
{
    public const string WebhookSecret = "whsec_emulated_stripe_signing_secret";

    public static HttpClient Browser(StudioAppFactory app) =>
        new(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = app.ServerAddress };

    public static Task<string> StartCheckoutAsync(StudioAppFactory app, string userId, string plan = "pro", BillingInterval interval = BillingInterval.Monthly) =>
        app.Services.AsUserAsync(userId, s => s.GetRequiredService<BillingService>().StartCheckoutAsync(plan, interval, app.ServerAddress!.ToString()));

    /// <summary>Pays the emulated Checkout page with a test card; returns where Stripe sends the browser.</summary>
    public static async Task<HttpResponseMessage> PayAsync(StudioAppFactory app, string checkoutUrl, string card)
    {
        using var browser = Browser(app);
        var html = await browser.GetStringAsync(checkoutUrl);
        var form = new HtmlParser().ParseDocument(html).QuerySelector("form[method=post]")!;
        return await browser.PostAsync(form.GetAttribute("action"), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["cardnumber"] = card, ["exp"] = "12/40", ["cvc"] = "123", ["name"] = "Owner",
        }));
    }

    /// <summary>Switches the subscription's price on the emulated Customer Portal, as the Owner would, and waits for the webhooks.</summary>
    public static async Task ChangePlanInPortalAsync(StudioAppFactory app, string userId, string priceId)
    {
        var portalUrl = await app.Services.AsUserAsync(userId, s => s.GetRequiredService<BillingService>().OpenPortalAsync(app.ServerAddress!.ToString()));
        using var browser = Browser(app);
        var html = await browser.GetStringAsync(portalUrl);
        var form = new HtmlParser().ParseDocument(html).QuerySelectorAll("form[method=post]").Single(f => f.GetAttribute("action")!.EndsWith("/plan", StringComparison.Ordinal));
        var response = await browser.PostAsync(form.GetAttribute("action"), new FormUrlEncodedContent(new Dictionary<string, string> { ["price"] = priceId }));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        await WebhooksSettledAsync(app);
    }

    public static async Task WebhooksSettledAsync(StudioAppFactory app)
    {
        using var browser = Browser(app);
        // A generous deadline, not a speed check: the test assemblies run at once (Playwright included) on 2 cores.
        for (var i = 0; i < 1200; i++)
        {
            var state = JsonDocument.Parse(await browser.GetStringAsync("/emulators/stripe/_emulator/deliveries")).RootElement;
            if (!state.GetProperty("busy").GetBoolean()) return;
            await Task.Delay(25);
        }
        Assert.Fail("The emulated Stripe's webhooks did not settle within 30 s.");
    }

    public static async Task AdvanceStripeClockAsync(StudioAppFactory app, TimeSpan by)
    {
        using var browser = Browser(app);
        var response = await browser.PostAsync("/emulators/stripe/_emulator/clock/advance",
            new StringContent(JsonSerializer.Serialize(new { seconds = (long)by.TotalSeconds }), Encoding.UTF8, "application/json"));
        response.EnsureSuccessStatusCode();
        await WebhooksSettledAsync(app);
    }

    public static async Task<WorkspaceBilling?> BillingOfAsync(StudioAppFactory app, Guid workspaceId)
    {
        using var scope = app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<StudioDbContext>().Set<WorkspaceBilling>().IgnoreQueryFilters().AsNoTracking()
            .FirstOrDefaultAsync(b => b.WorkspaceId == workspaceId);
    }

    public static string Sign(string payload, long timestamp, string secret = WebhookSecret) =>
        $"t={timestamp},v1={Convert.ToHexString(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestamp}.{payload}"))).ToLowerInvariant()}";

    public static async Task<HttpResponseMessage> PostWebhookAsync(StudioAppFactory app, string payload, string signature)
    {
        using var browser = Browser(app);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/stripe") { Content = new StringContent(payload, Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("Stripe-Signature", signature);
        return await browser.SendAsync(request);
    }

    /// <summary>An event as Stripe writes it, about a subscription snapshot.</summary>
    public static string SubscriptionEvent(string id, string type, string subscriptionId, string customerId, string status, string workspaceId) =>
        $$$"""
        {"id":"{{{id}}}","object":"event","api_version":"2026-10-28.endive","created":{{{DateTimeOffset.UtcNow.ToUnixTimeSeconds()}}},"livemode":false,"pending_webhooks":1,
         "request":{"id":null,"idempotency_key":null},"type":"{{{type}}}",
         "data":{"object":{"id":"{{{subscriptionId}}}","object":"subscription","customer":"{{{customerId}}}","status":"{{{status}}}","cancel_at_period_end":false,
           "metadata":{"workspace_id":"{{{workspaceId}}}"},"items":{"object":"list","data":[],"has_more":false,"url":"/v1/subscription_items"} } } }
        """;
}
