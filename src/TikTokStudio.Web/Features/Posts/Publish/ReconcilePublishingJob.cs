using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Quartz;
using TikTokStudio.TikTok.Auth;
using TikTokStudio.TikTok.Errors;
using TikTokStudio.TikTok.Posting;
using TikTokStudio.TikTok.RateLimiting;
using TikTokStudio.Web.Data;
using TikTokStudio.Web.Features.Connections;
using TikTokStudio.Web.Features.Media;
using TikTokStudio.Web.Live;

namespace TikTokStudio.Web.Features.Posts.Publish;

/// <summary>Every minute: the rows are the truth, the triggers are derived; see <see cref="PublishingReconciler"/>.</summary>
[DisallowConcurrentExecution]
public sealed class ReconcilePublishingJob(PublishingReconciler reconciler) : IJob
{
    public static readonly JobKey Key = new("reconcile-publishing", "publishing");
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default) =>
        await reconciler.RunAsync(context.Scheduler, cancellationToken);
}

/// <summary>
/// Restores triggers missing for scheduled rows, resumes posts stuck in a non-terminal state (a crash, a lost
/// follow-up), resumes posts waiting for a reconnect once the account is healthy, and runs the pre-flight check about
/// 30 minutes before each slot so a problem is raised then, not at the slot. Reads every workspace's rows across the
/// tenant filter on purpose: it acts for each row's own workspace.
/// </summary>
public sealed partial class PublishingReconciler(
    StudioDbContext db,
    PostScheduler scheduler,
    IServiceScopeFactory scopes,
    TikTokPostingClient posting,
    ITikTokRequestBudget limiter,
    MediaStorage storage,
    MediaUrls mediaUrls,
    TikTokAppSettings app,
    ILiveNotifier live,
    IOptions<PublishingOptions> options,
    TimeProvider time,
    ILogger<PublishingReconciler> logger)
{
    public async Task RunAsync(IScheduler quartz, CancellationToken ct)
    {
        if (!options.Value.ReconcileEnabled) return;
        var now = time.GetUtcNow();
        // Firings recorded by the store: running here or on another node (a crashed run is recovered on start, see RequestRecovery).
        var running = new HashSet<JobKey>();
        var firings = await quartz.QueryFireInstances(new FireInstanceQuery(), ct);
        foreach (var firing in firings.Items)
        {
            if (firing.JobKey is { } key) running.Add(key);
        }
        var watchSince = now - options.Value.PublicIdWatchWindow;

        var rows = await db.Set<Post>().IgnoreQueryFilters().AsNoTracking()
            .Where(p => (p.Status == PostStatus.Scheduled && p.PublishAt != null)
                // Pending posts keep their trigger so that the engine can refuse them at the minute (Features/Approvals).
                || (p.Status == PostStatus.PendingApproval && p.PublishAt != null)
                || p.Status == PostStatus.Publishing || p.Status == PostStatus.WaitingForDailyLimit || p.Status == PostStatus.WaitingForReconnect
                // Still watched: inbox drafts, and public posts whose link has not come yet (private posts never get one).
                || (p.Status == PostStatus.SentToInbox && p.CompletedAt != null)
                || (p.Status == PostStatus.Published && p.PublicPostId == null && p.CompletedAt != null
                    && (p.PrivacyLevel == null || p.PrivacyLevel == TikTokPrivacyLevel.PublicToEveryone)))
            .ToListAsync(ct);

        foreach (var post in rows)
        {
            if (post.Status is PostStatus.Published or PostStatus.SentToInbox && post.CompletedAt < watchSince) continue;
            if (await PostScheduler.IsTrackedAsync(quartz, post.Id, running, ct)) continue;
            if (post.Status is PostStatus.Scheduled or PostStatus.PendingApproval)
            {
                await scheduler.ScheduleAsync(post, ct);
                LogRestored(logger, post.Id);
            }
            else if (post.Status == PostStatus.WaitingForReconnect)
            {
                var account = await db.Set<TikTokAccount>().IgnoreQueryFilters().AsNoTracking().FirstOrDefaultAsync(a => a.Id == post.AccountId, ct);
                if (account is { Status: ConnectionStatus.Connected } && account.Health != AccountHealth.ReconnectNeeded)
                {
                    await PostScheduler.RunAgainAsync(quartz, post.Id, now, ct);
                    LogResumed(logger, post.Id, post.Status);
                }
            }
            else
            {
                await PostScheduler.RunAgainAsync(quartz, post.Id, now, ct);
                LogResumed(logger, post.Id, post.Status);
            }
        }

        await PreflightAheadAsync(now, ct);
    }

    private async Task PreflightAheadAsync(DateTimeOffset now, CancellationToken ct)
    {
        var horizon = now + options.Value.PreflightLead;
        var due = await db.Set<Post>().IgnoreQueryFilters().AsNoTracking()
            .Where(p => p.Status == PostStatus.Scheduled && p.PublishAt > now && p.PublishAt <= horizon)
            .ToListAsync(ct);
        if (due.Count == 0) return;
        var ids = due.Select(p => p.Id).ToList();
        var checkedIds = await db.Set<PostEvent>().IgnoreQueryFilters().AsNoTracking()
            .Where(e => ids.Contains(e.PostId) && (e.Kind == PostEventKinds.PreflightOk || e.Kind == PostEventKinds.PreflightProblem))
            .Select(e => e.PostId).Distinct().ToListAsync(ct);
        foreach (var post in due.Where(p => !checkedIds.Contains(p.Id)))
        {
            var problem = await CheckAheadAsync(post, ct);
            if (problem == "") continue; // budget busy; next minute
            // The check itself may have flagged it: a renewal that failed on the way alerts every waiting post of the account.
            if (await db.Set<PostEvent>().IgnoreQueryFilters().AnyAsync(e => e.PostId == post.Id && e.Kind == PostEventKinds.PreflightProblem, ct)) continue;
            db.Set<PostEvent>().Add(new PostEvent
            {
                WorkspaceId = post.WorkspaceId, PostId = post.Id, At = time.GetUtcNow(),
                Kind = problem is null ? PostEventKinds.PreflightOk : PostEventKinds.PreflightProblem,
                Message = problem is null ? "Pre-flight check before the slot: the account, the creator's settings and the media are ready." : PostEventKinds.PreflightProblemMessage(problem),
            });
            await db.SaveChangesAsync(ct);
            await live.ChangedAsync(post.WorkspaceId, "post", post.Id.ToString(), ct);
        }
    }

    /// <summary>Null when ready, the problem in words otherwise, "" when it could not be checked now.</summary>
    private async Task<string?> CheckAheadAsync(Post post, CancellationToken ct)
    {
        var account = await db.Set<TikTokAccount>().IgnoreQueryFilters().AsNoTracking().FirstOrDefaultAsync(a => a.Id == post.AccountId, ct);
        if (account is null || account.Status != ConnectionStatus.Connected)
            return "the TikTok account is disconnected. Reconnect it before the slot.";
        string? token;
        using (var scope = scopes.CreateScope())
        {
            token = await scope.ServiceProvider.GetRequiredService<AccountTokens>().GetFreshAccessTokenAsync(account.Id, ct);
        }
        account = await db.Set<TikTokAccount>().IgnoreQueryFilters().AsNoTracking().FirstAsync(a => a.Id == post.AccountId, ct);
        if (token is null)
            return account is { Health: AccountHealth.ReconnectNeeded, HealthReason: { Length: > 0 } why }
                ? why + " Reconnect the account before the slot."
                : "TikTok no longer accepts this account's connection. Reconnect the account before the slot.";

        CreatorInfo? info = null;
        if (account.HasScope(TikTokScopes.VideoPublish))
        {
            if (await limiter.GetWaitTimeAsync(token, TikTokEndpoint.CreatorInfo, ct) > TimeSpan.Zero) return "";
            try
            {
                using var scope = scopes.CreateScope();
                info = await scope.ServiceProvider.GetRequiredService<AccountTokens>()
                    .CallAsync(account.Id, token, t => posting.QueryCreatorInfoAsync(t, ct), ct);
            }
            catch (TikTokApiException e) when (e.Classification is TikTokErrorClass.Transient or TikTokErrorClass.RateLimited)
            {
                return "";
            }
            catch (TikTokApiException e)
            {
                if (AccountTokens.IsRefusedAccessToken(e)
                    && await db.Set<TikTokAccount>().IgnoreQueryFilters().AsNoTracking().FirstAsync(a => a.Id == post.AccountId, ct) is
                        { Health: AccountHealth.ReconnectNeeded, HealthReason: { Length: > 0 } why })
                {
                    return why + " Reconnect the account before the slot."; // the renewal after the 401 failed and said why
                }
                var described = e.Describe();
                return $"{described.Explanation} {described.WhatToDo}";
            }
        }

        var ids = post.Kind == PostKind.Video ? (post.VideoMediaId is { } v ? [v] : []) : post.Photos.ToList();
        var files = await db.Set<MediaFile>().IgnoreQueryFilters().AsNoTracking().Where(m => ids.Contains(m.Id) && m.WorkspaceId == post.WorkspaceId).ToListAsync(ct);
        var media = files.Count == ids.Count ? ids.Select(id => files.First(f => f.Id == id)).ToList() : [];
        var result = PreflightRules.Check(post, account, account.Mode(app.Audited), info, media,
            f => storage.LengthOnDisk(f) == f.SizeBytes && f.SizeBytes > 0, mediaUrls.PhotoPostingAvailable);
        return result.Problem is { } p ? $"{p.Explanation} {p.WhatToDo}" : null;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Restored the missing trigger of scheduled post {PostId}")]
    private static partial void LogRestored(ILogger logger, Guid postId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Resumed post {PostId} left in {Status} without a run")]
    private static partial void LogResumed(ILogger logger, Guid postId, PostStatus status);
}
