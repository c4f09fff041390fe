using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TikTokStudio.Tests.Infrastructure;
using TikTokStudio.Web.Data;
using Quartz;
using TikTokStudio.Web.Features.Connections;
using TikTokStudio.Web.Features.Posts;
using TikTokStudio.Web.Features.Posts.Publish;
using TikTokStudio.Web.Features.Workspaces;
using TikTokStudio.Web.Live;

namespace TikTokStudio.Tests.Features.Connections;

/// <summary>Login Kit through the front door: the app on a real loopback port talking to its own emulated TikTok.</summary>
public abstract class ConnectTikTokTestsSuite<TFixture> : IClassFixture<TFixture> where TFixture : RealServerFixture
{
    private readonly StudioAppFactory app;

    protected ConnectTikTokTestsSuite(TFixture server) => app = server.App;

    [Fact]
    public async Task Connecting_The_Public_Creator_Stores_A_Ready_Direct_Post_Account()
    {
        var (client, workspace) = await app.SignedInOwnerAsync();

        var landing = await EmulatedTikTok.ConnectAsync(client, "public_creator");

        Assert.StartsWith("/app/connections?connected=", landing);
        var account = await SingleAccountAsync(workspace.Id);
        Assert.Equal("public_creator", account.Username);
        Assert.Equal(PostingMode.DirectPost, account.Mode(appAudited: true));
        Assert.Equal(AccountHealth.Ready, account.Health);
        Assert.Contains("PUBLIC_TO_EVERYONE", account.PrivacyOptions);
        Assert.NotNull(account.CreatorInfoCheckedAt);
        var page = await client.GetStringAsync(landing);
        Assert.Contains("Connected " + account.DisplayName, page);
        Assert.Contains("Direct post", page);
        Assert.Contains("data-health=\"Ready\"", page);
    }

    [Fact]
    public async Task Tokens_Are_Encrypted_In_The_Raw_Database_And_Never_Rendered()
    {
        var (client, workspace) = await app.SignedInOwnerAsync();
        await EmulatedTikTok.ConnectAsync(client, "quiet_creator");
        var account = await SingleAccountAsync(workspace.Id);
        var protector = app.Services.GetRequiredService<TokenProtector>();
        var accessToken = protector.TryUnprotect(account.ProtectedAccessToken)!;
        var refreshToken = protector.TryUnprotect(account.ProtectedRefreshToken)!;
        Assert.StartsWith("act.", accessToken);

        var rawDatabase = await ReadRawDatabaseAsync();
        var list = await client.GetStringAsync("/app/connections");
        var details = await client.GetStringAsync($"/app/connections/{account.Id}");

        foreach (var secret in new[] { accessToken, refreshToken })
        {
            Assert.DoesNotContain(secret, rawDatabase);
            Assert.DoesNotContain(secret, list);
            Assert.DoesNotContain(secret, details);
        }
    }

    [Fact]
    public async Task A_Replayed_Callback_Is_Refused_And_Stores_Nothing_More()
    {
        var (client, workspace) = await app.SignedInOwnerAsync();
        var consent = await EmulatedTikTok.StartConnectAsync(client);
        var callback = await EmulatedTikTok.AnswerConsentAsync(client, consent, "public_creator");
        var first = await client.GetAsync(callback.PathAndQuery);

        var replay = await client.GetAsync(callback.PathAndQuery);

        Assert.StartsWith("/app/connections?connected=", first.Headers.Location!.ToString());
        Assert.Equal("/app/connections?failed=StateReused", replay.Headers.Location!.ToString());
        Assert.Contains("already used", await client.GetStringAsync(replay.Headers.Location!.ToString()));
        Assert.Single(await app.RowsOfAsync<TikTokAccount>(workspace.Id));
    }

    [Fact]
    public async Task A_Callback_Arriving_In_Another_Workspace_Is_Refused()
    {
        var (client, first) = await app.SignedInOwnerAsync();
        var consent = await EmulatedTikTok.StartConnectAsync(client);
        var callback = await EmulatedTikTok.AnswerConsentAsync(client, consent, "public_creator");
        var second = await CreateWorkspaceForAsync(first.Id, "Second brand");

        var response = await client.GetAsync(callback.PathAndQuery);

        Assert.Equal("/app/connections?failed=WrongUserOrWorkspace", response.Headers.Location!.ToString());
        Assert.Empty(await app.RowsOfAsync<TikTokAccount>(first.Id));
        Assert.Empty(await app.RowsOfAsync<TikTokAccount>(second.Id));
    }

