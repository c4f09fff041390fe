namespace TikTokStudio.Emulators.Stripe;

/// <summary>Configuration section <c>Emulators:Stripe</c>. Every key is documented in Stripe/README.md.</summary>
public sealed class StripeEmulatorOptions
{
    public const string SectionName = "Emulators:Stripe";

    /// <summary>The one secret API key the emulated account accepts (Authorization: Bearer ...).</summary>
    public string SecretKey { get; set; } = "sk_test_emulated_stripe_key";

    /// <summary>The signing secret of every webhook endpoint created on the emulated account.</summary>
    public string WebhookSecret { get; set; } = "whsec_emulated_stripe_signing_secret";

    /// <summary>The API version stamped on events; its release train must match the client's (Stripe.net checks it).</summary>
    public string ApiVersion { get; set; } = "2026-10-28.endive";

    /// <summary>The business name the hosted pages show.</summary>
    public string BusinessName { get; set; } = "TikTok Studio";

    /// <summary>Products and their recurring prices that exist from the start (the app seeds its plans here).</summary>
    public List<SeededProduct> Products { get; set; } = [];

    /// <summary>Seconds to wait before each retry of a webhook the app did not answer with 2xx (Stripe backs off over days).</summary>
    public List<double> WebhookRetryDelaysSeconds { get; set; } = [1, 5, 25, 125];

    /// <summary>Days before a trial's end when customer.subscription.trial_will_end is sent (Stripe: 3).</summary>
    public int TrialWillEndDays { get; set; } = 3;
}

public sealed class SeededProduct
{
    public string Id { get; set; } = "";
    public string Name { get; set; } = "";
    public List<SeededPrice> Prices { get; set; } = [];
}

public sealed class SeededPrice
{
    public string Id { get; set; } = "";
    public string? LookupKey { get; set; }
    public long UnitAmount { get; set; }
    public string Currency { get; set; } = "usd";
    /// <summary>month or year.</summary>
    public string Interval { get; set; } = "month";
}
