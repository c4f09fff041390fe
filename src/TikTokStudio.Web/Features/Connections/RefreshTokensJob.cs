using Microsoft.EntityFrameworkCore;
using Quartz;
using TikTokStudio.TikTok.Auth;
using TikTokStudio.TikTok.Errors;
using TikTokStudio.TikTok.Posting;
using TikTokStudio.Web.Data;
using TikTokStudio.Web.Live;

namespace TikTokStudio.Web.Features.Connections;

/// <summary>
/// Every few minutes: renews access tokens well before they expire, and re-reads creator_info about hourly so an
/// account that needs the user (banned, capped, access removed) is flagged before its next slot, not at it.
/// </summary>
[DisallowConcurrentExecution]
public sealed class RefreshTokensJob(AccountMaintenance maintenance) : IJob
{
    public static readonly JobKey Key = new("refresh-tiktok-tokens", "connections");
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(10);

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default) =>
        await maintenance.RunAsync(cancellationToken);
}

public sealed partial class AccountMaintenance(
    StudioDbContext db, AccountTokens tokens, TikTokPostingClient posting, ILiveNotifier live, TimeProvider time, ILogger<AccountMaintenance> logger,
    Activity.ActivityRecorder activity)
{
    public static readonly TimeSpan CreatorCheckInterval = TimeSpan.FromHours(1);

    public async Task RunAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        // The job acts for every workspace, one account at a time, so it reads across the tenant filter on purpose.
        var accounts = await db.Set<TikTokAccount>().IgnoreQueryFilters().AsNoTracking()
            .Where(a => a.Status == ConnectionStatus.Connected)
            .ToListAsync(ct);
        foreach (var account in accounts)
        {
            if (AccountTokens.NeedsRefresh(account, now))
            {
                await tokens.RefreshAsync(account.Id, ct);
            }
            if (account.HasScope(TikTokScopes.VideoPublish) && account.Health != AccountHealth.ReconnectNeeded
                && (account.CreatorInfoCheckedAt is null || now - account.CreatorInfoCheckedAt >= CreatorCheckInterval))
            {
                await CheckCreatorAsync(account.Id, ct);
            }
        }
    }

    /// <summary>Reads creator_info with a fresh token and stores the snapshot and the health it implies.</summary>
    public async Task CheckCreatorAsync(Guid accountId, CancellationToken ct)
    {
        var accessToken = await tokens.GetFreshAccessTokenAsync(accountId, ct);
        db.ChangeTracker.Clear();
        var account = await db.Set<TikTokAccount>().IgnoreQueryFilters().FirstOrDefaultAsync(a => a.Id == accountId, ct);
        if (account is null || accessToken is null) return;
        try
        {
            // A 401 despite our expiry renews the connection once and asks again (AccountTokens.CallAsync). The renewal
            // works on this same tracked row (one context per scope), so what it saved is already here.
            var info = await tokens.CallAsync(accountId, accessToken, token => posting.QueryCreatorInfoAsync(token, ct), ct);
            account.ApplyCreatorInfo(info, time.GetUtcNow());
            if (AccountHealthRules.ClearsOnSuccessfulCheck(account.Health) && account.ConsecutiveRefreshFailures == 0) account.MarkHealth(AccountHealth.Ready, null);
        }
        catch (TikTokApiException e)
        {
            var before = account.Health;
            AccountHealthRules.Apply(account, e);
            AccountHealthRules.RecordIfReconnectNeeded(activity, db, account, before);
            account.CreatorInfoCheckedAt = time.GetUtcNow();
            LogCreatorCheckFailed(logger, accountId, e.Code);
        }
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return; // tokens rotated meanwhile; the next run checks again
        }
        await live.ChangedAsync(account.WorkspaceId, "account", account.Id.ToString(), ct);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "creator_info for account {AccountId} answered {Code}")]
    private static partial void LogCreatorCheckFailed(ILogger logger, Guid accountId, string code);
}
