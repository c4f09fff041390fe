using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TikTokStudio.Tests.Features.Posts.Calendar;
using TikTokStudio.Tests.Features.Posts.Compose;
using TikTokStudio.Tests.Infrastructure;
using TikTokStudio.Web.Data;
using TikTokStudio.Web.Email;
using TikTokStudio.Web.Features.Activity;
using TikTokStudio.Web.Features.Approvals;
using TikTokStudio.Web.Features.Connections;
using TikTokStudio.Web.Features.Media;
using TikTokStudio.Web.Features.Posts;
using TikTokStudio.Web.Features.Posts.Calendar;
using TikTokStudio.Web.Features.Posts.Compose;
using TikTokStudio.Web.Features.Posts.Publish;
using TikTokStudio.Web.Features.Team;
using TikTokStudio.Web.Features.Workspaces;

namespace TikTokStudio.Tests.Features.Approvals;

/// <summary>
/// The approval state machine through the real handlers (composer, approval service, calendar mover, publishing engine)
/// on a real database: submit, approve, request changes, resubmit, the content hash, the engine's re-check at the slot,
/// late approval, and the queue's workspace isolation.
/// </summary>
public sealed class ApprovalFlowTests(RealServerFixture fixture) : IClassFixture<RealServerFixture>
{
    private readonly StudioAppFactory app = fixture.App;

    [Fact]
    public async Task A_Contributor_Submits_And_The_Post_Waits_With_Its_Trigger_Until_An_Editor_Approves_It()
    {
        var team = await TeamAsync(ApprovalMode.Contributors);

        var outcome = await ComposeAsync(team.Contributor, Input(team, "Launch teaser #coffee", days: 3));

        Assert.True(outcome.Invalid is null, string.Join(" ", outcome.Invalid?.Verdict.Errors.Select(e => e.Message) ?? []));
        var post = Assert.Single(await app.RowsOfAsync<Post>(team.Workspace.Id));
        Assert.Equal(PostStatus.PendingApproval, post.Status);
        Assert.Equal(team.Contributor.User.Id, post.SubmittedByUserId);
        // The trigger stays: at the minute the engine must find it and refuse it if it is still pending.
        Assert.Equal(post.PublishAt, await PostsTestData.TriggerTimeAsync(app, post.Id));
        Assert.Contains(await PostsTestData.EventsOfAsync(app, post.Id), e => e.Kind == ApprovalEvents.Submitted && e.Message.StartsWith("Submitted for approval by "));
        Assert.Contains(await ActivityOfAsync(post.Id), a => a.Kind == ActivityKinds.PostSubmitted && a.ActorId == team.Contributor.User.Id);
        Assert.Contains(await OutboxAsync(team.Editor.User.Email!), m => m.Subject == "A post waits for your approval");
        Assert.DoesNotContain(await OutboxAsync(team.Contributor.User.Email!), m => m.Subject == "A post waits for your approval");
        var queue = await As(team.Editor, s => s.GetRequiredService<ApprovalService>().QueueAsync());
        Assert.Equal(post.Id, Assert.Single(queue).Post.Id);

        var approved = await As(team.Editor, s => s.GetRequiredService<ApprovalService>().ApproveAsync(post.Id));

        Assert.True(approved.Done, approved.Message);
        var after = (await PostsTestData.FindPostAsync(app, post.Id))!;
        Assert.Equal(PostStatus.Scheduled, after.Status);
        Assert.Equal(ApprovalRules.ContentHash(after), after.ApprovalHash);
        Assert.Equal(team.Editor.User.Id, after.ApprovedByUserId);
        Assert.Equal(after.PublishAt, await PostsTestData.TriggerTimeAsync(app, post.Id));
        Assert.Contains(await ActivityOfAsync(post.Id), a => a.Kind == ActivityKinds.PostApproved && a.ActorId == team.Editor.User.Id);
        Assert.Contains(await OutboxAsync(team.Contributor.User.Email!), m => m.Subject == "Your post was approved");
        Assert.Empty(await As(team.Editor, s => s.GetRequiredService<ApprovalService>().QueueAsync()));
    }

