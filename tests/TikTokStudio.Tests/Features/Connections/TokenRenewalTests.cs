using System.Net.Http.Json;
using System.Text.Json;
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
/// Renewing an account's tokens: only when needed, and a renewal cut off after TikTok rotated the refresh token
/// leaves a clear, alerted state (TikTok says the returned refresh token must be used; the old one is assumed dead).
/// </summary>
public class TokenRenewalTests
{
    protected virtual DatabaseProvider Provider => DatabaseProvider.Sqlite;

    private PublishTestKit Kit(Dictionary<string, string>? settings = null) => new(settings, provider: Provider);

    [Fact]
    public async Task The_Token_Job_Renews_A_Short_Lived_Token_Only_When_It_Nears_Its_End()
    {
        // One-hour access tokens: shorter than the six hours ahead the app renews a day-long token.
        using var kit = Kit(new Dictionary<string, string> { ["Emulators:TikTok:AccessTokenLifetimeSeconds"] = "3600" });
        await kit.SignInAsync();
        var creator = await kit.NewCreatorAsync();
        var account = await kit.ConnectAsync(creator);

        for (var tick = 1; tick <= 4; tick++)
        {
            await kit.AdvanceBothClocksAsync(RefreshTokensJob.Interval);
            await RunMaintenanceAsync(kit);
        }
        var afterFourTicks = await RefreshesAsync(kit, creator);
        await kit.AdvanceBothClocksAsync(RefreshTokensJob.Interval); // 10 minutes left of the hour
        await RunMaintenanceAsync(kit);

        Assert.Empty(afterFourTicks);
        Assert.Single(await RefreshesAsync(kit, creator));
        var renewed = await kit.AccountAsync(account.Id);
        Assert.Equal(account.TokenVersion + 1, renewed.TokenVersion);
        Assert.Equal(AccountHealth.Ready, renewed.Health);
    }

    [Fact]
    public async Task A_Renewal_Cut_Off_After_TikTok_Rotated_Says_So_Alerts_Owners_And_Admins_And_Flags_Every_Scheduled_Post()
    {
        using var kit = Kit();
        await kit.SignInAsync();
        var admin = await MemberAsync(kit, WorkspaceRole.Admin);
        var editor = await MemberAsync(kit, WorkspaceRole.Editor);
        var creator = await kit.NewCreatorAsync();
        var account = await kit.ConnectAsync(creator);
        var (video, _) = await kit.VideoAsync(size: 1_000_000);
        var soon = await kit.PostAsync(account, video, publishAt: kit.App.Clock.GetUtcNow().AddHours(22));
        var later = await kit.PostAsync(account, video, publishAt: kit.App.Clock.GetUtcNow().AddDays(3));
        await kit.AdvanceBothClocksAsync(TimeSpan.FromHours(20)); // inside the renewal window

        // TikTok receives the renewal and rotates the refresh token, then the app is cut off before it hears the answer.
        await kit.FaultsAsync(new { hold_next_refresh_ms = 30_000 });
        using (var cut = new CancellationTokenSource())
        using (var scope = kit.App.Services.CreateScope())
        {
            var renewing = scope.ServiceProvider.GetRequiredService<AccountTokens>().GetFreshAccessTokenAsync(account.Id, cut.Token);
            await WaitForRefreshAsync(kit, creator);
            cut.Cancel();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => renewing);
        }
        await kit.FaultsAsync(new { hold_next_refresh_ms = 0 });
        Assert.NotNull((await kit.AccountAsync(account.Id)).RenewalInFlightSince);

        await RunMaintenanceAsync(kit); // the next need for the token: the old refresh token gets invalid_grant

