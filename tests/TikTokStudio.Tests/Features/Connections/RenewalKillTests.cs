using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TikTokStudio.Tests.Features.Posts.Publish;
using TikTokStudio.Tests.Infrastructure;
using TikTokStudio.Web.Data;
using TikTokStudio.Web.Features.Connections;
using TikTokStudio.Web.Features.Posts;
using TikTokStudio.Web.Features.Posts.Publish;
using TikTokStudio.Web.Features.Workspaces;

namespace TikTokStudio.Tests.Features.Connections;

/// <summary>
/// The app as a child process against a standalone emulator, killed with SIGKILL while TikTok holds the answer to a
/// token renewal it has already carried out (the refresh token is rotated, the app never saved the new one). After a
/// restart the old refresh token gets invalid_grant: the account must say exactly that, its Owners and Admins must be
/// alerted, and its scheduled posts flagged, instead of a silent "Reconnect needed".
/// </summary>
public sealed class RenewalKillTests
{
    [Fact]
    [Trait("Category", "Slow")]
    public async Task Killing_The_App_While_TikTok_Answers_A_Renewal_Leaves_A_Clear_Alerted_State_After_Restart()
    {
        await using var emulator = await StandaloneEmulator.StartAsync();
        using var tiktok = new HttpClient { BaseAddress = emulator.Origin };
        var dataDirectory = Path.Combine(Path.GetTempPath(), "tiktok-studio-crash", Guid.NewGuid().ToString("N"));
        var settings = new Dictionary<string, string> { ["TikTok:EmulatorBaseUrl"] = emulator.TikTokBaseUrl };

        // Arrange in-process on the child's data directory: an Owner and an Admin, a creator connected 20 hours ago (its
        // access token is inside the renewal window), one post due within the pre-flight lead and one days later.
        string creator, ownerEmail, adminEmail;
        Guid soonId, laterId;
        using (var setup = new PublishTestKit(settings, reconcile: false, dataDirectory: dataDirectory))
        {
            setup.App.KeepDataDirectory = true;
            await setup.SignInAsync();
            ownerEmail = await EmailOfAsync(setup.App, setup.UserId);
            adminEmail = await AddMemberAsync(setup, WorkspaceRole.Admin);
            creator = await ChildApp.GenerateCreatorAsync(tiktok);
            setup.App.Clock.Advance(-TimeSpan.FromHours(20));
            await ChildApp.ConnectThroughStandaloneAsync(setup, emulator, creator);
            setup.App.Clock.Advance(TimeSpan.FromHours(20));
            var account = await setup.LatestAccountAsync();
            Assert.True(AccountTokens.NeedsRefresh(account, DateTimeOffset.UtcNow), "the child renews at its first need for the token");
            var (video, _) = await setup.VideoAsync(size: 1_000_000);
            soonId = (await setup.PostAsync(account, video, publishAt: DateTimeOffset.UtcNow.AddMinutes(15))).Id;
            laterId = (await setup.PostAsync(account, video, publishAt: DateTimeOffset.UtcNow.AddDays(2))).Id;
        }
        await SetFaultsAsync(tiktok, new { hold_next_refresh_ms = 120_000 });

        var port = ChildApp.FreePort();
        using (var first = ChildApp.Start(dataDirectory, emulator, port))
        {
            // The pre-flight of the post due soon needs the token: TikTok rotates, holds the answer, and the plug is pulled.
            await WaitUntilAsync(async () => (await RefreshesAsync(tiktok, creator)).Count == 1, TimeSpan.FromSeconds(120), first, "TikTok never received the renewal.");
            Assert.NotNull((await ReadAccountAsync(dataDirectory)).RenewalInFlightSince); // recorded before TikTok was asked
            first.Kill(entireProcessTree: true); // SIGKILL: the answer is never read, let alone saved
            await first.WaitForExitAsync();
        }
        await SetFaultsAsync(tiktok, new { hold_next_refresh_ms = 0 });

        using (var second = ChildApp.Start(dataDirectory, emulator, port))
        {
            await WaitUntilAsync(async () => (await ReadAccountAsync(dataDirectory)).Health == nameof(AccountHealth.ReconnectNeeded)
                && await CountAsync(dataDirectory, "SELECT COUNT(*) FROM OutboxEmails") >= 2
                && await CountAsync(dataDirectory, $"SELECT COUNT(*) FROM PostEvent WHERE Kind = '{PostEventKinds.PreflightProblem}'") >= 2,
                TimeSpan.FromSeconds(120), second, "The restarted app never settled the interrupted renewal.");
            await Task.Delay(1000); // a moment for anything else it would still write
            second.Kill(entireProcessTree: true);
            await second.WaitForExitAsync();
        }

        Assert.Equal(["ok", "invalid_grant"], (await RefreshesAsync(tiktok, creator)).Select(r => r.GetProperty("outcome").GetString()));
        using var app = new StudioAppFactory(dataDirectory, realServer: true, settings: new Dictionary<string, string>(settings) { ["Publishing:ReconcileEnabled"] = "false" });
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<StudioDbContext>();
        var after = await db.Set<TikTokAccount>().IgnoreQueryFilters().AsNoTracking().SingleAsync();
        Assert.Equal(AccountHealth.ReconnectNeeded, after.Health);
        Assert.Equal(AccountTokens.InterruptedRenewalReason, after.HealthReason);
        var mail = await db.OutboxEmails.AsNoTracking().ToListAsync();
        Assert.Contains(mail, m => m.To == ownerEmail && m.HtmlBody.Contains(AccountTokens.InterruptedRenewalReason));
        Assert.Contains(mail, m => m.To == adminEmail && m.HtmlBody.Contains(AccountTokens.InterruptedRenewalReason));
        foreach (var postId in new[] { soonId, laterId })
        {
            var flags = await db.Set<PostEvent>().IgnoreQueryFilters().AsNoTracking()
                .Where(e => e.PostId == postId && e.Kind == PostEventKinds.PreflightProblem).ToListAsync();
            Assert.Contains(AccountTokens.InterruptedRenewalReason, Assert.Single(flags).Message);
        }
        var owner = await app.SignInAsync(ownerEmail);
        Assert.Contains(AccountTokens.InterruptedRenewalReason, await owner.GetStringAsync("/app/connections"));
        Assert.Contains(AccountTokens.InterruptedRenewalReason, await owner.GetStringAsync("/app/notifications"));
    }

