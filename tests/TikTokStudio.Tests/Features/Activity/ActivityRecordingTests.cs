using Microsoft.Extensions.DependencyInjection;
using TikTokStudio.Tests.Features.Connections;
using TikTokStudio.Tests.Features.Posts.Compose;
using TikTokStudio.Tests.Infrastructure;
using TikTokStudio.Web.Data;
using TikTokStudio.Web.Features.Activity;
using TikTokStudio.Web.Features.Connections;
using TikTokStudio.Web.Features.Media;
using TikTokStudio.Web.Features.Posts;
using TikTokStudio.Web.Features.Posts.Calendar;
using TikTokStudio.Web.Features.Posts.Compose;
using TikTokStudio.Web.Features.Posts.List;
using TikTokStudio.Web.Features.Posts.Publish;
using TikTokStudio.Web.Features.Team;
using TikTokStudio.Web.Features.Workspaces;

namespace TikTokStudio.Tests.Features.Activity;

/// <summary>
/// Each user action writes its entry through the real handler, in the same save as the change: who (the member's
/// email), from where (the circuit's address), what (the summary says what changed) and about what (post, account,
/// member). A refused action writes nothing.
/// </summary>
public sealed class ActivityRecordingTests(RealServerFixture server) : IClassFixture<RealServerFixture>
{
    private readonly StudioAppFactory app = server.App;

    [Fact]
    public async Task Composing_A_Scheduled_Post_Records_Created_And_Scheduled_By_The_Member_From_Their_Address()
    {
        var (owner, workspace, account) = await OwnerWithAccountAsync();
        var video = await AddVideoAsync(workspace.Id);

        var outcome = await Submit(owner.Id, Schedule(video, account, "Launch day", DateTime.UtcNow.AddDays(2).Date.AddHours(9)));

        Assert.Null(outcome.Invalid);
        var post = Assert.Single(await app.RowsOfAsync<Post>(workspace.Id));
        var entries = (await app.EntriesAsync(workspace.Id)).Where(e => e.PostId == post.Id).ToList();
        Assert.Equal([ActivityKinds.PostCreated, ActivityKinds.PostScheduled], entries.Select(e => e.Kind));
        Assert.All(entries, e =>
        {
            Assert.Equal(ActorKind.User, e.ActorKind);
            Assert.Equal(owner.Id, e.ActorId);
            Assert.Equal(owner.Email, e.ActorName);
            Assert.Equal(ActivityTestKit.Address, e.Ip);
            Assert.Equal(account.Id, e.AccountId);
        });
        Assert.Equal($"Created “Launch day” for @{account.Username}.", entries[0].Summary);
        Assert.StartsWith($"Scheduled “Launch day” for @{account.Username} for ", entries[1].Summary);
        Assert.EndsWith("09:00 (Europe/Berlin).", entries[1].Summary);
    }

    [Fact]
    public async Task Editing_A_Scheduled_Post_Says_What_Changed_And_Records_The_New_Time_As_A_Reschedule()
    {
        var (owner, workspace, account) = await OwnerWithAccountAsync();
        var video = await AddVideoAsync(workspace.Id);
        var first = DateTime.UtcNow.AddDays(2).Date.AddHours(9);
        await Submit(owner.Id, Schedule(video, account, "Before", first));
        var post = Assert.Single(await app.RowsOfAsync<Post>(workspace.Id));

        var edit = Schedule(video, account, "After", first.AddHours(3), privacy: "SELF_ONLY") with { EditPostId = post.Id };
        var outcome = await Submit(owner.Id, edit);

        Assert.Null(outcome.Invalid);
        var entries = (await app.EntriesAsync(workspace.Id)).Skip(3).ToList();
        Assert.Equal([ActivityKinds.PostUpdated, ActivityKinds.PostRescheduled], entries.Select(e => e.Kind));
        Assert.Equal($"Edited “After” for @{account.Username}: caption, privacy and time changed.", entries[0].Summary);
        Assert.Contains("from ", entries[1].Summary);
        Assert.EndsWith("12:00 (Europe/Berlin).", entries[1].Summary);
        Assert.All(entries, e => Assert.Equal(post.Id, e.PostId));
    }

