using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using TikTokStudio.Web.Data;
using TikTokStudio.Web.Features.Posts;
using TikTokStudio.Web.Features.Posts.Publish;
using TikTokStudio.Web.Live;

namespace TikTokStudio.Web.Features.Billing;

/// <summary>
/// Scheduled posts of a read-only workspace: the publish engine pauses them at their slot (never sends them) with the
/// reason; when a plan is active again they resume, and those whose time passed meanwhile wait as Missed, so the
/// person chooses "publish now" or "reschedule" (never sent late silently).
/// </summary>
public sealed class PlanPause(StudioDbContext db, PostScheduler scheduler, ILiveNotifier live, IOptions<BillingOptions> options, TimeProvider time)
{
    public const string TrialEndedReason = "Trial ended: choose a plan to publish";
    public const string LapsedReason = "Payment lapsed: update the card under Billing to publish";
    public const string MissedWhilePaused =
        "This post was paused while the workspace had no active plan, and its time passed meanwhile, so it was not sent late on its own. Publish it now or reschedule it.";

    /// <summary>The standing of any workspace (for jobs, which act for no workspace in particular).</summary>
    public async Task<PlanStanding> StandingOfAsync(Guid workspaceId, CancellationToken ct)
    {
        var trialEndsAt = await db.Workspaces.AsNoTracking().Where(w => w.Id == workspaceId).Select(w => w.TrialEndsAt).FirstAsync(ct);
        var billing = await db.Set<WorkspaceBilling>().IgnoreQueryFilters().AsNoTracking().FirstOrDefaultAsync(b => b.WorkspaceId == workspaceId, ct);
        return PlanRules.Standing(options.Value, trialEndsAt, billing, time.GetUtcNow());
    }

    /// <summary>The reason a post of this workspace may not go out now; null when its plan allows publishing.</summary>
    public async Task<string?> PauseReasonAsync(Guid workspaceId, CancellationToken ct)
    {
        var standing = await StandingOfAsync(workspaceId, ct);
        if (!standing.IsReadOnly) return null;
        var billing = await db.Set<WorkspaceBilling>().IgnoreQueryFilters().AsNoTracking().FirstOrDefaultAsync(b => b.WorkspaceId == workspaceId, ct);
        return billing?.PlanId is null ? TrialEndedReason : LapsedReason;
    }

    /// <summary>After the plan changed: resumes what the plan paused, if the workspace may publish again.</summary>
    public async Task ResumeAsync(Guid workspaceId, CancellationToken ct)
    {
        if ((await StandingOfAsync(workspaceId, ct)).IsReadOnly) return;
        var now = time.GetUtcNow();
        var paused = await db.Set<Post>().IgnoreQueryFilters()
            .Where(p => p.WorkspaceId == workspaceId && p.Status == PostStatus.Paused && (p.FailMessage == TrialEndedReason || p.FailMessage == LapsedReason))
            .ToListAsync(ct);
        foreach (var post in paused)
        {
            var future = post.PublishAt is { } at && at > now.AddMinutes(1);
            post.Status = future ? PostStatus.Scheduled : PostStatus.Missed;
            post.FailMessage = future ? null : MissedWhilePaused;
            post.UpdatedAt = now;
            post.Version++;
            db.Set<PostEvent>().Add(new PostEvent
            {
                WorkspaceId = workspaceId, PostId = post.Id, At = now, Kind = future ? PostEventKinds.Scheduled : PostEventKinds.Missed,
                Message = future ? "A plan is active again, so the post is scheduled again." : MissedWhilePaused,
            });
        }
        await db.SaveChangesAsync(ct);
        foreach (var post in paused)
        {
            if (post.Status == PostStatus.Scheduled) await scheduler.ScheduleAsync(post, ct);
            await live.ChangedAsync(workspaceId, "post", post.Id.ToString(), ct);
        }
    }
}
