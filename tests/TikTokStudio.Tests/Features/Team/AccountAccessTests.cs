using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TikTokStudio.Tests.Features.Activity;
using TikTokStudio.Tests.Features.Posts.Calendar;
using TikTokStudio.Tests.Features.Posts.Compose;
using TikTokStudio.Tests.Infrastructure;
using TikTokStudio.Web.Data;
using TikTokStudio.Web.Features.Activity;
using TikTokStudio.Web.Features.Analytics;
using TikTokStudio.Web.Features.Connections;
using TikTokStudio.Web.Features.Media;
using TikTokStudio.Web.Features.Posts;
using TikTokStudio.Web.Features.Posts.Calendar;
using TikTokStudio.Web.Features.Posts.Compose;
using TikTokStudio.Web.Features.Posts.List;
using TikTokStudio.Web.Features.Posts.Publish;
using TikTokStudio.Web.Features.Team;
using TikTokStudio.Web.Features.Workspaces;

namespace TikTokStudio.Tests.Features.Team;

/// <summary>
/// Per-account access, like the workspace isolation tests: an Editor limited to @alpha gets nothing of @beta from any
/// page, feed, handler or CSV, while the Owner (the control) sees both. Setting the access is Owner/Admin work,
/// recorded in the activity log.
/// </summary>
public sealed class AccountAccessTests(StudioAppFactoryFixture fixture) : IClassFixture<StudioAppFactoryFixture>
{
    private readonly StudioAppFactory app = fixture.App;

    private sealed record Setup(Member Owner, Member Editor, TikTokAccount Alpha, TikTokAccount Beta, Post AlphaPost, Post BetaPost);

    private async Task<Setup> LimitedEditorAsync()
    {
        var owner = await PostsTestData.SignedInAsync(app, workspaceName: "Shared Co");
        await Billing.BillingTestData.PutOnPlanAsync(app, owner.Workspace.Id, "agency"); // per-account access is an Agency feature
        var alpha = await PostsTestData.AddAccountAsync(app, owner.Workspace.Id, "alpha" + Short());
        var beta = await PostsTestData.AddAccountAsync(app, owner.Workspace.Id, "beta" + Short());
        var soon = DateTimeOffset.UtcNow.AddDays(2);
        var alphaPost = await PostsTestData.AddPostAsync(app, owner, alpha, PostStatus.Scheduled, soon, "Alpha plan");
        var betaPost = await PostsTestData.AddPostAsync(app, owner, beta, PostStatus.Failed, soon.AddHours(-50), "Beta secret");
        await AddEventAsync(owner.Workspace.Id, betaPost.Id, PostEventKinds.Failed, "Beta secret failed");
        await AddEventAsync(owner.Workspace.Id, alphaPost.Id, PostEventKinds.Missed, "Alpha plan missed");
        var editor = await PostsTestData.MemberOfAsync(app, owner.Workspace, WorkspaceRole.Editor);
        var limited = await app.ActAsync(owner.User.Id, s => s.GetRequiredService<TeamService>().SetAccountAccessAsync(editor.User.Id, [alpha.Id]));
        Assert.True(limited.Done, limited.Message);
        return new(owner, editor, alpha, beta, alphaPost, betaPost);
    }

