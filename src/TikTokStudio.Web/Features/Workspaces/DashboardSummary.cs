using Microsoft.EntityFrameworkCore;
using TikTokStudio.Web.Data;
using TikTokStudio.Web.Features.Connections;
using TikTokStudio.Web.Features.Posts;

namespace TikTokStudio.Web.Features.Workspaces;

/// <summary>What the dashboard shows: the next posts, the accounts that need someone, and the latest outcomes.</summary>
public sealed record DashboardData(
    IReadOnlyList<Post> Upcoming,
    IReadOnlyList<(TikTokAccount Account, AccountHealth Health, string? Reason)> NeedAttention,
    IReadOnlyList<Post> Recent,
    IReadOnlyDictionary<Guid, TikTokAccount> Accounts,
    int ConnectedAccounts);

public sealed class DashboardSummary(StudioDbContext db, TimeProvider time)
{
    public const int ListSize = 5;

    private static readonly PostStatus[] Upcoming = [PostStatus.Scheduled, PostStatus.PendingApproval, PostStatus.Publishing, PostStatus.WaitingForDailyLimit, PostStatus.WaitingForReconnect, PostStatus.Paused];
    private static readonly PostStatus[] Outcomes = [PostStatus.Published, PostStatus.SentToInbox, PostStatus.Failed, PostStatus.Unconfirmed, PostStatus.Missed, PostStatus.NotApprovedInTime];

    public async Task<DashboardData> LoadAsync(CancellationToken ct = default)
    {
        var now = time.GetUtcNow();
        var accounts = await db.Set<TikTokAccount>().AsNoTracking().ToListAsync(ct);
        var upcoming = await db.Set<Post>().AsNoTracking()
            .Where(p => Upcoming.Contains(p.Status) && p.PublishAt != null)
            .OrderBy(p => p.PublishAt).Take(ListSize).ToListAsync(ct);
        var recent = await db.Set<Post>().AsNoTracking()
            .Where(p => Outcomes.Contains(p.Status))
            .OrderByDescending(p => p.CompletedAt ?? p.UpdatedAt).Take(ListSize).ToListAsync(ct);
        var attention = accounts
            .Select(a => (Account: a, State: AccountHealthRules.Current(a, now)))
            .Where(x => x.State.Health != AccountHealth.Ready)
            .Select(x => (x.Account, x.State.Health, x.State.Reason))
            .ToList();
        return new DashboardData(upcoming, attention, recent, accounts.ToDictionary(a => a.Id),
            accounts.Count(a => a.Status == ConnectionStatus.Connected));
    }
}
