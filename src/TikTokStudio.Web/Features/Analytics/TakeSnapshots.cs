using Microsoft.EntityFrameworkCore;
using Quartz;
using TikTokStudio.TikTok.Auth;
using TikTokStudio.TikTok.Display;
using TikTokStudio.TikTok.Errors;
using TikTokStudio.Web.Data;
using TikTokStudio.Web.Features.Connections;
using TikTokStudio.Web.Features.Posts;
using TikTokStudio.Web.Live;

namespace TikTokStudio.Web.Features.Analytics;

/// <summary>Every half hour: takes the account and post snapshots that are due (see <see cref="SnapshotSchedule"/>).</summary>
[DisallowConcurrentExecution]
public sealed class SnapshotAnalyticsJob(TakeSnapshots snapshots) : IJob
{
    public static readonly JobKey Key = new("analytics-snapshots", "analytics");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default) =>
        await snapshots.RunAsync(cancellationToken);
}

/// <summary>What one run did, for tests and logs.</summary>
public sealed record SnapshotRun(int AccountSnapshots, int PostSnapshots, int UserInfoCalls, int VideoQueryCalls);

/// <summary>
/// Reads the Display API for every connected account, across workspaces (the job acts for all of them; every row it
/// writes carries the account's own workspace). Per run and account it makes at most one user/info call and
/// <see cref="MaxQueriesPerAccountRun"/> video/query calls of 20 ids, far inside TikTok's 600 a minute per token; the
/// client's per-token budget (shared across instances) is still what every call takes from.
/// </summary>
public sealed partial class TakeSnapshots(
    StudioDbContext db, AccountTokens tokens, TikTokDisplayClient display, ILiveNotifier live, TimeProvider time, ILogger<TakeSnapshots> logger)
{
    public const int MaxQueriesPerAccountRun = 25;
    private static readonly string[] VideoFields = ["id", "view_count", "like_count", "comment_count", "share_count"];

    public async Task<SnapshotRun> RunAsync(CancellationToken ct)
    {
        var accounts = await db.Set<TikTokAccount>().IgnoreQueryFilters().AsNoTracking()
            .Where(a => a.Status == ConnectionStatus.Connected)
            .Select(a => a.Id)
            .ToListAsync(ct);
        var total = new SnapshotRun(0, 0, 0, 0);
        foreach (var accountId in accounts)
        {
            var run = await ForAccountAsync(accountId, ct);
            total = new SnapshotRun(total.AccountSnapshots + run.AccountSnapshots, total.PostSnapshots + run.PostSnapshots,
                total.UserInfoCalls + run.UserInfoCalls, total.VideoQueryCalls + run.VideoQueryCalls);
        }
        return total;
    }

    public async Task<SnapshotRun> ForAccountAsync(Guid accountId, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        var account = await db.Set<TikTokAccount>().IgnoreQueryFilters().AsNoTracking().FirstOrDefaultAsync(a => a.Id == accountId, ct);
        if (account is null || account.Status != ConnectionStatus.Connected) return new(0, 0, 0, 0);
        var status = await db.Set<AccountAnalyticsStatus>().IgnoreQueryFilters().FirstOrDefaultAsync(s => s.AccountId == accountId, ct);
        if (status is null)
        {
            status = new AccountAnalyticsStatus { AccountId = accountId, WorkspaceId = account.WorkspaceId };
            db.Add(status);
        }
        var missing = SnapshotSchedule.RequiredScopes.Where(s => !account.HasScope(s)).ToHashSet(StringComparer.Ordinal);
        var now = time.GetUtcNow();
        var postsDue = missing.Contains(TikTokScopes.VideoList) ? [] : await PostsDueAsync(account, now, ct);
        var accountDue = !missing.Contains(TikTokScopes.UserInfoStats) && SnapshotSchedule.AccountDue(status.LastAccountSnapshotAt, now);
        status.MissingScopes = string.Join(',', SnapshotSchedule.RequiredScopes.Where(missing.Contains));
        if (!accountDue && postsDue.Count == 0)
        {
            await db.SaveChangesAsync(ct);
            return new(0, 0, 0, 0);
        }

        var accessToken = await tokens.GetFreshAccessTokenAsync(accountId, ct);
        if (accessToken is null)
        {
            Problem(status, "The TikTok connection needs a reconnect before analytics can be read.", now);
            await db.SaveChangesAsync(ct);
            return new(0, 0, 0, 0);
        }

        int accountSnapshots = 0, postSnapshots = 0, userInfoCalls = 0, queryCalls = 0;
        string? problem = null;
        if (accountDue)
        {
            try
            {
                userInfoCalls++;
                var user = await tokens.CallAsync(accountId, accessToken,
                    token => display.GetUserInfoAsync(token, ["open_id", .. TikTokUserFields.Stats], ct), ct);
                db.Add(new AccountSnapshot
                {
                    AccountId = accountId, WorkspaceId = account.WorkspaceId, At = time.GetUtcNow(),
                    Followers = user.FollowerCount ?? 0, Following = user.FollowingCount ?? 0, Likes = user.LikesCount ?? 0, Videos = user.VideoCount ?? 0,
                });
                status.LastAccountSnapshotAt = time.GetUtcNow();
                accountSnapshots++;
            }
            catch (TikTokApiException e)
            {
                problem = Classify(e, missing, TikTokScopes.UserInfoStats);
            }
        }

        foreach (var batch in postsDue.Chunk(TikTokDisplayClient.MaxVideoIdsPerQuery).Take(MaxQueriesPerAccountRun))
        {
            try
            {
                queryCalls++;
                var ids = batch.Select(p => p.VideoId).ToList();
                var videos = await tokens.CallAsync(accountId, accessToken, token => display.QueryVideosAsync(token, ids, VideoFields, ct), ct);
                var byId = videos.ToDictionary(v => v.Id, StringComparer.Ordinal);
                var at = time.GetUtcNow();
                foreach (var post in batch)
                {
                    // A video TikTok no longer returns (deleted, made private) simply gets no snapshot.
                    if (!byId.TryGetValue(post.VideoId, out var video)) continue;
                    db.Add(new PostSnapshot
                    {
                        PostId = post.PostId, AccountId = accountId, WorkspaceId = account.WorkspaceId, VideoId = post.VideoId, At = at,
                        Views = video.ViewCount ?? 0, Likes = video.LikeCount ?? 0, Comments = video.CommentCount ?? 0, Shares = video.ShareCount ?? 0,
                    });
                    postSnapshots++;
                }
                status.LastPostsSnapshotAt = at;
            }
            catch (TikTokApiException e)
            {
                problem = Classify(e, missing, TikTokScopes.VideoList);
                break;
            }
        }

        status.MissingScopes = string.Join(',', SnapshotSchedule.RequiredScopes.Where(missing.Contains));
        if (problem is null)
        {
            status.LastProblem = null;
            status.LastProblemAt = null;
        }
        else
        {
            Problem(status, problem, time.GetUtcNow());
        }
        await db.SaveChangesAsync(ct);
        if (accountSnapshots + postSnapshots > 0) await live.ChangedAsync(account.WorkspaceId, "analytics", accountId.ToString(), ct);
        return new(accountSnapshots, postSnapshots, userInfoCalls, queryCalls);
    }

    private sealed record DuePost(Guid PostId, string VideoId);

    private async Task<List<DuePost>> PostsDueAsync(TikTokAccount account, DateTimeOffset now, CancellationToken ct)
    {
        var since = now - SnapshotSchedule.PostHorizon;
        var published = await db.Set<Post>().IgnoreQueryFilters().AsNoTracking()
            .Where(p => p.AccountId == account.Id && p.WorkspaceId == account.WorkspaceId && p.Status == PostStatus.Published
                && p.PublicPostId != null && p.CompletedAt != null && p.CompletedAt >= since)
            .Select(p => new { p.Id, p.PublicPostId, PublishedAt = p.CompletedAt!.Value })
            .ToListAsync(ct);
        if (published.Count == 0) return [];
        var ids = published.Select(p => p.Id).ToList();
        var last = await db.Set<PostSnapshot>().IgnoreQueryFilters().AsNoTracking()
            .Where(s => ids.Contains(s.PostId))
            .GroupBy(s => s.PostId)
            .Select(g => new { PostId = g.Key, At = g.Max(s => s.At) })
            .ToDictionaryAsync(x => x.PostId, x => x.At, ct);
        return published
            .Where(p => SnapshotSchedule.PostDue(p.PublishedAt, last.TryGetValue(p.Id, out var at) ? at : null, now))
            .OrderBy(p => last.TryGetValue(p.Id, out var at) ? at : DateTimeOffset.MinValue)
            .Select(p => new DuePost(p.Id, p.PublicPostId!))
            .ToList();
    }

    private string Classify(TikTokApiException e, HashSet<string> missing, string scopeOfCall)
    {
        LogReadFailed(logger, e.Code);
        if (e.Code == "scope_not_authorized")
        {
            missing.Add(scopeOfCall);
            return $"TikTok refused the {scopeOfCall} permission; reconnect and allow it.";
        }
        if (AccountTokens.IsRefusedAccessToken(e)) return "TikTok no longer accepts this connection; reconnect the account.";
        return e.Classification == TikTokErrorClass.RateLimited
            ? "TikTok's request limit was reached; the next run reads the rest."
            : "TikTok did not answer the analytics request; the next run tries again.";
    }

    private static void Problem(AccountAnalyticsStatus status, string problem, DateTimeOffset at)
    {
        status.LastProblem = problem;
        status.LastProblemAt = at;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Display API read for analytics failed with {Code}")]
    private static partial void LogReadFailed(ILogger logger, string code);
}
