namespace TikTokStudio.Emulators.Stripe.Model;

// The emulated account's records. These are the emulator's own types: the wire shape is written from them by
// StripeWire, never by a client library's classes (a shared type would hide the client's mistakes).

public sealed class EmProduct
{
    public required string Id { get; init; }
    public required string Name { get; set; }
    public bool Active { get; set; } = true;
    public long Created { get; init; }
    public Dictionary<string, string> Metadata { get; init; } = [];
}

public sealed class EmPrice
{
    public required string Id { get; init; }
    public required string ProductId { get; init; }
    public string? LookupKey { get; set; }
    public long UnitAmount { get; init; }
    public string Currency { get; init; } = "usd";
    public string Interval { get; init; } = "month";
    public bool Active { get; set; } = true;
    public long Created { get; init; }
    public Dictionary<string, string> Metadata { get; init; } = [];
}

/// <summary>A card as the test numbers behave: pays, pays now but fails on renewal, or is declined.</summary>
public sealed class EmCard
{
    public required string Id { get; init; }
    public required string Last4 { get; init; }
    public string Brand { get; init; } = "visa";
    public int ExpMonth { get; init; }
    public int ExpYear { get; init; }
    public bool FailsOnRenewal { get; init; }
}

public sealed class EmCustomer
{
    public required string Id { get; init; }
    public string? Email { get; set; }
    public string? Name { get; set; }
    public long Created { get; init; }
    public Dictionary<string, string> Metadata { get; init; } = [];
    public EmCard? DefaultCard { get; set; }
}

public sealed class EmCheckoutSession
{
    public required string Id { get; init; }
    public required string PriceId { get; init; }
    public string? CustomerId { get; set; }
    public string? CustomerEmail { get; init; }
    public string? ClientReferenceId { get; init; }
    public required string SuccessUrl { get; init; }
    public string? CancelUrl { get; init; }
    public int? TrialPeriodDays { get; init; }
    public Dictionary<string, string> Metadata { get; init; } = [];
    public Dictionary<string, string> SubscriptionMetadata { get; init; } = [];
    /// <summary>open, complete or expired.</summary>
    public string Status { get; set; } = "open";
    /// <summary>unpaid, paid or no_payment_required.</summary>
    public string PaymentStatus { get; set; } = "unpaid";
    public string? SubscriptionId { get; set; }
    public string? InvoiceId { get; set; }
    public long Created { get; init; }
    public long ExpiresAt { get; init; }
}

public sealed class EmPortalSession
{
    public required string Id { get; init; }
    public required string CustomerId { get; init; }
    public string? ReturnUrl { get; init; }
    public long Created { get; init; }
}

public sealed class EmSubscription
{
    public required string Id { get; init; }
    public required string CustomerId { get; init; }
    public required string ItemId { get; init; }
    public required string PriceId { get; set; }
    /// <summary>trialing, active, past_due or canceled.</summary>
    public string Status { get; set; } = "active";
    public long CurrentPeriodStart { get; set; }
    public long CurrentPeriodEnd { get; set; }
    public long? TrialStart { get; set; }
    public long? TrialEnd { get; set; }
    public bool TrialWillEndSent { get; set; }
    public bool CancelAtPeriodEnd { get; set; }
    public long? CanceledAt { get; set; }
    public long? EndedAt { get; set; }
    public string? LatestInvoiceId { get; set; }
    public long Created { get; init; }
    public long StartDate { get; init; }
    public Dictionary<string, string> Metadata { get; init; } = [];
}

public sealed class EmInvoice
{
    public required string Id { get; init; }
    public required string Number { get; init; }
    public required string CustomerId { get; init; }
    public required string SubscriptionId { get; init; }
    public required string PriceId { get; init; }
    /// <summary>subscription_create or subscription_cycle (Stripe's billing_reason).</summary>
    public required string BillingReason { get; init; }
    /// <summary>open, paid or void.</summary>
    public string Status { get; set; } = "open";
    public long AmountDue { get; init; }
    public long AmountPaid { get; set; }
    public string Currency { get; init; } = "usd";
    public long PeriodStart { get; init; }
    public long PeriodEnd { get; init; }
    public int AttemptCount { get; set; }
    public long Created { get; init; }
    public long? PaidAt { get; set; }
}

public sealed class EmWebhookEndpoint
{
    public required string Id { get; init; }
    public required string Url { get; init; }
    public List<string> EnabledEvents { get; init; } = ["*"];
    public long Created { get; init; }

    public bool Wants(string type) => EnabledEvents.Contains("*") || EnabledEvents.Contains(type);
}

/// <summary>An event: its data object is a snapshot taken when it happened (as Stripe's are).</summary>
public sealed class EmEvent
{
    public required string Id { get; init; }
    public required string Type { get; init; }
    public required string Json { get; init; }
    public long Created { get; init; }
}

/// <summary>One event's delivery to one endpoint, with every attempt's answer.</summary>
public sealed class EmDelivery
{
    public required string EventId { get; init; }
    public required string EventType { get; init; }
    public required string EndpointId { get; init; }
    public required string Url { get; init; }
    public List<int> AttemptStatusCodes { get; } = [];
    public bool Delivered { get; set; }
    public bool GaveUp { get; set; }
}
