using System.Collections.Concurrent;
using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Stripe;

namespace TikTokStudio.Emulators.Tests.Stripe;

/// <summary>
/// One Stripe emulator per test on a loopback port, mounted as the web app mounts it, with a webhook receiver on the
/// same host (it records every delivery and can be told to fail), Stripe.net pointed at it, and a person's steps on the
/// hosted pages.
/// </summary>
public sealed class StripeEmulatorHost : IAsyncDisposable
{
    public const string SecretKey = "sk_test_emulated_stripe_key";
    public const string WebhookSecret = "whsec_emulated_stripe_signing_secret";
    public const string ProMonthly = "price_pro_monthly";
    public const string StarterMonthly = "price_starter_monthly";

    private readonly WebApplication app;

    public sealed record Received(string Body, string Signature, int AnsweredWith);

    /// <summary>Every webhook request the receiver got, in order.</summary>
    public ConcurrentQueue<Received> Webhooks { get; } = new();

    /// <summary>The receiver answers 500 to this many requests before it accepts.</summary>
    public int FailNextWebhooks;

    private StripeEmulatorHost(WebApplication app, string origin)
    {
        this.app = app;
        Origin = origin;
        Browser = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(origin + "/emulators/stripe/") };
        Client = new StripeClient(SecretKey, apiBase: origin + "/emulators/stripe");
    }

    public string Origin { get; }
    public HttpClient Browser { get; }
    /// <summary>Stripe.net, unmodified, with the emulator as its API base.</summary>
    public StripeClient Client { get; }
    public string WebhookUrl => Origin + "/hook";

    public static async Task<StripeEmulatorHost> StartAsync()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Emulators:Stripe:Products:0:Id"] = "prod_starter", ["Emulators:Stripe:Products:0:Name"] = "Starter",
            ["Emulators:Stripe:Products:0:Prices:0:Id"] = StarterMonthly, ["Emulators:Stripe:Products:0:Prices:0:LookupKey"] = "starter_monthly",
            ["Emulators:Stripe:Products:0:Prices:0:UnitAmount"] = "1900", ["Emulators:Stripe:Products:0:Prices:0:Interval"] = "month",
            ["Emulators:Stripe:Products:1:Id"] = "prod_pro", ["Emulators:Stripe:Products:1:Name"] = "Pro",
            ["Emulators:Stripe:Products:1:Prices:0:Id"] = ProMonthly, ["Emulators:Stripe:Products:1:Prices:0:LookupKey"] = "pro_monthly",
            ["Emulators:Stripe:Products:1:Prices:0:UnitAmount"] = "4900", ["Emulators:Stripe:Products:1:Prices:0:Interval"] = "month",
            ["Emulators:Stripe:Products:1:Prices:1:Id"] = "price_pro_yearly", ["Emulators:Stripe:Products:1:Prices:1:LookupKey"] = "pro_yearly",
            ["Emulators:Stripe:Products:1:Prices:1:UnitAmount"] = "49000", ["Emulators:Stripe:Products:1:Prices:1:Interval"] = "year",
            ["Emulators:Stripe:WebhookRetryDelaysSeconds:0"] = "0.05", ["Emulators:Stripe:WebhookRetryDelaysSeconds:1"] = "0.1",
            ["Emulators:Stripe:WebhookRetryDelaysSeconds:2"] = "0.2",
        });
        builder.Services.AddStudioEmulators(builder.Configuration);
        var web = builder.Build();
        web.MapStudioEmulators("/emulators");
        StripeEmulatorHost? host = null;
        web.MapPost("/hook", async (HttpRequest request) =>
        {
            var body = await new StreamReader(request.Body).ReadToEndAsync();
            var fail = Interlocked.Decrement(ref host!.FailNextWebhooks) >= 0;
            var status = fail ? 500 : 200;
            host.Webhooks.Enqueue(new Received(body, request.Headers["Stripe-Signature"].ToString(), status));
            return Results.StatusCode(status);
        });
        await web.StartAsync();
        var origin = web.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        host = new StripeEmulatorHost(web, origin);
        return host;
    }

    public Task<WebhookEndpoint> RegisterWebhookAsync() =>
        new WebhookEndpointService(Client).CreateAsync(new WebhookEndpointCreateOptions { Url = WebhookUrl, EnabledEvents = ["*"] });

    public Task<global::Stripe.Checkout.Session> CreateCheckoutAsync(string price = ProMonthly, string? customer = null, long? trialDays = null) =>
        new global::Stripe.Checkout.SessionService(Client).CreateAsync(new global::Stripe.Checkout.SessionCreateOptions
        {
            Mode = "subscription",
            Customer = customer,
            CustomerEmail = customer is null ? "owner@example.com" : null,
            LineItems = [new() { Price = price, Quantity = 1 }],
            SuccessUrl = "http://127.0.0.1:5999/app/billing?checkout={CHECKOUT_SESSION_ID}",
            CancelUrl = "http://127.0.0.1:5999/app/billing",
            ClientReferenceId = "workspace-1",
            Metadata = new Dictionary<string, string> { ["workspace_id"] = "workspace-1" },
            SubscriptionData = new() { Metadata = new Dictionary<string, string> { ["workspace_id"] = "workspace-1" }, TrialPeriodDays = trialDays },
        });

    /// <summary>Fills the hosted checkout page with a card and submits it; returns the response (redirect on success).</summary>
    public async Task<HttpResponseMessage> PayAsync(string checkoutUrl, string cardNumber, string expiry = "12 / 34", string cvc = "123")
    {
        var form = (await HtmlAsync(checkoutUrl)).QuerySelector("form[method=post]")!;
        return await Browser.PostAsync(form.GetAttribute("action"), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["cardnumber"] = cardNumber, ["exp"] = expiry.Replace(" ", ""), ["cvc"] = cvc, ["name"] = "Owner",
        }));
    }

    /// <summary>Submits one of the portal's forms (its action ends with /card, /cancel, /resume or /plan).</summary>
    public async Task<HttpResponseMessage> PortalAsync(string portalUrl, string action, Dictionary<string, string>? fields = null)
    {
        var form = (await HtmlAsync(portalUrl)).QuerySelectorAll("form[method=post]").First(f => f.GetAttribute("action")!.EndsWith("/" + action));
        return await Browser.PostAsync(form.GetAttribute("action"), new FormUrlEncodedContent(fields ?? []));
    }

    public async Task<IDocument> HtmlAsync(string url)
    {
        using var response = await Browser.GetAsync(url);
        return new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());
    }

    public async Task AdvanceDaysAsync(double days)
    {
        using var response = await Browser.PostAsJsonAsync("_emulator/clock/advance", new { seconds = (long)(days * 86400) });
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Waits until every queued webhook was delivered or given up (retries included).</summary>
    public async Task WebhooksSettledAsync()
    {
        // A generous deadline, not a speed check: the test assemblies run at once (Playwright included) on 2 cores.
        for (var i = 0; i < 1200; i++)
        {
            var state = await Browser.GetFromJsonAsync<System.Text.Json.JsonElement>("_emulator/deliveries");
            if (!state.GetProperty("busy").GetBoolean()) return;
            await Task.Delay(25);
        }
        Assert.Fail("Webhook deliveries did not settle within 30 s.");
    }

    /// <summary>The events the receiver accepted, verified as the app verifies them.</summary>
    public List<Event> AcceptedEvents() => Webhooks.Where(w => w.AnsweredWith == 200)
        .Select(w => EventUtility.ConstructEvent(w.Body, w.Signature, WebhookSecret)).ToList();

    public async ValueTask DisposeAsync()
    {
        Browser.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
