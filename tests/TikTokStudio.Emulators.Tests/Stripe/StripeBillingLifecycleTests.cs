using Stripe;

namespace TikTokStudio.Emulators.Tests.Stripe;

/// <summary>Subscriptions through time (the control API's clock), the portal, and webhooks signed and retried as Stripe does.</summary>
public sealed class StripeBillingLifecycleTests : IAsyncLifetime
{
    private StripeEmulatorHost host = null!;

    public async Task InitializeAsync()
    {
        host = await StripeEmulatorHost.StartAsync();
        await host.RegisterWebhookAsync();
    }

    public async Task DisposeAsync() => await host.DisposeAsync();

    private async Task<(string SubscriptionId, string CustomerId)> SubscribeAsync(string card, long? trialDays = null)
    {
        var session = await host.CreateCheckoutAsync(trialDays: trialDays);
        await host.PayAsync(session.Url, card);
        var done = await new global::Stripe.Checkout.SessionService(host.Client).GetAsync(session.Id);
        return (done.SubscriptionId, done.CustomerId);
    }

    private async Task<string> PortalUrlAsync(string customerId) =>
        (await new global::Stripe.BillingPortal.SessionService(host.Client).CreateAsync(new() { Customer = customerId, ReturnUrl = "http://127.0.0.1:5999/app/billing" })).Url;

    [Fact]
    public async Task Checkout_Sends_Signed_Events_That_Stripe_Net_Verifies_In_Order()
    {
        await SubscribeAsync("4242424242424242");
        await host.WebhooksSettledAsync();

        var events = host.AcceptedEvents();

        Assert.Equal(["customer.created", "customer.subscription.created", "invoice.created", "invoice.paid", "checkout.session.completed"], events.Select(e => e.Type));
        var completed = (global::Stripe.Checkout.Session)events.Last().Data.Object;
        Assert.Equal("workspace-1", completed.ClientReferenceId);
        Assert.Matches(@"^t=\d+,v1=[0-9a-f]{64}$", host.Webhooks.First().Signature);
    }

    [Fact]
    public async Task A_Signature_Made_With_Another_Secret_Or_Body_Does_Not_Verify()
    {
        await SubscribeAsync("4242424242424242");
        await host.WebhooksSettledAsync();
        var delivered = host.Webhooks.First();

        Assert.Throws<StripeException>(() => EventUtility.ConstructEvent(delivered.Body, delivered.Signature, "whsec_another"));
        Assert.Throws<StripeException>(() => EventUtility.ConstructEvent(delivered.Body.Replace("customer", "kustomer"), delivered.Signature, StripeEmulatorHost.WebhookSecret));
    }

    [Fact]
    public async Task A_Renewal_Charges_The_Card_And_Moves_The_Period()
    {
        var (id, _) = await SubscribeAsync("4242424242424242");
        var before = (await new SubscriptionService(host.Client).GetAsync(id)).Items.Data[0].CurrentPeriodEnd;

        await host.AdvanceDaysAsync(32);
        await host.WebhooksSettledAsync();

        var after = await new SubscriptionService(host.Client).GetAsync(id);
        Assert.Equal("active", after.Status);
        Assert.Equal(before, after.Items.Data[0].CurrentPeriodStart);
        var invoices = await new InvoiceService(host.Client).ListAsync(new InvoiceListOptions { Subscription = id });
        Assert.Equal(2, invoices.Data.Count(i => i.Status == "paid"));
        Assert.Contains(host.AcceptedEvents(), e => e.Type == "invoice.paid" && ((Invoice)e.Data.Object).BillingReason == "subscription_cycle");
    }