    private static async Task<string> AddMemberAsync(PublishTestKit kit, WorkspaceRole role)
    {
        var (user, _) = await kit.App.CreateUserAsync(workspaceName: role + "'s own");
        using var scope = kit.App.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<StudioDbContext>();
        db.Memberships.Add(new Membership { UserId = user.Id, WorkspaceId = kit.Workspace.Id, Role = role });
        await db.SaveChangesAsync();
        return user.Email!;
    }

    private static async Task<string> EmailOfAsync(StudioAppFactory app, string userId)
    {
        using var scope = app.Services.CreateScope();
        return (await scope.ServiceProvider.GetRequiredService<StudioDbContext>().Users.SingleAsync(u => u.Id == userId)).Email!;
    }

    private sealed record AccountRow(string Health, string? HealthReason, long? RenewalInFlightSince);

    /// <summary>The one account, read-only from the child's database while it runs.</summary>
    private static async Task<AccountRow> ReadAccountAsync(string dataDirectory)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(dataDirectory, "studio.db")};Mode=ReadOnly");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT Health, HealthReason, RenewalInFlightSince FROM TikTokAccounts";
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        return new AccountRow(reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetInt64(2));
    }

    private static async Task<long> CountAsync(string dataDirectory, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(dataDirectory, "studio.db")};Mode=ReadOnly");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, Process app, string failure)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            Assert.False(app.HasExited, $"The app process exited with {(app.HasExited ? app.ExitCode : 0)}.");
            try
            {
                if (await condition()) return;
            }
            catch (SqliteException)
            {
                // The child is still creating or migrating its database.
            }
            await Task.Delay(20);
        }
        throw new TimeoutException(failure);
    }

    private static async Task<List<JsonElement>> RefreshesAsync(HttpClient tiktok, string creator) =>
        (await tiktok.GetFromJsonAsync<JsonElement[]>("/emulators/tiktok/_emulator/refreshes"))!
            .Where(r => r.GetProperty("creator").GetString() == creator).ToList();

    private static async Task SetFaultsAsync(HttpClient tiktok, object faults) =>
        (await tiktok.PostAsJsonAsync("/emulators/tiktok/_emulator/faults", faults)).EnsureSuccessStatusCode();
}
