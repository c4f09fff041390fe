using Microsoft.EntityFrameworkCore;
using TikTokStudio.TikTok.Errors;
using TikTokStudio.Web.Data;
using TikTokStudio.Web.Features.Activity;
using TikTokStudio.Web.Features.Billing;
using TikTokStudio.Web.Features.Posts.Compose;
using TikTokStudio.Web.Features.Connections;
using TikTokStudio.Web.Features.Media;
using TikTokStudio.Web.Features.Posts.List;
using TikTokStudio.Web.Features.Workspaces;
using TikTokStudio.Web.Live;
using TikTokStudio.Web.Features.Team;

namespace TikTokStudio.Web.Features.Posts.Publish;

/// <summary>One medium of a post, for the preview (served by /app/media/{id}/content).</summary>
/// <param name="File">The library row, for its frames (poster, cover strip).</param>
public sealed record PostMediaView(Guid Id, string FileName, string ContentType, bool IsVideo, MediaFile? File = null);

/// <summary>Everything the post page shows: the row, its timeline, the account and the media.</summary>
public sealed record PostView(Post Post, IReadOnlyList<PostEvent> Events, string AccountName, string? AvatarUrl, IReadOnlyList<PostMediaView> Media);

/// <summary>
/// A failure split into what a person can act on: who failed, TikTok's code (or fail_reason), the kind of error, the
/// explanation, the next step and TikTok's log id for their support.
/// </summary>
public sealed record FailureView(string Source, string? Code, string Explanation, string? WhatToDo, string? Kind = null, string? LogId = null)
{
    /// <summary>Reads the engine's <see cref="Post.FailCode"/> ("api:…", "fail:…", "upload:…", "studio:…") and message.</summary>
    public static FailureView? Of(Post post)
    {
        if (string.IsNullOrEmpty(post.FailMessage)) return null;
        var (source, code) = post.FailCode?.Split(':', 2) switch
        {
            ["api", var c] => ("TikTok refused the request", c),
            ["fail", var c] => ("TikTok's processing failed (fail_reason)", c),
            ["upload", var c] => ("The upload to TikTok failed", c),
            ["studio", var c] => ("Stopped by TikTok Studio", c),
            [var c] => ("TikTok", c),
            _ => ("TikTok Studio", (string?)null),
        };
        if (string.IsNullOrEmpty(code)) code = null;
        var kind = KindLabel(post.FailClass);
        const string marker = " What to do: ";
        var at = post.FailMessage.IndexOf(marker, StringComparison.Ordinal);
        return at < 0
            ? new FailureView(source, code, post.FailMessage, null, kind, post.FailLogId)
            : new FailureView(source, code, post.FailMessage[..at], post.FailMessage[(at + marker.Length)..], kind, post.FailLogId);
    }

    /// <summary>" (TikTok code x, log id y)" for a notification's text; empty when TikTok gave neither.</summary>
    public static string Reference(Post post)
    {
        var code = post.FailCode?.Split(':', 2) is [not "studio", { Length: > 0 } c] ? c : null;
        var parts = new List<string>(2);
        if (code is not null) parts.Add($"TikTok code {code}");
        if (post.FailLogId is not null) parts.Add($"log id {post.FailLogId}");
        return parts.Count == 0 ? "" : $" ({string.Join(", ", parts)})";
    }

    /// <summary>The error class in words: whether trying again can help.</summary>
    public static string? KindLabel(string? errorClass) => errorClass switch
    {
        nameof(TikTokErrorClass.Transient) => "Temporary: trying again later usually works",
        nameof(TikTokErrorClass.RateLimited) => "Too many requests: wait a minute",
        nameof(TikTokErrorClass.NeedsReauth) => "The connection needs renewing: reconnect the account",
        nameof(TikTokErrorClass.CreatorCannotPostNow) => "The creator cannot post right now",
        nameof(TikTokErrorClass.InvalidRequest) => "TikTok refused what was sent: change the post",
        nameof(TikTokErrorClass.ContentRejected) => "TikTok refused the content",
        nameof(TikTokErrorClass.Permanent) => "Permanent: the same request will fail again",
        _ => null,
    };
}

/// <summary>What happened to a post-page action, in words for a snackbar.</summary>
public sealed record PostActionResult(bool Done, string Message);