    [Fact]
    public async Task A_Limited_Editor_Gets_Nothing_Of_The_Other_Account_From_Any_Handler()
    {
        var s = await LimitedEditorAsync();
        var owner = s.Owner.User.Id;
        var editor = s.Editor.User.Id;

        // The control: the Owner sees both accounts everywhere the Editor must see one.
        Assert.Equal(2, (await app.ActAsync(owner, p => p.GetRequiredService<PostsList>().PageAsync(new PostsFilter()))).Total);

        var composer = await app.ActAsync(editor, p => p.GetRequiredService<ComposeService>().LoadContextAsync(false, CancellationToken.None));
        Assert.Equal([s.Alpha.Id], composer.Accounts.Select(a => a.Id));
        var overview = await app.ActAsync(editor, p => p.GetRequiredService<CalendarOverview>().LoadAsync());
        Assert.Equal([s.Alpha.Id], overview.Accounts.Select(a => a.Id));
        var list = await app.ActAsync(editor, p => p.GetRequiredService<PostsList>().PageAsync(new PostsFilter()));
        Assert.Equal([s.AlphaPost.Id], list.Rows.Select(r => r.Id));
        Assert.Equal([s.Alpha.Id], (await app.ActAsync(editor, p => p.GetRequiredService<PostsList>().AccountsAsync())).Select(a => a.Id));
        Assert.Null(await app.ActAsync(editor, p => p.GetRequiredService<PostDetails>().LoadAsync(s.BetaPost.Id)));
        var dashboard = await app.ActAsync(editor, p => p.GetRequiredService<DashboardSummary>().LoadAsync());
        Assert.DoesNotContain(dashboard.Upcoming.Concat(dashboard.Recent), p => p.AccountId == s.Beta.Id);
        Assert.False(dashboard.Accounts.ContainsKey(s.Beta.Id));
        var bell = await app.ActAsync(editor, p => p.GetRequiredService<NotificationsFeed>().LatestAsync());
        Assert.Equal(["Alpha plan missed"], bell.Select(e => e.Message));
        Assert.Equal(1, await app.ActAsync(editor, p => p.GetRequiredService<NotificationsFeed>().UnreadCountAsync()));
        Assert.Equal([s.Alpha.Id], (await app.ActAsync(editor, p => p.GetRequiredService<AccountConnections>().ListAsync())).Select(a => a.Account.Id));
        Assert.Null(await app.ActAsync(editor, p => p.GetRequiredService<AccountConnections>().FindAsync(s.Beta.Id)));
        Assert.Equal([s.Alpha.Id], (await app.ActAsync(editor, p => p.GetRequiredService<AnalyticsQueries>().AccountsAsync())).Select(a => a.Id));
        Assert.Null(await app.ActAsync(editor, p => p.GetRequiredService<AnalyticsQueries>().AccountAsync(s.Beta.Id)));
        Assert.Null(await app.ActAsync(editor, p => p.GetRequiredService<AnalyticsQueries>().PostAsync(s.BetaPost.Id)));
    }

    [Fact]
    public async Task A_Limited_Editor_Cannot_Change_Or_Post_To_The_Other_Account()
    {
        var s = await LimitedEditorAsync();
        var editor = s.Editor.User.Id;
        var draft = await PostsTestData.AddPostAsync(app, s.Owner, s.Beta, PostStatus.Draft, null, "Beta draft");

        var deleted = await app.ActAsync(editor, p => p.GetRequiredService<PostsActions>().DeleteAsync([draft.Id]));
        var duplicated = await app.ActAsync(editor, p => p.GetRequiredService<PostsActions>().DuplicateAsync(draft.Id));
        var moved = await app.ActAsync(editor, p => p.GetRequiredService<PostMover>().MoveAsync(draft.Id, "2030-01-01T10:00", null, true, CancellationToken.None));
        var retried = await app.ActAsync(editor, p => p.GetRequiredService<PostDetails>().RetryAsync(s.BetaPost.Id));
        var composed = await app.ActAsync(editor, p => p.GetRequiredService<ComposeService>().SubmitAsync(new ComposeInput
        {
            Kind = PostKind.Video, Title = "Sneaky", Targets = [new(s.Beta.Id, null, false, false, false)], Action = ComposeAction.SaveDraft,
        }, CancellationToken.None));
        var edited = await app.ActAsync(editor, p => p.GetRequiredService<ComposeService>().SubmitAsync(new ComposeInput
        {
            EditPostId = draft.Id, Kind = PostKind.Video, Title = "Changed", Targets = [new(s.Beta.Id, null, false, false, false)], Action = ComposeAction.SaveDraft,
        }, CancellationToken.None));
        var disconnected = await app.ActAsync(editor, p => p.GetRequiredService<AccountConnections>().DisconnectAsync(s.Beta.Id));

        Assert.True(deleted.IsError);
        Assert.Null(duplicated.Copy);
        Assert.Equal(MoveOutcome.NotFound, moved.Outcome);
        Assert.False(retried.Done);
        Assert.NotNull(composed.Invalid);
        Assert.NotNull(edited.Invalid);
        Assert.False(disconnected.Succeeded);
        var betaPosts = (await app.RowsOfAsync<Post>(s.Owner.Workspace.Id)).Where(p => p.AccountId == s.Beta.Id).ToList();
        Assert.Equal(["Beta secret", "Beta draft"], betaPosts.OrderBy(p => p.CreatedAt).Select(p => p.Title));
        Assert.All(betaPosts, p => Assert.Equal(0, p.Version));
    }

