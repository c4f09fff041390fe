using Microsoft.EntityFrameworkCore;
using TikTokStudio.Web.Data;
using TikTokStudio.Web.Features.Connections;
using TikTokStudio.Web.Features.Posts;
using TikTokStudio.Web.Features.Posts.Compose;
using TikTokStudio.Web.Features.Posts.List;
using TikTokStudio.Web.Features.Workspaces;

namespace TikTokStudio.Web.Features.Analytics;

public sealed record AnalyticsAccountItem(Guid Id, string Handle, string DisplayName, IReadOnlyList<string> MissingScopes, string? Problem);

public sealed record SeriesPoint(DateTimeOffset At, long Value);

/// <summary>The change over a period; null <see cref="Change"/> when the history does not reach back that far.</summary>
public sealed record PeriodChange(int Days, long? Change, double? Percent);

public sealed record PostResult(
    Guid PostId, string Name, DateTimeOffset PublishedAt, string PublishedLocal, long Views, long Likes, long Comments, long Shares)
{
    /// <summary>(likes + comments + shares) / views, as a fraction; 0 without views.</summary>
    public double EngagementRate => Views == 0 ? 0 : (double)(Likes + Comments + Shares) / Views;
}

public sealed record AccountAnalytics(
    AnalyticsAccountItem Account,
    IReadOnlyList<SeriesPoint> Followers,
    IReadOnlyList<SeriesPoint> Views,
    IReadOnlyList<PeriodChange> FollowerChanges,
    IReadOnlyList<PeriodChange> ViewChanges,
    IReadOnlyList<PostResult> Posts,
    BestTimesResult BestTimes,
    string TimeZoneId)
{
    /// <summary>A line needs two points; fewer and the page says there is too little data yet.</summary>
    public bool TooLittleHistory => Followers.Count < 2 && Views.Count < 2;
}

public sealed record PostCurvePoint(double HoursAfterPublishing, long Views, long Likes);

public sealed record PostAnalytics(Guid PostId, Guid AccountId, DateTimeOffset PublishedAt, IReadOnlyList<PostCurvePoint> Curve, PostResult? Latest);

/// <summary>
/// What the analytics screens read. Every query runs under the workspace's tenant filter and checks membership, so an
/// id from another workspace is simply not found.
/// </summary>
public sealed class AnalyticsQueries(StudioDbContext db, WorkspaceContext workspace, TimeProvider time)
{
    public static readonly int[] Periods = [7, 28, 90];

    private TimeZoneInfo Zone => TimeZoneInfo.FindSystemTimeZoneById(TimeZones.OrUtc(workspace.Current.TimeZoneId));

    public async Task<IReadOnlyList<AnalyticsAccountItem>> AccountsAsync(CancellationToken ct = default)
    {
        if (!workspace.Role.HasValue) return [];
        var accounts = await db.Set<TikTokAccount>().AsNoTracking()
            .Where(a => a.Status == ConnectionStatus.Connected).OrderBy(a => a.DisplayName).ToListAsync(ct);
        var statuses = await db.Set<AccountAnalyticsStatus>().AsNoTracking().ToDictionaryAsync(s => s.AccountId, ct);
        return accounts.Select(a => Item(a, statuses.GetValueOrDefault(a.Id))).ToList();
    }

    /// <summary>Null when the account is not in this workspace (or the caller is not a member).</summary>
    public async Task<AccountAnalytics?> AccountAsync(Guid accountId, CancellationToken ct = default)
    {
        if (!workspace.Role.HasValue) return null;
        var account = await db.Set<TikTokAccount>().AsNoTracking().FirstOrDefaultAsync(a => a.Id == accountId, ct);
        if (account is null) return null;
        var status = await db.Set<AccountAnalyticsStatus>().AsNoTracking().FirstOrDefaultAsync(s => s.AccountId == accountId, ct);
        var accountRows = await db.Set<AccountSnapshot>().AsNoTracking().Where(s => s.AccountId == accountId).ToListAsync(ct);
        var postRows = await db.Set<PostSnapshot>().AsNoTracking().Where(s => s.AccountId == accountId).ToListAsync(ct);
        var posts = await db.Set<Post>().AsNoTracking()
            .Where(p => p.AccountId == accountId && p.Status == PostStatus.Published && p.CompletedAt != null).ToListAsync(ct);

        var followers = accountRows.OrderBy(s => s.At).Select(s => new SeriesPoint(s.At, s.Followers)).ToList();
        var views = TotalViews(postRows);
        var now = time.GetUtcNow();
        var zone = Zone;
        var byPost = postRows.GroupBy(s => s.PostId).ToDictionary(g => g.Key, g => g.OrderBy(s => s.At).ToList());
        var results = new List<PostResult>();
        var early = new List<EarlyViews>();
        foreach (var post in posts)
        {
            var publishedAt = post.CompletedAt!.Value;
            if (!byPost.TryGetValue(post.Id, out var snaps)) continue;
            results.Add(Result(post, snaps[^1], zone));
            if (BestTimes.ViewsAt48Hours(publishedAt, snaps.Select(s => (s.At, s.Views))) is { } at48)
                early.Add(new EarlyViews(publishedAt, at48));
        }
        return new AccountAnalytics(
            Item(account, status), followers, views,
            Periods.Select(days => Change(followers, days, now)).ToList(),
            Periods.Select(days => Change(views, days, now)).ToList(),
            results.OrderByDescending(r => r.PublishedAt).ToList(),
            BestTimes.Compute(early, zone),
            zone.Id);
    }

