using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TikTokStudio.Web.Data;

namespace TikTokStudio.Web.Features.Billing;

/// <summary>Stripe's subscription statuses that the app acts on; anything else Stripe sends maps to the nearest.</summary>
public enum SubscriptionState
{
    /// <summary>No subscription yet (the workspace is on its trial, or it ended).</summary>
    None,
    Trialing,
    Active,
    PastDue,
    Canceled,
    /// <summary>Checkout did not finish paying (Stripe's incomplete / incomplete_expired / unpaid).</summary>
    Unpaid,
}

/// <summary>
/// A workspace's paid plan as Stripe last told us (only verified webhooks write it), plus the reminders already sent.
/// One row per workspace, created when the Owner first opens Checkout.
/// </summary>
public sealed class WorkspaceBilling : ITenantOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid WorkspaceId { get; set; }

    public string? StripeCustomerId { get; set; }
    public string? StripeSubscriptionId { get; set; }

    public string? PlanId { get; set; }
    public BillingInterval? Interval { get; set; }
    public SubscriptionState State { get; set; }
    public DateTimeOffset? CurrentPeriodEnd { get; set; }
    public bool CancelAtPeriodEnd { get; set; }

    /// <summary>When the subscription first became past due (the grace runs from here); cleared when it is paid.</summary>
    public DateTimeOffset? PastDueSince { get; set; }

    /// <summary>The one "your trial ends in 3 days" email was sent at this instant.</summary>
    public DateTimeOffset? TrialReminderSentAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>A Stripe event already handled: the same id delivered again changes nothing.</summary>
public sealed class ProcessedStripeEvent
{
    public required string Id { get; set; }
    public required string Type { get; set; }
    public DateTimeOffset ReceivedAt { get; set; }
}

internal sealed class WorkspaceBillingConfiguration : IEntityTypeConfiguration<WorkspaceBilling>
{
    public void Configure(EntityTypeBuilder<WorkspaceBilling> builder)
    {
        builder.HasIndex(b => b.WorkspaceId).IsUnique();
        builder.HasIndex(b => b.StripeCustomerId);
        builder.HasIndex(b => b.StripeSubscriptionId);
        builder.Property(b => b.StripeCustomerId).HasMaxLength(255);
        builder.Property(b => b.StripeSubscriptionId).HasMaxLength(255);
        builder.Property(b => b.PlanId).HasMaxLength(64);
        builder.Property(b => b.Interval).HasConversion<string>().HasMaxLength(16);
        builder.Property(b => b.State).HasConversion<string>().HasMaxLength(16);
        builder.HasOne<Workspaces.Workspace>().WithMany().HasForeignKey(b => b.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ProcessedStripeEventConfiguration : IEntityTypeConfiguration<ProcessedStripeEvent>
{
    public void Configure(EntityTypeBuilder<ProcessedStripeEvent> builder)
    {
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).HasMaxLength(255);
        builder.Property(e => e.Type).HasMaxLength(128);
    }
}
