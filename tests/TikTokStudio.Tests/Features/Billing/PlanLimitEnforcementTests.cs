using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TikTokStudio.Tests.Features.Connections;
using TikTokStudio.Tests.Features.Posts.Compose;
using TikTokStudio.Tests.Infrastructure;
using TikTokStudio.Web.Data;
using TikTokStudio.Web.Features.Billing;
using TikTokStudio.Web.Features.Connections;
using TikTokStudio.Web.Features.Media;
using TikTokStudio.Web.Features.Posts;
using TikTokStudio.Web.Features.Posts.Compose;
using TikTokStudio.Web.Features.Team;
using TikTokStudio.Web.Features.Workspaces;

namespace TikTokStudio.Tests.Features.Billing;

/// <summary>Every plan limit at the place the action happens: connect, schedule, upload, invite; and the read-only state.</summary>
public sealed class PlanLimitEnforcementTests : IClassFixture<RealServerFixture>
{
    private readonly StudioAppFactory app;

    public PlanLimitEnforcementTests(RealServerFixture server) => app = server.App;

    [Fact]
    public async Task Connect_At_The_Starter_Limit_Stops_Before_TikTok_And_The_Page_Names_The_Limit_With_Upgrade()
    {
        var (client, workspace) = await app.SignedInOwnerAsync();
        await BillingTestData.PutOnPlanAsync(app, workspace.Id, "starter");
        await ConnectionsTestData.AddAccountAsync(app, workspace, "One", "one");
        var page = await client.GetStringAsync("/app/connections");
        // Another admin connects the second account after this page was rendered with its Connect button.
        await ConnectionsTestData.AddAccountAsync(app, workspace, "Two", "two");

        var response = await client.PostAsync("/app/connections/connect", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = StudioAppFactory.AntiforgeryFieldOf(page),
        }));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/app/connections?failed=PlanLimit", response.Headers.Location!.ToString());
        var landing = await client.GetStringAsync("/app/connections?failed=PlanLimit");
        Assert.Contains("Starter allows 2 TikTok accounts; you have 2. Upgrade to connect more.", landing);
        Assert.Contains("href=\"/app/billing\"", landing);
        Assert.DoesNotContain("action=\"app/connections/connect\"", landing);
        Assert.Equal(2, (await app.RowsOfAsync<TikTokAccount>(workspace.Id)).Count);
    }

    [Fact]
    public async Task The_Limit_Is_Checked_Again_When_TikTok_Calls_Back()
    {
        var (client, workspace) = await app.SignedInOwnerAsync();
        await BillingTestData.PutOnPlanAsync(app, workspace.Id, "starter");
        await ConnectionsTestData.AddAccountAsync(app, workspace, "One", "one");
        var consent = await EmulatedTikTok.StartConnectAsync(client);
        // Another admin fills the last place while this person is on TikTok's consent page.
        await ConnectionsTestData.AddAccountAsync(app, workspace, "Two", "two");
        var callback = await EmulatedTikTok.AnswerConsentAsync(client, consent, "public_creator");

        var response = await client.GetAsync(callback.PathAndQuery);

        Assert.Equal("/app/connections?failed=PlanLimit", response.Headers.Location!.ToString());
        Assert.DoesNotContain(await app.RowsOfAsync<TikTokAccount>(workspace.Id), a => a.Username == "public_creator");
    }

    [Fact]
    public async Task A_Trial_Workspace_Has_Pro_Limits_For_Connecting()
    {
        var (client, workspace) = await app.SignedInOwnerAsync();
        await ConnectionsTestData.AddAccountAsync(app, workspace, "One", "one");
        await ConnectionsTestData.AddAccountAsync(app, workspace, "Two", "two");

        var landing = await EmulatedTikTok.ConnectAsync(client, "public_creator");

        Assert.StartsWith("/app/connections?connected=", landing);
    }

    [Fact]
    public async Task Scheduling_Past_The_Monthly_Limit_Is_Refused_With_The_Count_And_Nothing_Is_Saved()
    {
        var (user, workspace) = await app.CreateUserAsync();
        await BillingTestData.PutOnPlanAsync(app, workspace.Id, "starter");
        var one = await ConnectionsTestData.AddAccountAsync(app, workspace, "One", "one");
        var two = await ConnectionsTestData.AddAccountAsync(app, workspace, "Two", "two");
        var video = await AddVideoAsync(workspace);
        var berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
        var monthLocal = TimeZoneInfo.ConvertTime(app.Clock.GetUtcNow(), berlin).Date.AddMonths(2);
        var slot = new DateTime(monthLocal.Year, monthLocal.Month, 15, 9, 0, 0);
        await AddScheduledPostsAsync(workspace, one.Id, user.Id, TimeZoneInfo.ConvertTimeToUtc(slot, berlin), 149);
        ComposeInput Input(params TikTokAccount[] to) => new()
        {
            Kind = PostKind.Video, VideoMediaId = video.Id, Title = "Launch day",
            Targets = to.Select(a => new TargetChoice(a.Id, "SELF_ONLY", false, false, false)).ToList(),
            ScheduleLocal = slot.AddHours(1).ToString("yyyy-MM-ddTHH:mm"), Action = ComposeAction.Schedule,
        };

        var refused = await SubmitAsync(user.Id, Input(one, two));
        var accepted = await SubmitAsync(user.Id, Input(two));

        var error = Assert.Single(refused.Invalid!.Verdict.Errors);
        Assert.Equal(ComposeService.PlanErrorField, error.Field);
        Assert.Equal($"Starter allows 150 scheduled posts a month; {slot:MMMM yyyy} already has 149 and this would add 2. Upgrade to schedule more.", error.Message);
        Assert.Null(accepted.Invalid);
        Assert.Equal(150, (await app.RowsOfAsync<Post>(workspace.Id)).Count);
    }

    [Fact]
    public async Task After_The_Trial_Even_A_Draft_Is_Refused_With_The_Reason()
    {
        var (user, workspace) = await app.CreateUserAsync();
        var account = await ConnectionsTestData.AddAccountAsync(app, workspace, "One", "one");
        var video = await AddVideoAsync(workspace);
        await BillingTestData.EndTrialAsync(app, workspace.Id);

        var refused = await SubmitAsync(user.Id, new ComposeInput
        {
            Kind = PostKind.Video, VideoMediaId = video.Id, Title = "Draft", Action = ComposeAction.SaveDraft,
            Targets = [new TargetChoice(account.Id, "SELF_ONLY", false, false, false)],
        });

        Assert.StartsWith("Your free trial has ended", Assert.Single(refused.Invalid!.Verdict.ErrorsFor(ComposeService.PlanErrorField)));
        Assert.Empty(await app.RowsOfAsync<Post>(workspace.Id));
    }

    [Fact]
    public async Task An_Upload_That_Would_Pass_The_Plans_Storage_Is_Refused_Before_A_Byte_Is_Stored()
    {
        var (user, workspace) = await app.CreateUserAsync();
        await BillingTestData.PutOnPlanAsync(app, workspace.Id, "starter");
        var big = ComposerBuilder.Video();
        big.SizeBytes = 9L * 1024 * 1024 * 1024 + 512L * 1024 * 1024;
        await AddMediaAsync(workspace, big);

        var refusal = await app.Services.AsUserAsync(user.Id, s => s.GetRequiredService<MediaService>().RefuseAsync("next.mp4", "video/mp4", 600L * 1024 * 1024, CancellationToken.None));
        var small = await app.Services.AsUserAsync(user.Id, s => s.GetRequiredService<MediaService>().RefuseAsync("tiny.mp4", "video/mp4", 512 * 1024, CancellationToken.None));

        Assert.Equal("Starter allows 10.00 GiB of media; you use 9.50 GiB and this file is 600.0 MiB. Upgrade for more room, or delete files you no longer need.", refusal!.Message);
        Assert.True(refusal.OverPlan);
        Assert.Null(small);

        // Over tus, as the uploader sends it: the refusal is marked as the plan's, so the page offers the upgrade.
        var tus = await Media.TusTestClient.SignInAsync(app, user.Email!);
        var created = await tus.CreateAsync(600L * 1024 * 1024, "next.mp4", "video/mp4");
        Assert.Equal(System.Net.HttpStatusCode.RequestEntityTooLarge, created.StatusCode);
        Assert.Equal("1", Assert.Single(created.Headers.GetValues(Web.Features.Media.Tus.TusEndpoints.PlanLimitHeader)));
        Assert.StartsWith("Starter allows 10.00 GiB of media", await created.Content.ReadAsStringAsync());
        var tooBigForTikTok = await tus.CreateAsync(5L * 1024 * 1024 * 1024, "huge.mp4", "video/mp4");
        Assert.Equal(System.Net.HttpStatusCode.RequestEntityTooLarge, tooBigForTikTok.StatusCode);
        Assert.False(tooBigForTikTok.Headers.Contains(Web.Features.Media.Tus.TusEndpoints.PlanLimitHeader));
    }

    [Fact]
    public async Task Adding_A_Member_Past_The_Limit_Is_Refused_And_Allowed_On_A_Bigger_Plan()
    {
        var (user, workspace) = await app.CreateUserAsync();
        await BillingTestData.PutOnPlanAsync(app, workspace.Id, "starter");

        var onStarter = await app.Services.AsUserAsync(user.Id, s => s.GetRequiredService<PlanEntitlements>().MayAddMemberAsync());
        await BillingTestData.PutOnPlanAsync(app, workspace.Id, "pro");
        var onPro = await app.Services.AsUserAsync(user.Id, s => s.GetRequiredService<PlanEntitlements>().MayAddMemberAsync());

        Assert.Equal("Starter allows 1 member; you have 1. Upgrade to invite more.", onStarter.Reason);
        Assert.True(onPro.Allowed);
    }

    [Fact]
    public async Task The_Team_Invite_Counts_Members_And_Pending_Invitations_Against_The_Plan()
    {
        var (owner, workspace) = await app.CreateUserAsync();
        Task<TeamResult> InviteAsync(string who) => app.Services.AsUserAsync(owner.Id, s => s.GetRequiredService<TeamService>()
            .InviteAsync($"{who}-{Guid.NewGuid():N}@example.com", WorkspaceRole.Editor, token => "http://localhost/invitations/accept?token=" + token));
        await BillingTestData.PutOnPlanAsync(app, workspace.Id, "starter");

        var onStarter = await InviteAsync("first");
        await BillingTestData.PutOnPlanAsync(app, workspace.Id, "pro");
        // Pro has 5 seats: the Owner and four pending invitations fill them.
        var onPro = new List<TeamResult>();
        foreach (var who in new[] { "a", "b", "c", "d", "e" }) onPro.Add(await InviteAsync(who));

        Assert.False(onStarter.Done);
        Assert.Equal("Starter allows 1 member; you have 1. Upgrade to invite more.", onStarter.Message);
        Assert.All(onPro.Take(4), r => Assert.True(r.Done, r.Message));
        Assert.False(onPro[4].Done);
        Assert.Contains("Pro allows 5 members", onPro[4].Message);
        Assert.Equal(4, (await app.RowsOfAsync<Invitation>(workspace.Id)).Count);
    }

    [Fact]
    public async Task Limits_Count_Only_The_Workspaces_Own_Rows()
    {
        var (_, crowded) = await app.CreateUserAsync(workspaceName: "Crowded");
        await ConnectionsTestData.AddAccountAsync(app, crowded, "One", "one");
        await ConnectionsTestData.AddAccountAsync(app, crowded, "Two", "two");
        var (user, workspace) = await app.CreateUserAsync();
        await BillingTestData.PutOnPlanAsync(app, workspace.Id, "starter");

        var usage = await app.Services.AsUserAsync(user.Id, s => s.GetRequiredService<PlanEntitlements>().UsageAsync());
        var connect = await app.Services.AsUserAsync(user.Id, s => s.GetRequiredService<PlanEntitlements>().MayConnectAccountAsync());

        Assert.Equal(0, usage.ConnectedAccounts);
        Assert.True(connect.Allowed);
    }

    [Fact]
    public async Task A_Contributor_Limited_To_One_Account_Still_Counts_The_Whole_Workspace_Against_The_Plan()
    {
        var (owner, workspace) = await app.CreateUserAsync();
        await BillingTestData.PutOnPlanAsync(app, workspace.Id, "starter");
        var mine = await ConnectionsTestData.AddAccountAsync(app, workspace, "Mine", "mine");
        var theirs = await ConnectionsTestData.AddAccountAsync(app, workspace, "Theirs", "theirs");
        var berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
        var monthLocal = TimeZoneInfo.ConvertTime(app.Clock.GetUtcNow(), berlin).Date.AddMonths(2);
        var slot = TimeZoneInfo.ConvertTimeToUtc(new DateTime(monthLocal.Year, monthLocal.Month, 10, 9, 0, 0), berlin);
        // The month is full, but every post is on the account the Contributor cannot see.
        await AddScheduledPostsAsync(workspace, theirs.Id, owner.Id, slot, 150);
        var contributor = await ScopedMemberAsync(workspace, WorkspaceRole.Contributor, mine.Id);

        var usage = await app.Services.AsUserAsync(contributor, s => s.GetRequiredService<PlanEntitlements>().UsageAsync());
        var connect = await app.Services.AsUserAsync(contributor, s => s.GetRequiredService<PlanEntitlements>().MayConnectAccountAsync());
        var schedule = await app.Services.AsUserAsync(contributor, s => s.GetRequiredService<PlanEntitlements>().MayScheduleAsync([slot.AddDays(1)]));

        Assert.Equal(2, usage.ConnectedAccounts);
        Assert.Equal("Starter allows 2 TikTok accounts; you have 2. Upgrade to connect more.", connect.Reason);
        Assert.False(schedule.Allowed);
        Assert.StartsWith("Starter allows 150 scheduled posts a month;", schedule.Reason);
        Assert.Contains("already has 150", schedule.Reason);
    }

    [Fact]
    public async Task Lifting_The_Account_Scope_For_Counting_Never_Counts_Another_Workspace()
    {
        var (_, other) = await app.CreateUserAsync(workspaceName: "Other");
        await ConnectionsTestData.AddAccountAsync(app, other, "Far", "far");
        await ConnectionsTestData.AddAccountAsync(app, other, "Away", "away");
        var (_, workspace) = await app.CreateUserAsync();
        await BillingTestData.PutOnPlanAsync(app, workspace.Id, "starter");
        var mine = await ConnectionsTestData.AddAccountAsync(app, workspace, "Mine", "mine");
        var contributor = await ScopedMemberAsync(workspace, WorkspaceRole.Contributor, mine.Id);

        var usage = await app.Services.AsUserAsync(contributor, s => s.GetRequiredService<PlanEntitlements>().UsageAsync());

        Assert.Equal(1, usage.ConnectedAccounts);
    }

    /// <summary>A member of <paramref name="workspace"/> limited to the given accounts (per-account access), as their own current workspace.</summary>
    private async Task<string> ScopedMemberAsync(Workspace workspace, WorkspaceRole role, params Guid[] accountIds)
    {
        var (user, _) = await app.CreateUserAsync(workspaceName: "Their own");
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<StudioDbContext>();
        db.Memberships.Add(new Membership
        {
            UserId = user.Id, WorkspaceId = workspace.Id, Role = role, CreatedAt = app.Clock.GetUtcNow(),
            AccountIds = TikTokStudio.Web.Features.Team.AccountAccess.Store(accountIds),
        });
        (await db.Users.SingleAsync(u => u.Id == user.Id)).CurrentWorkspaceId = workspace.Id;
        await db.SaveChangesAsync();
        return user.Id;
    }

    private Task<ComposeOutcome> SubmitAsync(string userId, ComposeInput input) =>
        app.Services.AsUserAsync(userId, s => s.GetRequiredService<ComposeService>().SubmitAsync(input, CancellationToken.None));

    private async Task<MediaFile> AddVideoAsync(Workspace workspace) => await AddMediaAsync(workspace, ComposerBuilder.Video());

    private async Task<MediaFile> AddMediaAsync(Workspace workspace, MediaFile file)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<StudioDbContext>();
        file.WorkspaceId = workspace.Id;
        db.Set<MediaFile>().Add(file);
        await db.SaveChangesAsync();
        return file;
    }

    private async Task AddScheduledPostsAsync(Workspace workspace, Guid accountId, string userId, DateTimeOffset at, int count)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<StudioDbContext>();
        for (var i = 0; i < count; i++)
        {
            db.Add(new Post
            {
                WorkspaceId = workspace.Id, AccountId = accountId, CompositionId = Guid.NewGuid(), Title = $"Post {i}", Status = PostStatus.Scheduled,
                PublishAt = at.AddMinutes(i), CreatedByUserId = userId, PrivacyLevel = "SELF_ONLY",
            });
        }
        await db.SaveChangesAsync();
    }
}
