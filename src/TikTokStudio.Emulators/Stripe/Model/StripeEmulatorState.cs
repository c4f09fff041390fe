using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using TikTokStudio.Emulators.Stripe.Http;
using TikTokStudio.Emulators.Stripe.Webhooks;

namespace TikTokStudio.Emulators.Stripe.Model;

/// <summary>
/// The emulated Stripe account: every record, and the billing engine that moves subscriptions through their periods
/// when the shared <see cref="EmulatorClock"/> passes their ends. Each change raises the event Stripe would, sent to
/// the registered webhook endpoints. One lock guards it all.
/// </summary>
public sealed class StripeEmulatorState
{
    public const string TestCardPays = "4242424242424242";
    public const string TestCardFailsOnRenewal = "4000000000000341";
    public const string TestCardInsufficientFunds = "4000000000009995";

    private readonly StripeWebhookSender sender;
    private int invoiceCounter;

    public StripeEmulatorState(IOptions<StripeEmulatorOptions> options, EmulatorClock clock, StripeWebhookSender sender)
    {
        Options = options.Value;
        Clock = clock;
        this.sender = sender;
        Seed();
    }

    public object Gate { get; } = new();
    public StripeEmulatorOptions Options { get; }
    public EmulatorClock Clock { get; }

    /// <summary>The emulator's public base (e.g. http://host/emulators/stripe), set by the first request: hosted page links use it.</summary>
    public string BaseUrl { get; set; } = "http://localhost/emulators/stripe";

    public Dictionary<string, EmProduct> Products { get; } = [];
    public Dictionary<string, EmPrice> Prices { get; } = [];
    public Dictionary<string, EmCustomer> Customers { get; } = [];
    public Dictionary<string, EmCheckoutSession> CheckoutSessions { get; } = [];
    public Dictionary<string, EmPortalSession> PortalSessions { get; } = [];
    public Dictionary<string, EmSubscription> Subscriptions { get; } = [];
    public Dictionary<string, EmInvoice> Invoices { get; } = [];
    public Dictionary<string, EmWebhookEndpoint> WebhookEndpoints { get; } = [];
    public List<EmEvent> Events { get; } = [];

    public IReadOnlyList<EmDelivery> Deliveries => sender.Deliveries;

    public long Now => Clock.GetUtcNow().ToUnixTimeSeconds();

    public static string NewId(string prefix) => prefix + "_" + Convert.ToHexString(RandomNumberGenerator.GetBytes(12)).ToLowerInvariant();

    public void Reset()
    {
        lock (Gate)
        {
            Products.Clear(); Prices.Clear(); Customers.Clear(); CheckoutSessions.Clear(); PortalSessions.Clear();
            Subscriptions.Clear(); Invoices.Clear(); WebhookEndpoints.Clear(); Events.Clear();
            sender.Clear();
            Seed();
        }
    }

    private void Seed()
    {
        foreach (var product in Options.Products)
        {
            Products[product.Id] = new EmProduct { Id = product.Id, Name = product.Name, Created = Now };
            foreach (var price in product.Prices)
            {
                Prices[price.Id] = new EmPrice
                {
                    Id = price.Id, ProductId = product.Id, LookupKey = price.LookupKey, UnitAmount = price.UnitAmount,
                    Currency = price.Currency, Interval = price.Interval, Created = Now,
                };
            }
        }
    }

    public JsonObject Render(EmSubscription s) => StripeWire.Subscription(s, Prices[s.PriceId]);
    public JsonObject Render(EmInvoice i) => StripeWire.Invoice(i, BaseUrl);
    public JsonObject Render(EmCheckoutSession s) => StripeWire.CheckoutSession(s, $"{BaseUrl}/checkout/{s.Id}");
    public JsonObject Render(EmPortalSession s) => StripeWire.PortalSession(s, $"{BaseUrl}/portal/{s.Id}");