    [Fact]
    public async Task A_Callback_Whose_Attempt_Lost_Its_Pkce_Verifier_Is_Refused()
    {
        var (client, workspace) = await app.SignedInOwnerAsync();
        var consent = await EmulatedTikTok.StartConnectAsync(client);
        var callback = await EmulatedTikTok.AnswerConsentAsync(client, consent, "public_creator");
        using (var scope = app.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<StudioDbContext>().Set<ConnectAttempt>().IgnoreQueryFilters()
                .Where(a => a.WorkspaceId == workspace.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(a => a.ProtectedCodeVerifier, ""));
        }

        var response = await client.GetAsync(callback.PathAndQuery);

        Assert.Equal("/app/connections?failed=VerifierMissing", response.Headers.Location!.ToString());
        Assert.Empty(await app.RowsOfAsync<TikTokAccount>(workspace.Id));
    }

    [Fact]
    public async Task A_Forged_State_Is_Refused()
    {
        var (client, workspace) = await app.SignedInOwnerAsync();

        var response = await client.GetAsync("/app/connections/callback?code=abc&state=not-ours");

        Assert.Equal("/app/connections?failed=StateUnknown", response.Headers.Location!.ToString());
        Assert.Empty(await app.RowsOfAsync<TikTokAccount>(workspace.Id));
    }

    [Fact]
    public async Task Denying_Consent_Shows_A_Message_And_Stores_Nothing()
    {
        var (client, workspace) = await app.SignedInOwnerAsync();

        var landing = await EmulatedTikTok.ConnectAsync(client, asCreator: null);

        Assert.Equal("/app/connections?failed=Denied", landing);
        Assert.Contains("You cancelled on TikTok, so nothing was connected.", await client.GetStringAsync(landing));
        Assert.Empty(await app.RowsOfAsync<TikTokAccount>(workspace.Id));
    }

    [Fact]
    public async Task Reconnecting_The_Same_Creator_Updates_The_One_Row()
    {
        var (client, workspace) = await app.SignedInOwnerAsync();
        await EmulatedTikTok.ConnectAsync(client, "public_creator");
        var before = await SingleAccountAsync(workspace.Id);

        await EmulatedTikTok.ConnectAsync(client, "public_creator");

        var after = await SingleAccountAsync(workspace.Id);
        Assert.Equal(before.Id, after.Id);
        Assert.NotEqual(before.ProtectedRefreshToken, after.ProtectedRefreshToken);
        Assert.True(after.TokenVersion > before.TokenVersion);
    }

    [Fact]
    public async Task The_Upload_Only_Creator_Is_Connected_In_Draft_Mode_With_The_Reason()
    {
        var (client, workspace) = await app.SignedInOwnerAsync();

        var landing = await EmulatedTikTok.ConnectAsync(client, "upload_only_creator");

        var account = await SingleAccountAsync(workspace.Id);
        Assert.Equal(PostingMode.Draft, account.Mode(appAudited: true));
        Assert.False(account.CanSwitchMode(appAudited: true));
        var page = await client.GetStringAsync(landing);
        Assert.Contains("posts to this account can only be drafts", page);
        Assert.Contains("data-mode=\"Draft\"", page);
    }

    [Fact]
    public async Task Unticking_Both_Posting_Permissions_Refuses_The_Connection()
    {
        var (client, workspace) = await app.SignedInOwnerAsync();

        var landing = await EmulatedTikTok.ConnectAsync(client, "public_creator", uncheckScopes: ["video.publish", "video.upload"]);

        Assert.Equal("/app/connections?failed=NoPostingScope", landing);
        Assert.Empty(await app.RowsOfAsync<TikTokAccount>(workspace.Id));
    }

    [Fact]
    public async Task The_Capped_Creator_Connects_But_Shows_Why_It_Cannot_Post_Today()
    {
        var (client, workspace) = await app.SignedInOwnerAsync();

        await EmulatedTikTok.ConnectAsync(client, "capped_creator");

        var account = await SingleAccountAsync(workspace.Id);
        Assert.Equal(AccountHealth.Attention, account.Health);
        Assert.Contains("daily posting limit", account.HealthReason);
    }

    [Fact]
    public async Task The_Banned_Creator_Connects_But_Is_Told_It_Cannot_Post_And_That_Reconnecting_Does_Not_Lift_The_Ban()
    {
        var (client, workspace) = await app.SignedInOwnerAsync();

        var landing = await EmulatedTikTok.ConnectAsync(client, "banned_creator");

        var account = await SingleAccountAsync(workspace.Id);
        Assert.Equal(AccountHealth.CannotPost, account.Health);
        Assert.Contains("Reconnecting does not lift a ban", account.HealthReason);
        var list = await client.GetStringAsync(landing);
        Assert.Contains("data-health=\"CannotPost\"", list);
        Assert.DoesNotContain("did not allow direct posting", list);
        var details = await client.GetStringAsync($"/app/connections/{account.Id}");
        Assert.DoesNotContain("did not allow direct posting", details);
        Assert.Contains("cannot post right now", details);
    }