/// <summary>The post page's reads and its actions (retry / publish now, unschedule); each action checks the role itself.</summary>
public sealed class PostDetails(StudioDbContext db, WorkspaceContext workspace, PostScheduler scheduler, ILiveNotifier live, TimeProvider time,
    PostsActions actions, ActivityRecorder activity, PlanPause planPause)
{
    public const string NotFoundMessage = "This post is not in this workspace.";

    /// <summary>The post of the current workspace, or null (deleted, or another workspace's: both look the same).</summary>
    public async Task<PostView?> LoadAsync(Guid id, CancellationToken ct = default)
    {
        var post = await db.Set<Post>().AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, ct);
        if (post is null) return null;
        var events = await db.Set<PostEvent>().AsNoTracking().Where(e => e.PostId == id).OrderBy(e => e.At).ThenBy(e => e.Id).ToListAsync(ct);
        var account = await db.Set<TikTokAccount>().AsNoTracking().FirstOrDefaultAsync(a => a.Id == post.AccountId, ct);
        var mediaIds = post.Kind == PostKind.Video ? (post.VideoMediaId is { } v ? [v] : []) : post.Photos.ToList();
        var files = await db.Set<MediaFile>().AsNoTracking().Where(m => mediaIds.Contains(m.Id)).ToListAsync(ct);
        var media = mediaIds.Select(mid => files.FirstOrDefault(f => f.Id == mid)).OfType<MediaFile>()
            .Select(f => new PostMediaView(f.Id, f.OriginalFileName, f.ContentType, f.ContentType.StartsWith("video/", StringComparison.OrdinalIgnoreCase), f))
            .ToList();
        var name = account is null ? "Removed account" : account.Username is { Length: > 0 } u ? "@" + u : account.DisplayName;
        return new PostView(post, events, name, account?.AvatarUrl, media);
    }

    /// <summary>Nothing was sent to TikTok yet (or the attempt ended without a post), so the schedule can be dropped.</summary>
    public static bool CanUnschedule(Post post) =>
        post.Status is PostStatus.Scheduled or PostStatus.Missed or PostStatus.WaitingForDailyLimit or PostStatus.Paused
            or PostStatus.PendingApproval or PostStatus.NotApprovedInTime
        || (post.Status == PostStatus.WaitingForReconnect && post.PublishId is null);

    public async Task<PostActionResult> RetryAsync(Guid id, CancellationToken ct = default)
    {
        if (!workspace.May(StudioAction.PublishNow)) return new(false, Permissions.Refusal(StudioAction.PublishNow));
        var post = await db.Set<Post>().FirstOrDefaultAsync(p => p.Id == id, ct);
        if (post is null) return new(false, NotFoundMessage);
        if (PublishFailures.WhyNotRetryable(post) is { } why) return new(false, why);
        var now = time.GetUtcNow();
        ResetForNewAttempt(post);
        post.Status = PostStatus.Scheduled;
        post.PublishAt = now;
        post.UpdatedAt = now;
        post.Version++;
        db.Set<PostEvent>().Add(new PostEvent { WorkspaceId = post.WorkspaceId, PostId = post.Id, At = now, Kind = PostEventKinds.Action, Message = "Sent again now by a team member." });
        activity.Record(db, post.WorkspaceId, ActivityKinds.PostScheduled, $"Sent {await SubjectAsync(post, ct)} again now.", post.Id, post.AccountId);
        if (!await SaveAsync(ct)) return new(false, "The post changed meanwhile (publishing may have started). Nothing was changed.");
        await scheduler.ScheduleAsync(post, ct);
        await live.ChangedAsync(post.WorkspaceId, "post", post.Id.ToString(), ct);
        return new(true, "Sent again now. Follow it on this page.");
    }

    public async Task<PostActionResult> UnscheduleAsync(Guid id, CancellationToken ct = default)
    {
        if (!workspace.May(StudioAction.SchedulePost)) return new(false, Permissions.Refusal(StudioAction.SchedulePost));
        var post = await db.Set<Post>().FirstOrDefaultAsync(p => p.Id == id, ct);
        if (post is null) return new(false, NotFoundMessage);
        if (!CanUnschedule(post)) return new(false, "The post is already being sent to TikTok; it can no longer be stopped here.");
        var now = time.GetUtcNow();
        post.Status = PostStatus.Draft;
        ResetForNewAttempt(post);
        post.UpdatedAt = now;
        post.Version++;
        db.Set<PostEvent>().Add(new PostEvent { WorkspaceId = post.WorkspaceId, PostId = post.Id, At = now, Kind = PostEventKinds.Action, Message = "Unscheduled by a team member; the post is a draft again." });
        activity.Record(db, post.WorkspaceId, ActivityKinds.PostCancelled, $"Unscheduled {await SubjectAsync(post, ct)}: it is a draft again.", post.Id, post.AccountId);
        if (!await SaveAsync(ct)) return new(false, "The post changed meanwhile (publishing may have started). Nothing was changed.");
        await scheduler.UnscheduleAsync(post.Id, ct);
        await live.ChangedAsync(post.WorkspaceId, "post", post.Id.ToString(), ct);
        // Its place in the month may go to a post the plan's limit paused.
        await planPause.ResumeFreedAsync(post.WorkspaceId, ct);
        return new(true, "Unscheduled: the post is a draft again.");
    }

    /// <summary>A copy as a new draft (the list's rule), for the page's Duplicate button.</summary>
    public async Task<(Post? Copy, string Message)> DuplicateAsync(Guid id, CancellationToken ct = default)
    {
        if (!workspace.May(StudioAction.ComposePost)) return (null, PostsActions.ViewerDuplicateMessage);
        var (copy, error) = await actions.DuplicateAsync(id, ct);
        return copy is null ? (null, error ?? NotFoundMessage) : (copy, "Duplicated as a new draft.");
    }

    private async Task<string> SubjectAsync(Post post, CancellationToken ct) =>
        PostActivity.Subject(post, await db.Set<TikTokAccount>().AsNoTracking().FirstOrDefaultAsync(a => a.Id == post.AccountId, ct) is { } account
            ? ComposeRules.Handle(account) : null);

    private async Task<bool> SaveAsync(CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateConcurrencyException)
        {
            return false;
        }
    }

    private static void ResetForNewAttempt(Post post)
    {
        post.Stage = PublishStage.None;
        post.InitRequestedAt = null;
        post.PublishId = null;
        post.UploadUrl = null;
        post.UploadUrlExpiresAt = null;
        post.UploadedBytes = 0;
        post.UploadCompletedAt = null;
        post.FailCode = null;
        post.FailMessage = null;
        post.FailClass = null;
        post.FailLogId = null;
        post.Attempts = 0;
        post.CompletedAt = null;
    }
}
