namespace TikTokStudio.Web.Features.Billing;

/// <summary>The <c>Billing:*</c> configuration: the plans on offer, the trial and the grace after a failed payment.</summary>
public sealed class BillingOptions
{
    public const string SectionName = "Billing";

    /// <summary>The plans on offer, in the order the billing page shows them.</summary>
    public List<PlanDefinition> Plans { get; set; } = [];

    /// <summary>The plan whose limits and features a trial has (product.md: 14 days of Pro).</summary>
    public string TrialPlanId { get; set; } = "pro";

    /// <summary>Days a workspace keeps working after a renewal fails, with a banner, before it becomes read-only.</summary>
    public int PastDueGraceDays { get; set; } = 7;

    /// <summary>Days before the trial's end when the banner and the one reminder email start.</summary>
    public int TrialReminderDays { get; set; } = 3;

    public PlanDefinition? Find(string? planId) =>
        Plans.FirstOrDefault(p => string.Equals(p.Id, planId, StringComparison.OrdinalIgnoreCase));

    public PlanDefinition TrialPlan => Find(TrialPlanId)
        ?? throw new InvalidOperationException($"Billing:TrialPlanId '{TrialPlanId}' names no plan in Billing:Plans.");
}

public enum BillingInterval
{
    Monthly,
    Yearly,
}

/// <summary>One plan: its prices and what it allows. A null limit means unlimited.</summary>
public sealed class PlanDefinition
{
    /// <summary>Stable key (starter, pro, agency): stored on the workspace and part of the emulated Stripe price ids.</summary>
    public string Id { get; set; } = "";
    public string Name { get; set; } = "";

    /// <summary>Prices in the currency's smallest unit (cents), as Stripe counts them.</summary>
    public long MonthlyPrice { get; set; }
    public long YearlyPrice { get; set; }
    public string Currency { get; set; } = "usd";

    /// <summary>Stripe price ids of the real account (price_...). Empty: the emulator's seeded ids are used.</summary>
    public string? MonthlyStripePriceId { get; set; }
    public string? YearlyStripePriceId { get; set; }

    public PlanLimits Limits { get; set; } = new();

    /// <summary>Feature keys: approvals, api_and_webhooks, per_account_access (see <see cref="PlanFeatures"/>).</summary>
    public List<string> Features { get; set; } = [];

    public bool Has(string feature) => Features.Contains(feature, StringComparer.OrdinalIgnoreCase);

    public long Price(BillingInterval interval) => interval == BillingInterval.Yearly ? YearlyPrice : MonthlyPrice;

    /// <summary>The id the emulator seeds for this plan and interval, and the lookup key it carries on real Stripe too.</summary>
    public string LookupKey(BillingInterval interval) => $"{Id}_{(interval == BillingInterval.Yearly ? "yearly" : "monthly")}";
}

public sealed class PlanLimits
{
    public int? ConnectedAccounts { get; set; }
    public int? Members { get; set; }
    public int? ScheduledPostsPerMonth { get; set; }
    public long? StorageBytes { get; set; }
}

/// <summary>The feature keys a plan can list, and the words the app uses for them.</summary>
public static class PlanFeatures
{
    public const string Approvals = "approvals";
    public const string ApiAndWebhooks = "api_and_webhooks";
    public const string PerAccountAccess = "per_account_access";

    public static string Describe(string feature) => feature switch
    {
        Approvals => "approvals",
        ApiAndWebhooks => "the API and webhooks",
        PerAccountAccess => "per-account access",
        _ => feature,
    };

    public static bool IsPlural(string feature) => feature is Approvals or ApiAndWebhooks;
}
