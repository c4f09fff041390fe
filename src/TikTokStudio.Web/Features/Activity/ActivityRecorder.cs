using TikTokStudio.Web.Data;
using TikTokStudio.Web.Features.Workspaces;

namespace TikTokStudio.Web.Features.Activity;

/// <summary>
/// Sees every activity entry as it is added, in the same unit of work: the outgoing webhooks' outbox adds its rows here,
/// so an event is delivered exactly when its change commits (and never for a change that rolled back).
/// </summary>
public interface IActivityObserver
{
    void OnRecorded(StudioDbContext db, ActivityEntry entry);
}

/// <summary>
/// Records what happened. <see cref="Record"/> only adds the entry to <paramref name="db"/>: the caller's own
/// SaveChanges writes it together with the change it describes. The actor comes from the scope's
/// <see cref="WorkspaceContext"/>: a member, an API key, or (neither) the system.
/// </summary>
public sealed class ActivityRecorder(WorkspaceContext workspace, TimeProvider clock, IEnumerable<IActivityObserver> observers)
{
    public ActivityEntry Record(StudioDbContext db, Guid workspaceId, string kind, string summary,
        Guid? postId = null, Guid? accountId = null, string? subjectId = null)
    {
        // A new row's WorkspaceId is stamped only at SaveChanges; recording with it before then would file the entry
        // (and its webhook deliveries) under no workspace, so the caller must pass the workspace it knows.
        if (workspaceId == Guid.Empty) throw new ArgumentException("An activity entry needs its workspace's id.", nameof(workspaceId));
        var (actorKind, actorId, actorName) = workspace.Actor;
        var entry = new ActivityEntry
        {
            WorkspaceId = workspaceId,
            At = clock.GetUtcNow(),
            Kind = kind,
            ActorKind = actorKind,
            ActorId = actorId,
            ActorName = actorName,
            Ip = actorKind == ActorKind.System ? null : workspace.ClientIp,
            PostId = postId,
            AccountId = accountId,
            SubjectId = subjectId,
            Summary = summary.Length <= ActivityEntry.SummaryMaxLength ? summary : summary[..(ActivityEntry.SummaryMaxLength - 1)] + "…",
        };
        db.Set<ActivityEntry>().Add(entry);
        foreach (var observer in observers) observer.OnRecorded(db, entry);
        return entry;
    }
}