    [Fact]
    public async Task Switching_A_Direct_Account_To_Drafts_Changes_Its_Mode_And_Raises_A_Live_Change()
    {
        var (client, workspace) = await app.SignedInOwnerAsync();
        await EmulatedTikTok.ConnectAsync(client, "public_creator");
        var account = await SingleAccountAsync(workspace.Id);
        var heard = new List<string>();
        using var subscription = app.Services.GetRequiredService<ILiveEvents>().Subscribe(workspace.Id, change =>
        {
            lock (heard) heard.Add(change.Entity + ":" + change.Id);
            return Task.CompletedTask;
        });

        await using var scope = await ConnectionsTestData.AsMemberAsync(app, await OwnerOfAsync(workspace.Id));
        var change = await scope.ServiceProvider.GetRequiredService<AccountConnections>().SwitchModeAsync(account.Id, preferDrafts: true);

        Assert.True(change.Succeeded, change.Message);
        Assert.Equal(PostingMode.Draft, (await SingleAccountAsync(workspace.Id)).Mode(appAudited: true));
        lock (heard) Assert.Contains($"account:{account.Id}", heard);
    }

    [Fact]
    public async Task A_Viewer_Cannot_Switch_Mode_Or_Disconnect_And_Nothing_Changes()
    {
        var (client, workspace) = await app.SignedInOwnerAsync();
        await EmulatedTikTok.ConnectAsync(client, "public_creator");
        var account = await SingleAccountAsync(workspace.Id);
        var (viewer, _) = await app.CreateUserAsync(workspaceName: "Viewer's own");
        await ConnectionsTestData.AddMemberAsync(app, viewer.Id, workspace.Id, WorkspaceRole.Viewer);

        await using var scope = await ConnectionsTestData.AsMemberAsync(app, viewer.Id);
        var connections = scope.ServiceProvider.GetRequiredService<AccountConnections>();
        var switched = await connections.SwitchModeAsync(account.Id, preferDrafts: true);
        var disconnected = await connections.DisconnectAsync(account.Id);

        Assert.False(switched.Succeeded);
        Assert.False(disconnected.Succeeded);
        Assert.Equal(AccountConnections.OnlyAdmins, disconnected.Message);
        var after = await SingleAccountAsync(workspace.Id);
        Assert.False(after.PreferDrafts);
        Assert.Equal(ConnectionStatus.Connected, after.Status);
        Assert.NotNull(after.ProtectedRefreshToken);
    }

    [Fact]
    public async Task Another_Workspaces_Admin_Cannot_Disconnect_The_Account()
    {
        var (client, workspace) = await app.SignedInOwnerAsync();
        await EmulatedTikTok.ConnectAsync(client, "public_creator");
        var account = await SingleAccountAsync(workspace.Id);
        var (stranger, _) = await app.CreateUserAsync(workspaceName: "Elsewhere");

        await using var scope = await ConnectionsTestData.AsMemberAsync(app, stranger.Id);
        var change = await scope.ServiceProvider.GetRequiredService<AccountConnections>().DisconnectAsync(account.Id);

        Assert.False(change.Succeeded);
        Assert.Equal(ConnectionStatus.Connected, (await SingleAccountAsync(workspace.Id)).Status);
    }

