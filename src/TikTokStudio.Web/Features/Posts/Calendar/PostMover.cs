using System.Globalization;
using Microsoft.EntityFrameworkCore;
using TikTokStudio.Web.Data;
using TikTokStudio.Web.Features.Activity;
using TikTokStudio.Web.Features.Connections;
using TikTokStudio.Web.Features.Posts.Compose;
using TikTokStudio.Web.Features.Posts.Publish;
using TikTokStudio.Web.Features.Workspaces;
using TikTokStudio.Web.Live;
using TikTokStudio.Web.Features.Team;

namespace TikTokStudio.Web.Features.Posts.Calendar;

public enum MoveOutcome
{
    Moved,
    /// <summary>Allowed, but past a TikTok limit: the user confirms first.</summary>
    NeedsConfirmation,
    NotFound,
    Forbidden,
    /// <summary>The post changed meanwhile (version) or is no longer editable.</summary>
    Conflict,
    /// <summary>The new time is refused (past, skipped by DST, account not ready, unreadable).</summary>
    Refused,
}

public sealed record MoveResult(MoveOutcome Outcome, string Message, Post? Post = null, string? StartLocal = null, string? Warning = null);

/// <summary>
/// Reschedules a post dropped on the calendar (the calendar page calls it on its circuit, in a fresh operation scope,
/// so the workspace and the role are re-checked for every drop): the new wall-clock time is read in the workspace's zone, checked like the
/// composer checks it, saved with the version bumped (optimistic concurrency), and the Quartz trigger re-derived.
/// Drafts only move their date; they have no trigger.
/// </summary>
public sealed class PostMover(StudioDbContext db, WorkspaceContext workspace, CalendarFeed feed, PostScheduler scheduler, ILiveNotifier live, TimeProvider time, ActivityRecorder activity)
{
    public static readonly string ViewerMessage = Permissions.Refusal(StudioAction.SchedulePost);
    /// <summary>A missed slot is not moved by a drop: the post page is where a late approval publishes now or picks a new time.</summary>
    public const string NotApprovedInTimeMessage =
        "This post was not approved in time, so it was not published. Open it: once an approver approves it, publish it now or pick a new time there.";

    public const string ChangedMessage = "This post was changed meanwhile (edited by someone else, or publishing started). The calendar now shows it as it is.";

