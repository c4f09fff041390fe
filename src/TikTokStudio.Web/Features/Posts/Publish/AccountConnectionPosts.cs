using Microsoft.EntityFrameworkCore;
using TikTokStudio.Web.Data;
using TikTokStudio.Web.Features.Billing;
using TikTokStudio.Web.Live;

namespace TikTokStudio.Web.Features.Posts.Publish;

/// <summary>
/// What an account's scheduled posts do when the account is disconnected (they pause, with the reason, and lose their
/// triggers) and reconnected (those still in the future are scheduled again; the past ones wait for the user).
/// </summary>
public sealed class AccountConnectionPosts(StudioDbContext db, PostScheduler scheduler, ILiveNotifier live, TimeProvider time)
{
    public const string PausedReason = "The TikTok account was disconnected, so this post is paused. Reconnect the account to schedule it again.";

    public async Task<int> PauseAsync(Guid accountId, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var posts = await db.Set<Post>()
            .Where(p => p.AccountId == accountId && (p.Status == PostStatus.Scheduled || p.Status == PostStatus.WaitingForDailyLimit))
            .ToListAsync(ct);
        foreach (var post in posts)
        {
            post.Status = PostStatus.Paused;
            post.FailMessage = PausedReason;
            post.UpdatedAt = now;
            post.Version++;
            db.Set<PostEvent>().Add(new PostEvent { PostId = post.Id, WorkspaceId = post.WorkspaceId, At = now, Kind = PostEventKinds.Reconnect, Message = PausedReason });
        }
        await db.SaveChangesAsync(ct);
        foreach (var post in posts)
        {
            await scheduler.UnscheduleAsync(post.Id, ct);
            await live.ChangedAsync(post.WorkspaceId, "post", post.Id.ToString(), ct);
        }
        return posts.Count;
    }

    public async Task<int> ResumeAsync(Guid accountId, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var posts = await db.Set<Post>()
            .Where(p => p.AccountId == accountId && p.Status == PostStatus.Paused && p.PublishAt > now)
            // The plan's pauses are the plan's to lift (Billing/PlanPause), not a reconnect's.
            .Where(p => p.FailMessage == null || !(p.FailMessage == PlanPause.TrialEndedReason || p.FailMessage == PlanPause.LapsedReason
                || p.FailMessage.StartsWith(PlanPause.OverLimitPrefix)))
            .ToListAsync(ct);
        foreach (var post in posts)
        {
            post.Status = PostStatus.Scheduled;
            post.FailMessage = null;
            post.UpdatedAt = now;
            post.Version++;
            db.Set<PostEvent>().Add(new PostEvent
            {
                PostId = post.Id, WorkspaceId = post.WorkspaceId, At = now, Kind = PostEventKinds.Scheduled,
                Message = "The account was reconnected, so the post is scheduled again.",
            });
        }
        await db.SaveChangesAsync(ct);
        foreach (var post in posts)
        {
            await scheduler.ScheduleAsync(post, ct);
            await live.ChangedAsync(post.WorkspaceId, "post", post.Id.ToString(), ct);
        }
        return posts.Count;
    }
}