    [Fact]
    public async Task A_Limited_Editor_Gets_Nothing_Of_The_Other_Account_From_Pages_Feeds_And_Csvs()
    {
        var s = await LimitedEditorAsync();
        var client = s.Editor.Client;
        var from = DateTime.UtcNow.AddDays(-5).ToString("yyyy-MM-dd");
        var to = DateTime.UtcNow.AddDays(10).ToString("yyyy-MM-dd");

        var feed = await client.GetStringAsync($"/app/calendar/events?start={from}&end={to}");
        var ownerFeed = await s.Owner.Client.GetStringAsync($"/app/calendar/events?start={from}&end={to}");
        var postPage = await client.GetAsync($"/app/posts/{s.BetaPost.Id}");
        var accountPage = await client.GetAsync($"/app/connections/{s.Beta.Id}");
        var analyticsCsv = await client.GetAsync(AnalyticsEndpoints.ExportUrl(s.Beta.Id, "posts"));
        var ownCsv = await client.GetAsync(AnalyticsEndpoints.ExportUrl(s.Alpha.Id, "posts"));
        var postsPage = await client.GetStringAsync("/app/posts");

        Assert.Contains("Alpha plan", feed);
        Assert.DoesNotContain("Beta secret", feed);
        Assert.Contains("Beta secret", ownerFeed);
        Assert.Equal(HttpStatusCode.NotFound, postPage.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, accountPage.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, analyticsCsv.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ownCsv.StatusCode);
        Assert.DoesNotContain(s.Beta.Username!, postsPage);
    }

    [Fact]
    public async Task The_Activity_Log_And_Media_Usage_Say_Nothing_Of_The_Other_Account_Yet_Its_Media_Stays_Protected()
    {
        var s = await LimitedEditorAsync();
        await app.AddEntryAsync(s.Owner.Workspace.Id, DateTimeOffset.UtcNow, ActivityKinds.PostFailed, "Beta secret failed", ActorKind.System, null, "TikTok Studio",
            postId: s.BetaPost.Id, accountId: s.Beta.Id);
        var video = ComposerBuilder.Video();
        video.WorkspaceId = s.Owner.Workspace.Id;
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<StudioDbContext>();
            db.Add(video);
            var draft = await db.Set<Post>().IgnoreQueryFilters().SingleAsync(p => p.Id == s.BetaPost.Id);
            draft.Status = PostStatus.Draft;
            draft.VideoMediaId = video.Id;
            await db.SaveChangesAsync();
        }

        var log = await app.ActAsync(s.Editor.User.Id, p => p.GetRequiredService<ActivityLog>().PageAsync(new ActivityFilter()));
        var postEntries = await app.ActAsync(s.Editor.User.Id, p => p.GetRequiredService<ActivityLog>().ForPostAsync(s.BetaPost.Id));
        var ownerLog = await app.ActAsync(s.Owner.User.Id, p => p.GetRequiredService<ActivityLog>().PageAsync(new ActivityFilter()));
        var inUse = await app.ActAsync(s.Editor.User.Id, p => p.GetRequiredService<IMediaUsage>().WhyInUseAsync(video.Id, CancellationToken.None));