    public async Task<MoveResult> MoveAsync(Guid postId, string? startLocal, int? expectedVersion, bool confirmOverLimit, CancellationToken ct)
    {
        if (!workspace.May(StudioAction.SchedulePost)) return new(MoveOutcome.Forbidden, ViewerMessage);
        var post = await db.Set<Post>().FirstOrDefaultAsync(p => p.Id == postId, ct);
        if (post is null) return new(MoveOutcome.NotFound, "This post is not in this workspace.");
        if (expectedVersion is { } version && version != post.Version) return new(MoveOutcome.Conflict, ChangedMessage, post);
        if (post.Status == PostStatus.NotApprovedInTime)
            return new(MoveOutcome.Conflict, NotApprovedInTimeMessage, post);
        if (!post.IsEditable)
            return new(MoveOutcome.Conflict, $"This post is {PostStatusBadge.Label(post.Status, post.Stage).ToLowerInvariant()}: only drafts and scheduled posts can be moved.", post);

        if (!DateTime.TryParseExact(startLocal, ["yyyy-MM-ddTHH:mm", "yyyy-MM-ddTHH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
            return new(MoveOutcome.Refused, "The new time could not be read. Drop the post again.", post);
        local = new DateTime(local.Year, local.Month, local.Day, local.Hour, local.Minute, 0);

        var zoneId = workspace.Current.TimeZoneId;
        var (instant, error, note) = ComposeRules.ToInstant(local, zoneId);
        if (error is not null) return new(MoveOutcome.Refused, error, post);
        var now = time.GetUtcNow();
        if (instant < now.AddMinutes(1))
            return new(MoveOutcome.Refused, "That time has passed. Choose a time at least a minute from now.", post);

        string? warning = note;
        if (post.Status == PostStatus.Scheduled)
        {
            var account = await db.Set<TikTokAccount>().AsNoTracking().FirstOrDefaultAsync(a => a.Id == post.AccountId, ct);
            if (account is null || account.Status != ConnectionStatus.Connected)
                return new(MoveOutcome.Refused, $"{(account is null ? "The account of this post" : ComposeRules.Handle(account))} is disconnected. Reconnect it on the Connections page before moving its posts.", post);
            if (account.Health == AccountHealth.ReconnectNeeded)
                return new(MoveOutcome.Refused, $"{ComposeRules.Handle(account)} needs a reconnect before its posts can be moved: {account.HealthReason}", post);

            var load = await feed.LoadAsync(account, DateOnly.FromDateTime(local), post.Id, ct);
            if (DailyLimits.WarningForOneMore(load) is { } limit)
            {
                // The limit alone goes in Warning too: the page says it as the reason when the user keeps the post where it was.
                if (!confirmOverLimit) return new(MoveOutcome.NeedsConfirmation, limit + " Move it anyway?", post, Warning: limit);
                warning = warning is null ? limit : warning + " " + limit;
            }
        }

        var zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);
        var from = post.PublishAt is { } before ? TimeZoneInfo.ConvertTime(before, zone).ToString("ddd d MMM yyyy HH:mm", CultureInfo.InvariantCulture) : null;
        var to = local.ToString("ddd d MMM yyyy HH:mm", CultureInfo.InvariantCulture);
        post.PublishAt = instant.ToUniversalTime();
        post.UpdatedAt = now;
        post.Version++;
        db.Set<PostEvent>().Add(new PostEvent
        {
            WorkspaceId = post.WorkspaceId, PostId = post.Id, At = now, Kind = PostEventKinds.Action,
            Message = (from is null ? $"Dated {to} ({zoneId}) in the calendar." : $"Moved from {from} to {to} ({zoneId}) in the calendar.") + ApprovalNote(post),
        });
        var handle = await db.Set<TikTokAccount>().AsNoTracking().Where(a => a.Id == post.AccountId).FirstOrDefaultAsync(ct) is { } owner ? ComposeRules.Handle(owner) : null;
        var subject = PostActivity.Subject(post, handle);
        // A scheduled post's new time is a reschedule (its own webhook event); a draft only changes its planned date.
        if (post.Status == PostStatus.Scheduled)
            activity.Record(db, post.WorkspaceId, ActivityKinds.PostRescheduled, $"Rescheduled {subject} from {from} to {to} ({zoneId}) in the calendar.", post.Id, post.AccountId);
        else
            activity.Record(db, post.WorkspaceId, ActivityKinds.PostUpdated,
                from is null ? $"Edited {subject}: time changed (dated {to} ({zoneId}) in the calendar)." : $"Edited {subject}: time changed (moved from {from} to {to} ({zoneId}) in the calendar).",
                post.Id, post.AccountId);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return new(MoveOutcome.Conflict, ChangedMessage);
        }

        // The row is the truth: the trigger is derived after it is saved (the reconcile job repairs a trigger lost in between).
        // A pending post keeps its approval request and its trigger; an approved one keeps its approval (the time is not content).
        if (post.Status is PostStatus.Scheduled or PostStatus.PendingApproval) await scheduler.ScheduleAsync(post, ct);
        await live.ChangedAsync(post.WorkspaceId, "post", post.Id.ToString(), ct);

        var what = post.Status switch
        {
            PostStatus.Draft => "Draft moved",
            PostStatus.PendingApproval => "Moved",
            _ => "Rescheduled",
        };
        return new(MoveOutcome.Moved, $"{what} to {to} ({zoneId}).{ApprovalNote(post)}", post, local.ToString(CalendarFeed.LocalFormat, CultureInfo.InvariantCulture), warning);
    }

    /// <summary>
    /// What the move did to the approval (the rule: moving only the time keeps it): a pending post still waits for an
    /// approver by its new slot, an approved post stays approved. Empty when no approval is involved.
    /// </summary>
    public static string ApprovalNote(Post post) => post.Status switch
    {
        PostStatus.PendingApproval => " Still waiting for approval: the approval request is kept. If nobody approves it before the new time, it is not published;"
            + " a later approval then offers Publish now or a new time.",
        PostStatus.Scheduled when Approvals.ApprovalRules.ApprovalCovers(post) => " Its approval is kept: only the time changed.",
        _ => "",
    };
}
