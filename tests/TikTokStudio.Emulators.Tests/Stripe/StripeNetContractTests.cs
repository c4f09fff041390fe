using System.Net;
using Stripe;

namespace TikTokStudio.Emulators.Tests.Stripe;

/// <summary>
/// Every Stripe.net call the app makes, unmodified, against the emulator: customers, Checkout Sessions (subscription
/// mode, expand), portal sessions, subscriptions, invoices, webhook endpoints, and Stripe's error JSON.
/// </summary>
public sealed class StripeNetContractTests : IAsyncLifetime
{
    private StripeEmulatorHost host = null!;

    public async Task InitializeAsync() => host = await StripeEmulatorHost.StartAsync();
    public async Task DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task A_Customer_Is_Created_With_Its_Metadata_And_Read_Back()
    {
        var created = await new CustomerService(host.Client).CreateAsync(new CustomerCreateOptions
        {
            Email = "owner@example.com", Name = "Acme", Metadata = new Dictionary<string, string> { ["workspace_id"] = "w1" },
        });

        var read = await new CustomerService(host.Client).GetAsync(created.Id);

        Assert.StartsWith("cus_", created.Id);
        Assert.Equal("owner@example.com", read.Email);
        Assert.Equal("w1", read.Metadata["workspace_id"]);
    }

