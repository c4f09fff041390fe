using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using TikTokStudio.Web.Account;
using TikTokStudio.Web.Data;
using TikTokStudio.Web.Email;
using TikTokStudio.Web.Features.Activity;
using TikTokStudio.Web.Features.Billing;
using TikTokStudio.Web.Features.Connections;
using TikTokStudio.Web.Features.Posts;
using TikTokStudio.Web.Features.Posts.Calendar;
using TikTokStudio.Web.Features.Posts.Compose;
using TikTokStudio.Web.Features.Posts.Publish;
using TikTokStudio.Web.Features.Team;
using TikTokStudio.Web.Features.Workspaces;
using TikTokStudio.Web.Live;

namespace TikTokStudio.Web.Features.Approvals;

/// <summary>The answer of an approval handler: done or not, and the sentence the member reads.</summary>
/// <param name="OverPlan">Refused by the workspace's plan (approvals are a plan feature): shown with the Upgrade button.</param>
public sealed record ApprovalResult(bool Done, string Message, bool OverPlan = false)
{
    public static ApprovalResult No(string why) => new(false, why);
}

/// <summary>One line of the approval queue.</summary>
public sealed record ApprovalQueueRow(Post Post, string AuthorName, string AccountName, string? SlotLocal, TimeSpan? TimeLeft, bool Urgent, bool IsOwn);