    /// <summary>A post's own curve; null when the post is not in this workspace.</summary>
    public async Task<PostAnalytics?> PostAsync(Guid postId, CancellationToken ct = default)
    {
        if (!workspace.Role.HasValue) return null;
        var post = await db.Set<Post>().AsNoTracking().FirstOrDefaultAsync(p => p.Id == postId, ct);
        if (post is null) return null;
        var publishedAt = post.CompletedAt ?? post.PublishAt ?? post.CreatedAt;
        var snaps = await db.Set<PostSnapshot>().AsNoTracking().Where(s => s.PostId == postId).ToListAsync(ct);
        snaps = snaps.OrderBy(s => s.At).ToList();
        var curve = snaps.Select(s => new PostCurvePoint(Math.Round((s.At - publishedAt).TotalHours, 1), s.Views, s.Likes)).ToList();
        return new PostAnalytics(postId, post.AccountId, publishedAt, curve, snaps.Count == 0 ? null : Result(post, snaps[^1], Zone));
    }

    /// <summary>Best times for an account, for the composer's time picker; null when the account is not in this workspace.</summary>
    public async Task<BestTimesResult?> BestTimesAsync(Guid accountId, CancellationToken ct = default) =>
        (await AccountAsync(accountId, ct))?.BestTimes;

    /// <summary>The account's total views over time: at each snapshot instant, every post's latest reading so far, summed.</summary>
    public static IReadOnlyList<SeriesPoint> TotalViews(IEnumerable<PostSnapshot> snapshots)
    {
        var latest = new Dictionary<Guid, long>();
        var points = new List<SeriesPoint>();
        foreach (var group in snapshots.OrderBy(s => s.At).GroupBy(s => s.At))
        {
            foreach (var s in group) latest[s.PostId] = s.Views;
            points.Add(new SeriesPoint(group.Key, latest.Values.Sum()));
        }
        return points;
    }

    /// <summary>Latest value minus the value at (or just before) <paramref name="days"/> ago; null when history is shorter.</summary>
    public static PeriodChange Change(IReadOnlyList<SeriesPoint> series, int days, DateTimeOffset now)
    {
        if (series.Count < 2) return new PeriodChange(days, null, null);
        var start = now.AddDays(-days);
        // Half a day of slack: the daily snapshot of "N days ago" may have been taken a little after that instant.
        var baseline = series.LastOrDefault(p => p.At <= start.AddHours(12));
        if (baseline is null) return new PeriodChange(days, null, null);
        var change = series[^1].Value - baseline.Value;
        return new PeriodChange(days, change, baseline.Value == 0 ? null : (double)change / baseline.Value);
    }

    private static PostResult Result(Post post, PostSnapshot latest, TimeZoneInfo zone)
    {
        var publishedAt = post.CompletedAt ?? post.PublishAt ?? post.CreatedAt;
        var local = TimeZoneInfo.ConvertTime(publishedAt, zone);
        return new PostResult(post.Id, PostsActions.Name(post), publishedAt, local.ToString("ddd d MMM yyyy, HH:mm", System.Globalization.CultureInfo.InvariantCulture),
            latest.Views, latest.Likes, latest.Comments, latest.Shares);
    }

    private static AnalyticsAccountItem Item(TikTokAccount account, AccountAnalyticsStatus? status)
    {
        // Scopes missing from the grant are known without a job run; the job adds what TikTok refused.
        var missing = SnapshotSchedule.RequiredScopes.Where(s => !account.HasScope(s))
            .Union(status?.Missing ?? []).ToList();
        return new AnalyticsAccountItem(account.Id, ComposeRules.Handle(account), account.DisplayName, missing, status?.LastProblem);
    }
}
