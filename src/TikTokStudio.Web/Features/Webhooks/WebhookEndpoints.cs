using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using TikTokStudio.Web.Data;
using TikTokStudio.Web.Features.Activity;
using TikTokStudio.Web.Features.Billing;
using TikTokStudio.Web.Features.Team;
using TikTokStudio.Web.Features.Workspaces;
using TikTokStudio.Web.Live;

namespace TikTokStudio.Web.Features.Webhooks;

public sealed record EndpointInput(string Url, string? Description, bool AllEvents, IReadOnlyCollection<string> Events, bool Enabled);

/// <summary>What a change did. <see cref="Secret"/> is set only right after the secret was made: the one time it is shown.</summary>
/// <param name="OverPlan">Refused by the workspace's plan (webhooks are a plan feature): the page shows it with the Upgrade button.</param>
public sealed record WebhookResult(bool Ok, string Message, Guid? EndpointId = null, string? Secret = null, bool OverPlan = false)
{
    public static WebhookResult Refused(string why) => new(false, why);
    public static WebhookResult RefusedByPlan(string why) => new(false, why, OverPlan: true);
}

public sealed record EndpointRow(Guid Id, string Url, string Description, string Events, bool Enabled, DateTimeOffset CreatedAt,
    DateTimeOffset? FailingSince, DateTimeOffset? DisabledAt, string? DisabledReason)
{
    public bool AllEvents => Events == WebhookEndpoint.AllEvents;
    public IReadOnlyList<string> EventList => AllEvents ? [] : Events.Split(',', StringSplitOptions.RemoveEmptyEntries);
}

public sealed record AttemptRow(int Number, DateTimeOffset At, int? StatusCode, string? ResponseExcerpt, int DurationMs);

public sealed record DeliveryRow(Guid Id, string MessageId, string EventType, DateTimeOffset CreatedAt, WebhookDeliveryState State, int Attempts,
    DateTimeOffset? NextAttemptAt, int? LastStatusCode, string? GaveUpReason, string Payload, IReadOnlyList<AttemptRow> AttemptLog);

