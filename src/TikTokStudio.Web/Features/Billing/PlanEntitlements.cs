using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using TikTokStudio.Web.Data;
using TikTokStudio.Web.Features.Connections;
using TikTokStudio.Web.Features.Media;
using TikTokStudio.Web.Features.Posts;
using TikTokStudio.Web.Features.Workspaces;

namespace TikTokStudio.Web.Features.Billing;

/// <summary>
/// The one place that answers "may this workspace do X now?" for the current workspace: its standing (trial, paid,
/// past due, read-only) and every plan limit, counted from the database. Actions call it where they happen.
/// </summary>
public sealed class PlanEntitlements(StudioDbContext db, WorkspaceContext workspace, IOptions<BillingOptions> options, TimeProvider time)
{
    /// <summary>Posts that use up a month's allowance: everything that is or was on its way to TikTok (not drafts, failures or misses).</summary>
    public static readonly PostStatus[] CountedStatuses =
    [
        PostStatus.Scheduled, PostStatus.Publishing, PostStatus.Published, PostStatus.SentToInbox, PostStatus.Unconfirmed,
        PostStatus.WaitingForReconnect, PostStatus.WaitingForDailyLimit, PostStatus.Paused, PostStatus.PendingApproval,
    ];

    public BillingOptions Options => options.Value;

    public async Task<PlanStanding> StandingAsync(CancellationToken ct = default)
    {
        var workspaceId = workspace.Current.Id;
        var trialEndsAt = await db.Workspaces.AsNoTracking().Where(w => w.Id == workspaceId).Select(w => w.TrialEndsAt).FirstAsync(ct);
        var billing = await db.Set<WorkspaceBilling>().AsNoTracking().FirstOrDefaultAsync(ct);
        return PlanRules.Standing(options.Value, trialEndsAt, billing, time.GetUtcNow());
    }

    public async Task<PlanPermission> MayChangeAsync(CancellationToken ct = default) => PlanRules.MayChange(await StandingAsync(ct));

    /// <summary>One more connected TikTok account (a reconnect of one already connected does not count).</summary>
    public async Task<PlanPermission> MayConnectAccountAsync(CancellationToken ct = default) =>
        PlanRules.MayConnectAccount(await StandingAsync(ct), await ConnectedAccountsAsync(ct));

    /// <summary>The team's invite calls this before an invitation is sent (and again when it is accepted).</summary>
    public async Task<PlanPermission> MayAddMemberAsync(int adding = 1, CancellationToken ct = default) =>
        PlanRules.MayAddMember(await StandingAsync(ct), await db.Memberships.CountAsync(ct), adding);

    /// <summary>
    /// Posts to be scheduled at these instants (one per target account); <paramref name="replacingPostId"/> is a post
    /// being edited, which already counts once. Each calendar month (in the workspace's zone) is checked on its own.
    /// </summary>
    public async Task<PlanPermission> MayScheduleAsync(IReadOnlyCollection<DateTimeOffset> publishAts, Guid? replacingPostId = null, CancellationToken ct = default)
    {
        var standing = await StandingAsync(ct);
        if (PlanRules.MayChange(standing) is { Allowed: false } readOnly) return readOnly;
        if (standing.Plan.Limits.ScheduledPostsPerMonth is null) return PlanPermission.Yes;
        var zone = TimeZoneInfo.FindSystemTimeZoneById(workspace.Current.TimeZoneId);
        foreach (var month in publishAts.GroupBy(at => PlanRules.MonthStart(at, zone)))
        {
            var (from, to) = PlanRules.MonthRange(month.Key, zone);
            var already = await ScheduledBetweenAsync(from, to, replacingPostId, ct);
            var verdict = PlanRules.MaySchedule(standing, already, month.Count(), PlanRules.MonthName(month.Key));
            if (!verdict.Allowed) return verdict;
        }
        return PlanPermission.Yes;
    }

    /// <summary>
    /// Posts to be scheduled for these accounts: after a downgrade, an account connected after the plan's allowance is
    /// still connected (nothing is disconnected for the user) but is not posted to.
    /// </summary>
    public async Task<PlanPermission> MayPostToAsync(IEnumerable<Guid> accountIds, CancellationToken ct = default)
    {
        var standing = await StandingAsync(ct);
        if (PlanRules.MayChange(standing) is { Allowed: false } readOnly) return readOnly;
        if (standing.Plan.Limits.ConnectedAccounts is not { } allowed) return PlanPermission.Yes;
        var targets = accountIds.ToHashSet();
        var over = (await PlanPause.ConnectedOldestFirst(db, workspace.Current.Id).ToListAsync(ct)).Skip(allowed).FirstOrDefault(a => targets.Contains(a.Id));
        return over is null ? PlanPermission.Yes
            : PlanPermission.No($"{standing.Plan.Name} allows {allowed} TikTok account{(allowed == 1 ? "" : "s")}, and {Posts.Compose.ComposeRules.Handle(over)} " +
                "was connected after them, so it cannot be posted to. Disconnect an account or upgrade to post to it.");
    }

    /// <summary>A new file of this many bytes (uploads in progress count by their declared length).</summary>
    public async Task<PlanPermission> MayStoreAsync(long bytes, CancellationToken ct = default) =>
        PlanRules.MayStore(await StandingAsync(ct), await StorageBytesAsync(ct), bytes);

    public async Task<PlanPermission> MayUseAsync(string feature, CancellationToken ct = default) =>
        PlanRules.MayUse(options.Value, await StandingAsync(ct), feature);

    public async Task<PlanUsage> UsageAsync(CancellationToken ct = default)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(workspace.Current.TimeZoneId);
        var (from, to) = PlanRules.MonthRange(PlanRules.MonthStart(time.GetUtcNow(), zone), zone);
        return new PlanUsage(
            await ConnectedAccountsAsync(ct),
            await db.Memberships.CountAsync(ct),
            await ScheduledBetweenAsync(from, to, null, ct),
            await StorageBytesAsync(ct));
    }

    // Limits are the workspace's, not the member's: a member limited to some accounts must still count them all, so
    // the account-scope filter is lifted here and the workspace is named explicitly instead (never across workspaces).
    private Task<int> ConnectedAccountsAsync(CancellationToken ct)
    {
        var workspaceId = workspace.Current.Id;
        return db.Set<TikTokAccount>().IgnoreQueryFilters().CountAsync(a => a.WorkspaceId == workspaceId && a.Status == ConnectionStatus.Connected, ct);
    }

    private Task<long> StorageBytesAsync(CancellationToken ct) =>
        db.Set<MediaFile>().Where(m => m.Status != MediaStatus.Rejected).SumAsync(m => m.SizeBytes, ct);

    private Task<int> ScheduledBetweenAsync(DateTimeOffset from, DateTimeOffset to, Guid? except, CancellationToken ct)
    {
        var workspaceId = workspace.Current.Id;
        return db.Set<Post>().IgnoreQueryFilters().CountAsync(p => p.WorkspaceId == workspaceId
            && CountedStatuses.Contains(p.Status) && p.PublishAt >= from && p.PublishAt < to && p.Id != except, ct);
    }
}