    [Fact]
    public async Task Request_Changes_Needs_A_Comment_Then_The_Author_Edits_And_Resubmits()
    {
        var team = await TeamAsync(ApprovalMode.Contributors);
        await ComposeAsync(team.Contributor, Input(team, "First try", days: 2));
        var post = Assert.Single(await app.RowsOfAsync<Post>(team.Workspace.Id));

        var silent = await As(team.Editor, s => s.GetRequiredService<ApprovalService>().RequestChangesAsync(post.Id, "   "));
        Assert.False(silent.Done);
        Assert.Equal(ApprovalService.CommentRequired, silent.Message);
        Assert.Equal(PostStatus.PendingApproval, (await PostsTestData.FindPostAsync(app, post.Id))!.Status);

        var sentBack = await As(team.Editor, s => s.GetRequiredService<ApprovalService>().RequestChangesAsync(post.Id, "Mention the opening hours."));

        Assert.True(sentBack.Done, sentBack.Message);
        var draft = (await PostsTestData.FindPostAsync(app, post.Id))!;
        Assert.Equal(PostStatus.Draft, draft.Status);
        Assert.Equal(post.PublishAt, draft.PublishAt); // the time is kept for the resubmit
        Assert.Null(await PostsTestData.TriggerTimeAsync(app, post.Id));
        Assert.Contains(await PostsTestData.EventsOfAsync(app, post.Id), e => e.Kind == ApprovalEvents.ChangesRequested && e.Message.EndsWith("requested changes: Mention the opening hours."));
        Assert.Contains(await ActivityOfAsync(post.Id), a => a.Kind == ActivityKinds.PostChangesRequested);
        Assert.Contains(await OutboxAsync(team.Contributor.User.Email!), m => m.Subject == "Changes requested on your post" && m.HtmlBody.Contains("Mention the opening hours."));

        var resubmitted = await ComposeAsync(team.Contributor, Input(team, "Second try: open 8-18", days: 2) with { EditPostId = post.Id });

        Assert.True(resubmitted.Invalid is null, string.Join(" ", resubmitted.Invalid?.Verdict.Errors.Select(e => e.Message) ?? []));
        var again = (await PostsTestData.FindPostAsync(app, post.Id))!;
        Assert.Equal(PostStatus.PendingApproval, again.Status);
        Assert.Equal("Second try: open 8-18", again.Title);
        Assert.Contains(await PostsTestData.EventsOfAsync(app, post.Id), e => e.Kind == ApprovalEvents.Submitted && e.Message.StartsWith("Submitted again for approval"));
    }

    [Fact]
    public async Task Moving_Only_The_Time_Keeps_The_Approval_But_Editing_The_Caption_Sends_It_Back()
    {
        var team = await TeamAsync(ApprovalMode.Contributors);
        await ComposeAsync(team.Contributor, Input(team, "Approved words", days: 3));
        var post = Assert.Single(await app.RowsOfAsync<Post>(team.Workspace.Id));
        await As(team.Editor, s => s.GetRequiredService<ApprovalService>().ApproveAsync(post.Id));

        var newSlot = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow.AddDays(5), TimeZoneInfo.FindSystemTimeZoneById(team.Workspace.TimeZoneId));
        var moved = await As(team.Editor, s => s.GetRequiredService<PostMover>().MoveAsync(post.Id, newSlot.ToString("yyyy-MM-ddTHH:mm"), null, false, CancellationToken.None));

        Assert.Equal(MoveOutcome.Moved, moved.Outcome);
        Assert.StartsWith("Rescheduled to ", moved.Message);
        Assert.EndsWith("Its approval is kept: only the time changed.", moved.Message);
        var afterMove = (await PostsTestData.FindPostAsync(app, post.Id))!;
        Assert.Equal(PostStatus.Scheduled, afterMove.Status);
        Assert.True(ApprovalRules.ApprovalCovers(afterMove));

        // The Editor changes the caption of the approved post in the composer.
        var edited = await ComposeAsync(team.Editor, Input(team, "Different words", days: 5) with { EditPostId = post.Id });

