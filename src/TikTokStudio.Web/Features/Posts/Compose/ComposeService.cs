using Microsoft.EntityFrameworkCore;
using TikTokStudio.TikTok.Auth;
using TikTokStudio.Web.Data;
using TikTokStudio.Web.Features.Activity;
using TikTokStudio.Web.Features.Connections;
using TikTokStudio.Web.Features.Media;
using TikTokStudio.Web.Features.Posts.Publish;
using TikTokStudio.Web.Features.Workspaces;
using TikTokStudio.Web.Live;
using TikTokStudio.Web.Features.Team;

namespace TikTokStudio.Web.Features.Posts.Compose;

public sealed record ComposeOutcome(ComposerModel? Invalid, Guid? CompositionId);

/// <summary>The posts one submit created (one per account), for the "just composed" panel.</summary>
public sealed record Composition(Guid Id, IReadOnlyList<Post> Posts, IReadOnlyDictionary<Guid, TikTokAccount> Accounts);

/// <summary>Loads what the composer needs, and turns a valid composition into one Post per target account.</summary>
public sealed class ComposeService(
    StudioDbContext db, WorkspaceContext workspace, TikTokAppSettings app, MediaUrls mediaUrls, AccountMaintenance maintenance,
    PostScheduler scheduler, ILiveNotifier live, Billing.PlanEntitlements plans, TimeProvider time, ActivityRecorder activity,
    Approvals.ApprovalService approvals)
{
    /// <summary>The error key of a refusal by the plan (its limit or read-only state): the form adds the upgrade button.</summary>
    public const string PlanErrorField = "plan";

    /// <summary>The composer's context; with <paramref name="freshCreatorInfo"/> creator_info is read from TikTok first (TikTok's rule when the composer renders).</summary>
    public async Task<ComposeContext> LoadContextAsync(bool freshCreatorInfo, CancellationToken ct, Guid? editingPostId = null)
    {
        if (freshCreatorInfo)
        {
            var publishing = await db.Set<TikTokAccount>().AsNoTracking()
                .Where(a => a.Status == ConnectionStatus.Connected && a.Health != AccountHealth.ReconnectNeeded)
                .ToListAsync(ct);
            foreach (var account in publishing.Where(a => a.HasScope(TikTokScopes.VideoPublish)))
            {
                await maintenance.CheckCreatorAsync(account.Id, ct);
            }
            db.ChangeTracker.Clear();
        }

        var accounts = await db.Set<TikTokAccount>().AsNoTracking().OrderBy(a => a.DisplayName).ToListAsync(ct);
        var allMedia = await db.Set<MediaFile>().AsNoTracking().ToListAsync(ct);
        var media = allMedia.Where(m => m.Status == MediaStatus.Ready).ToList();
        var used = await db.Set<Post>().AsNoTracking()
            .Where(p => RepostStatuses.Contains(p.Status) && p.Id != editingPostId)
            .Select(p => new { p.AccountId, p.VideoMediaId, p.PhotoMediaIds })
            .ToListAsync(ct);

        // One rule for re-posting: the same bytes (SHA-256) to the same account, whichever library item holds them.
        var shaOf = allMedia.Where(m => m.Sha256 is not null).ToDictionary(m => m.Id, m => m.Sha256!);
        var usedKeys = new HashSet<(Guid, string)>();
        foreach (var post in used)
        {
            IEnumerable<Guid> ids = post.VideoMediaId is { } v ? [v] : post.PhotoMediaIds.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(Guid.Parse);
            foreach (var id in ids) usedKeys.Add((post.AccountId, shaOf.GetValueOrDefault(id) ?? id.ToString()));
        }
        var alreadyPosted = new HashSet<(Guid, Guid)>();
        foreach (var file in media)
        {
            var key = file.Sha256 ?? file.Id.ToString();
            foreach (var account in accounts)
            {
                if (usedKeys.Contains((account.Id, key))) alreadyPosted.Add((account.Id, file.Id));
            }
        }

        return new ComposeContext
        {
            Accounts = accounts,
            Media = media.ToDictionary(m => m.Id),
            AppAudited = app.Audited,
            Now = time.GetUtcNow(),
            TimeZoneId = workspace.Current.TimeZoneId,
            PhotoPostingAvailable = mediaUrls.PhotoPostingAvailable,
            PhotoPostingReason = mediaUrls.PhotoPostingReason,
            CannotPostNow = accounts.Where(a => a.CreatorCannotPostReason is not null).ToDictionary(a => a.Id, a => a.CreatorCannotPostReason!),
            AlreadyPosted = alreadyPosted,
        };
    }

    /// <summary>Posts that count as "already posted" for the re-post warning: sent, on their way, or waiting to go.</summary>
    private static readonly PostStatus[] RepostStatuses =
    [
        PostStatus.Scheduled, PostStatus.Publishing, PostStatus.Published, PostStatus.SentToInbox, PostStatus.Unconfirmed,
        PostStatus.WaitingForReconnect, PostStatus.WaitingForDailyLimit, PostStatus.Paused, PostStatus.PendingApproval,
    ];

    public ComposerModel Model(ComposeInput input, ComposeContext context, bool showErrors) => new()
    {
        Input = input,
        Verdict = ComposeRules.Evaluate(input, context),
        Context = context,
        ShowErrors = showErrors,
        CanCompose = workspace.May(StudioAction.ComposePost),
        CanSchedule = workspace.May(StudioAction.SchedulePost) || SubmitsForApproval,
        CanPublishNow = workspace.May(StudioAction.PublishNow) || SubmitsForApproval,
        SubmitsForApproval = SubmitsForApproval,
    };

    /// <summary>With approvals applying to this member, Schedule and Post now become "Submit for approval".</summary>
    private bool SubmitsForApproval =>
        Approvals.ApprovalRules.NeedsApproval(workspace.Current.Approvals, workspace.Role) && workspace.May(StudioAction.SubmitForApproval);

    /// <summary>The posts of one composition with their accounts; null when there are none (or they are another workspace's).</summary>
    public async Task<Composition?> CompositionAsync(Guid compositionId, CancellationToken ct)
    {
        var posts = await db.Set<Post>().AsNoTracking().Where(p => p.CompositionId == compositionId).OrderBy(p => p.CreatedAt).ToListAsync(ct);
        if (posts.Count == 0) return null;
        var accountIds = posts.Select(p => p.AccountId).ToList();
        var accounts = await db.Set<TikTokAccount>().AsNoTracking().Where(a => accountIds.Contains(a.Id)).ToDictionaryAsync(a => a.Id, ct);
        return new Composition(compositionId, posts, accounts);
    }

    /// <summary>The form for editing an existing draft or scheduled post.</summary>
    public async Task<ComposeInput?> InputForEditAsync(Guid postId, CancellationToken ct)
    {
        var post = await db.Set<Post>().AsNoTracking().FirstOrDefaultAsync(p => p.Id == postId, ct);
        if (post is null || !post.IsEditable) return null;
        return new ComposeInput
        {
            EditPostId = post.Id,
            Kind = post.Kind,
            VideoMediaId = post.VideoMediaId,
            PhotoMediaIds = post.Photos,
            PhotoCoverIndex = post.PhotoCoverIndex,
            Title = post.Title,
            Description = post.Description ?? "",
            Targets = [new TargetChoice(post.AccountId, post.PrivacyLevel, post.AllowComment, post.AllowDuet, post.AllowStitch)],
            DisclosureEnabled = post.DisclosureEnabled,
            YourBrand = post.YourBrand,
            BrandedContent = post.BrandedContent,
            IsAiGenerated = post.IsAiGenerated,
            AutoAddMusic = post.AutoAddMusic,
            VideoCoverTimestampMs = post.VideoCoverTimestampMs,
            ScheduleLocal = post.PublishAt is { } at
                ? TimeZoneInfo.ConvertTime(at, TimeZoneInfo.FindSystemTimeZoneById(workspace.Current.TimeZoneId)).ToString("yyyy-MM-ddTHH:mm")
                : null,
        };
    }

    /// <summary>Validates and saves: nothing invalid is stored. Returns the model with errors, or the composition's id.</summary>
    public async Task<ComposeOutcome> SubmitAsync(ComposeInput input, CancellationToken ct)
    {
        var context = await LoadContextAsync(freshCreatorInfo: false, ct, input.EditPostId);
        var model = Model(input, context, showErrors: true);
        // The form hides what the role may not do; a page left open across a role change still gets a clear no.
        var editing = input.EditPostId is { } editedId
            ? await db.Set<Post>().AsNoTracking().Where(p => p.Id == editedId).Select(p => (PostStatus?)p.Status).FirstOrDefaultAsync(ct)
            : null;
        var approvalMode = await approvals.ModeAsync(ct);
        if (Refusal(input, editing, Approvals.ApprovalRules.NeedsApproval(approvalMode, workspace.Role)) is { } notAllowed)
            return Refused(model, Permissions.Refusal(notAllowed));
        if (!model.Verdict.IsValid) return new ComposeOutcome(model, null);
        var allowed = input.Action == ComposeAction.SaveDraft || model.Verdict.PublishAt is not { } publishAt
            ? await plans.MayChangeAsync(ct)
            : await plans.MayScheduleAsync(input.Targets.Select(_ => publishAt).ToList(), input.EditPostId, ct);
        if (allowed.Allowed && input.Action != ComposeAction.SaveDraft) allowed = await plans.MayPostToAsync(input.Targets.Select(t => t.AccountId), ct);
        if (!allowed.Allowed)
        {
            return new ComposeOutcome(model with { Verdict = model.Verdict with { Errors = [(PlanErrorField, allowed.Reason!)] } }, null);
        }

        var now = time.GetUtcNow();
        var posts = new List<Post>();
        PostFacts? before = null;
        Guid compositionId;
        if (input.EditPostId is { } editId)
        {
            var post = await db.Set<Post>().FirstOrDefaultAsync(p => p.Id == editId, ct);
            if (post is null || !post.IsEditable || input.Targets.Count != 1)
            {
                var refused = model with { Verdict = model.Verdict with { Errors = [("accounts", "This post has started publishing or was deleted, so it can no longer be edited.")] } };
                return new ComposeOutcome(refused, null);
            }
            before = PostFacts.Of(post);
            Apply(post, input, input.Targets[0], model.Verdict, now);
            post.Version++;
            posts.Add(post);
            compositionId = post.CompositionId;
        }
        else
        {
            compositionId = Guid.CreateVersion7();
            foreach (var target in input.Targets)
            {
                var post = new Post { WorkspaceId = workspace.Current.Id, CompositionId = compositionId, AccountId = target.AccountId, CreatedAt = now, CreatedByUserId = workspace.UserId! };
                Apply(post, input, target, model.Verdict, now);
                db.Set<Post>().Add(post);
                posts.Add(post);
            }
        }

        var submitted = posts.Where(post => approvals.Submit(post, approvalMode, postWhenApproved: input.Action == ComposeAction.PostNow)).ToList();
        foreach (var post in posts.Except(submitted))
        {
            db.Set<PostEvent>().Add(new PostEvent
            {
                PostId = post.Id, At = now,
                Kind = post.Status == PostStatus.Draft ? "draft" : "scheduled",
                Message = post.Status == PostStatus.Draft ? "Saved as a draft."
                    : input.Action == ComposeAction.PostNow ? "Queued to post now."
                    : $"Scheduled for {TimeZoneInfo.ConvertTime(post.PublishAt!.Value, TimeZoneInfo.FindSystemTimeZoneById(workspace.Current.TimeZoneId)):ddd d MMM yyyy HH:mm} ({workspace.Current.TimeZoneId}).",
            });
        }
        foreach (var post in posts) RecordActivity(post, before, input.Action, context);
        await db.SaveChangesAsync(ct);

        foreach (var post in posts)
        {
            // A pending post keeps its trigger: at the minute the engine finds it unapproved and says so.
            if (post.Status == PostStatus.Scheduled || (post.Status == PostStatus.PendingApproval && post.PublishAt is not null)) await scheduler.ScheduleAsync(post, ct);
            else await scheduler.UnscheduleAsync(post.Id, ct);
            await live.ChangedAsync(post.WorkspaceId, "post", post.Id.ToString(), ct);
        }
        await approvals.TellApproversAsync(submitted, ct);
        return new ComposeOutcome(null, compositionId);
    }

    /// <summary>
    /// What the submit asks that this member may not do, or null: changing a scheduled post needs EditPost, drafts
    /// ComposePost, a time SchedulePost, Post now PublishNow; with approvals applying to the member, both need
    /// SubmitForApproval instead (and a pending post may be edited by whoever may submit it).
    /// </summary>
    private StudioAction? Refusal(ComposeInput input, PostStatus? editing, bool needsApproval)
    {
        var mayEditPending = editing == PostStatus.PendingApproval && workspace.May(StudioAction.SubmitForApproval);
        if (editing is { } status && status != PostStatus.Draft && !mayEditPending && !workspace.May(StudioAction.EditPost)) return StudioAction.EditPost;
        var needed = input.Action switch
        {
            ComposeAction.SaveDraft => StudioAction.ComposePost,
            _ when needsApproval => StudioAction.SubmitForApproval,
            ComposeAction.PostNow => StudioAction.PublishNow,
            _ => StudioAction.SchedulePost,
        };
        if (!workspace.May(needed)) return needed;
        return workspace.May(StudioAction.ComposePost) ? null : StudioAction.ComposePost;
    }

    /// <summary>
    /// The log's entries for one saved post, in the same unit of work: created (and scheduled) for a new post; for an
    /// edit, what changed, then the change of plan (scheduled, rescheduled, unscheduled) as its own event.
    /// </summary>
    private void RecordActivity(Post post, PostFacts? before, ComposeAction action, ComposeContext context)
    {
        var account = context.Accounts.FirstOrDefault(a => a.Id == post.AccountId) is { } found ? ComposeRules.Handle(found) : null;
        var subject = PostActivity.Subject(post, account);
        var zone = workspace.Current.TimeZoneId;
        var scheduledFor = post.PublishAt is { } at ? PostActivity.When(at, zone) : "";
        void Record(string kind, string summary) => activity.Record(db, post.WorkspaceId, kind, summary, post.Id, post.AccountId);

        if (before is null)
        {
            Record(ActivityKinds.PostCreated, post.Status == PostStatus.Draft ? $"Created {subject} as a draft." : $"Created {subject}.");
            if (post.Status == PostStatus.Scheduled)
                Record(ActivityKinds.PostScheduled, action == ComposeAction.PostNow ? $"Queued {subject} to post now." : $"Scheduled {subject} for {scheduledFor}.");
            return;
        }

        var wasScheduled = before.Status == PostStatus.Scheduled;
        var isScheduled = post.Status == PostStatus.Scheduled;
        var timeChanged = before.PublishAt != post.PublishAt;
        var changes = before.ContentChanges(post).ToList();
        // Scheduling or unscheduling changes the time too; that entry says so, the edit's list does not repeat it.
        if (timeChanged && wasScheduled == isScheduled) changes.Add("time");
        if (changes.Count > 0) Record(ActivityKinds.PostUpdated, $"Edited {subject}: {PostActivity.Changed(changes).ToLowerInvariant()}.");
        if (!wasScheduled && isScheduled)
            Record(ActivityKinds.PostScheduled, action == ComposeAction.PostNow ? $"Queued {subject} to post now." : $"Scheduled {subject} for {scheduledFor}.");
        else if (wasScheduled && isScheduled && timeChanged)
            Record(ActivityKinds.PostRescheduled, $"Rescheduled {subject} from {PostActivity.When(before.PublishAt!.Value, zone)} to {scheduledFor}.");
        else if (wasScheduled && !isScheduled)
            Record(ActivityKinds.PostCancelled, $"Unscheduled {subject}: it is a draft again.");
    }

    private static ComposeOutcome Refused(ComposerModel model, string why) =>
        new(model with { Verdict = model.Verdict with { Errors = [.. model.Verdict.Errors, ("schedule", why)] } }, null);

    /// <summary>A valid composition's choices onto a post (the CSV import creates its posts with the same mapping).</summary>
    internal static void Apply(Post post, ComposeInput input, TargetChoice target, ComposeVerdict verdict, DateTimeOffset now)
    {
        post.Kind = input.Kind;
        post.VideoMediaId = input.Kind == PostKind.Video ? input.VideoMediaId : null;
        post.PhotoMediaIds = input.Kind == PostKind.Photo ? string.Join(',', input.PhotoMediaIds) : "";
        post.PhotoCoverIndex = input.Kind == PostKind.Photo ? input.PhotoCoverIndex : 0;
        post.Title = input.Title.Trim();
        post.Description = input.Kind == PostKind.Photo ? input.Description.Trim() : null;
        post.PrivacyLevel = target.Privacy;
        post.AllowComment = target.AllowComment;
        post.AllowDuet = input.Kind == PostKind.Video && target.AllowDuet;
        post.AllowStitch = input.Kind == PostKind.Video && target.AllowStitch;
        post.DisclosureEnabled = input.DisclosureEnabled;
        post.YourBrand = input.DisclosureEnabled && input.YourBrand;
        post.BrandedContent = input.DisclosureEnabled && input.BrandedContent;
        post.IsAiGenerated = input.IsAiGenerated;
        post.AutoAddMusic = input.Kind == PostKind.Photo && input.AutoAddMusic;
        post.VideoCoverTimestampMs = input.Kind == PostKind.Video ? input.VideoCoverTimestampMs : null;
        post.Status = input.Action == ComposeAction.SaveDraft ? PostStatus.Draft : PostStatus.Scheduled;
        post.PublishAt = verdict.PublishAt;
        post.UpdatedAt = now;
    }
}
