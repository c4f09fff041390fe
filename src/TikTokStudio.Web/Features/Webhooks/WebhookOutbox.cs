using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using TikTokStudio.Web.Data;
using TikTokStudio.Web.Features.Activity;
using TikTokStudio.Web.Features.Billing;

namespace TikTokStudio.Web.Features.Webhooks;

/// <summary>
/// The outbox's writer, seen by <see cref="ActivityRecorder.Record"/>: an entry whose kind is a webhook event adds one
/// <see cref="WebhookDelivery"/> per enabled endpoint of the workspace subscribed to it, to the caller's own unit of
/// work. The caller's SaveChanges commits the rows with the change (a crash afterwards loses nothing; a rollback sends
/// nothing), and the sender is woken once they are saved.
/// </summary>
public sealed class WebhookOutbox(WebhookWakeup wakeup, IOptions<BillingOptions> billing) : IActivityObserver
{
    /// <summary>Contexts whose SavedChanges already wakes the sender (one handler per context, however many events it records).</summary>
    private static readonly ConditionalWeakTable<StudioDbContext, object> Hooked = [];

    public void OnRecorded(StudioDbContext db, ActivityEntry entry)
    {
        if (!WebhookEvents.IsEvent(entry.Kind)) return;
        // Endpoints added in this same unit of work count too (rare, but a test event of a new endpoint is not this path).
        var endpoints = db.Set<WebhookEndpoint>().IgnoreQueryFilters().AsNoTracking()
            .Where(e => e.WorkspaceId == entry.WorkspaceId && e.Enabled)
            .Select(e => new { e.Id, e.Events })
            .ToList()
            .Where(e => WebhookEndpoint.IsSubscribed(e.Events, entry.Kind))
            .ToList();
        if (endpoints.Count == 0 || !PlanSendsWebhooks(db, entry)) return;

        var payload = WebhookPayloads.Build(db, entry);
        var messageId = NewMessageId();
        foreach (var endpoint in endpoints)
        {
            db.Set<WebhookDelivery>().Add(new WebhookDelivery
            {
                WorkspaceId = entry.WorkspaceId,
                EndpointId = endpoint.Id,
                MessageId = messageId,
                EventType = entry.Kind,
                Payload = payload,
                CreatedAt = entry.At,
                State = WebhookDeliveryState.Pending,
                NextAttemptAt = entry.At, // the first attempt is immediate
            });
        }
        if (Hooked.TryAdd(db, wakeup)) db.SavedChanges += (_, _) => wakeup.Wake();
    }

    /// <summary>
    /// Webhooks are a plan feature: after a downgrade to a plan without them the endpoints stay (and their log), but no new
    /// event is queued until the workspace is on a plan with them again. A plan change in this same unit of work counts
    /// (so the subscription.changed of an upgrade is sent, and that of a downgrade is not).
    /// </summary>
    private bool PlanSendsWebhooks(StudioDbContext db, ActivityEntry entry)
    {
        var plan = db.Set<WorkspaceBilling>().Local.FirstOrDefault(b => b.WorkspaceId == entry.WorkspaceId)
            ?? db.Set<WorkspaceBilling>().IgnoreQueryFilters().AsNoTracking().FirstOrDefault(b => b.WorkspaceId == entry.WorkspaceId);
        var trialEndsAt = db.Workspaces.IgnoreQueryFilters().AsNoTracking().Where(w => w.Id == entry.WorkspaceId).Select(w => w.TrialEndsAt).First();
        return PlanRules.Standing(billing.Value, trialEndsAt, plan, entry.At).Plan.Has(PlanFeatures.ApiAndWebhooks);
    }

    /// <summary>Standard Webhooks ids are opaque strings; ours are time-ordered so the log sorts by them.</summary>
    public static string NewMessageId() => "msg_" + Guid.CreateVersion7().ToString("N");
}

/// <summary>Tells this instance's sender that rows were committed (other instances find them on their next poll).</summary>
public sealed class WebhookWakeup
{
    private readonly SemaphoreSlim signal = new(0, 1);

    public void Wake()
    {
        if (signal.CurrentCount == 0)
        {
            try { signal.Release(); }
            catch (SemaphoreFullException) { } // already woken
        }
    }

    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken ct) => signal.WaitAsync(timeout, ct);
}
