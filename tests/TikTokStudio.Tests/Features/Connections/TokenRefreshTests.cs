using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TikTokStudio.TikTok.Display;
using TikTokStudio.Tests.Features.Activity;
using TikTokStudio.Tests.Infrastructure;
using TikTokStudio.Web.Data;
using TikTokStudio.Web.Features.Activity;
using TikTokStudio.Web.Features.Connections;
using TikTokStudio.Web.Features.Workspaces;

namespace TikTokStudio.Tests.Features.Connections;

/// <summary>The token job across simulated days: the app's clock and the emulator's clock move forward together.</summary>
public class TokenRefreshTests : IDisposable
{
    private readonly StudioAppFactory app;

    public TokenRefreshTests() : this(DatabaseProvider.Sqlite)
    {
    }

    protected TokenRefreshTests(DatabaseProvider provider) => app = new(realServer: true, provider: provider, owner: GetType().Name);

    [Fact]
    public async Task An_Account_Stays_Ready_Across_Several_Days_Without_Anybody_Touching_It()
    {
        var (client, workspace) = await app.SignedInOwnerAsync();
        await EmulatedTikTok.ConnectAsync(client, "public_creator");
        var original = await SingleAccountAsync(workspace.Id);

        for (var day = 1; day <= 3; day++)
        {
            // 20 h later the 24 h access token is inside the refresh window; the job renews it before it dies.
            await AdvanceBothClocksAsync(client, TimeSpan.FromHours(20));
            await RunMaintenanceAsync();
            await AdvanceBothClocksAsync(client, TimeSpan.FromHours(4));
        }

        var account = await SingleAccountAsync(workspace.Id);
        Assert.Equal(AccountHealth.Ready, account.Health);
        Assert.True(account.TokenVersion >= original.TokenVersion + 3, $"Expected three renewals, token version went {original.TokenVersion} -> {account.TokenVersion}.");
        Assert.NotEqual(original.ProtectedRefreshToken, account.ProtectedRefreshToken);
        // 72 h after connecting, the stored token still works at TikTok.
        using var scope = app.Services.CreateScope();
        var token = await scope.ServiceProvider.GetRequiredService<AccountTokens>().GetFreshAccessTokenAsync(account.Id, CancellationToken.None);
        var user = await scope.ServiceProvider.GetRequiredService<TikTokDisplayClient>().GetUserInfoAsync(token!, ["open_id", "display_name"]);
        Assert.Equal(account.OpenId, user.OpenId);
    }

    [Fact]
    public async Task A_Revoked_Refresh_Token_Turns_The_Account_Red_With_Reconnect()
    {
        var (client, workspace) = await app.SignedInOwnerAsync();
        await EmulatedTikTok.ConnectAsync(client, "public_creator");
        var account = await SingleAccountAsync(workspace.Id);
        var accessToken = app.Services.GetRequiredService<TokenProtector>().TryUnprotect(account.ProtectedAccessToken)!;
        // The creator removes the app's access on TikTok: the access and refresh tokens die there.
        var revoke = await client.PostAsync("/emulators/tiktok/v2/oauth/revoke/", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["client_key"] = TikTokAppSettings.AuditedEmulatorKey, ["client_secret"] = TikTokAppSettings.AuditedEmulatorSecret, ["token"] = accessToken,
        }));
        revoke.EnsureSuccessStatusCode();

        await AdvanceBothClocksAsync(client, TimeSpan.FromHours(20));
        await RunMaintenanceAsync();

        var after = await SingleAccountAsync(workspace.Id);
        Assert.Equal(AccountHealth.ReconnectNeeded, after.Health);
        Assert.Contains("Reconnect", after.HealthReason);
        var page = await client.GetStringAsync("/app/connections");
        Assert.Contains("data-health=\"ReconnectNeeded\"", page);
        Assert.Contains("Reconnect needed", page);

        // The log says so once, as the system's doing, even when the job runs again.
        await RunMaintenanceAsync();
        var entry = Assert.Single(await app.EntriesAsync(workspace.Id), e => e.Kind == ActivityKinds.AccountNeedsReconnect);
        Assert.Equal(ActorKind.System, entry.ActorKind);
        Assert.Equal(account.Id, entry.AccountId);
        Assert.Contains("Reconnect", entry.Summary);
    }

    [Fact]
    public async Task An_Access_Token_TikTok_Refuses_Earlier_Than_Expected_Is_Renewed_Once_And_The_Account_Stays_Ready()
    {
        var (client, workspace) = await app.SignedInOwnerAsync();
        await EmulatedTikTok.ConnectAsync(client, "public_creator");
        var original = await SingleAccountAsync(workspace.Id);
        // TikTok's clock runs a day ahead of ours: it calls the access token expired while the app still counts 23 h.
        await EmulatedTikTok.AdvanceClockAsync(client, TimeSpan.FromHours(25));
        app.Clock.Advance(AccountMaintenance.CreatorCheckInterval + TimeSpan.FromMinutes(1));

        await RunMaintenanceAsync(); // the hourly creator_info check gets a 401 access_token_invalid

        var account = await SingleAccountAsync(workspace.Id);
        Assert.Equal(AccountHealth.Ready, account.Health);
        Assert.Null(account.HealthReason);
        Assert.Equal(original.TokenVersion + 1, account.TokenVersion); // renewed exactly once
        Assert.True(account.CreatorInfoCheckedAt > original.CreatorInfoCheckedAt, "creator_info was read with the renewed token");
        Assert.DoesNotContain("Reconnect needed", await client.GetStringAsync("/app/connections"));
    }

    [Fact]
    public async Task A_Refresh_Token_Near_Its_Year_End_Asks_For_A_Reconnect_Ahead_Of_Time()
    {
        var (client, workspace) = await app.SignedInOwnerAsync();
        await EmulatedTikTok.ConnectAsync(client, "public_creator");
        var account = await SingleAccountAsync(workspace.Id);

        var (health, reason) = AccountHealthRules.Current(account, account.RefreshTokenExpiresAt!.Value.AddDays(-10));

        Assert.Equal(AccountHealth.Attention, health);
        Assert.Contains("Reconnect before then", reason);
    }

    private async Task AdvanceBothClocksAsync(HttpClient client, TimeSpan by)
    {
        app.Clock.Advance(by);
        await EmulatedTikTok.AdvanceClockAsync(client, by);
    }

    private async Task RunMaintenanceAsync()
    {
        using var scope = app.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<AccountMaintenance>().RunAsync(CancellationToken.None);
    }

    private async Task<TikTokAccount> SingleAccountAsync(Guid workspaceId)
    {
        using var scope = app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<StudioDbContext>().Set<TikTokAccount>().IgnoreQueryFilters()
            .AsNoTracking().SingleAsync(a => a.WorkspaceId == workspaceId);
    }

    public void Dispose() => app.Dispose();
}

/// <summary>The same suite on PostgreSQL.</summary>
[OnPostgres]
public sealed class TokenRefreshTestsOnPostgres() : TokenRefreshTests(DatabaseProvider.Postgres);