    [Fact]
    public async Task A_Checkout_Session_Paid_With_4242_Creates_An_Active_Subscription_With_Its_Period_And_A_Paid_Invoice()
    {
        var session = await host.CreateCheckoutAsync();
        Assert.Equal("open", session.Status);
        Assert.Equal("subscription", session.Mode);
        Assert.StartsWith(host.Origin + "/emulators/stripe/checkout/", session.Url);

        var paid = await host.PayAsync(session.Url, "4242 4242 4242 4242");

        Assert.Equal(HttpStatusCode.Redirect, paid.StatusCode);
        Assert.Equal($"http://127.0.0.1:5999/app/billing?checkout={session.Id}", paid.Headers.Location!.ToString());
        var completed = await new global::Stripe.Checkout.SessionService(host.Client).GetAsync(session.Id,
            new global::Stripe.Checkout.SessionGetOptions { Expand = ["subscription", "customer"] });
        Assert.Equal("complete", completed.Status);
        Assert.Equal("paid", completed.PaymentStatus);
        Assert.Equal("workspace-1", completed.ClientReferenceId);
        Assert.Equal("owner@example.com", completed.Customer.Email);
        var subscription = completed.Subscription;
        Assert.Equal("active", subscription.Status);
        Assert.Equal(StripeEmulatorHost.ProMonthly, subscription.Items.Data.Single().Price.Id);
        Assert.Equal("workspace-1", subscription.Metadata["workspace_id"]);
        var item = subscription.Items.Data.Single();
        Assert.InRange((item.CurrentPeriodEnd - item.CurrentPeriodStart).TotalDays, 28, 31);

        var invoices = await new InvoiceService(host.Client).ListAsync(new InvoiceListOptions { Customer = completed.CustomerId, Limit = 10 });
        var invoice = Assert.Single(invoices.Data);
        Assert.Equal("paid", invoice.Status);
        Assert.Equal(4900, invoice.AmountPaid);
        Assert.Equal(subscription.Id, invoice.Parent.SubscriptionDetails.SubscriptionId);
        using var pdf = await host.Browser.GetAsync(invoice.InvoicePdf);
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType!.MediaType);
        Assert.StartsWith("%PDF-", await pdf.Content.ReadAsStringAsync());
        using var hosted = await host.Browser.GetAsync(invoice.HostedInvoiceUrl);
        Assert.Contains("$49.00", await hosted.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_9995_Card_Is_Declined_For_Insufficient_Funds_And_Nothing_Is_Created()
    {
        var session = await host.CreateCheckoutAsync();

        var declined = await host.PayAsync(session.Url, "4000 0000 0000 9995");

        Assert.Equal(HttpStatusCode.PaymentRequired, declined.StatusCode);
        Assert.Contains("Your card has insufficient funds.", await declined.Content.ReadAsStringAsync());
        var still = await new global::Stripe.Checkout.SessionService(host.Client).GetAsync(session.Id);
        Assert.Equal("open", still.Status);
        Assert.Null(still.SubscriptionId);
    }

    [Fact]
    public async Task A_Trial_Period_Starts_A_Trialing_Subscription_With_A_Zero_Invoice()
    {
        var session = await host.CreateCheckoutAsync(trialDays: 14);
        await host.PayAsync(session.Url, "4242424242424242");

        var completed = await new global::Stripe.Checkout.SessionService(host.Client).GetAsync(session.Id);
        var subscription = await new SubscriptionService(host.Client).GetAsync(completed.SubscriptionId);

        Assert.Equal("trialing", subscription.Status);
        Assert.Equal(14, (int)Math.Round((subscription.TrialEnd!.Value - subscription.TrialStart!.Value).TotalDays));
        Assert.Equal("no_payment_required", completed.PaymentStatus);
    }

    [Fact]
    public async Task A_Billing_Portal_Session_Gives_A_Page_For_The_Customer()
    {
        var customer = await new CustomerService(host.Client).CreateAsync(new CustomerCreateOptions { Email = "owner@example.com" });

        var portal = await new global::Stripe.BillingPortal.SessionService(host.Client).CreateAsync(new global::Stripe.BillingPortal.SessionCreateOptions
        {
            Customer = customer.Id, ReturnUrl = "http://127.0.0.1:5999/app/billing",
        });

        Assert.StartsWith(host.Origin + "/emulators/stripe/portal/", portal.Url);
        var page = await host.HtmlAsync(portal.Url);
        Assert.Contains("owner@example.com", page.Body!.TextContent);
        Assert.NotNull(page.QuerySelector("a[href='http://127.0.0.1:5999/app/billing']"));
    }

    [Fact]
    public async Task Updating_A_Subscription_To_Cancel_At_Period_End_Is_Reflected()
    {
        var session = await host.CreateCheckoutAsync();
        await host.PayAsync(session.Url, "4242424242424242");
        var id = (await new global::Stripe.Checkout.SessionService(host.Client).GetAsync(session.Id)).SubscriptionId;

        var updated = await new SubscriptionService(host.Client).UpdateAsync(id, new SubscriptionUpdateOptions { CancelAtPeriodEnd = true });

        Assert.True(updated.CancelAtPeriodEnd);
        Assert.Equal("active", updated.Status);
    }

    [Fact]
    public async Task Prices_Are_Found_By_Lookup_Key()
    {
        var prices = await new PriceService(host.Client).ListAsync(new PriceListOptions { LookupKeys = ["pro_yearly"] });

        var price = Assert.Single(prices.Data);
        Assert.Equal("price_pro_yearly", price.Id);
        Assert.Equal("year", price.Recurring.Interval);
        Assert.Equal(49000, price.UnitAmount);
    }

    [Fact]
    public async Task An_Unknown_Price_Fails_With_Stripes_Error_Shape()
    {
        var error = await Assert.ThrowsAsync<StripeException>(() => host.CreateCheckoutAsync(price: "price_missing"));

        Assert.Equal(HttpStatusCode.NotFound, error.HttpStatusCode);
        Assert.Equal("resource_missing", error.StripeError.Code);
        Assert.Equal("invalid_request_error", error.StripeError.Type);
        Assert.Equal("line_items[0][price]", error.StripeError.Param);
        Assert.Contains("No such price: 'price_missing'", error.Message);
    }

    [Fact]
    public async Task A_Wrong_Secret_Key_Is_Refused_Without_Echoing_It()
    {
        var wrong = new StripeClient("sk_test_wrong_key_123456789", apiBase: host.Origin + "/emulators/stripe");

        var error = await Assert.ThrowsAsync<StripeException>(() => new CustomerService(wrong).CreateAsync(new CustomerCreateOptions()));

        Assert.Equal(HttpStatusCode.Unauthorized, error.HttpStatusCode);
        Assert.StartsWith("Invalid API Key provided", error.StripeError.Message);
        Assert.DoesNotContain("sk_test_wrong_key_123456789", error.StripeError.Message);
    }

    [Fact]
    public async Task An_Unknown_Parameter_Is_Refused_By_Name()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/customers")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["emial"] = "typo@example.com" }),
        };
        request.Headers.Authorization = new("Bearer", StripeEmulatorHost.SecretKey);

        using var response = await host.Browser.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Received unknown parameter: emial", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_Webhook_Endpoint_Is_Created_With_Its_Signing_Secret()
    {
        var endpoint = await host.RegisterWebhookAsync();

        Assert.StartsWith("we_", endpoint.Id);
        Assert.Equal(StripeEmulatorHost.WebhookSecret, endpoint.Secret);
        Assert.Equal(host.WebhookUrl, endpoint.Url);
    }
}
