using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TikTokStudio.Tests.Features.Posts.Calendar;
using TikTokStudio.Tests.Infrastructure;
using TikTokStudio.Web.Data;
using TikTokStudio.Web.Features.Activity;
using TikTokStudio.Web.Features.Api;
using TikTokStudio.Web.Features.Approvals;
using TikTokStudio.Web.Features.Billing;
using TikTokStudio.Web.Features.Connections;
using TikTokStudio.Web.Features.Media;
using TikTokStudio.Web.Features.Posts;
using TikTokStudio.Web.Features.Posts.Calendar;
using TikTokStudio.Web.Features.Posts.Compose;
using TikTokStudio.Web.Features.Posts.List;
using TikTokStudio.Web.Features.Posts.Publish;
using TikTokStudio.Web.Features.Team;
using TikTokStudio.Web.Features.Webhooks;
using TikTokStudio.Web.Features.Workspaces;

namespace TikTokStudio.Tests.Features.Team;

/// <summary>
/// Walks the whole permission table through the real handlers: for each role and each action, a member with that role
/// calls the handler that does it. Allowed cells must succeed and change the row; refused ones must answer with the
/// table's own refusal and change nothing. Any cell that differs from <see cref="Permissions"/> is listed in the failure.
/// </summary>
public sealed class PermissionMatrixTests(RealServerFixture fixture) : IClassFixture<RealServerFixture>
{
    private readonly StudioAppFactory app = fixture.App;

    /// <summary>What one call did: whether the handler said yes, what it said, and whether the data really changed.</summary>
    private sealed record Cell(bool Done, string? Message, bool Changed);

    /// <summary>A workspace with its Owner and (unless the role is Owner) a member with the role under test.</summary>
    private sealed record Seat(Workspace Workspace, ApplicationUser Owner, ApplicationUser Actor, Member OwnerMember);

    private delegate Task<Cell> Probe(Seat seat);

