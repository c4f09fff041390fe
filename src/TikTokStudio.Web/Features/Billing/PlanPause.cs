using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using TikTokStudio.Web.Data;
using TikTokStudio.Web.Features.Connections;
using TikTokStudio.Web.Features.Posts;
using TikTokStudio.Web.Features.Posts.Compose;
using TikTokStudio.Web.Features.Posts.Publish;
using TikTokStudio.Web.Live;

namespace TikTokStudio.Web.Features.Billing;

/// <summary>
/// Scheduled posts the plan does not let out. A read-only workspace (trial over, payment lapsed): the publish engine
/// pauses each post at its slot (never sends it) with the reason. A plan below what the workspace uses (a downgrade):
/// the posts over its limits are paused as soon as the plan changes (the earliest-connected accounts and the earliest
/// posts of each month stay within it), and said on each post; new posts past the limits are refused where they are made. When the plan allows them again (a plan is active, an
/// upgrade, an account disconnected, a post unscheduled) they resume, and those whose time passed meanwhile wait as
/// Missed, so the person chooses "publish now" or "reschedule" (never sent late silently). Nothing is deleted.
/// </summary>
public sealed class PlanPause(StudioDbContext db, PostScheduler scheduler, ILiveNotifier live, IOptions<BillingOptions> options, TimeProvider time)
{
    public const string TrialEndedReason = "Trial ended: choose a plan to publish";
    public const string LapsedReason = "Payment lapsed: update the card under Billing to publish";

    /// <summary>Every over-limit reason starts with this, so the pause can be told apart from others and lifted.</summary>
    public const string OverLimitPrefix = "Over the plan's limits: ";

    public const string MissedWhilePaused =
        "This post was paused by the workspace's plan and its time passed meanwhile, so it was not sent late on its own. Publish it now or reschedule it.";

    /// <summary>A pause this class made (and so may lift), told by its reason.</summary>
    public static bool IsPlanPause(string? reason) =>
        reason is TrialEndedReason or LapsedReason || reason?.StartsWith(OverLimitPrefix, StringComparison.Ordinal) == true;

    /// <summary>The workspace's connected accounts, earliest connected first: the first ones a plan allows are within it.</summary>
    public static IQueryable<TikTokAccount> ConnectedOldestFirst(StudioDbContext db, Guid workspaceId) =>
        db.Set<TikTokAccount>().IgnoreQueryFilters().AsNoTracking()
            .Where(a => a.WorkspaceId == workspaceId && a.Status == ConnectionStatus.Connected)
            .OrderBy(a => a.ConnectedAt).ThenBy(a => a.Id);

    // The reasons name no counts that change as others are unscheduled, so a post's reason (and its timeline) stays put.
    public static string AccountOverLimit(PlanDefinition plan, int allowed, TikTokAccount account) =>
        $"{OverLimitPrefix}{plan.Name} allows {allowed} TikTok account{(allowed == 1 ? "" : "s")}, and {ComposeRules.Handle(account)} was connected " +
        "after them, so its posts wait. Disconnect an account or upgrade, and they are scheduled again.";

    public static string MonthOverLimit(PlanDefinition plan, int perMonth, DateTime monthStart) =>
        $"{OverLimitPrefix}{plan.Name} allows {perMonth} scheduled posts a month, and this post comes after them in {PlanRules.MonthName(monthStart)}, " +
        "so it waits. Upgrade, or unschedule another post of that month, and it is scheduled again.";

    /// <summary>The standing of any workspace (for jobs, which act for no workspace in particular).</summary>
    public async Task<PlanStanding> StandingOfAsync(Guid workspaceId, CancellationToken ct)
    {
        var trialEndsAt = await db.Workspaces.AsNoTracking().Where(w => w.Id == workspaceId).Select(w => w.TrialEndsAt).FirstAsync(ct);
        var billing = await db.Set<WorkspaceBilling>().IgnoreQueryFilters().AsNoTracking().FirstOrDefaultAsync(b => b.WorkspaceId == workspaceId, ct);
        return PlanRules.Standing(options.Value, trialEndsAt, billing, time.GetUtcNow());
    }

    /// <summary>
    /// The reason a due post of this workspace may not go out now (a read-only workspace); null when it may. Posts over
    /// a plan's limits are paused when the plan changes (<see cref="ApplyAsync"/>), and new ones are refused where they
    /// are made (<see cref="PlanEntitlements.MayPostToAsync"/>, <see cref="PlanEntitlements.MayScheduleAsync"/>).
    /// </summary>
    public async Task<string?> PauseReasonAsync(Guid workspaceId, CancellationToken ct)
    {
        if (!(await StandingOfAsync(workspaceId, ct)).IsReadOnly) return null;
        var billing = await db.Set<WorkspaceBilling>().IgnoreQueryFilters().AsNoTracking().FirstOrDefaultAsync(b => b.WorkspaceId == workspaceId, ct);
        return billing?.PlanId is null ? TrialEndedReason : LapsedReason;
    }

    /// <summary>After something freed room (an account disconnected, a post unscheduled): resumes what then fits.</summary>
    public async Task ResumeFreedAsync(Guid workspaceId, CancellationToken ct)
    {
        var anyOverLimit = await db.Set<Post>().IgnoreQueryFilters().AnyAsync(p => p.WorkspaceId == workspaceId
            && p.Status == PostStatus.Paused && p.FailMessage != null && p.FailMessage.StartsWith(OverLimitPrefix), ct);
        if (anyOverLimit) await ApplyAsync(workspaceId, ct);
    }