    [Fact]
    public async Task Disconnect_Revokes_At_TikTok_Deletes_The_Tokens_And_Keeps_The_Row()
    {
        var (client, workspace) = await app.SignedInOwnerAsync();
        await EmulatedTikTok.ConnectAsync(client, "public_creator");
        var account = await SingleAccountAsync(workspace.Id);
        var accessToken = app.Services.GetRequiredService<TokenProtector>().TryUnprotect(account.ProtectedAccessToken)!;

        var change = await DisconnectAsOwnerAsync(workspace.Id, account.Id);

        Assert.True(change.Succeeded);
        Assert.Equal(0, change.PausedPosts);
        var after = await SingleAccountAsync(workspace.Id);
        Assert.Equal(ConnectionStatus.Disconnected, after.Status);
        Assert.Null(after.ProtectedAccessToken);
        Assert.Null(after.ProtectedRefreshToken);
        var userInfo = new HttpRequestMessage(HttpMethod.Get, "/emulators/tiktok/v2/user/info/?fields=open_id");
        userInfo.Headers.Authorization = new("Bearer", accessToken);
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, (await client.SendAsync(userInfo)).StatusCode);
    }

    [Fact]
    public async Task Disconnect_Pauses_Scheduled_Posts_With_The_Reason_And_Reconnect_Schedules_Them_Again()
    {
        var (client, workspace) = await app.SignedInOwnerAsync();
        await EmulatedTikTok.ConnectAsync(client, "public_creator");
        var account = await SingleAccountAsync(workspace.Id);
        var post = new Post
        {
            WorkspaceId = workspace.Id, AccountId = account.Id, Status = PostStatus.Scheduled, CreatedByUserId = "someone",
            PublishAt = DateTimeOffset.UtcNow.AddDays(1), PrivacyLevel = "SELF_ONLY",
        };
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<StudioDbContext>();
            db.Add(post);
            await db.SaveChangesAsync();
            await scope.ServiceProvider.GetRequiredService<PostScheduler>().ScheduleAsync(post, CancellationToken.None);
        }
        var quartz = await app.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();

        var change = await DisconnectAsOwnerAsync(workspace.Id, account.Id);

        var paused = Assert.Single(await app.RowsOfAsync<Post>(workspace.Id));
        Assert.Equal(PostStatus.Paused, paused.Status);
        Assert.Equal(AccountConnectionPosts.PausedReason, paused.FailMessage);
        Assert.Null(await quartz.GetTrigger(PostScheduler.SlotTriggerFor(post.Id)));
        Assert.Contains("1 scheduled post(s) are paused until you reconnect it.", change.Message);

        await EmulatedTikTok.ConnectAsync(client, "public_creator");

        var resumed = Assert.Single(await app.RowsOfAsync<Post>(workspace.Id));
        Assert.Equal(PostStatus.Scheduled, resumed.Status);
        Assert.Equal(resumed.PublishAt, PostScheduler.SlotOf(await quartz.GetTrigger(PostScheduler.SlotTriggerFor(post.Id))));
    }

    [Fact]
    public async Task A_Viewer_Cannot_Start_A_Connection()
    {
        var client = await app.SignedInViewerAsync();
        var page = await client.GetStringAsync("/app/connections");

        var response = await client.PostAsync("/app/connections/connect", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = StudioAppFactory.AntiforgeryMetaOf(page),
        }));

        Assert.DoesNotContain(">Connect TikTok<", page);
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, response.StatusCode);
    }

    private async Task<Workspace> CreateWorkspaceForAsync(Guid existingWorkspaceId, string name)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<StudioDbContext>();
        var userId = await db.Memberships.IgnoreQueryFilters().Where(m => m.WorkspaceId == existingWorkspaceId).Select(m => m.UserId).SingleAsync();
        var user = await db.Users.SingleAsync(u => u.Id == userId);
        return await scope.ServiceProvider.GetRequiredService<WorkspaceService>().CreateAsync(user, name, "UTC");
    }

    private async Task<ConnectionChange> DisconnectAsOwnerAsync(Guid workspaceId, Guid accountId)
    {
        await using var scope = await ConnectionsTestData.AsMemberAsync(app, await OwnerOfAsync(workspaceId));
        return await scope.ServiceProvider.GetRequiredService<AccountConnections>().DisconnectAsync(accountId);
    }

    private async Task<string> OwnerOfAsync(Guid workspaceId)
    {
        using var scope = app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<StudioDbContext>().Memberships.IgnoreQueryFilters()
            .Where(m => m.WorkspaceId == workspaceId && m.Role == WorkspaceRole.Owner).Select(m => m.UserId).SingleAsync();
    }

    private async Task<TikTokAccount> SingleAccountAsync(Guid workspaceId) => Assert.Single(await app.RowsOfAsync<TikTokAccount>(workspaceId));

    private async Task<string> ReadRawDatabaseAsync()
    {
        // Everything the database holds for the table, as text, straight from the engine (not through EF).
        await using System.Data.Common.DbConnection connection = app.DatabaseConnectionString is { } postgres
            ? new Npgsql.NpgsqlConnection(postgres)
            : new SqliteConnection($"Data Source={Path.Combine(app.DataDirectory, "studio.db")};Mode=ReadOnly");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "select * from \"TikTokAccounts\"";
        await using var reader = await command.ExecuteReaderAsync();
        var text = new StringBuilder();
        while (await reader.ReadAsync())
            for (var i = 0; i < reader.FieldCount; i++) text.Append(reader.IsDBNull(i) ? "" : Convert.ToString(reader.GetValue(i))).Append('|');
        return text.ToString();
    }
}

public sealed class ConnectTikTokTests(RealServerFixture fixture) : ConnectTikTokTestsSuite<RealServerFixture>(fixture);

/// <summary>The same suite on PostgreSQL.</summary>
[OnPostgres]
public sealed class ConnectTikTokTestsOnPostgres(PostgresRealServerFixture fixture) : ConnectTikTokTestsSuite<PostgresRealServerFixture>(fixture);