        Assert.True(edited.Invalid is null, string.Join(" ", edited.Invalid?.Verdict.Errors.Select(e => e.Message) ?? []));
        var afterEdit = (await PostsTestData.FindPostAsync(app, post.Id))!;
        Assert.Equal(PostStatus.PendingApproval, afterEdit.Status);
        Assert.Null(afterEdit.ApprovalHash);
        Assert.Contains(await PostsTestData.EventsOfAsync(app, post.Id), e => e.Kind == ApprovalEvents.Submitted && e.Message.StartsWith("Edited after approval by "));
        Assert.Contains(await OutboxAsync(team.Owner.User.Email!), m => m.Subject == "A post waits for your approval");
    }

    [Fact]
    public async Task Changing_Privacy_Or_Interactions_Changes_The_Hash_And_Time_Does_Not()
    {
        var post = new Post { CreatedByUserId = "u", AccountId = Guid.NewGuid(), Title = "Same", PrivacyLevel = "SELF_ONLY", PublishAt = DateTimeOffset.UtcNow };
        var hash = ApprovalRules.ContentHash(post);

        post.PublishAt = DateTimeOffset.UtcNow.AddDays(9);
        Assert.Equal(hash, ApprovalRules.ContentHash(post));
        post.PrivacyLevel = "PUBLIC_TO_EVERYONE";
        Assert.NotEqual(hash, ApprovalRules.ContentHash(post));
        post.PrivacyLevel = "SELF_ONLY";
        post.AllowComment = true;
        Assert.NotEqual(hash, ApprovalRules.ContentHash(post));
        post.AllowComment = false;
        post.BrandedContent = true;
        Assert.NotEqual(hash, ApprovalRules.ContentHash(post));
        post.BrandedContent = false;
        Assert.Equal(hash, ApprovalRules.ContentHash(post));
        await Task.CompletedTask;
    }

    [Fact]
    public async Task The_Engine_Does_Not_Publish_A_Pending_Post_At_Its_Slot_And_A_Late_Approval_Picks_A_New_Time()
    {
        var team = await TeamAsync(ApprovalMode.Contributors);
        var pending = await PendingAsync(team, DateTimeOffset.UtcNow.AddSeconds(-20));

        var run = await RunEngineAsync(pending.Id);

        Assert.Equal(PublishRunResult.Done, run);
        var missed = (await PostsTestData.FindPostAsync(app, pending.Id))!;
        Assert.Equal(PostStatus.NotApprovedInTime, missed.Status);
        Assert.Null(missed.PublishId);
        Assert.Null(missed.InitRequestedAt);
        Assert.StartsWith("Not published: nobody approved it before its slot", missed.FailMessage);
        Assert.Contains(await PostsTestData.EventsOfAsync(app, pending.Id), e => e.Kind == ApprovalEvents.NotApprovedInTime);
        Assert.Contains(await ActivityOfAsync(pending.Id), a => a.Kind == ActivityKinds.PostNotApprovedInTime && a.ActorKind == ActorKind.System);
        Assert.Contains(await OutboxAsync(team.Contributor.User.Email!), m => m.Subject == "A post was not approved in time");
        Assert.Contains(await OutboxAsync(team.Editor.User.Email!), m => m.Subject == "A post was not approved in time");
        // Running again (a duplicate fire) changes nothing.
        Assert.Equal(PublishRunResult.Done, await RunEngineAsync(pending.Id));
        Assert.Equal(missed.Version, (await PostsTestData.FindPostAsync(app, pending.Id))!.Version);

        var late = await As(team.Editor, s => s.GetRequiredService<ApprovalService>().ApproveAsync(pending.Id));
        Assert.True(late.Done, late.Message);
        var approvedLate = (await PostsTestData.FindPostAsync(app, pending.Id))!;
        Assert.Equal(PostStatus.NotApprovedInTime, approvedLate.Status);
        Assert.True(ApprovalService.IsLateApproved(approvedLate));

        var past = await As(team.Editor, s => s.GetRequiredService<ApprovalService>().RescheduleAsync(pending.Id, "2020-01-01T10:00"));
        Assert.False(past.Done);
        var slot = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow.AddDays(1), TimeZoneInfo.FindSystemTimeZoneById(team.Workspace.TimeZoneId));
        var rescheduled = await As(team.Editor, s => s.GetRequiredService<ApprovalService>().RescheduleAsync(pending.Id, slot.ToString("yyyy-MM-ddTHH:mm")));

        Assert.True(rescheduled.Done, rescheduled.Message);
        var after = (await PostsTestData.FindPostAsync(app, pending.Id))!;
        Assert.Equal(PostStatus.Scheduled, after.Status);
        Assert.Equal(after.PublishAt, await PostsTestData.TriggerTimeAsync(app, pending.Id));
    }

    [Fact]
    public async Task A_Late_Approval_Can_Publish_Now_And_A_Contributor_Cannot()
    {
        var team = await TeamAsync(ApprovalMode.Contributors);
        var pending = await PendingAsync(team, DateTimeOffset.UtcNow.AddSeconds(-5));
        await RunEngineAsync(pending.Id);

        var early = await As(team.Editor, s => s.GetRequiredService<ApprovalService>().PublishNowAsync(pending.Id));
        Assert.False(early.Done); // not approved yet
        await As(team.Editor, s => s.GetRequiredService<ApprovalService>().ApproveAsync(pending.Id));
        var contributor = await As(team.Contributor, s => s.GetRequiredService<ApprovalService>().PublishNowAsync(pending.Id));
        Assert.Equal(Permissions.Refusal(StudioAction.PublishNow), contributor.Message);

        var now = await As(team.Editor, s => s.GetRequiredService<ApprovalService>().PublishNowAsync(pending.Id));

        Assert.True(now.Done, now.Message);
        // The engine takes it from here (it may already be on its way): it is no longer waiting for anyone.
        var after = (await PostsTestData.FindPostAsync(app, pending.Id))!;
        Assert.NotEqual(PostStatus.NotApprovedInTime, after.Status);
        Assert.True(after.PublishAt <= DateTimeOffset.UtcNow);
    }

    [Fact]
    public async Task Approvers_Schedule_Directly_For_Contributors_Mode_And_Never_Approve_Their_Own_Post()
    {
        var team = await TeamAsync(ApprovalMode.Contributors);
        await ComposeAsync(team.Editor, Input(team, "Editor's own", days: 2));
        Assert.Equal(PostStatus.Scheduled, Assert.Single(await app.RowsOfAsync<Post>(team.Workspace.Id)).Status);

        await As(team.Owner, s => s.GetRequiredService<ApprovalService>().UpdateModeAsync(ApprovalMode.Everyone));
        // The same video to the same account again: the composer asks to confirm the repost.
        var second = await ComposeAsync(team.Editor, Input(team, "Needs a second pair of eyes", days: 2) with { ConfirmRepost = true });
        Assert.True(second.Invalid is null, string.Join(" ", second.Invalid?.Verdict.Errors.Select(e => e.Message) ?? []));
        var pending = (await app.RowsOfAsync<Post>(team.Workspace.Id)).Single(p => p.Status == PostStatus.PendingApproval);

        var own = await As(team.Editor, s => s.GetRequiredService<ApprovalService>().ApproveAsync(pending.Id));
        Assert.Equal(ApprovalService.OwnPost, own.Message);
        Assert.Equal(PostStatus.PendingApproval, (await PostsTestData.FindPostAsync(app, pending.Id))!.Status);
        var byOwner = await As(team.Owner, s => s.GetRequiredService<ApprovalService>().ApproveAsync(pending.Id));
        Assert.True(byOwner.Done, byOwner.Message);
    }

    [Fact]
    public async Task A_Contributor_Without_Approvals_Still_Only_Saves_Drafts()
    {
        var team = await TeamAsync(ApprovalMode.Off);
        var refused = await ComposeAsync(team.Contributor, Input(team, "Try to schedule", days: 2));
        Assert.Contains(Permissions.Refusal(StudioAction.SchedulePost), refused.Invalid!.Verdict.ErrorsFor("schedule"));
        Assert.Empty(await app.RowsOfAsync<Post>(team.Workspace.Id));
    }

    [Fact]
    public async Task Only_Admins_And_The_Owner_Change_The_Setting_And_The_Change_Is_Recorded()
    {
        var team = await TeamAsync(ApprovalMode.Off);
        var byEditor = await As(team.Editor, s => s.GetRequiredService<ApprovalService>().UpdateModeAsync(ApprovalMode.Everyone));
        Assert.Equal(Permissions.Refusal(StudioAction.ManageSettings), byEditor.Message);
        Assert.Equal(ApprovalMode.Off, await ModeAsync(team.Workspace.Id));

        var byOwner = await As(team.Owner, s => s.GetRequiredService<ApprovalService>().UpdateModeAsync(ApprovalMode.Everyone));
        Assert.True(byOwner.Done, byOwner.Message);
        Assert.Equal(ApprovalMode.Everyone, await ModeAsync(team.Workspace.Id));
        using var scope = app.Services.CreateScope();
        var entries = await scope.ServiceProvider.GetRequiredService<StudioDbContext>().Set<ActivityEntry>().IgnoreQueryFilters().AsNoTracking()
            .Where(a => a.WorkspaceId == team.Workspace.Id && a.Kind == ActivityKinds.SettingsChanged).ToListAsync();
        Assert.Contains(entries, e => e.Summary.Contains("Required for everyone") && e.ActorId == team.Owner.User.Id);
    }

    [Fact]
    public async Task The_Queue_And_Decisions_Stay_Inside_Their_Workspace()
    {
        var ours = await TeamAsync(ApprovalMode.Contributors);
        var theirs = await TeamAsync(ApprovalMode.Contributors);
        var ourPost = await PendingAsync(ours, DateTimeOffset.UtcNow.AddDays(1));
        var theirPost = await PendingAsync(theirs, DateTimeOffset.UtcNow.AddDays(1));

        var queue = await As(ours.Editor, s => s.GetRequiredService<ApprovalService>().QueueAsync());
        Assert.Equal([ourPost.Id], queue.Select(r => r.Post.Id));

        var approve = await As(ours.Editor, s => s.GetRequiredService<ApprovalService>().ApproveAsync(theirPost.Id));
        var sendBack = await As(ours.Editor, s => s.GetRequiredService<ApprovalService>().RequestChangesAsync(theirPost.Id, "Not yours to judge"));
        Assert.Equal(ApprovalService.NotFound, approve.Message);
        Assert.Equal(ApprovalService.NotFound, sendBack.Message);
        var untouched = (await PostsTestData.FindPostAsync(app, theirPost.Id))!;
        Assert.Equal(PostStatus.PendingApproval, untouched.Status);
        Assert.Equal(theirPost.Version, untouched.Version);
    }

    [Fact]
    public async Task An_Approver_Limited_To_Other_Accounts_Is_Not_Shown_Told_Or_Allowed_To_Decide_On_A_Post()
    {
        var team = await TeamAsync(ApprovalMode.Contributors);
        var other = await PostsTestData.AddAccountAsync(app, team.Workspace.Id, "o" + Guid.NewGuid().ToString("N")[..8],
            a => { a.MaxVideoPostDurationSec = 600; a.CreatorInfoCheckedAt = DateTimeOffset.UtcNow; });
        var limited = await PostsTestData.MemberOfAsync(app, team.Workspace, WorkspaceRole.Editor);
        await Billing.BillingTestData.PutOnPlanAsync(app, team.Workspace.Id, "agency"); // per-account access is an Agency feature
        var access = await As(team.Owner, s => s.GetRequiredService<TeamService>().SetAccountAccessAsync(limited.User.Id, [other.Id]));
        Assert.True(access.Done, access.Message);

        // The Contributor submits a post of team.Account, which the limited Editor was not given.
        var outcome = await ComposeAsync(team.Contributor, Input(team, "Only for the main account", days: 3));
        Assert.True(outcome.Invalid is null, string.Join(" ", outcome.Invalid?.Verdict.Errors.Select(e => e.Message) ?? []));
        var post = Assert.Single(await app.RowsOfAsync<Post>(team.Workspace.Id));
        Assert.Equal(PostStatus.PendingApproval, post.Status);

        // The control: the unlimited Editor is emailed, sees it queued and in the bell.
        Assert.Contains(await OutboxAsync(team.Editor.User.Email!), m => m.Subject == "A post waits for your approval");
        Assert.Equal([post.Id], (await As(team.Editor, s => s.GetRequiredService<ApprovalService>().QueueAsync())).Select(r => r.Post.Id));
        Assert.Contains(await As(team.Editor, s => s.GetRequiredService<NotificationsFeed>().LatestAsync()), e => e.PostId == post.Id);

        Assert.Empty(await OutboxAsync(limited.User.Email!));
        Assert.Empty(await As(limited, s => s.GetRequiredService<ApprovalService>().QueueAsync()));
        Assert.Equal(0, await As(limited, s => s.GetRequiredService<ApprovalService>().PendingCountAsync()));
        Assert.DoesNotContain(await As(limited, s => s.GetRequiredService<NotificationsFeed>().LatestAsync()), e => e.PostId == post.Id);
        var approve = await As(limited, s => s.GetRequiredService<ApprovalService>().ApproveAsync(post.Id));
        var sendBack = await As(limited, s => s.GetRequiredService<ApprovalService>().RequestChangesAsync(post.Id, "Not my account"));
        Assert.Equal(ApprovalService.NotFound, approve.Message);
        Assert.Equal(ApprovalService.NotFound, sendBack.Message);
        var untouched = (await PostsTestData.FindPostAsync(app, post.Id))!;
        Assert.Equal(PostStatus.PendingApproval, untouched.Status);
        Assert.Equal(post.Version, untouched.Version);

        // Not approved in time: the engine tells the approvers of that account only.
        var missed = await PendingAsync(team, DateTimeOffset.UtcNow.AddMinutes(-1));
        await RunEngineAsync(missed.Id);
        Assert.Equal(PostStatus.NotApprovedInTime, (await PostsTestData.FindPostAsync(app, missed.Id))!.Status);
        Assert.Contains(await OutboxAsync(team.Editor.User.Email!), m => m.Subject == "A post was not approved in time");
        Assert.Empty(await OutboxAsync(limited.User.Email!));
    }

    [Fact]
    public async Task Moving_A_Pending_Post_Says_It_Still_Waits_And_A_Missed_One_Points_To_Publish_Now_Or_A_New_Time()
    {
        var team = await TeamAsync(ApprovalMode.Contributors);
        var pending = await PendingAsync(team, DateTimeOffset.UtcNow.AddDays(1));
        var newSlot = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow.AddDays(4), TimeZoneInfo.FindSystemTimeZoneById(team.Workspace.TimeZoneId));

        var moved = await As(team.Editor, s => s.GetRequiredService<PostMover>().MoveAsync(pending.Id, newSlot.ToString("yyyy-MM-ddTHH:mm"), null, false, CancellationToken.None));

        Assert.Equal(MoveOutcome.Moved, moved.Outcome);
        Assert.StartsWith("Moved to ", moved.Message);
        Assert.DoesNotContain("Rescheduled", moved.Message); // it is not scheduled: it still waits for an approver
        Assert.Contains("Still waiting for approval: the approval request is kept.", moved.Message);
        Assert.Contains("offers Publish now or a new time", moved.Message);
        Assert.Equal(PostStatus.PendingApproval, (await PostsTestData.FindPostAsync(app, pending.Id))!.Status);
        Assert.Contains(await PostsTestData.EventsOfAsync(app, pending.Id), e => e.Message.StartsWith("Moved from ") && e.Message.Contains("Still waiting for approval"));

        var missed = await PendingAsync(team, DateTimeOffset.UtcNow.AddHours(-1));
        await RunEngineAsync(missed.Id);
        Assert.Equal(PostStatus.NotApprovedInTime, (await PostsTestData.FindPostAsync(app, missed.Id))!.Status);

        var refused = await As(team.Editor, s => s.GetRequiredService<PostMover>().MoveAsync(missed.Id, newSlot.ToString("yyyy-MM-ddTHH:mm"), null, false, CancellationToken.None));

        Assert.Equal(MoveOutcome.Conflict, refused.Outcome);
        Assert.Equal(PostMover.NotApprovedInTimeMessage, refused.Message);
        Assert.Contains("publish it now or pick a new time", refused.Message);
    }

    // ---------------------------------------------------------------- helpers

    private sealed record Team(Workspace Workspace, Member Owner, Member Editor, Member Contributor, TikTokAccount Account, MediaFile Video);

    private async Task<Team> TeamAsync(ApprovalMode mode)
    {
        var owner = await PostsTestData.SignedInAsync(app, workspaceName: "Approvals " + Guid.NewGuid().ToString("N")[..6]);
        var editor = await PostsTestData.MemberOfAsync(app, owner.Workspace, WorkspaceRole.Editor);
        var contributor = await PostsTestData.MemberOfAsync(app, owner.Workspace, WorkspaceRole.Contributor);
        var account = await PostsTestData.AddAccountAsync(app, owner.Workspace.Id, "c" + Guid.NewGuid().ToString("N")[..8],
            a => { a.MaxVideoPostDurationSec = 600; a.CreatorInfoCheckedAt = DateTimeOffset.UtcNow; });
        MediaFile video;
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<StudioDbContext>();
            video = ComposerBuilder.Video();
            video.WorkspaceId = owner.Workspace.Id;
            db.Set<MediaFile>().Add(video);
            await db.SaveChangesAsync();
        }
        if (mode != ApprovalMode.Off)
        {
            var set = await As(owner, s => s.GetRequiredService<ApprovalService>().UpdateModeAsync(mode));
            Assert.True(set.Done, set.Message);
        }
        return new Team(owner.Workspace, owner, editor, contributor, account, video);
    }

    private static ComposeInput Input(Team team, string caption, int days) => new()
    {
        Kind = PostKind.Video, VideoMediaId = team.Video.Id, Title = caption,
        Targets = [new(team.Account.Id, "SELF_ONLY", false, false, false)], Action = ComposeAction.Schedule,
        ScheduleLocal = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow.AddDays(days), TimeZoneInfo.FindSystemTimeZoneById(team.Workspace.TimeZoneId)).ToString("yyyy-MM-ddTHH:mm"),
    };

    private Task<ComposeOutcome> ComposeAsync(Member member, ComposeInput input) =>
        As(member, s => s.GetRequiredService<ComposeService>().SubmitAsync(input, CancellationToken.None));

    private async Task<Post> PendingAsync(Team team, DateTimeOffset slot) =>
        await PostsTestData.AddPostAsync(app, team.Owner, team.Account, PostStatus.PendingApproval, slot, "Waiting", p =>
        {
            p.VideoMediaId = team.Video.Id;
            p.CreatedByUserId = team.Contributor.User.Id;
            p.SubmittedByUserId = team.Contributor.User.Id;
            p.SubmittedAt = DateTimeOffset.UtcNow.AddHours(-1);
        });

    private async Task<PublishRunResult> RunEngineAsync(Guid postId)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<PublishPost>().RunAsync(postId, CancellationToken.None);
    }

    private Task<T> As<T>(Member member, Func<IServiceProvider, Task<T>> action) => app.Services.AsUserAsync(member.User.Id, action);

    private async Task<List<ActivityEntry>> ActivityOfAsync(Guid postId)
    {
        using var scope = app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<StudioDbContext>().Set<ActivityEntry>().IgnoreQueryFilters().AsNoTracking()
            .Where(a => a.PostId == postId).ToListAsync();
    }

    private async Task<List<OutboxEmail>> OutboxAsync(string to)
    {
        using var scope = app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<StudioDbContext>().OutboxEmails.AsNoTracking().Where(m => m.To == to).ToListAsync();
    }

    private async Task<ApprovalMode> ModeAsync(Guid workspaceId)
    {
        using var scope = app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<StudioDbContext>().Workspaces.AsNoTracking().Where(w => w.Id == workspaceId).Select(w => w.Approvals).SingleAsync();
    }
}