    [Fact]
    public async Task Saving_A_Scheduled_Post_As_A_Draft_Records_It_As_Unscheduled_And_Scheduling_A_Draft_As_Scheduled()
    {
        var (owner, workspace, account) = await OwnerWithAccountAsync();
        var video = await AddVideoAsync(workspace.Id);
        var at = DateTime.UtcNow.AddDays(3).Date.AddHours(10);
        await Submit(owner.Id, Schedule(video, account, "Plan", at));
        var post = Assert.Single(await app.RowsOfAsync<Post>(workspace.Id));

        await Submit(owner.Id, Schedule(video, account, "Plan", at) with { EditPostId = post.Id, Action = ComposeAction.SaveDraft });
        await Submit(owner.Id, Schedule(video, account, "Plan", at) with { EditPostId = post.Id });

        var kinds = (await app.EntriesAsync(workspace.Id)).Skip(3).Select(e => e.Kind).ToList();
        Assert.Equal([ActivityKinds.PostCancelled, ActivityKinds.PostScheduled], kinds);
    }

    [Fact]
    public async Task Deleting_Duplicating_Moving_And_Unscheduling_Each_Record_Their_Entry()
    {
        var (owner, workspace, account) = await OwnerWithAccountAsync();
        var video = await AddVideoAsync(workspace.Id);
        var at = DateTime.UtcNow.AddDays(4).Date.AddHours(8);
        await Submit(owner.Id, Schedule(video, account, "Moving target", at));
        var post = Assert.Single(await app.RowsOfAsync<Post>(workspace.Id));
        var before = (await app.EntriesAsync(workspace.Id)).Count;

        var moved = await app.ActAsync(owner.Id, s => s.GetRequiredService<PostMover>()
            .MoveAsync(post.Id, at.AddDays(1).AddHours(2).ToString("yyyy-MM-ddTHH:mm"), null, true, CancellationToken.None));
        var unscheduled = await app.ActAsync(owner.Id, s => s.GetRequiredService<PostDetails>().UnscheduleAsync(post.Id));
        var (copy, _) = await app.ActAsync(owner.Id, s => s.GetRequiredService<PostsActions>().DuplicateAsync(post.Id));
        var deleted = await app.ActAsync(owner.Id, s => s.GetRequiredService<PostsActions>().DeleteAsync([post.Id]));

        Assert.Equal(MoveOutcome.Moved, moved.Outcome);
        Assert.True(unscheduled.Done, unscheduled.Message);
        Assert.NotNull(copy);
        Assert.False(deleted.IsError, deleted.Message);
        var entries = (await app.EntriesAsync(workspace.Id)).Skip(before).ToList();
        Assert.Equal([ActivityKinds.PostRescheduled, ActivityKinds.PostCancelled, ActivityKinds.PostCreated, ActivityKinds.PostDeleted],
            entries.Select(e => e.Kind));
        Assert.Contains("in the calendar", entries[0].Summary);
        Assert.Equal($"Unscheduled “Moving target” for @{account.Username}: it is a draft again.", entries[1].Summary);
        Assert.Equal(copy!.Id, entries[2].PostId);
        Assert.Equal(post.Id.ToString(), entries[2].SubjectId);
        Assert.Equal($"Deleted “Moving target” for @{account.Username} (draft).", entries[3].Summary);
        Assert.Equal(post.Id, entries[3].PostId);
        Assert.All(entries, e => Assert.Equal(ActivityTestKit.Address, e.Ip));
    }