    /// <summary>Any object by its id, for <c>expand</c>; null when the id is unknown.</summary>
    public JsonObject? RenderById(string id) => id switch
    {
        _ when Customers.TryGetValue(id, out var c) => StripeWire.Customer(c),
        _ when Subscriptions.TryGetValue(id, out var s) => Render(s),
        _ when Invoices.TryGetValue(id, out var i) => Render(i),
        _ when Prices.TryGetValue(id, out var p) => StripeWire.Price(p),
        _ when Products.TryGetValue(id, out var pr) => StripeWire.Product(pr),
        _ when CheckoutSessions.TryGetValue(id, out var cs) => Render(cs),
        _ => null,
    };

    /// <summary>Raises an event with a snapshot of the object now, and queues it for every endpoint that wants it. Call under the lock.</summary>
    public void Emit(string type, JsonObject dataObject, JsonObject? previousAttributes = null)
    {
        var id = NewId("evt");
        var data = new JsonObject { ["object"] = dataObject.DeepClone() };
        if (previousAttributes is not null) data["previous_attributes"] = previousAttributes;
        var json = new JsonObject
        {
            ["id"] = id, ["object"] = "event", ["api_version"] = Options.ApiVersion, ["created"] = Now, ["data"] = data,
            ["livemode"] = false, ["pending_webhooks"] = WebhookEndpoints.Values.Count(e => e.Wants(type)),
            ["request"] = new JsonObject { ["id"] = null, ["idempotency_key"] = null }, ["type"] = type,
        }.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true });
        Events.Add(new EmEvent { Id = id, Type = type, Json = json, Created = Now });
        foreach (var endpoint in WebhookEndpoints.Values.Where(e => e.Wants(type)))
        {
            sender.Enqueue(new EmDelivery { EventId = id, EventType = type, EndpointId = endpoint.Id, Url = endpoint.Url }, json);
        }
    }

    /// <summary>What a test card number does; null when it is not a card the emulator knows, with the decline message.</summary>
    public static (EmCard? Card, string? DeclineCode, string? Message) ReadCard(string? number, string? expiry, string? cvc, DateTimeOffset now)
    {
        var digits = new string((number ?? "").Where(char.IsDigit).ToArray());
        if (digits.Length is < 12 or > 19 || !Luhn(digits)) return (null, "incorrect_number", "Your card number is incorrect.");
        var parts = (expiry ?? "").Split('/', StringSplitOptions.TrimEntries);
        if (parts.Length != 2 || !int.TryParse(parts[0], out var month) || !int.TryParse(parts[1], out var year) || month is < 1 or > 12)
            return (null, "invalid_expiry_month", "Your card's expiration date is incomplete (use MM / YY).");
        if (year < 100) year += 2000;
        if (new DateTimeOffset(year, month, 1, 0, 0, 0, TimeSpan.Zero).AddMonths(1) <= now)
            return (null, "expired_card", "Your card's expiration date is in the past.");
        if (!(cvc ?? "").All(char.IsDigit) || (cvc ?? "").Length is < 3 or > 4) return (null, "incorrect_cvc", "Your card's security code is incomplete.");
        if (digits == TestCardInsufficientFunds) return (null, "insufficient_funds", "Your card has insufficient funds.");
        if (digits != TestCardPays && digits != TestCardFailsOnRenewal)
            return (null, "generic_decline", "Your card was declined. This emulator knows the test cards 4242 4242 4242 4242, 4000 0000 0000 0341 and 4000 0000 0000 9995.");
        return (new EmCard { Id = NewId("pm"), Last4 = digits[^4..], ExpMonth = month, ExpYear = year, FailsOnRenewal = digits == TestCardFailsOnRenewal }, null, null);
    }

    private static bool Luhn(string digits)
    {
        var sum = 0;
        for (var i = 0; i < digits.Length; i++)
        {
            var d = digits[digits.Length - 1 - i] - '0';
            if (i % 2 == 1) { d *= 2; if (d > 9) d -= 9; }
            sum += d;
        }
        return sum % 10 == 0;
    }

    /// <summary>Pays a Checkout Session with a card: customer, subscription, first invoice, and their events. Call under the lock.</summary>
    public string? CompleteCheckout(EmCheckoutSession session, EmCard card, string? email)
    {
        if (session.Status != "open") return "This Checkout Session is no longer open.";
        var now = Now;
        EmCustomer customer;
        if (session.CustomerId is { } existing && Customers.TryGetValue(existing, out var found))
        {
            customer = found;
        }
        else
        {
            customer = new EmCustomer { Id = NewId("cus"), Email = email ?? session.CustomerEmail, Created = now };
            Customers[customer.Id] = customer;
            session.CustomerId = customer.Id;
            Emit("customer.created", StripeWire.Customer(customer));
        }
        customer.DefaultCard = card;

        var price = Prices[session.PriceId];
        var subscription = new EmSubscription
        {
            Id = NewId("sub"), CustomerId = customer.Id, ItemId = NewId("si"), PriceId = price.Id, Created = now, StartDate = now,
            Metadata = new Dictionary<string, string>(session.SubscriptionMetadata), CurrentPeriodStart = now,
        };
        if (session.TrialPeriodDays is { } trialDays and > 0)
        {
            subscription.Status = "trialing";
            subscription.TrialStart = now;
            subscription.TrialEnd = Clock.GetUtcNow().AddDays(trialDays).ToUnixTimeSeconds();
            subscription.CurrentPeriodEnd = subscription.TrialEnd.Value;
        }
        else
        {
            subscription.Status = "active";
            subscription.CurrentPeriodEnd = PeriodEnd(now, price.Interval);
        }
        Subscriptions[subscription.Id] = subscription;
        var invoice = NewInvoice(subscription, "subscription_create", subscription.TrialEnd is null ? price.UnitAmount : 0,
            subscription.CurrentPeriodStart, subscription.CurrentPeriodEnd);
        invoice.AttemptCount = 1;
        invoice.Status = "paid";
        invoice.AmountPaid = invoice.AmountDue;
        invoice.PaidAt = now;
        subscription.LatestInvoiceId = invoice.Id;

        session.Status = "complete";
        session.PaymentStatus = invoice.AmountDue == 0 ? "no_payment_required" : "paid";
        session.SubscriptionId = subscription.Id;
        session.InvoiceId = invoice.Id;

        Emit("customer.subscription.created", Render(subscription));
        Emit("invoice.created", Render(invoice));
        Emit("invoice.paid", Render(invoice));
        Emit("checkout.session.completed", Render(session));
        return null;
    }

    private EmInvoice NewInvoice(EmSubscription subscription, string reason, long amount, long start, long end)
    {
        var price = Prices[subscription.PriceId];
        var invoice = new EmInvoice
        {
            Id = NewId("in"), Number = $"EMU-{Interlocked.Increment(ref invoiceCounter):D4}", CustomerId = subscription.CustomerId,
            SubscriptionId = subscription.Id, PriceId = price.Id, BillingReason = reason, AmountDue = amount, Currency = price.Currency,
            PeriodStart = start, PeriodEnd = end, Created = Now,
        };
        Invoices[invoice.Id] = invoice;
        return invoice;
    }

    public static long PeriodEnd(long start, string interval)
    {
        var from = DateTimeOffset.FromUnixTimeSeconds(start);
        return (interval == "year" ? from.AddYears(1) : from.AddMonths(1)).ToUnixTimeSeconds();
    }

    /// <summary>Moves every subscription through the periods the clock has passed: renewals, failed renewals, ends, trial reminders.</summary>
    public void Tick()
    {
        lock (Gate)
        {
            var now = Now;
            foreach (var s in Subscriptions.Values.Where(s => s.Status != "canceled").ToList())
            {
                if (s.Status == "trialing" && !s.TrialWillEndSent && s.TrialEnd is { } trialEnd && trialEnd - Options.TrialWillEndDays * 86400L <= now)
                {
                    s.TrialWillEndSent = true;
                    Emit("customer.subscription.trial_will_end", Render(s));
                }
                while (s.Status != "canceled" && s.CurrentPeriodEnd <= now) Renew(s);
            }
        }
    }

    private void Renew(EmSubscription s)
    {
        var previous = new JsonObject { ["status"] = s.Status };
        if (s.CancelAtPeriodEnd)
        {
            s.Status = "canceled";
            s.EndedAt = s.CurrentPeriodEnd;
            s.CanceledAt ??= s.CurrentPeriodEnd;
            Emit("customer.subscription.deleted", Render(s), previous);
            return;
        }
        var price = Prices[s.PriceId];
        var start = s.CurrentPeriodEnd;
        var end = PeriodEnd(start, price.Interval);
        var invoice = NewInvoice(s, "subscription_cycle", price.UnitAmount, start, end);
        previous["items"] = null;
        s.CurrentPeriodStart = start;
        s.CurrentPeriodEnd = end;
        s.LatestInvoiceId = invoice.Id;
        if (s.Status == "trialing") { s.Status = "active"; }
        Emit("invoice.created", Render(invoice));
        var card = Customers[s.CustomerId].DefaultCard;
        invoice.AttemptCount = 1;
        if (card is null || card.FailsOnRenewal)
        {
            s.Status = "past_due";
            Emit("invoice.payment_failed", Render(invoice));
        }
        else
        {
            Pay(invoice);
            s.Status = "active";
            Emit("invoice.paid", Render(invoice));
        }
        previous.Remove("items");
        Emit("customer.subscription.updated", Render(s), previous);
    }

    private void Pay(EmInvoice invoice)
    {
        invoice.Status = "paid";
        invoice.AmountPaid = invoice.AmountDue;
        invoice.PaidAt = Now;
    }

    /// <summary>A new card from the portal: saved, and the open invoices of a past-due subscription retried with it.</summary>
    public void UpdateCard(EmCustomer customer, EmCard card)
    {
        customer.DefaultCard = card;
        foreach (var s in Subscriptions.Values.Where(s => s.CustomerId == customer.Id && s.Status == "past_due").ToList())
        {
            foreach (var invoice in Invoices.Values.Where(i => i.SubscriptionId == s.Id && i.Status == "open").ToList())
            {
                invoice.AttemptCount++;
                if (card.FailsOnRenewal) { Emit("invoice.payment_failed", Render(invoice)); continue; }
                Pay(invoice);
                Emit("invoice.paid", Render(invoice));
            }
            if (Invoices.Values.All(i => i.SubscriptionId != s.Id || i.Status != "open"))
            {
                s.Status = "active";
                Emit("customer.subscription.updated", Render(s), new JsonObject { ["status"] = "past_due" });
            }
        }
    }

    public void SetCancelAtPeriodEnd(EmSubscription s, bool cancel)
    {
        if (s.CancelAtPeriodEnd == cancel) return;
        var previous = new JsonObject { ["cancel_at_period_end"] = s.CancelAtPeriodEnd };
        s.CancelAtPeriodEnd = cancel;
        s.CanceledAt = cancel ? Now : null;
        Emit("customer.subscription.updated", Render(s), previous);
    }

    public void SwitchPrice(EmSubscription s, EmPrice price)
    {
        if (s.PriceId == price.Id) return;
        var previous = new JsonObject { ["items"] = Render(s)["items"]!.DeepClone() };
        s.PriceId = price.Id;
        Emit("customer.subscription.updated", Render(s), previous);
    }

    public void CancelNow(EmSubscription s)
    {
        if (s.Status == "canceled") return;
        var previous = new JsonObject { ["status"] = s.Status };
        s.Status = "canceled";
        s.CanceledAt = Now;
        s.EndedAt = Now;
        Emit("customer.subscription.deleted", Render(s), previous);
    }
}