    [Fact]
    public async Task The_0341_Card_Pays_At_Checkout_Then_Fails_The_Renewal_And_A_New_Card_Recovers()
    {
        var (id, customerId) = await SubscribeAsync("4000000000000341");
        Assert.Equal("active", (await new SubscriptionService(host.Client).GetAsync(id)).Status);

        await host.AdvanceDaysAsync(32);
        await host.WebhooksSettledAsync();

        Assert.Equal("past_due", (await new SubscriptionService(host.Client).GetAsync(id)).Status);
        Assert.Contains(host.AcceptedEvents(), e => e.Type == "invoice.payment_failed");
        Assert.Contains(host.AcceptedEvents(), e => e.Type == "customer.subscription.updated" && ((Subscription)e.Data.Object).Status == "past_due");

        await host.PortalAsync(await PortalUrlAsync(customerId), "card", new() { ["cardnumber"] = "4242424242424242", ["exp"] = "12/34", ["cvc"] = "123" });

        Assert.Equal("active", (await new SubscriptionService(host.Client).GetAsync(id)).Status);
        var invoices = await new InvoiceService(host.Client).ListAsync(new InvoiceListOptions { Customer = customerId });
        Assert.All(invoices.Data, i => Assert.Equal("paid", i.Status));
    }

    [Fact]
    public async Task Canceling_In_The_Portal_Ends_The_Subscription_At_The_Period_End()
    {
        var (id, customerId) = await SubscribeAsync("4242424242424242");

        var response = await host.PortalAsync(await PortalUrlAsync(customerId), "cancel");
        var pending = await new SubscriptionService(host.Client).GetAsync(id);
        await host.AdvanceDaysAsync(32);
        await host.WebhooksSettledAsync();
        var ended = await new SubscriptionService(host.Client).GetAsync(id);

        Assert.Equal(System.Net.HttpStatusCode.Redirect, response.StatusCode);
        Assert.True(pending.CancelAtPeriodEnd);
        Assert.Equal("active", pending.Status);
        Assert.Equal("canceled", ended.Status);
        Assert.Contains(host.AcceptedEvents(), e => e.Type == "customer.subscription.deleted");
    }

    [Fact]
    public async Task Switching_Plan_In_The_Portal_Changes_The_Price()
    {
        var (id, customerId) = await SubscribeAsync("4242424242424242");

        await host.PortalAsync(await PortalUrlAsync(customerId), "plan", new() { ["price"] = StripeEmulatorHost.StarterMonthly });

        Assert.Equal(StripeEmulatorHost.StarterMonthly, (await new SubscriptionService(host.Client).GetAsync(id)).Items.Data[0].Price.Id);
    }

    [Fact]
    public async Task A_Trial_Sends_Trial_Will_End_Three_Days_Before_And_Then_Charges()
    {
        var (id, _) = await SubscribeAsync("4242424242424242", trialDays: 14);

        await host.AdvanceDaysAsync(11.5);
        await host.WebhooksSettledAsync();
        Assert.Contains(host.AcceptedEvents(), e => e.Type == "customer.subscription.trial_will_end");
        Assert.Equal("trialing", (await new SubscriptionService(host.Client).GetAsync(id)).Status);

        await host.AdvanceDaysAsync(3);
        Assert.Equal("active", (await new SubscriptionService(host.Client).GetAsync(id)).Status);
    }

    [Fact]
    public async Task A_Webhook_Answered_With_500_Is_Retried_With_The_Same_Event_Until_Accepted()
    {
        host.FailNextWebhooks = 2;

        await new CustomerService(host.Client).CreateAsync(new CustomerCreateOptions { Email = "retry@example.com" });
        await host.WebhooksSettledAsync();

        var attempts = host.Webhooks.ToList();
        Assert.Equal([500, 500, 200], attempts.Select(a => a.AnsweredWith));
        Assert.Single(attempts.Select(a => EventUtility.ParseEvent(a.Body).Id).Distinct());
        var delivery = (await host.Browser.GetFromJsonAsync<System.Text.Json.JsonElement>("_emulator/deliveries")).GetProperty("deliveries")[0];
        Assert.True(delivery.GetProperty("delivered").GetBoolean());
    }
}