    private Dictionary<StudioAction, Probe> Probes() => new()
    {
        [StudioAction.ComposePost] = async seat =>
        {
            var account = await PostsTestData.AddAccountAsync(app, seat.Workspace.Id, "c" + Short());
            var outcome = await As(seat.Actor, s => s.GetRequiredService<ComposeService>().SubmitAsync(new ComposeInput
            {
                Kind = PostKind.Video, Title = "An idea", Targets = [new(account.Id, null, false, false, false)], Action = ComposeAction.SaveDraft,
            }, CancellationToken.None));
            var saved = (await app.RowsOfAsync<Post>(seat.Workspace.Id)).Any(p => p.AccountId == account.Id);
            return new(outcome.Invalid is null, outcome.Invalid?.Verdict.ErrorsFor("schedule").FirstOrDefault(), saved);
        },
        [StudioAction.SchedulePost] = async seat =>
        {
            var account = await PostsTestData.AddAccountAsync(app, seat.Workspace.Id, "s" + Short());
            var draft = await PostsTestData.AddPostAsync(app, seat.OwnerMember, account, PostStatus.Draft, DateTimeOffset.UtcNow.AddDays(3));
            var target = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow.AddDays(5), TimeZoneInfo.FindSystemTimeZoneById(seat.Workspace.TimeZoneId));
            var result = await As(seat.Actor, s => s.GetRequiredService<PostMover>().MoveAsync(draft.Id, target.ToString("yyyy-MM-ddTHH:mm"), null, false, CancellationToken.None));
            var after = await PostsTestData.FindPostAsync(app, draft.Id);
            return new(result.Outcome == MoveOutcome.Moved, result.Message, after!.Version != draft.Version);
        },
        [StudioAction.PublishNow] = async seat =>
        {
            var account = await PostsTestData.AddAccountAsync(app, seat.Workspace.Id, "p" + Short());
            var missed = await PostsTestData.AddPostAsync(app, seat.OwnerMember, account, PostStatus.Missed, DateTimeOffset.UtcNow.AddHours(-1));
            var result = await As(seat.Actor, s => s.GetRequiredService<PostDetails>().RetryAsync(missed.Id));
            var after = await PostsTestData.FindPostAsync(app, missed.Id);
            return new(result.Done, result.Message, after!.Version != missed.Version);
        },
        [StudioAction.EditPost] = async seat =>
        {
            var account = await PostsTestData.AddAccountAsync(app, seat.Workspace.Id, "e" + Short());
            var scheduled = await PostsTestData.AddPostAsync(app, seat.OwnerMember, account, PostStatus.Scheduled, DateTimeOffset.UtcNow.AddDays(2));
            var outcome = await As(seat.Actor, s => s.GetRequiredService<ComposeService>().SubmitAsync(new ComposeInput
            {
                EditPostId = scheduled.Id, Kind = PostKind.Video, Title = "Changed", Targets = [new(account.Id, null, false, false, false)], Action = ComposeAction.SaveDraft,
            }, CancellationToken.None));
            var after = await PostsTestData.FindPostAsync(app, scheduled.Id);
            return new(outcome.Invalid is null, outcome.Invalid?.Verdict.ErrorsFor("schedule").FirstOrDefault(), after!.Version != scheduled.Version);
        },
        [StudioAction.DeletePost] = async seat =>
        {
            var account = await PostsTestData.AddAccountAsync(app, seat.Workspace.Id, "d" + Short());
            var draft = await PostsTestData.AddPostAsync(app, seat.OwnerMember, account, PostStatus.Draft, null);
            var report = await As(seat.Actor, s => s.GetRequiredService<PostsActions>().DeleteAsync([draft.Id]));
            return new(!report.IsError, report.Message, await PostsTestData.FindPostAsync(app, draft.Id) is null);
        },
        [StudioAction.UploadMedia] = async seat =>
        {
            var name = $"clip-{Short()}.mp4";
            var (refusal, started) = await As(seat.Actor, async s =>
            {
                // What the tus endpoint does: ask first, then start the upload.
                var media = s.GetRequiredService<MediaService>();
                var no = await media.RefuseAsync(name, "video/mp4", 1_000, CancellationToken.None);
                return (no, no is null ? await media.StartUploadAsync(name, "video/mp4", 1_000, CancellationToken.None) : null);
            });
            var stored = (await app.RowsOfAsync<MediaFile>(seat.Workspace.Id)).Any(m => m.OriginalFileName == name);
            return new(started is not null, refusal?.Message, stored);
        },
        [StudioAction.DeleteMedia] = async seat =>
        {
            var file = await As(seat.Owner, s => s.GetRequiredService<MediaService>().StartUploadAsync($"old-{Short()}.mp4", "video/mp4", 1_000, CancellationToken.None));
            var result = await As(seat.Actor, s => s.GetRequiredService<MediaService>().DeleteAsync(file.Id, CancellationToken.None));
            var gone = (await app.RowsOfAsync<MediaFile>(seat.Workspace.Id)).All(m => m.Id != file.Id);
            return new(result.Deleted, result.Message, gone);
        },
        [StudioAction.ManageConnections] = async seat =>
        {
            // No stored token: the disconnect has nothing to revoke at TikTok, so no call leaves the app.
            var account = await PostsTestData.AddAccountAsync(app, seat.Workspace.Id, "m" + Short());
            var change = await As(seat.Actor, s => s.GetRequiredService<AccountConnections>().DisconnectAsync(account.Id));
            var after = (await app.RowsOfAsync<TikTokAccount>(seat.Workspace.Id)).Single(a => a.Id == account.Id);
            return new(change.Succeeded, change.Message, after.Status == ConnectionStatus.Disconnected);
        },
        [StudioAction.ManageMembers] = async seat =>
        {
            var (viewer, _) = await app.CreateUserAsync(workspaceName: "Viewer's own");
            await AddMembershipAsync(viewer.Id, seat.Workspace.Id, WorkspaceRole.Viewer);
            var result = await As(seat.Actor, s => s.GetRequiredService<TeamService>().ChangeRoleAsync(viewer.Id, WorkspaceRole.Contributor));
            var role = (await app.RowsOfAsync<Membership>(seat.Workspace.Id)).Single(m => m.UserId == viewer.Id).Role;
            return new(result.Done, result.Message, role == WorkspaceRole.Contributor);
        },
        [StudioAction.TransferOwnership] = async seat =>
        {
            var (heir, _) = await app.CreateUserAsync(workspaceName: "Heir's own");
            await AddMembershipAsync(heir.Id, seat.Workspace.Id, WorkspaceRole.Viewer);
            var result = await As(seat.Actor, s => s.GetRequiredService<TeamService>().TransferOwnershipAsync(heir.Id));
            var role = (await app.RowsOfAsync<Membership>(seat.Workspace.Id)).Single(m => m.UserId == heir.Id).Role;
            return new(result.Done, result.Message, role == WorkspaceRole.Owner);
        },
        [StudioAction.ManageSettings] = async seat =>
        {
            var name = "Renamed " + Short();
            var result = await As(seat.Actor, s => s.GetRequiredService<WorkspaceService>().UpdateSettingsAsync(name, "Europe/Berlin"));
            using var scope = app.Services.CreateScope();
            var now = await scope.ServiceProvider.GetRequiredService<StudioDbContext>().Workspaces.AsNoTracking().SingleAsync(w => w.Id == seat.Workspace.Id);
            return new(result.Saved, result.RefusedBecause, now.Name == name);
        },
        [StudioAction.ManageBilling] = async seat =>
        {
            // Starting Checkout creates the workspace's Stripe customer (in the emulator mounted on this real server).
            var refused = await Record.ExceptionAsync(() => As(seat.Actor, s => s.GetRequiredService<BillingService>()
                .StartCheckoutAsync("pro", BillingInterval.Monthly, app.ServerAddress!.ToString())));
            using var scope = app.Services.CreateScope();
            var billing = await scope.ServiceProvider.GetRequiredService<StudioDbContext>().Set<WorkspaceBilling>().IgnoreQueryFilters().AsNoTracking()
                .FirstOrDefaultAsync(b => b.WorkspaceId == seat.Workspace.Id);
            return new(refused is null, refused?.Message, billing?.StripeCustomerId is not null);
        },
        [StudioAction.ViewActivity] = async seat =>
        {
            // A read: "changed" means the member really saw the Owner's entry (a rename) through the log.
            await As(seat.Owner, s => s.GetRequiredService<WorkspaceService>().UpdateSettingsAsync("Logged " + Short(), "Europe/Berlin"));
            var slice = await As(seat.Actor, s => s.GetRequiredService<ActivityLog>().PageAsync(new ActivityFilter()));
            return new(slice.Refusal is null, slice.Refusal, slice.Rows.Any(r => r.Kind == ActivityKinds.SettingsChanged));
        },
        [StudioAction.DeleteWorkspace] = async seat =>
        {
            var result = await As(seat.Actor, s => s.GetRequiredService<WorkspaceDeletion>().DeleteAsync(seat.Workspace.Name));
            using var scope = app.Services.CreateScope();
            var gone = !await scope.ServiceProvider.GetRequiredService<StudioDbContext>().Workspaces.AnyAsync(w => w.Id == seat.Workspace.Id);
            return new(result.Deleted, result.Message, gone);
        },
        [StudioAction.SubmitForApproval] = async seat =>
        {
            // "Required for everyone": whoever submits, the post waits for an approver (the composer's Schedule becomes Submit).
            await SetApprovalsAsync(seat.Workspace.Id, ApprovalMode.Everyone);
            var account = await PostsTestData.AddAccountAsync(app, seat.Workspace.Id, "a" + Short(),
                a => { a.MaxVideoPostDurationSec = 600; a.CreatorInfoCheckedAt = DateTimeOffset.UtcNow; });
            var video = await AddVideoAsync(seat.Workspace.Id);
            var outcome = await As(seat.Actor, s => s.GetRequiredService<ComposeService>().SubmitAsync(new ComposeInput
            {
                Kind = PostKind.Video, VideoMediaId = video.Id, Title = "For review", Targets = [new(account.Id, "SELF_ONLY", false, false, false)],
                Action = ComposeAction.Schedule, ScheduleLocal = LocalIn(seat.Workspace, DateTimeOffset.UtcNow.AddDays(4)),
            }, CancellationToken.None));
            var pending = (await app.RowsOfAsync<Post>(seat.Workspace.Id)).Any(p => p.AccountId == account.Id && p.Status == PostStatus.PendingApproval);
            return new(outcome.Invalid is null, outcome.Invalid?.Verdict.Errors.Select(e => e.Message).FirstOrDefault(), pending);
        },
        [StudioAction.ApprovePost] = async seat =>
        {
            // The post is someone else's: nobody approves their own, whatever their role.
            var (author, _) = await app.CreateUserAsync(workspaceName: "Author's own");
            await AddMembershipAsync(author.Id, seat.Workspace.Id, WorkspaceRole.Contributor);
            var account = await PostsTestData.AddAccountAsync(app, seat.Workspace.Id, "v" + Short());
            var pending = await PostsTestData.AddPostAsync(app, seat.OwnerMember, account, PostStatus.PendingApproval, DateTimeOffset.UtcNow.AddDays(2),
                configure: p => { p.CreatedByUserId = author.Id; p.SubmittedByUserId = author.Id; p.SubmittedAt = DateTimeOffset.UtcNow; });
            var result = await As(seat.Actor, s => s.GetRequiredService<ApprovalService>().ApproveAsync(pending.Id));
            var after = await PostsTestData.FindPostAsync(app, pending.Id);
            return new(result.Done, result.Message, after!.Status == PostStatus.Scheduled && after.ApprovalHash is not null);
        },
        [StudioAction.ManageWebhooks] = async seat =>
        {
            var result = await As(seat.Actor, s => s.GetRequiredService<WebhookEndpoints>()
                .CreateAsync(new EndpointInput("https://hooks.example.com/studio", "probe", true, [], true), CancellationToken.None));
            var endpoints = await app.RowsOfAsync<WebhookEndpoint>(seat.Workspace.Id);
            return new(result.Ok, result.Message, endpoints.Count == 1);
        },
        [StudioAction.ManageApiKeys] = async seat =>
        {
            // The lowest role, so that every role that may manage keys may also give this one.
            var name = "Key " + Short();
            var created = await As(seat.Actor, s => s.GetRequiredService<ApiKeyService>()
                .CreateAsync(new ApiKeyRequest(name, WorkspaceRole.Viewer, [], ApiKeyExpiry.Days30)));
            var stored = (await app.RowsOfAsync<ApiKey>(seat.Workspace.Id)).Any(k => k.Name == name);
            return new(created.Created, created.ErrorFor("key"), stored);
        },
    };

    private async Task SetApprovalsAsync(Guid workspaceId, ApprovalMode mode)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<StudioDbContext>();
        (await db.Workspaces.SingleAsync(w => w.Id == workspaceId)).Approvals = mode;
        await db.SaveChangesAsync();
    }

    private async Task<MediaFile> AddVideoAsync(Guid workspaceId)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<StudioDbContext>();
        var video = TikTokStudio.Tests.Features.Posts.Compose.ComposerBuilder.Video();
        video.WorkspaceId = workspaceId;
        db.Set<MediaFile>().Add(video);
        await db.SaveChangesAsync();
        return video;
    }

    private static string LocalIn(Workspace workspace, DateTimeOffset at) =>
        TimeZoneInfo.ConvertTime(at, TimeZoneInfo.FindSystemTimeZoneById(workspace.TimeZoneId)).ToString("yyyy-MM-ddTHH:mm");

    [Fact]
    public void Every_Action_Has_A_Probe_And_A_Row()
    {
        var probes = Probes();
        Assert.DoesNotContain(Permissions.Actions, a => !probes.ContainsKey(a));
        foreach (var action in Permissions.Actions)
        {
            // Throws when the table lacks the row; Owner may do everything there is.
            Assert.True(Permissions.Allows(WorkspaceRole.Owner, action), $"{action}: the Owner must be allowed");
        }
    }

    [Theory]
    [InlineData(WorkspaceRole.Viewer)]
    [InlineData(WorkspaceRole.Contributor)]
    [InlineData(WorkspaceRole.Editor)]
    [InlineData(WorkspaceRole.Admin)]
    [InlineData(WorkspaceRole.Owner)]
    public async Task Each_Action_Through_Its_Handler_Matches_The_Table(WorkspaceRole role)
    {
        var differences = new List<string>();
        foreach (var (action, probe) in Probes())
        {
            // A fresh workspace per cell: a transfer or rename in one cell must not change the seat of the next.
            var seat = await SeatAsync(role);
            var cell = await probe(seat);
            var allowed = Permissions.Allows(role, action);
            if (allowed && !(cell.Done && cell.Changed))
                differences.Add($"{role} x {action}: the table allows it, but the handler answered done={cell.Done}, changed={cell.Changed}: {cell.Message}");
            if (!allowed && (cell.Done || cell.Changed || cell.Message != Permissions.Refusal(action)))
                differences.Add($"{role} x {action}: the table refuses it, but the handler answered done={cell.Done}, changed={cell.Changed}: {cell.Message}");
        }
        Assert.True(differences.Count == 0, string.Join(Environment.NewLine, differences));
    }

    [Fact]
    public void Refusals_Name_The_Roles_The_Table_Allows()
    {
        Assert.Equal("Only the Owner, Admins and Editors of this workspace can schedule or move posts.", Permissions.Refusal(StudioAction.SchedulePost));
        Assert.Equal("Only the Owner, Admins, Editors and Contributors of this workspace can compose posts.", Permissions.Refusal(StudioAction.ComposePost));
        Assert.Equal("Only the Owner of this workspace can hand over ownership.", Permissions.Refusal(StudioAction.TransferOwnership));
    }

    private async Task<Seat> SeatAsync(WorkspaceRole role)
    {
        var (owner, workspace) = await app.CreateUserAsync(workspaceName: "Matrix " + role);
        var ownerMember = new Member(null!, "", owner, workspace);
        if (role == WorkspaceRole.Owner) return new(workspace, owner, owner, ownerMember);
        var (actor, _) = await app.CreateUserAsync(workspaceName: "Actor's own");
        await AddMembershipAsync(actor.Id, workspace.Id, role);
        return new(workspace, owner, actor, ownerMember);
    }

    private async Task AddMembershipAsync(string userId, Guid workspaceId, WorkspaceRole role)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<StudioDbContext>();
        db.Memberships.Add(new Membership { UserId = userId, WorkspaceId = workspaceId, Role = role, CreatedAt = DateTimeOffset.UtcNow });
        (await db.Users.SingleAsync(u => u.Id == userId)).CurrentWorkspaceId = workspaceId;
        await db.SaveChangesAsync();
    }

    private Task<T> As<T>(ApplicationUser user, Func<IServiceProvider, Task<T>> action) => app.Services.AsUserAsync(user.Id, action);

    private static string Short() => Guid.NewGuid().ToString("N")[..8];
}
