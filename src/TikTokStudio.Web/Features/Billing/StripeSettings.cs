namespace TikTokStudio.Web.Features.Billing;

/// <summary>Where payments go: Stripe itself, the mounted emulator, or nowhere (the billing page says so).</summary>
public enum StripeMode { Off, Emulated, Real }

/// <summary>
/// Read once at startup, as Google's and TikTok's are. <c>Stripe:SecretKey</c> and <c>Stripe:WebhookSecret</c>
/// configured: real Stripe (each plan then needs its Stripe price ids). Neither, with the emulators enabled: the Stripe
/// emulator at <see cref="EmulatorPath"/> on this app's own address, with the emulator's key and signing secret.
/// </summary>
public sealed class StripeSettings
{
    public const string SectionName = "Stripe";
    public const string EmulatorPath = "/emulators/stripe";
    public const string WebhookPath = "/webhooks/stripe";

    // The emulator's defaults (Emulators:Stripe in its README); Emulators:Stripe:SecretKey/WebhookSecret override both sides.
    private const string EmulatorSecretKey = "sk_test_emulated_stripe_key";
    private const string EmulatorWebhookSecret = "whsec_emulated_stripe_signing_secret";

    public required StripeMode Mode { get; init; }
    public string SecretKey { get; init; } = "";
    public string WebhookSecret { get; init; } = "";

    public bool Enabled => Mode != StripeMode.Off;
    public bool IsEmulated => Mode == StripeMode.Emulated;

    public override string ToString() => $"Stripe ({Mode})"; // never the secrets

    public static StripeSettings From(IConfiguration configuration, bool emulatorsEnabled, BillingOptions billing)
    {
        var section = configuration.GetSection(SectionName);
        var key = section["SecretKey"];
        var webhook = section["WebhookSecret"];
        var hasKey = !string.IsNullOrWhiteSpace(key);
        var hasWebhook = !string.IsNullOrWhiteSpace(webhook);
        if (hasKey != hasWebhook)
        {
            throw new InvalidOperationException(hasKey
                ? "Stripe:WebhookSecret is missing: set both Stripe:SecretKey and Stripe:WebhookSecret (the whsec_ secret of the endpoint for /webhooks/stripe), or neither."
                : "Stripe:SecretKey is missing: set both Stripe:SecretKey and Stripe:WebhookSecret, or neither.");
        }
        if (hasKey)
        {
            var missing = billing.Plans.Where(p => string.IsNullOrWhiteSpace(p.MonthlyStripePriceId) || string.IsNullOrWhiteSpace(p.YearlyStripePriceId)).Select(p => p.Id).ToList();
            if (missing.Count > 0)
                throw new InvalidOperationException($"With real Stripe every plan needs Billing:Plans:N:MonthlyStripePriceId and YearlyStripePriceId (price_...); missing for: {string.Join(", ", missing)}.");
            return new StripeSettings { Mode = StripeMode.Real, SecretKey = key!.Trim(), WebhookSecret = webhook!.Trim() };
        }
        if (!emulatorsEnabled) return new StripeSettings { Mode = StripeMode.Off };
        return new StripeSettings
        {
            Mode = StripeMode.Emulated,
            SecretKey = configuration["Emulators:Stripe:SecretKey"] is { Length: > 0 } k ? k : EmulatorSecretKey,
            WebhookSecret = configuration["Emulators:Stripe:WebhookSecret"] is { Length: > 0 } w ? w : EmulatorWebhookSecret,
        };
    }

    /// <summary>The Stripe price of a plan and interval: configured on real Stripe, the emulator's seeded id otherwise.</summary>
    public string PriceIdFor(PlanDefinition plan, BillingInterval interval) => Mode == StripeMode.Real
        ? (interval == BillingInterval.Yearly ? plan.YearlyStripePriceId! : plan.MonthlyStripePriceId!)
        : EmulatedPriceId(plan, interval);

    public static string EmulatedPriceId(PlanDefinition plan, BillingInterval interval) => "price_" + plan.LookupKey(interval);

    /// <summary>The plan and interval a Stripe price id stands for; null for a price that is none of ours.</summary>
    public (PlanDefinition Plan, BillingInterval Interval)? PlanOf(BillingOptions billing, string? priceId)
    {
        foreach (var plan in billing.Plans)
            foreach (var interval in new[] { BillingInterval.Monthly, BillingInterval.Yearly })
                if (PriceIdFor(plan, interval) == priceId) return (plan, interval);
        return null;
    }
}