/// <summary>
/// The webhooks page's rules: endpoints of the current workspace (Admins and the Owner, <see cref="StudioAction.ManageWebhooks"/>),
/// their secrets (made here, shown once, stored encrypted), test events, resends and the delivery log. Another
/// workspace's endpoint or delivery is "not found".
/// </summary>
public sealed class WebhookEndpoints(
    StudioDbContext db,
    WorkspaceContext workspace,
    WebhookSecrets secrets,
    ActivityRecorder activity,
    WebhookWakeup wakeup,
    ILiveNotifier live,
    PlanEntitlements plans,
    IOptions<WebhookOptions> options,
    TimeProvider time)
{
    public const int LogSize = 50;
    private const string NotFound = "That webhook endpoint is not in this workspace.";

    public bool Allowed => workspace.May(StudioAction.ManageWebhooks);

    /// <summary>Why the plan sends no webhooks now, or null. Endpoints stay listed, editable and removable either way.</summary>
    public async Task<string?> PlanRefusalAsync(CancellationToken ct) => (await plans.MayUseAsync(PlanFeatures.ApiAndWebhooks, ct)).Reason;

    public async Task<IReadOnlyList<EndpointRow>> ListAsync(CancellationToken ct)
    {
        if (!Allowed) return [];
        var rows = await db.Set<WebhookEndpoint>().AsNoTracking().Where(e => e.WorkspaceId == workspace.Current.Id).ToListAsync(ct);
        return rows.OrderBy(e => e.CreatedAt)
            .Select(e => new EndpointRow(e.Id, e.Url, e.Description, e.Events, e.Enabled, e.CreatedAt, e.FailingSince, e.DisabledAt, e.DisabledReason))
            .ToList();
    }

    public async Task<WebhookResult> CreateAsync(EndpointInput input, CancellationToken ct)
    {
        if (!Allowed) return WebhookResult.Refused(Permissions.Refusal(StudioAction.ManageWebhooks));
        if (await PlanRefusalAsync(ct) is { } overPlan) return WebhookResult.RefusedByPlan(overPlan);
        if (Validate(input) is { } problem) return WebhookResult.Refused(problem);
        var now = time.GetUtcNow();
        var secret = WebhookSecrets.NewSecret();
        var endpoint = new WebhookEndpoint
        {
            WorkspaceId = workspace.Current.Id,
            Url = input.Url.Trim(),
            Description = (input.Description ?? "").Trim(),
            Events = EventsOf(input),
            Enabled = input.Enabled,
            ProtectedSecret = secrets.Protect(secret),
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.Add(endpoint);
        activity.Record(db, endpoint.WorkspaceId, ActivityKinds.WebhookEndpointChanged, $"Webhook endpoint {endpoint.Url} added ({Describe(endpoint.Events)}).",
            subjectId: endpoint.Id.ToString());
        await db.SaveChangesAsync(ct);
        await live.ChangedAsync(endpoint.WorkspaceId, WebhooksSetup.LiveEntity, endpoint.Id.ToString(), ct);
        return new(true, "Endpoint added. Copy its signing secret now: it is not shown again.", endpoint.Id, secret);
    }

    public async Task<WebhookResult> UpdateAsync(Guid id, EndpointInput input, CancellationToken ct)
    {
        if (!Allowed) return WebhookResult.Refused(Permissions.Refusal(StudioAction.ManageWebhooks));
        var endpoint = await FindAsync(id, ct);
        if (endpoint is null) return WebhookResult.Refused(NotFound);
        if (Validate(input) is { } problem) return WebhookResult.Refused(problem);
        var changes = new List<string>();
        var url = input.Url.Trim();
        var description = (input.Description ?? "").Trim();
        var events = EventsOf(input);
        if (endpoint.Url != url) changes.Add("URL");
        if (endpoint.Description != description) changes.Add("description");
        if (endpoint.Events != events) changes.Add("events");
        if (endpoint.Enabled != input.Enabled) changes.Add(input.Enabled ? "turned on" : "turned off");
        if (changes.Count == 0) return new(true, "Nothing changed.", endpoint.Id);
        endpoint.Url = url;
        endpoint.Description = description;
        endpoint.Events = events;
        if (input.Enabled && !endpoint.Enabled)
        {
            // A person turned it back on: the failure clock starts again.
            endpoint.DisabledAt = null;
            endpoint.DisabledReason = null;
            endpoint.FailingSince = null;
        }
        endpoint.Enabled = input.Enabled;
        endpoint.UpdatedAt = time.GetUtcNow();
        activity.Record(db, endpoint.WorkspaceId, ActivityKinds.WebhookEndpointChanged, $"Webhook endpoint {endpoint.Url} changed: {string.Join(", ", changes)}.",
            subjectId: endpoint.Id.ToString());
        await db.SaveChangesAsync(ct);
        await live.ChangedAsync(endpoint.WorkspaceId, WebhooksSetup.LiveEntity, endpoint.Id.ToString(), ct);
        return new(true, "Endpoint saved.", endpoint.Id);
    }

    public async Task<WebhookResult> DeleteAsync(Guid id, CancellationToken ct)
    {
        if (!Allowed) return WebhookResult.Refused(Permissions.Refusal(StudioAction.ManageWebhooks));
        var endpoint = await FindAsync(id, ct);
        if (endpoint is null) return WebhookResult.Refused(NotFound);
        db.Remove(endpoint);
        activity.Record(db, endpoint.WorkspaceId, ActivityKinds.WebhookEndpointChanged, $"Webhook endpoint {endpoint.Url} removed.", subjectId: endpoint.Id.ToString());
        await db.SaveChangesAsync(ct);
        await live.ChangedAsync(endpoint.WorkspaceId, WebhooksSetup.LiveEntity, endpoint.Id.ToString(), ct);
        return new(true, "Endpoint removed; nothing more is sent to it.");
    }

    /// <summary>A new secret replaces the old one at once (events still waiting are signed with the new one).</summary>
    public async Task<WebhookResult> RotateSecretAsync(Guid id, CancellationToken ct)
    {
        if (!Allowed) return WebhookResult.Refused(Permissions.Refusal(StudioAction.ManageWebhooks));
        var endpoint = await FindAsync(id, ct);
        if (endpoint is null) return WebhookResult.Refused(NotFound);
        var secret = WebhookSecrets.NewSecret();
        endpoint.ProtectedSecret = secrets.Protect(secret);
        endpoint.UpdatedAt = time.GetUtcNow();
        activity.Record(db, endpoint.WorkspaceId, ActivityKinds.WebhookEndpointChanged, $"Signing secret of webhook endpoint {endpoint.Url} rotated.",
            subjectId: endpoint.Id.ToString());
        await db.SaveChangesAsync(ct);
        return new(true, "New signing secret made; the old one no longer signs anything. Copy it now: it is not shown again.", endpoint.Id, secret);
    }

    /// <summary>Queues a <see cref="WebhookEvents.Test"/> event for this endpoint only; it shows in the delivery log like any other.</summary>
    public async Task<WebhookResult> SendTestAsync(Guid id, CancellationToken ct)
    {
        if (!Allowed) return WebhookResult.Refused(Permissions.Refusal(StudioAction.ManageWebhooks));
        var endpoint = await FindAsync(id, ct);
        if (endpoint is null) return WebhookResult.Refused(NotFound);
        if (!endpoint.Enabled) return WebhookResult.Refused("Turn the endpoint on first: nothing is sent to an endpoint that is off.");
        if (await PlanRefusalAsync(ct) is { } overPlan) return WebhookResult.RefusedByPlan(overPlan);
        var now = time.GetUtcNow();
        db.Add(new WebhookDelivery
        {
            WorkspaceId = endpoint.WorkspaceId, EndpointId = endpoint.Id, MessageId = WebhookOutbox.NewMessageId(), EventType = WebhookEvents.Test,
            Payload = WebhookPayloads.Test(endpoint.WorkspaceId, endpoint.Id, now), CreatedAt = now, State = WebhookDeliveryState.Pending, NextAttemptAt = now,
        });
        await db.SaveChangesAsync(ct);
        wakeup.Wake();
        await live.ChangedAsync(endpoint.WorkspaceId, WebhooksSetup.LiveEntity, endpoint.Id.ToString(), ct);
        return new(true, "Test event queued; its result appears in the delivery log.", endpoint.Id);
    }

    /// <summary>Sends a delivery once more, now (same webhook-id: it is the same event).</summary>
    public async Task<WebhookResult> ResendAsync(Guid deliveryId, CancellationToken ct)
    {
        if (!Allowed) return WebhookResult.Refused(Permissions.Refusal(StudioAction.ManageWebhooks));
        var delivery = await db.Set<WebhookDelivery>().FirstOrDefaultAsync(d => d.Id == deliveryId && d.WorkspaceId == workspace.Current.Id, ct);
        if (delivery is null) return WebhookResult.Refused("That delivery is not in this workspace.");
        var endpoint = await FindAsync(delivery.EndpointId, ct);
        if (endpoint is null) return WebhookResult.Refused(NotFound);
        if (!endpoint.Enabled) return WebhookResult.Refused("Turn the endpoint on first: nothing is sent to an endpoint that is off.");
        if (await PlanRefusalAsync(ct) is { } overPlan) return WebhookResult.RefusedByPlan(overPlan);
        if (delivery.State == WebhookDeliveryState.Pending && delivery.ClaimToken is not null)
            return WebhookResult.Refused("This event is being sent right now; wait for its result.");
        delivery.State = WebhookDeliveryState.Pending;
        delivery.NextAttemptAt = time.GetUtcNow();
        delivery.GaveUpReason = null;
        await db.SaveChangesAsync(ct);
        wakeup.Wake();
        await live.ChangedAsync(endpoint.WorkspaceId, WebhooksSetup.LiveEntity, endpoint.Id.ToString(), ct);
        return new(true, "Sending it again now.", endpoint.Id);
    }

    /// <summary>The endpoint's latest deliveries, newest first, each with its attempts.</summary>
    public async Task<IReadOnlyList<DeliveryRow>> DeliveriesAsync(Guid endpointId, CancellationToken ct)
    {
        if (!Allowed || await FindAsync(endpointId, ct) is null) return [];
        var deliveries = await db.Set<WebhookDelivery>().AsNoTracking()
            .Where(d => d.EndpointId == endpointId && d.WorkspaceId == workspace.Current.Id)
            .OrderByDescending(d => d.CreatedAt).ThenByDescending(d => d.Id).Take(LogSize).ToListAsync(ct);
        var ids = deliveries.Select(d => d.Id).ToList();
        var attempts = (await db.Set<WebhookAttempt>().AsNoTracking().Where(a => ids.Contains(a.DeliveryId)).ToListAsync(ct))
            .ToLookup(a => a.DeliveryId);
        return deliveries.Select(d => new DeliveryRow(d.Id, d.MessageId, d.EventType, d.CreatedAt, d.State, d.Attempts, d.NextAttemptAt, d.LastStatusCode,
                d.GaveUpReason, d.Payload,
                attempts[d.Id].OrderByDescending(a => a.Number).Select(a => new AttemptRow(a.Number, a.At, a.StatusCode, a.ResponseExcerpt, a.DurationMs)).ToList()))
            .ToList();
    }

    private Task<WebhookEndpoint?> FindAsync(Guid id, CancellationToken ct) =>
        db.Set<WebhookEndpoint>().FirstOrDefaultAsync(e => e.Id == id && e.WorkspaceId == workspace.Current.Id, ct);

    private string? Validate(EndpointInput input)
    {
        if (WebhookUrlRules.Problem(input.Url, options.Value.AllowPrivateUrls) is { } urlProblem) return urlProblem;
        if ((input.Description ?? "").Trim().Length > WebhookEndpoint.DescriptionMaxLength)
            return $"The description is longer than {WebhookEndpoint.DescriptionMaxLength} characters.";
        if (!input.AllEvents)
        {
            if (input.Events.Count == 0) return "Choose at least one event, or all events.";
            if (input.Events.FirstOrDefault(e => !WebhookEvents.IsEvent(e)) is { } unknown) return $"\"{unknown}\" is not an event this app sends.";
        }
        return null;
    }

    private static string EventsOf(EndpointInput input) => input.AllEvents
        ? WebhookEndpoint.AllEvents
        : string.Join(',', WebhookEvents.All.Select(e => e.Type).Where(input.Events.Contains));

    private static string Describe(string events) => events == WebhookEndpoint.AllEvents ? "all events" : events.Replace(",", ", ");
}