/// <summary>
/// Approvals before publishing: the workspace setting, submitting (the composer calls <see cref="Submit"/>), the queue,
/// approve and request changes, and what a late approval may do. Every handler checks role and workspace itself.
/// </summary>
public sealed partial class ApprovalService(
    StudioDbContext db, WorkspaceContext workspace, ActivityRecorder activity, PostScheduler scheduler, ILiveNotifier live,
    IEmailTransport email, PlanEntitlements plans, IServiceProvider services, TimeProvider time, ILogger<ApprovalService> logger)
{
    public const string NotFound = "This post is not in this workspace.";
    public const string CommentRequired = "Say what should change: the author reads this comment.";
    public const string OwnPost = "You cannot approve your own post. Another approver of this workspace must.";

    private DateTimeOffset Now => time.GetUtcNow();
    private string ZoneId => workspace.Current.TimeZoneId;

    // ---------------------------------------------------------------- the setting

    /// <summary>The workspace's setting as stored now (a circuit's copy of the workspace may be older).</summary>
    public Task<ApprovalMode> ModeAsync(CancellationToken ct = default) =>
        db.Workspaces.AsNoTracking().Where(w => w.Id == workspace.Current.Id).Select(w => w.Approvals).FirstAsync(ct);

    /// <summary>Whether a post this member schedules now must wait for an approver.</summary>
    public async Task<bool> NeedsApprovalAsync(CancellationToken ct = default) =>
        ApprovalRules.NeedsApproval(await ModeAsync(ct), workspace.Role);

    public async Task<ApprovalResult> UpdateModeAsync(ApprovalMode mode, CancellationToken ct = default)
    {
        if (!workspace.May(StudioAction.ManageSettings)) return ApprovalResult.No(Permissions.Refusal(StudioAction.ManageSettings));
        if (!Enum.IsDefined(mode)) return ApprovalResult.No("Choose one of the three approval settings.");
        if (mode != ApprovalMode.Off && await plans.MayUseAsync(PlanFeatures.Approvals, ct) is { Allowed: false } plan)
            return new(false, plan.Reason!, OverPlan: true);
        var row = await db.Workspaces.FirstAsync(w => w.Id == workspace.Current.Id, ct);
        if (row.Approvals == mode) return new(true, "Approvals: " + ApprovalRules.Describe(mode) + " (unchanged).");
        var before = row.Approvals;
        row.Approvals = mode;
        activity.Record(db, row.Id, ActivityKinds.SettingsChanged,
            $"Approvals changed from \"{ApprovalRules.Describe(before)}\" to \"{ApprovalRules.Describe(mode)}\".", subjectId: "approvals");
        await db.SaveChangesAsync(ct);
        await live.ChangedAsync(row.Id, "workspace", row.Id.ToString(), ct);
        return new(true, "Approvals: " + ApprovalRules.Describe(mode) + ".");
    }

    // ---------------------------------------------------------------- submitting (from the composer)

    /// <summary>
    /// Decides, before the composer saves, whether a post it is about to schedule goes to Pending approval: when the
    /// member needs approval, or when an edit changed content that an approval covered (an approval is for what was
    /// approved, never for what was written after it). Adds the timeline event and the activity entry to the same
    /// unit of work. True when approvers should be told after the save (<see cref="TellApproversAsync"/>).
    /// </summary>
    public bool Submit(Post post, ApprovalMode mode, bool postWhenApproved)
    {
        if (post.Status != PostStatus.Scheduled) return false;
        var memberNeedsApproval = ApprovalRules.NeedsApproval(mode, workspace.Role);
        var approvedBefore = post.ApprovalHash is not null;
        var covered = ApprovalRules.ApprovalCovers(post);
        // An approved post whose time alone moved keeps its approval; anything else approved before goes back.
        if (covered) return false;
        // Once submitted, a post stays with the approvers until one approves it, whoever edits it meanwhile.
        var submittedBefore = post.SubmittedAt is not null;
        if (!memberNeedsApproval && !((approvedBefore || submittedBefore) && mode != ApprovalMode.Off)) return false;

        post.Status = PostStatus.PendingApproval;
        post.SubmittedAt = Now;
        post.SubmittedByUserId = workspace.UserId;
        post.ApprovalHash = null;
        post.ApprovedAt = null;
        post.ApprovedByUserId = null;
        // "Post now" through an approver: no slot to miss, it goes out when approved.
        if (postWhenApproved) post.PublishAt = null;
        var when = post.PublishAt is { } at ? $"for {Local(at)} ({ZoneId})" : "to post as soon as it is approved";
        var message = approvedBefore
            ? $"Edited after approval by {workspace.Actor.Name}, so it needs approval again ({when})."
            : submittedBefore ? $"Submitted again for approval by {workspace.Actor.Name} ({when})."
            : $"Submitted for approval by {workspace.Actor.Name} ({when}).";
        AddEvent(post, ApprovalEvents.Submitted, message);
        activity.Record(db, post.WorkspaceId, ActivityKinds.PostSubmitted, message, post.Id, post.AccountId);
        return true;
    }

    /// <summary>Emails the approvers (never the author) that posts wait for them. A mail that fails leaves the bell to say it.</summary>
    public async Task TellApproversAsync(IReadOnlyList<Post> posts, CancellationToken ct = default)
    {
        if (posts.Count == 0) return;
        var authors = posts.Select(p => p.SubmittedByUserId ?? p.CreatedByUserId).ToHashSet();
        // Each approver hears only of the posts of accounts they were given (per-account access).
        foreach (var (approver, theirs) in await ApproversOfAsync(authors, posts, ct))
        {
            var first = theirs[0];
            var subject = theirs.Count == 1 ? "A post waits for your approval" : $"{theirs.Count} posts wait for your approval";
            await SendAsync([approver], subject, $"{workspace.Actor.Name} submitted “{Short(first.Title)}”{(theirs.Count > 1 ? $" for {theirs.Count} accounts" : "")}.",
                "app/approvals", ct);
        }
    }


    // ---------------------------------------------------------------- the queue

    /// <summary>Pending posts of this workspace (the accounts the member may use), the most urgent first.</summary>
    public async Task<IReadOnlyList<ApprovalQueueRow>> QueueAsync(CancellationToken ct = default)
    {
        var pending = await db.Set<Post>().AsNoTracking().Where(p => p.Status == PostStatus.PendingApproval).ToListAsync(ct);
        pending = pending.Where(p => workspace.MayUseAccount(p.AccountId))
            .OrderBy(p => p.PublishAt ?? DateTimeOffset.MinValue).ThenBy(p => p.SubmittedAt).ToList();
        var accountIds = pending.Select(p => p.AccountId).Distinct().ToList();
        var accounts = await db.Set<TikTokAccount>().AsNoTracking().Where(a => accountIds.Contains(a.Id)).ToDictionaryAsync(a => a.Id, ct);
        var names = await AuthorNamesAsync(pending.Select(p => p.SubmittedByUserId ?? p.CreatedByUserId), ct);
        var now = Now;
        return pending.Select(p =>
        {
            var author = p.SubmittedByUserId ?? p.CreatedByUserId;
            return new ApprovalQueueRow(p, names.GetValueOrDefault(author) ?? "A former member",
                accounts.TryGetValue(p.AccountId, out var a) ? ComposeRules.Handle(a) : "A removed account",
                p.PublishAt is { } at ? Local(at) : null, ApprovalRules.TimeLeft(p, now), ApprovalRules.IsUrgent(p, now), author == workspace.UserId);
        }).ToList();
    }

    /// <summary>How many posts wait (for the navigation's badge).</summary>
    public Task<int> PendingCountAsync(CancellationToken ct = default) =>
        db.Set<Post>().CountAsync(p => p.Status == PostStatus.PendingApproval, ct);

    // ---------------------------------------------------------------- deciding

    /// <summary>
    /// Approves what the post says now (its hash is kept). A pending post with a future slot becomes Scheduled; with
    /// no slot it goes out now; one that missed its slot stays Not approved in time, approved, for
    /// <see cref="PublishNowAsync"/> or <see cref="RescheduleAsync"/>.
    /// </summary>
    public async Task<ApprovalResult> ApproveAsync(Guid postId, CancellationToken ct = default)
    {
        if (!workspace.May(StudioAction.ApprovePost)) return ApprovalResult.No(Permissions.Refusal(StudioAction.ApprovePost));
        var post = await FindAsync(postId, ct);
        if (post is null) return ApprovalResult.No(NotFound);
        var late = post.Status == PostStatus.NotApprovedInTime;
        if (post.Status != PostStatus.PendingApproval && !(late && post.ApprovalHash is null))
            return ApprovalResult.No($"This post is {PostStatusBadge.Label(post.Status, post.Stage).ToLowerInvariant()}: only pending posts can be approved.");
        if (IsOwn(post)) return ApprovalResult.No(OwnPost);

        var now = Now;
        post.ApprovalHash = ApprovalRules.ContentHash(post);
        post.ApprovedAt = now;
        post.ApprovedByUserId = workspace.UserId;
        string message;
        if (late)
        {
            message = $"Approved by {workspace.Actor.Name} after its slot had passed: publish it now or pick a new time.";
        }
        else if (post.PublishAt is { } at && at > now)
        {
            post.Status = PostStatus.Scheduled;
            message = $"Approved by {workspace.Actor.Name}; scheduled for {Local(at)} ({ZoneId}).";
        }
        else
        {
            post.Status = PostStatus.Scheduled;
            post.PublishAt = now;
            message = $"Approved by {workspace.Actor.Name}; queued to post now.";
        }
        if (!await SaveDecisionAsync(post, ApprovalEvents.Approved, ActivityKinds.PostApproved, message, ct))
            return ApprovalResult.No(PostMover.ChangedMessage);
        if (post.Status == PostStatus.Scheduled) await scheduler.ScheduleAsync(post, ct);
        await TellAuthorAsync(post, "Your post was approved", message, ct);
        return new(true, message);
    }

    /// <summary>Sends the post back to its author as a draft (its time kept for the resubmit), with the comment on its timeline.</summary>
    public async Task<ApprovalResult> RequestChangesAsync(Guid postId, string? comment, CancellationToken ct = default)
    {
        if (!workspace.May(StudioAction.ApprovePost)) return ApprovalResult.No(Permissions.Refusal(StudioAction.ApprovePost));
        var text = comment?.Trim() ?? "";
        if (text.Length == 0) return ApprovalResult.No(CommentRequired);
        if (text.Length > ApprovalRules.CommentMaxLength) return ApprovalResult.No($"A comment has at most {ApprovalRules.CommentMaxLength} characters.");
        var post = await FindAsync(postId, ct);
        if (post is null) return ApprovalResult.No(NotFound);
        if (post.Status is not (PostStatus.PendingApproval or PostStatus.NotApprovedInTime))
            return ApprovalResult.No($"This post is {PostStatusBadge.Label(post.Status, post.Stage).ToLowerInvariant()}: changes can be requested only while it waits for approval.");
        if (IsOwn(post)) return ApprovalResult.No("This is your own post: edit it yourself.");

        post.Status = PostStatus.Draft;
        post.FailMessage = null;
        post.ApprovalHash = null;
        post.ApprovedAt = null;
        post.ApprovedByUserId = null;
        var message = $"{workspace.Actor.Name} requested changes: {text}";
        if (!await SaveDecisionAsync(post, ApprovalEvents.ChangesRequested, ActivityKinds.PostChangesRequested, message, ct))
            return ApprovalResult.No(PostMover.ChangedMessage);
        await scheduler.UnscheduleAsync(post.Id, ct);
        await TellAuthorAsync(post, "Changes requested on your post", message + " Edit the post and submit it again.", ct);
        return new(true, "Sent back to the author with your comment.");
    }

    /// <summary>A late-approved post goes out now.</summary>
    public async Task<ApprovalResult> PublishNowAsync(Guid postId, CancellationToken ct = default)
    {
        if (!workspace.May(StudioAction.PublishNow)) return ApprovalResult.No(Permissions.Refusal(StudioAction.PublishNow));
        var (post, refusal) = await LateApprovedAsync(postId, ct);
        if (post is null) return ApprovalResult.No(refusal!);
        post.Status = PostStatus.Scheduled;
        post.PublishAt = Now;
        post.FailMessage = null;
        var message = $"Queued to post now by {workspace.Actor.Name} (approved after its slot).";
        if (!await SaveAsync(post, PostEventKinds.Scheduled, message, ct)) return ApprovalResult.No(PostMover.ChangedMessage);
        await scheduler.ScheduleAsync(post, ct);
        return new(true, "Queued to post now.");
    }

    /// <summary>A late-approved post gets a new slot ("yyyy-MM-ddTHH:mm" in the workspace's zone), checked like the composer checks it.</summary>
    public async Task<ApprovalResult> RescheduleAsync(Guid postId, string? startLocal, CancellationToken ct = default)
    {
        if (!workspace.May(StudioAction.SchedulePost)) return ApprovalResult.No(Permissions.Refusal(StudioAction.SchedulePost));
        if (!DateTime.TryParseExact(startLocal, ["yyyy-MM-ddTHH:mm", "yyyy-MM-ddTHH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
            return ApprovalResult.No("Pick a date and time for the post.");
        var (instant, error, _) = ComposeRules.ToInstant(new DateTime(local.Year, local.Month, local.Day, local.Hour, local.Minute, 0), ZoneId);
        if (error is not null) return ApprovalResult.No(error);
        if (instant < Now.AddMinutes(1)) return ApprovalResult.No("That time has passed. Choose a time at least a minute from now.");
        var (post, refusal) = await LateApprovedAsync(postId, ct);
        if (post is null) return ApprovalResult.No(refusal!);
        post.Status = PostStatus.Scheduled;
        post.PublishAt = instant.ToUniversalTime();
        post.FailMessage = null;
        var message = $"Scheduled again for {Local(post.PublishAt.Value)} ({ZoneId}) by {workspace.Actor.Name} (approved after its first slot).";
        if (!await SaveAsync(post, PostEventKinds.Scheduled, message, ct)) return ApprovalResult.No(PostMover.ChangedMessage);
        activity.Record(db, post.WorkspaceId, ActivityKinds.PostRescheduled, message, post.Id, post.AccountId);
        await db.SaveChangesAsync(ct);
        await scheduler.ScheduleAsync(post, ct);
        return new(true, $"Scheduled for {Local(post.PublishAt.Value)} ({ZoneId}).");
    }

    /// <summary>True when the post is Not approved in time but carries an approval of what it says now.</summary>
    public static bool IsLateApproved(Post post) => post.Status == PostStatus.NotApprovedInTime && ApprovalRules.ApprovalCovers(post);

    /// <summary>Whether the current member may decide on this post (approver, not its author).</summary>
    public bool MayDecide(Post post) => workspace.May(StudioAction.ApprovePost) && !IsOwn(post);

    // ---------------------------------------------------------------- the engine's deadline

    /// <summary>
    /// The engine reached the slot of a post still pending: it becomes Not approved in time with the reason. Only
    /// changes the tracked row and adds the activity entry: the engine's own save commits both.
    /// </summary>
    public static string Expire(Post post, StudioDbContext db, ActivityRecorder activity, string timeZoneId)
    {
        post.Status = PostStatus.NotApprovedInTime;
        post.Stage = PublishStage.None;
        var zone = TimeZoneInfo.FindSystemTimeZoneById(timeZoneId);
        var slot = post.PublishAt is { } at ? TimeZoneInfo.ConvertTime(at, zone).ToString("ddd d MMM yyyy HH:mm", CultureInfo.InvariantCulture) : "now";
        post.FailMessage = $"Not published: nobody approved it before its slot ({slot}, {timeZoneId}). An approver can still approve it, then publish it now or pick a new time.";
        activity.Record(db, post.WorkspaceId, ActivityKinds.PostNotApprovedInTime, post.FailMessage, post.Id, post.AccountId);
        return post.FailMessage;
    }

    /// <summary>After <see cref="Expire"/> is saved: the author and the approvers are emailed (the bell already has it).</summary>
    public async Task TellNotApprovedInTimeAsync(Post post, CancellationToken ct = default)
    {
        var author = post.SubmittedByUserId ?? post.CreatedByUserId;
        var to = (await ApproversOfAsync(new HashSet<string> { author }, [post], ct)).Select(a => a.Email).ToList();
        var authorEmail = await db.Users.AsNoTracking().Where(u => u.Id == author).Select(u => u.Email).FirstOrDefaultAsync(ct);
        if (authorEmail is not null) to.Add(authorEmail);
        await SendAsync(to, "A post was not approved in time", post.FailMessage ?? "", $"app/posts/{post.Id}", ct);
    }

    // ---------------------------------------------------------------- helpers

    private async Task<Post?> FindAsync(Guid postId, CancellationToken ct)
    {
        var post = await db.Set<Post>().FirstOrDefaultAsync(p => p.Id == postId, ct);
        return post is not null && workspace.MayUseAccount(post.AccountId) ? post : null;
    }

    private async Task<(Post? Post, string? Refusal)> LateApprovedAsync(Guid postId, CancellationToken ct)
    {
        var post = await FindAsync(postId, ct);
        if (post is null) return (null, NotFound);
        if (!IsLateApproved(post)) return (null, "Only a post that was approved after its slot can be published now or given a new time here.");
        return (post, null);
    }

    private bool IsOwn(Post post) => (post.SubmittedByUserId ?? post.CreatedByUserId) == workspace.UserId;

    private async Task<bool> SaveDecisionAsync(Post post, string eventKind, string activityKind, string message, CancellationToken ct)
    {
        activity.Record(db, post.WorkspaceId, activityKind, message, post.Id, post.AccountId);
        return await SaveAsync(post, eventKind, message, ct);
    }

    /// <summary>Saves with the version bumped: a decision never overwrites the engine or an editor that got there first.</summary>
    private async Task<bool> SaveAsync(Post post, string eventKind, string message, CancellationToken ct)
    {
        post.UpdatedAt = Now;
        post.Version++;
        AddEvent(post, eventKind, message);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return false;
        }
        await live.ChangedAsync(post.WorkspaceId, "post", post.Id.ToString(), ct);
        return true;
    }

    private void AddEvent(Post post, string kind, string message) =>
        db.Set<PostEvent>().Add(new PostEvent
        {
            WorkspaceId = post.WorkspaceId, PostId = post.Id, At = Now, Kind = kind,
            Message = message.Length <= 1000 ? message : message[..999] + "…",
        });

    private async Task TellAuthorAsync(Post post, string subject, string message, CancellationToken ct)
    {
        var author = post.SubmittedByUserId ?? post.CreatedByUserId;
        var to = await db.Users.AsNoTracking().Where(u => u.Id == author).Select(u => u.Email).FirstOrDefaultAsync(ct);
        if (to is not null) await SendAsync([to], subject, message, $"app/posts/{post.Id}", ct);
    }

    /// <summary>
    /// Each member who may approve, except <paramref name="except"/> (the authors), with the posts among
    /// <paramref name="posts"/> whose account they were given: a member limited to some accounts is never told of the others.
    /// </summary>
    private async Task<List<(string Email, List<Post> Posts)>> ApproversOfAsync(IReadOnlySet<string> except, IReadOnlyList<Post> posts, CancellationToken ct)
    {
        var approverRoles = Permissions.Roles.Where(r => Permissions.Allows(r, StudioAction.ApprovePost)).ToList();
        var workspaceId = workspace.Current.Id;
        var members = await db.Memberships.AsNoTracking()
            .Where(m => m.WorkspaceId == workspaceId && approverRoles.Contains(m.Role)).Select(m => new { m.UserId, m.Role, m.AccountIds }).ToListAsync(ct);
        members = members.Where(m => !except.Contains(m.UserId)).ToList();
        var ids = members.Select(m => m.UserId).ToList();
        var emails = await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id) && u.Email != null).ToDictionaryAsync(u => u.Id, u => u.Email!, ct);
        var result = new List<(string, List<Post>)>();
        foreach (var member in members)
        {
            if (!emails.TryGetValue(member.UserId, out var address)) continue;
            var scope = AccountAccess.ScopeOf(member.Role, member.AccountIds);
            var theirs = posts.Where(p => scope is null || scope.Contains(p.AccountId)).ToList();
            if (theirs.Count > 0) result.Add((address, theirs));
        }
        return result;
    }

    private async Task<Dictionary<string, string>> AuthorNamesAsync(IEnumerable<string> userIds, CancellationToken ct)
    {
        var ids = userIds.Distinct().ToList();
        return await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.Email ?? u.UserName ?? u.Id, ct);
    }

    private async Task SendAsync(IEnumerable<string> to, string subject, string message, string path, CancellationToken ct)
    {
        string link;
        try
        {
            link = EmailLinks.ForJob(services, path);
        }
        catch (Exception e) when (e is InvalidOperationException or NotSupportedException)
        {
            link = "/" + path; // no public URL and no listening server (in-memory test host): a relative link still names the page
        }
        var name = WebUtility.HtmlEncode(workspace.Current.Name);
        var body = $"<p>{WebUtility.HtmlEncode(message)}</p><p>Workspace: {name}</p>"
            + $"<p>Open it in TikTok Studio: <a href=\"{WebUtility.HtmlEncode(link)}\">{WebUtility.HtmlEncode(link)}</a></p>";
        foreach (var address in to.Distinct(StringComparer.OrdinalIgnoreCase))
        {
            try
            {
                await email.SendAsync(new EmailMessage(address, subject, body), ct);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The decision is saved and the bell shows it; a mail server that is down must not undo it.
                LogEmailFailed(logger, subject, e.GetType().Name);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not send the approval email \"{Subject}\": {Error}")]
    private static partial void LogEmailFailed(ILogger logger, string subject, string error);

    private string Local(DateTimeOffset at) =>
        TimeZoneInfo.ConvertTime(at, TimeZoneInfo.FindSystemTimeZoneById(ZoneId)).ToString("ddd d MMM yyyy HH:mm", CultureInfo.InvariantCulture);

    private static string Short(string title) => string.IsNullOrWhiteSpace(title) ? "(no caption)" : title.Length > 80 ? title[..80] + "…" : title;
}