    [Fact]
    public async Task A_Refused_Action_Records_Nothing()
    {
        var (owner, workspace, account) = await OwnerWithAccountAsync();
        var video = await AddVideoAsync(workspace.Id);
        await Submit(owner.Id, Schedule(video, account, "Keep", DateTime.UtcNow.AddDays(2).Date.AddHours(9)));
        var post = Assert.Single(await app.RowsOfAsync<Post>(workspace.Id));
        var (viewer, _) = await app.CreateUserAsync(workspaceName: "Viewer's own");
        await ConnectionsTestData.AddMemberAsync(app, viewer.Id, workspace.Id, WorkspaceRole.Viewer);
        var before = await app.EntriesAsync(workspace.Id);

        var deleted = await app.ActAsync(viewer.Id, s => s.GetRequiredService<PostsActions>().DeleteAsync([post.Id]));
        var moved = await app.ActAsync(viewer.Id, s => s.GetRequiredService<PostMover>().MoveAsync(post.Id, "2030-01-01T10:00", null, true, CancellationToken.None));
        var invited = await app.ActAsync(viewer.Id, s => s.GetRequiredService<TeamService>().InviteAsync("x@example.com", WorkspaceRole.Viewer, t => t));

        Assert.True(deleted.IsError);
        Assert.Equal(MoveOutcome.Forbidden, moved.Outcome);
        Assert.False(invited.Done);
        Assert.Equal(before.Count, (await app.EntriesAsync(workspace.Id)).Count);
    }

    [Fact]
    public async Task Connecting_Reconnecting_Switching_Mode_And_Disconnecting_An_Account_Are_Recorded()
    {
        var (owner, workspace) = await app.CreateUserAsync(workspaceName: "Accounts Co");
        var client = await app.SignInAsync(owner.Email!);
        await EmulatedTikTok.ConnectAsync(client, "public_creator");
        var account = Assert.Single(await app.RowsOfAsync<TikTokAccount>(workspace.Id));

        await app.ActAsync(owner.Id, s => s.GetRequiredService<AccountConnections>().SwitchModeAsync(account.Id, preferDrafts: true));
        var disconnected = await app.ActAsync(owner.Id, s => s.GetRequiredService<AccountConnections>().DisconnectAsync(account.Id));
        await EmulatedTikTok.ConnectAsync(client, "public_creator");

        Assert.True(disconnected.Succeeded);
        var entries = await app.EntriesAsync(workspace.Id);
        Assert.Equal([ActivityKinds.AccountConnected, ActivityKinds.SettingsChanged, ActivityKinds.AccountDisconnected, ActivityKinds.AccountReconnected],
            entries.Select(e => e.Kind));
        Assert.All(entries, e => Assert.Equal(account.Id, e.AccountId));
        Assert.All(entries, e => Assert.Equal(owner.Email, e.ActorName));
        Assert.Equal($"Connected @{account.Username}.", entries[0].Summary);
        // The connect callback is a browser request: its address is the request's own.
        Assert.Equal("127.0.0.1", entries[0].Ip);
        Assert.Contains("drafts", entries[1].Summary);
        Assert.Equal(ActivityTestKit.Address, entries[2].Ip);
        Assert.Equal($"Reconnected @{account.Username}.", entries[3].Summary);
    }