    /// <summary>
    /// After the plan changed: pauses the scheduled posts over its limits and resumes the plan-paused ones it allows.
    /// A read-only workspace is left to the publish engine, which pauses each post at its slot.
    /// </summary>
    public async Task ApplyAsync(Guid workspaceId, CancellationToken ct)
    {
        // A post changed by its own run meanwhile (its version moved) is simply read again.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await ApplyOnceAsync(workspaceId, ct);
                return;
            }
            catch (DbUpdateConcurrencyException) when (attempt < 3)
            {
                db.ChangeTracker.Clear();
            }
        }
    }

    private async Task ApplyOnceAsync(Guid workspaceId, CancellationToken ct)
    {
        var standing = await StandingOfAsync(workspaceId, ct);
        if (standing.IsReadOnly) return;
        var now = time.GetUtcNow();
        // Nothing TikTok was asked about: those are followed to their end whatever the plan. A Scheduled post due within
        // the minute is left to its run, which checks the plan itself.
        var candidates = (await db.Set<Post>().IgnoreQueryFilters()
                .Where(p => p.WorkspaceId == workspaceId && p.PublishId == null && p.InitRequestedAt == null
                    && (p.Status == PostStatus.Scheduled || p.Status == PostStatus.Paused))
                .ToListAsync(ct))
            .Where(p => p.Status == PostStatus.Scheduled ? p.PublishAt > now.AddMinutes(1) : IsPlanPause(p.FailMessage))
            .ToList();
        if (candidates.Count == 0) return;
        var over = await OverLimitReasonsAsync(workspaceId, standing, candidates, ct);

        var changed = new List<Post>();
        foreach (var post in candidates)
        {
            if (over.TryGetValue(post.Id, out var reason))
            {
                if (post.Status == PostStatus.Paused && post.FailMessage == reason) continue;
                post.Status = PostStatus.Paused;
                post.Stage = PublishStage.None;
                post.FailMessage = reason;
                Touch(post, now, PostEventKinds.PlanPaused, reason);
            }
            else if (post.Status == PostStatus.Paused)
            {
                var future = post.PublishAt is { } at && at > now.AddMinutes(1);
                post.Status = future ? PostStatus.Scheduled : PostStatus.Missed;
                post.FailMessage = future ? null : MissedWhilePaused;
                Touch(post, now, future ? PostEventKinds.Scheduled : PostEventKinds.Missed,
                    future ? "The workspace's plan allows this post again, so it is scheduled again." : MissedWhilePaused);
            }
            else continue;
            changed.Add(post);
        }
        if (changed.Count == 0) return;
        await db.SaveChangesAsync(ct);
        foreach (var post in changed)
        {
            if (post.Status == PostStatus.Scheduled) await scheduler.ScheduleAsync(post, ct);
            else await scheduler.UnscheduleAsync(post.Id, ct);
            await live.ChangedAsync(workspaceId, "post", post.Id.ToString(), ct);
        }
    }

    private void Touch(Post post, DateTimeOffset now, string kind, string message)
    {
        post.UpdatedAt = now;
        post.Version++;
        db.Set<PostEvent>().Add(new PostEvent { WorkspaceId = post.WorkspaceId, PostId = post.Id, At = now, Kind = kind, Message = message });
    }

    /// <summary>Which of <paramref name="candidates"/> the plan's limits hold back, each with its reason.</summary>
    private async Task<Dictionary<Guid, string>> OverLimitReasonsAsync(Guid workspaceId, PlanStanding standing, IReadOnlyList<Post> candidates, CancellationToken ct)
    {
        var limits = standing.Plan.Limits;
        var reasons = new Dictionary<Guid, string>();
        var accountsOver = new HashSet<Guid>();

        if (limits.ConnectedAccounts is { } allowedAccounts)
        {
            var connected = await ConnectedOldestFirst(db, workspaceId).ToListAsync(ct);
            foreach (var account in connected.Skip(allowedAccounts))
            {
                accountsOver.Add(account.Id);
                foreach (var post in candidates.Where(p => p.AccountId == account.Id))
                    reasons[post.Id] = AccountOverLimit(standing.Plan, allowedAccounts, account);
            }
        }

        if (limits.ScheduledPostsPerMonth is { } perMonth)
        {
            var zoneId = await db.Workspaces.AsNoTracking().Where(w => w.Id == workspaceId).Select(w => w.TimeZoneId).FirstAsync(ct);
            var zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);
            var byMonth = candidates.Where(p => p.PublishAt is not null && !accountsOver.Contains(p.AccountId))
                .GroupBy(p => PlanRules.MonthStart(p.PublishAt!.Value, zone));
            foreach (var month in byMonth)
            {
                var (from, to) = PlanRules.MonthRange(month.Key, zone);
                // The month's allowance goes to its earliest posts; posts to accounts over the limit take none of it.
                var counted = (await db.Set<Post>().IgnoreQueryFilters().AsNoTracking()
                        .Where(p => p.WorkspaceId == workspaceId && PlanEntitlements.CountedStatuses.Contains(p.Status) && p.PublishAt >= from && p.PublishAt < to)
                        .Select(p => new { p.Id, p.AccountId, p.PublishAt })
                        .ToListAsync(ct))
                    .Where(p => !accountsOver.Contains(p.AccountId))
                    .OrderBy(p => p.PublishAt).ThenBy(p => p.Id)
                    .Select(p => p.Id)
                    .ToList();
                var beyond = counted.Skip(perMonth).ToHashSet();
                foreach (var post in month.Where(p => beyond.Contains(p.Id)))
                    reasons[post.Id] = MonthOverLimit(standing.Plan, perMonth, month.Key);
            }
        }
        return reasons;
    }
}