        Assert.DoesNotContain(log.Rows, r => r.AccountId == s.Beta.Id);
        Assert.Contains(log.Rows, r => r.Kind == ActivityKinds.MemberAccessChanged);
        Assert.Empty(postEntries);
        Assert.Contains(ownerLog.Rows, r => r.Summary == "Beta secret failed");
        Assert.Equal("It is used by posts of TikTok accounts you do not have access to. Ask an Admin before deleting it.", inUse);
    }

    [Fact]
    public async Task An_Account_Connected_Later_Stays_Hidden_Until_Granted_And_All_Accounts_Gives_It_Back()
    {
        var s = await LimitedEditorAsync();
        var gamma = await PostsTestData.AddAccountAsync(app, s.Owner.Workspace.Id, "gamma" + Short());
        var team = (IServiceProvider p) => p.GetRequiredService<TeamService>();

        var before = await app.ActAsync(s.Editor.User.Id, p => p.GetRequiredService<AccountConnections>().ListAsync());
        var granted = await app.ActAsync(s.Owner.User.Id, p => team(p).SetAccountAccessAsync(s.Editor.User.Id, [s.Alpha.Id, gamma.Id]));
        var afterGrant = await app.ActAsync(s.Editor.User.Id, p => p.GetRequiredService<AccountConnections>().ListAsync());
        var all = await app.ActAsync(s.Owner.User.Id, p => team(p).SetAccountAccessAsync(s.Editor.User.Id, null));
        var afterAll = await app.ActAsync(s.Editor.User.Id, p => p.GetRequiredService<AccountConnections>().ListAsync());

        Assert.Equal([s.Alpha.Id], before.Select(a => a.Account.Id));
        Assert.True(granted.Done, granted.Message);
        Assert.Equal(new[] { s.Alpha.Id, gamma.Id }.Order(), afterGrant.Select(a => a.Account.Id).Order());
        Assert.True(all.Done, all.Message);
        Assert.Equal(3, afterAll.Count);
        var entries = (await app.EntriesAsync(s.Owner.Workspace.Id)).Where(e => e.Kind == ActivityKinds.MemberAccessChanged).ToList();
        Assert.Equal(3, entries.Count);
        Assert.Equal($"Limited {s.Editor.User.Email} to 1 account: @{s.Alpha.Username}.", entries[0].Summary);
        Assert.Equal(s.Editor.User.Id, entries[0].SubjectId);
        Assert.Equal($"Gave {s.Editor.User.Email} access to all accounts, also those connected later.", entries[2].Summary);
    }

    [Fact]
    public async Task Only_Owners_And_Admins_Set_Access_And_Owners_And_Admins_Cannot_Be_Limited()
    {
        var s = await LimitedEditorAsync();
        var admin = await PostsTestData.MemberOfAsync(app, s.Owner.Workspace, WorkspaceRole.Admin);
        var team = (IServiceProvider p) => p.GetRequiredService<TeamService>();

        var byEditor = await app.ActAsync(s.Editor.User.Id, p => team(p).SetAccountAccessAsync(s.Editor.User.Id, null));
        var onAdmin = await app.ActAsync(s.Owner.User.Id, p => team(p).SetAccountAccessAsync(admin.User.Id, [s.Alpha.Id]));
        var empty = await app.ActAsync(s.Owner.User.Id, p => team(p).SetAccountAccessAsync(s.Editor.User.Id, []));
        var foreign = await app.ActAsync(s.Owner.User.Id, p => team(p).SetAccountAccessAsync(s.Editor.User.Id, [Guid.NewGuid()]));
        var byAdmin = await app.ActAsync(admin.User.Id, p => team(p).SetAccountAccessAsync(s.Editor.User.Id, [s.Beta.Id]));

        Assert.Equal(Permissions.Refusal(StudioAction.ManageMembers), byEditor.Message);
        Assert.False(onAdmin.Done);
        Assert.Contains("always has every account", onAdmin.Message);
        Assert.False(empty.Done);
        Assert.False(foreign.Done);
        Assert.True(byAdmin.Done, byAdmin.Message);
        var scope = await app.ActAsync(s.Editor.User.Id, p => Task.FromResult(p.GetRequiredService<WorkspaceContext>().AccountScope));
        Assert.Equal([s.Beta.Id], scope!);
        var adminScope = await app.ActAsync(admin.User.Id, p => Task.FromResult(p.GetRequiredService<WorkspaceContext>().AccountScope));
        Assert.Null(adminScope);
    }

    private async Task AddEventAsync(Guid workspaceId, Guid postId, string kind, string message)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<StudioDbContext>();
        db.Set<PostEvent>().Add(new PostEvent { WorkspaceId = workspaceId, PostId = postId, At = DateTimeOffset.UtcNow, Kind = kind, Message = message });
        await db.SaveChangesAsync();
    }

    private static string Short() => Guid.NewGuid().ToString("N")[..6];
}
