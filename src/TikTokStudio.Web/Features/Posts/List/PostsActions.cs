using Microsoft.EntityFrameworkCore;
using TikTokStudio.Web.Data;
using TikTokStudio.Web.Features.Activity;
using TikTokStudio.Web.Features.Billing;
using TikTokStudio.Web.Features.Connections;
using TikTokStudio.Web.Features.Posts.Compose;
using TikTokStudio.Web.Features.Posts.Calendar;
using TikTokStudio.Web.Features.Posts.Publish;
using TikTokStudio.Web.Features.Workspaces;
using TikTokStudio.Web.Live;
using TikTokStudio.Web.Features.Team;

namespace TikTokStudio.Web.Features.Posts.List;

/// <summary>What a bulk action did, in words for the list's status line.</summary>
public sealed record ActionReport(string Message, IReadOnlyList<string> Skipped, bool IsError = false, Guid? CreatedPostId = null);

/// <summary>
/// The list's own actions: bulk delete (drafts and scheduled posts only) and duplicate as a new draft. Each checks the
/// role itself: on a circuit nothing stands between a click and the handler.
/// </summary>
public sealed class PostsActions(StudioDbContext db, WorkspaceContext workspace, PostScheduler scheduler, ILiveNotifier live, TimeProvider time, ActivityRecorder activity,
    PlanPause planPause)
{
    public const int MaxBulk = 200;
    public static readonly string ViewerDeleteMessage = Permissions.Refusal(StudioAction.DeletePost);
    public static readonly string ViewerDuplicateMessage = Permissions.Refusal(StudioAction.ComposePost);

    public async Task<ActionReport> DeleteAsync(IReadOnlyCollection<Guid> ids, CancellationToken ct = default)
    {
        if (!workspace.May(StudioAction.DeletePost)) return new ActionReport(ViewerDeleteMessage, [], IsError: true);
        ids = ids.Distinct().ToList();
        if (ids.Count == 0) return new ActionReport("Select the posts to delete first.", [], IsError: true);
        if (ids.Count > MaxBulk) return new ActionReport($"Delete at most {MaxBulk} posts at once.", [], IsError: true);

        var posts = await db.Set<Post>().Where(p => ids.Contains(p.Id)).ToListAsync(ct);
        var skipped = new List<string>();
        var deleted = new List<Post>();
        foreach (var post in posts)
        {
            if (post.IsEditable) deleted.Add(post);
            else skipped.Add($"“{Name(post)}” is {PostStatusBadge.Label(post.Status, post.Stage).ToLowerInvariant()}: only drafts and scheduled posts can be deleted.");
        }
        var missing = ids.Count - posts.Count;
        if (missing > 0) skipped.Add(missing == 1 ? "One post was already deleted." : $"{missing} posts were already deleted.");

        var deletedIds = deleted.Select(p => p.Id).ToList();
        if (deletedIds.Count > 0)
        {
            // Rows first, in one transaction (all or nothing); then the triggers, so a failed delete leaves them in place.
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            await db.Set<PostEvent>().Where(e => deletedIds.Contains(e.PostId)).ExecuteDeleteAsync(ct);
            db.Set<Post>().RemoveRange(deleted);
            var handles = await HandlesAsync(deleted.Select(p => p.AccountId), ct);
            foreach (var post in deleted)
            {
                activity.Record(db, post.WorkspaceId, ActivityKinds.PostDeleted,
                    $"Deleted {PostActivity.Subject(post, handles.GetValueOrDefault(post.AccountId))} ({PostStatusBadge.Label(post.Status, post.Stage).ToLowerInvariant()}).",
                    post.Id, post.AccountId);
            }
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateConcurrencyException)
            {
                return new ActionReport("Some of these posts changed meanwhile (publishing may have started). Nothing was deleted; check the list and try again.", [], IsError: true);
            }
            await transaction.CommitAsync(ct);
        }
        foreach (var id in deletedIds)
        {
            await scheduler.UnscheduleAsync(id, ct);
        }
        foreach (var post in deleted)
        {
            await live.ChangedAsync(post.WorkspaceId, "post", post.Id.ToString(), ct);
        }
        // A deleted post may free a place in its month for one the plan's limit paused.
        if (deleted.Count > 0) await planPause.ResumeFreedAsync(workspace.Current.Id, ct);

        var message = deleted.Count switch
        {
            0 => "Nothing was deleted.",
            1 => "Deleted 1 post.",
            var n => $"Deleted {n} posts.",
        };
        if (skipped.Count > 0) message += skipped.Count == 1 ? " Skipped 1:" : $" Skipped {skipped.Count}:";
        return new ActionReport(message, skipped, IsError: deleted.Count == 0);
    }

    /// <summary>A new Draft with the same content and settings, undated (it is planned again in the composer or calendar).</summary>
    public async Task<(Post? Copy, string? Error)> DuplicateAsync(Guid id, CancellationToken ct = default)
    {
        if (!workspace.May(StudioAction.ComposePost)) return (null, ViewerDuplicateMessage);
        var source = await db.Set<Post>().AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, ct);
        if (source is null) return (null, PostDetails.NotFoundMessage);
        var now = time.GetUtcNow();
        var copy = new Post
        {
            WorkspaceId = source.WorkspaceId,
            CompositionId = Guid.CreateVersion7(),
            AccountId = source.AccountId,
            Kind = source.Kind,
            VideoMediaId = source.VideoMediaId,
            PhotoMediaIds = source.PhotoMediaIds,
            PhotoCoverIndex = source.PhotoCoverIndex,
            Title = source.Title,
            Description = source.Description,
            PrivacyLevel = source.PrivacyLevel,
            AllowComment = source.AllowComment,
            AllowDuet = source.AllowDuet,
            AllowStitch = source.AllowStitch,
            DisclosureEnabled = source.DisclosureEnabled,
            YourBrand = source.YourBrand,
            BrandedContent = source.BrandedContent,
            IsAiGenerated = source.IsAiGenerated,
            AutoAddMusic = source.AutoAddMusic,
            VideoCoverTimestampMs = source.VideoCoverTimestampMs,
            Status = PostStatus.Draft,
            Stage = PublishStage.None,
            PublishAt = null,
            CreatedAt = now,
            UpdatedAt = now,
            CreatedByUserId = workspace.UserId ?? source.CreatedByUserId,
        };
        db.Set<Post>().Add(copy);
        db.Set<PostEvent>().Add(new PostEvent
        {
            PostId = copy.Id, At = now, Kind = "draft",
            Message = $"Duplicated from “{Name(source)}” as a draft.",
        });
        var handle = (await HandlesAsync([copy.AccountId], ct)).GetValueOrDefault(copy.AccountId);
        activity.Record(db, copy.WorkspaceId, ActivityKinds.PostCreated,
            $"Created {PostActivity.Subject(copy, handle)} as a draft, duplicated from another post.", copy.Id, copy.AccountId, source.Id.ToString());
        await db.SaveChangesAsync(ct);
        await live.ChangedAsync(copy.WorkspaceId, "post", copy.Id.ToString(), ct);
        return (copy, null);
    }

    /// <summary>The accounts' handles (@name) for the log's words.</summary>
    private async Task<Dictionary<Guid, string>> HandlesAsync(IEnumerable<Guid> accountIds, CancellationToken ct)
    {
        var ids = accountIds.Distinct().ToList();
        var accounts = await db.Set<TikTokAccount>().AsNoTracking().Where(a => ids.Contains(a.Id)).ToListAsync(ct);
        return accounts.ToDictionary(a => a.Id, ComposeRules.Handle);
    }

    public static string Name(Post post) =>
        CalendarFeed.Excerpt(post.Title, 40) is { Length: > 0 } text ? text : post.Kind == PostKind.Photo ? "Photo post" : "Video post";
}
