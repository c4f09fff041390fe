using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Stripe;
using TikTokStudio.Web.Data;
using TikTokStudio.Web.Live;

namespace TikTokStudio.Web.Features.Billing;

public enum WebhookOutcome
{
    /// <summary>Verified and applied.</summary>
    Applied,
    /// <summary>This event id was handled before: nothing changed.</summary>
    Duplicate,
    /// <summary>Verified, but about nothing of ours (another type, or a customer we do not know): recorded, nothing changed.</summary>
    Ignored,
    /// <summary>Signature missing, wrong, or older than the tolerance; or the body is not an event.</summary>
    Refused,
}

/// <summary>
/// The only writer of a workspace's paid state. Every event is verified (<c>Stripe-Signature</c>, 300 s tolerance)
/// and stored by id, so a repeat changes nothing; the state is then taken from the subscription fetched from Stripe,
/// not from the event's snapshot, so events that arrive out of order still converge on Stripe's current state.
/// </summary>
public sealed partial class StripeWebhookHandler(
    StudioDbContext db, StripeGateway stripe, StripeSettings settings, IOptions<BillingOptions> options, PlanPause planPause, ILiveNotifier live,
    Activity.ActivityRecorder activity, TimeProvider time, ILogger<StripeWebhookHandler> logger)
{
    public const string LiveEntity = "billing";
    public const long ToleranceSeconds = 300;

    public static readonly string[] HandledTypes =
    [
        "checkout.session.completed", "customer.subscription.created", "customer.subscription.updated", "customer.subscription.deleted",
        "customer.subscription.trial_will_end", "invoice.paid", "invoice.payment_failed",
    ];

    public async Task<WebhookOutcome> HandleAsync(string json, string? signature, CancellationToken ct)
    {
        Event stripeEvent;
        try
        {
            stripeEvent = EventUtility.ConstructEvent(json, signature ?? "", settings.WebhookSecret, ToleranceSeconds, time.GetUtcNow().ToUnixTimeSeconds());
        }
        catch (Exception e) when (e is StripeException or Newtonsoft.Json.JsonException or System.Text.Json.JsonException or ArgumentException or FormatException or OverflowException)
        {
            LogRefused(logger, e.GetType().Name, e.Message);
            return WebhookOutcome.Refused;
        }

        if (await db.Set<ProcessedStripeEvent>().AnyAsync(e => e.Id == stripeEvent.Id, ct)) return WebhookOutcome.Duplicate;

        var (workspaceHint, subscriptionId, customerId) = Identify(stripeEvent);
        var billing = await FindBillingAsync(workspaceHint, subscriptionId, customerId, ct);
        var outcome = WebhookOutcome.Ignored;
        if (billing is not null && HandledTypes.Contains(stripeEvent.Type))
        {
            subscriptionId ??= billing.StripeSubscriptionId;
            var before = Snapshot.Of(billing);
            if (subscriptionId is not null)
            {
                var subscription = await new SubscriptionService(stripe.Client).GetAsync(subscriptionId, cancellationToken: ct);
                // An old subscription's late event must not overwrite the one the workspace has now.
                if (billing.StripeSubscriptionId is null || billing.StripeSubscriptionId == subscription.Id || subscription.Status != "canceled")
                {
                    Apply(billing, subscription);
                }
            }
            billing.StripeCustomerId ??= customerId;
            billing.UpdatedAt = time.GetUtcNow();
            outcome = WebhookOutcome.Applied;
            // Recorded in the same unit of work as the change, so the activity entry and the outgoing
            // subscription.changed delivery (the webhook outbox observes the recorder) commit with it or not at all.
            if (Snapshot.Of(billing) is var after && after != before)
                activity.Record(db, billing.WorkspaceId, Activity.ActivityKinds.SubscriptionChanged, Describe(before, after), subjectId: billing.WorkspaceId.ToString());
        }

        db.Set<ProcessedStripeEvent>().Add(new ProcessedStripeEvent { Id = stripeEvent.Id, Type = stripeEvent.Type, ReceivedAt = time.GetUtcNow() });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // The same event delivered twice at once: the other delivery applied it.
            if (await IsRecordedAsync(stripeEvent.Id)) return WebhookOutcome.Duplicate;
            throw;
        }
        LogHandled(logger, stripeEvent.Id, stripeEvent.Type, outcome);
        if (billing is not null && outcome == WebhookOutcome.Applied)
        {
            await planPause.ApplyAsync(billing.WorkspaceId, ct);
            await live.ChangedAsync(billing.WorkspaceId, LiveEntity, billing.WorkspaceId.ToString(), ct);
        }
        return outcome;
    }

    private async Task<bool> IsRecordedAsync(string id)
    {
        db.ChangeTracker.Clear();
        return await db.Set<ProcessedStripeEvent>().AnyAsync(e => e.Id == id);
    }

    private static (Guid? Workspace, string? Subscription, string? Customer) Identify(Event e) => e.Data.Object switch
    {
        global::Stripe.Checkout.Session s => (WorkspaceIdOf(s.ClientReferenceId) ?? WorkspaceIdOf(s.Metadata), s.SubscriptionId, s.CustomerId),
        Subscription s => (WorkspaceIdOf(s.Metadata), s.Id, s.CustomerId),
        Invoice i => (null, i.Parent?.SubscriptionDetails?.SubscriptionId, i.CustomerId),
        _ => (null, null, null),
    };

    private static Guid? WorkspaceIdOf(Dictionary<string, string>? metadata) =>
        metadata is not null && metadata.TryGetValue(BillingService.WorkspaceMetadataKey, out var raw) ? WorkspaceIdOf(raw) : null;

    private static Guid? WorkspaceIdOf(string? raw) => Guid.TryParse(raw, out var id) ? id : null;

    private async Task<WorkspaceBilling?> FindBillingAsync(Guid? workspaceId, string? subscriptionId, string? customerId, CancellationToken ct)
    {
        // Webhooks act for whichever workspace the event names: found across the tenant filter on purpose.
        var rows = db.Set<WorkspaceBilling>().IgnoreQueryFilters();
        if (workspaceId is { } w && await rows.FirstOrDefaultAsync(b => b.WorkspaceId == w, ct) is { } byWorkspace) return byWorkspace;
        if (subscriptionId is not null && await rows.FirstOrDefaultAsync(b => b.StripeSubscriptionId == subscriptionId, ct) is { } bySubscription) return bySubscription;
        if (customerId is not null && await rows.FirstOrDefaultAsync(b => b.StripeCustomerId == customerId, ct) is { } byCustomer) return byCustomer;
        return null;
    }

    /// <summary>Copies Stripe's view of the subscription onto the workspace; the grace of a failed payment starts when we first see it.</summary>
    internal void Apply(WorkspaceBilling billing, Subscription subscription)
    {
        var item = subscription.Items?.Data?.FirstOrDefault();
        var plan = settings.PlanOf(options.Value, item?.Price?.Id);
        billing.StripeSubscriptionId = subscription.Id;
        billing.StripeCustomerId = subscription.CustomerId ?? billing.StripeCustomerId;
        if (plan is { } known)
        {
            billing.PlanId = known.Plan.Id;
            billing.Interval = known.Interval;
        }
        billing.State = subscription.Status switch
        {
            "trialing" => SubscriptionState.Trialing,
            "active" => SubscriptionState.Active,
            "past_due" => SubscriptionState.PastDue,
            "canceled" => SubscriptionState.Canceled,
            _ => SubscriptionState.Unpaid,
        };
        billing.PastDueSince = billing.State == SubscriptionState.PastDue ? billing.PastDueSince ?? time.GetUtcNow() : null;
        billing.CurrentPeriodEnd = item is null ? null : new DateTimeOffset(DateTime.SpecifyKind(item.CurrentPeriodEnd, DateTimeKind.Utc));
        billing.CancelAtPeriodEnd = subscription.CancelAtPeriodEnd;
    }

    /// <summary>What receivers and the activity log are told about: plan, interval, status, period end (never Stripe ids or secrets).</summary>
    private sealed record Snapshot(string? PlanId, BillingInterval? Interval, SubscriptionState State, DateTimeOffset? PeriodEnd, bool CancelAtPeriodEnd)
    {
        public static Snapshot Of(WorkspaceBilling b) => new(b.PlanId, b.Interval, b.State, b.CurrentPeriodEnd, b.CancelAtPeriodEnd);
    }

    private string Describe(Snapshot before, Snapshot after)
    {
        string Text(Snapshot s)
        {
            if (s.PlanId is null || s.State == SubscriptionState.None) return "no paid plan";
            var plan = options.Value.Find(s.PlanId)?.Name ?? s.PlanId;
            var interval = s.Interval is { } i ? i.ToString().ToLowerInvariant() : "no interval";
            var status = StatusName(s.State);
            var end = s.PeriodEnd is { } at ? $", period ends {at.UtcDateTime:yyyy-MM-dd HH:mm} UTC" : "";
            var cancel = s.CancelAtPeriodEnd ? ", cancels at period end" : "";
            return $"plan {plan}, interval {interval}, status {status}{end}{cancel}";
        }
        return $"Subscription changed through Stripe: {Text(after)} (was: {Text(before)}).";
    }

    public static string StatusName(SubscriptionState state) => state switch
    {
        SubscriptionState.PastDue => "past_due",
        SubscriptionState.None => "none",
        _ => state.ToString().ToLowerInvariant(),
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused a Stripe webhook ({Kind}): {Reason}")]
    private static partial void LogRefused(ILogger logger, string kind, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stripe event {EventId} ({Type}): {Outcome}.")]
    private static partial void LogHandled(ILogger logger, string eventId, string type, WebhookOutcome outcome);
}