        var after = await kit.AccountAsync(account.Id);
        Assert.Equal(AccountHealth.ReconnectNeeded, after.Health);
        Assert.Equal(AccountTokens.InterruptedRenewalReason, after.HealthReason);
        Assert.Equal(["ok", "invalid_grant"], (await RefreshesAsync(kit, creator)).Select(r => r.GetProperty("outcome").GetString()));
        Assert.Contains(AccountTokens.InterruptedRenewalReason, await kit.Client.GetStringAsync("/app/connections"));
        // Owners and Admins hear at once, by email and in the notifications (bell); Editors do not get the email.
        var mail = await OutboxAsync(kit);
        Assert.Contains(mail, m => m.To == Email(kit, kit.UserId) && m.HtmlBody.Contains(AccountTokens.InterruptedRenewalReason));
        Assert.Contains(mail, m => m.To == admin && m.HtmlBody.Contains(AccountTokens.InterruptedRenewalReason));
        Assert.DoesNotContain(mail, m => m.To == editor);
        Assert.Contains(AccountTokens.InterruptedRenewalReason, await kit.Client.GetStringAsync("/app/notifications"));
        // Every scheduled post of the account is flagged, not only the one inside the pre-flight lead.
        foreach (var post in new[] { soon, later })
        {
            var flags = (await kit.EventsAsync(post.Id)).Where(e => e.Kind == PostEventKinds.PreflightProblem).ToList();
            Assert.Contains(AccountTokens.InterruptedRenewalReason, Assert.Single(flags).Message);
            Assert.Equal(PostStatus.Scheduled, (await kit.LoadAsync(post.Id)).Status);
        }
    }

    [Fact]
    public async Task A_Renewal_Cut_Off_Before_TikTok_Rotated_Continues_Without_Asking_Anybody()
    {
        // TikTok keeps the old refresh token valid here, as when the cut-off renewal never changed anything there.
        using var kit = Kit(new Dictionary<string, string> { ["Emulators:TikTok:RotateRefreshTokens"] = "false" });
        await kit.SignInAsync();
        var creator = await kit.NewCreatorAsync();
        var account = await kit.ConnectAsync(creator);
        await kit.AdvanceBothClocksAsync(TimeSpan.FromHours(20));
        await kit.FaultsAsync(new { hold_next_refresh_ms = 30_000 });
        using (var cut = new CancellationTokenSource())
        using (var scope = kit.App.Services.CreateScope())
        {
            var renewing = scope.ServiceProvider.GetRequiredService<AccountTokens>().GetFreshAccessTokenAsync(account.Id, cut.Token);
            await WaitForRefreshAsync(kit, creator);
            cut.Cancel();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => renewing);
        }
        await kit.FaultsAsync(new { hold_next_refresh_ms = 0 });

        await RunMaintenanceAsync(kit);

        var after = await kit.AccountAsync(account.Id);
        Assert.Equal(AccountHealth.Ready, after.Health);
        Assert.Null(after.RenewalInFlightSince);
        Assert.True(after.TokenVersion > account.TokenVersion);
        Assert.Empty(await OutboxAsync(kit, subjectContains: "Reconnect"));
    }

    private static async Task RunMaintenanceAsync(PublishTestKit kit)
    {
        using var scope = kit.App.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<AccountMaintenance>().RunAsync(CancellationToken.None);
    }

    private static async Task<List<JsonElement>> RefreshesAsync(PublishTestKit kit, string creator) =>
        (await kit.Client.GetFromJsonAsync<JsonElement[]>("/emulators/tiktok/_emulator/refreshes"))!
            .Where(r => r.GetProperty("creator").GetString() == creator).ToList();

    private static async Task WaitForRefreshAsync(PublishTestKit kit, string creator)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while ((await RefreshesAsync(kit, creator)).Count == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "TikTok never received the renewal.");
            await Task.Delay(10);
        }
    }

    /// <summary>A user with a role in the kit's workspace; returns their email.</summary>
    private static async Task<string> MemberAsync(PublishTestKit kit, WorkspaceRole role)
    {
        var (user, _) = await kit.App.CreateUserAsync(workspaceName: role + "'s own");
        using var scope = kit.App.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<StudioDbContext>();
        db.Memberships.Add(new Membership { UserId = user.Id, WorkspaceId = kit.Workspace.Id, Role = role });
        await db.SaveChangesAsync();
        return user.Email!;
    }

    private static string Email(PublishTestKit kit, string userId)
    {
        using var scope = kit.App.Services.CreateScope();
        return scope.ServiceProvider.GetRequiredService<StudioDbContext>().Users.Single(u => u.Id == userId).Email!;
    }

    private static async Task<List<TikTokStudio.Web.Email.OutboxEmail>> OutboxAsync(PublishTestKit kit, string? subjectContains = null)
    {
        using var scope = kit.App.Services.CreateScope();
        var mail = await scope.ServiceProvider.GetRequiredService<StudioDbContext>().OutboxEmails.AsNoTracking().ToListAsync();
        return mail.Where(m => subjectContains is null || m.Subject.Contains(subjectContains)).ToList();
    }
}

/// <summary>The same suite on PostgreSQL, where the refresh lock is a lease row in the database.</summary>
[OnPostgres]
public sealed class TokenRenewalTestsOnPostgres : TokenRenewalTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Postgres;
}