    [Fact]
    public async Task Inviting_Joining_Changing_Roles_Transferring_Ownership_And_Removing_Members_Are_Recorded()
    {
        var (owner, workspace) = await app.CreateUserAsync(workspaceName: "Team Log Co");
        var (joiner, _) = await app.CreateUserAsync(workspaceName: "Joiner's own");
        var (other, _) = await app.CreateUserAsync(workspaceName: "Other's own");
        await ConnectionsTestData.AddMemberAsync(app, other.Id, workspace.Id, WorkspaceRole.Editor);
        var team = (IServiceProvider s) => s.GetRequiredService<TeamService>();

        string token = "";
        await app.ActAsync(owner.Id, s => team(s).InviteAsync(joiner.Email, WorkspaceRole.Contributor, t => token = t));
        await app.ActAsync(owner.Id, s => team(s).InviteAsync("later@example.com", WorkspaceRole.Viewer, t => t));
        var pending = await app.ActAsync(owner.Id, s => team(s).PendingAsync());
        await app.ActAsync(owner.Id, s => team(s).RevokeAsync(pending.Single(p => p.Email == "later@example.com").Id));
        var accepted = await app.ActAsync(joiner.Id, s => s.GetRequiredService<InvitationAcceptance>().AcceptAsync(token, joiner.Id), ip: "198.51.100.20");
        await app.ActAsync(owner.Id, s => team(s).ChangeRoleAsync(joiner.Id, WorkspaceRole.Editor));
        await app.ActAsync(owner.Id, s => team(s).RemoveAsync(other.Id));
        await app.ActAsync(owner.Id, s => team(s).TransferOwnershipAsync(joiner.Id));

        Assert.Equal(AcceptOutcome.Joined, accepted.Outcome);
        var entries = await app.EntriesAsync(workspace.Id);
        Assert.Equal([ActivityKinds.MemberInvited, ActivityKinds.MemberInvited, ActivityKinds.MemberInvitationRevoked, ActivityKinds.MemberJoined,
            ActivityKinds.MemberRoleChanged, ActivityKinds.MemberRemoved, ActivityKinds.OwnershipTransferred], entries.Select(e => e.Kind));
        Assert.Equal($"Invited {joiner.Email} as Contributor.", entries[0].Summary);
        Assert.Equal("Revoked the invitation for later@example.com (Viewer).", entries[2].Summary);
        var joined = entries[3];
        Assert.Equal((joiner.Id, joiner.Email, "198.51.100.20"), (joined.ActorId, joined.ActorName, joined.Ip));
        Assert.Equal($"{joiner.Email} joined as Contributor (invited by email).", joined.Summary);
        Assert.Equal($"Changed the role of {joiner.Email} from Contributor to Editor.", entries[4].Summary);
        Assert.Equal(joiner.Id, entries[4].SubjectId);
        Assert.Equal($"Removed {other.Email} (was Editor).", entries[5].Summary);
        Assert.Equal(other.Id, entries[5].SubjectId);
        Assert.StartsWith($"Transferred ownership to {joiner.Email}", entries[6].Summary);
        Assert.All(entries.Where(e => e != joined), e => Assert.Equal(owner.Id, e.ActorId));
    }

    [Fact]
    public async Task Changing_Settings_Records_What_Changed_And_Saving_Them_Unchanged_Records_Nothing()
    {
        var (owner, workspace) = await app.CreateUserAsync(workspaceName: "Old Name", timeZoneId: "Europe/Berlin");
        var settings = (IServiceProvider s) => s.GetRequiredService<WorkspaceService>();

        await app.ActAsync(owner.Id, s => settings(s).UpdateSettingsAsync("New Name", "Europe/Paris"));
        await app.ActAsync(owner.Id, s => settings(s).UpdateSettingsAsync("New Name", "Europe/Paris"));
        await app.ActAsync(owner.Id, s => settings(s).UpdateSettingsAsync("", "Europe/Paris"));

        var entry = Assert.Single(await app.EntriesAsync(workspace.Id));
        Assert.Equal(ActivityKinds.SettingsChanged, entry.Kind);
        Assert.Equal("Changed the workspace's name from “Old Name” to “New Name” and time zone from Europe/Berlin to Europe/Paris.", entry.Summary);
    }

    private async Task<(ApplicationUser Owner, Workspace Workspace, TikTokAccount Account)> OwnerWithAccountAsync()
    {
        var (owner, workspace) = await app.CreateUserAsync(workspaceName: "Log Co");
        var client = await app.SignInAsync(owner.Email!);
        await EmulatedTikTok.ConnectAsync(client, "public_creator");
        return (owner, workspace, Assert.Single(await app.RowsOfAsync<TikTokAccount>(workspace.Id)));
    }

    private static ComposeInput Schedule(MediaFile video, TikTokAccount account, string title, DateTime local, string privacy = "PUBLIC_TO_EVERYONE") => new()
    {
        Kind = PostKind.Video, VideoMediaId = video.Id, Title = title,
        Targets = [new(account.Id, privacy, true, false, false)],
        ScheduleLocal = local.ToString("yyyy-MM-ddTHH:mm"), Action = ComposeAction.Schedule,
    };

    private Task<ComposeOutcome> Submit(string userId, ComposeInput input) =>
        app.ActAsync(userId, s => s.GetRequiredService<ComposeService>().SubmitAsync(input, CancellationToken.None));

    private async Task<MediaFile> AddVideoAsync(Guid workspaceId)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<StudioDbContext>();
        var video = ComposerBuilder.Video();
        video.WorkspaceId = workspaceId;
        db.Set<MediaFile>().Add(video);
        await db.SaveChangesAsync();
        return video;
    }
}
