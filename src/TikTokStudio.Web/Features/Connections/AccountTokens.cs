using Microsoft.EntityFrameworkCore;
using TikTokStudio.TikTok.Auth;
using TikTokStudio.TikTok.Errors;
using TikTokStudio.Web.Data;
using TikTokStudio.Web.Leases;
using TikTokStudio.Web.Live;

namespace TikTokStudio.Web.Features.Connections;

public sealed record RefreshOutcome(bool Refreshed, AccountHealth Health, string? Reason);

/// <summary>
/// Keeps an account's access token fresh. One refresh per account at a time across every instance (a lease per
/// account, <see cref="RefreshLocks"/>), and the row's TokenVersion stops a second process from overwriting a newer
/// rotation: a lost rotation would leave only a dead refresh token and kill the account.
/// </summary>
public sealed partial class AccountTokens(
    StudioDbContext db, TokenProtector protector, TikTokAuthClient auth, ILiveNotifier live, TimeProvider time, ILogger<AccountTokens> logger,
    RefreshLocks locks)
{
    /// <summary>Refresh when less than this is left of the 24-hour access token.</summary>
    public static readonly TimeSpan RefreshAhead = TimeSpan.FromHours(6);

    public static bool NeedsRefresh(TikTokAccount account, DateTimeOffset now) =>
        account.Status == ConnectionStatus.Connected
        && account.Health != AccountHealth.ReconnectNeeded
        && account.AccessTokenExpiresAt is { } expires && expires - now < RefreshAhead;

    /// <summary>The decrypted access token, refreshed first when it is close to expiry. Null when the account must reconnect.</summary>
    public async Task<string?> GetFreshAccessTokenAsync(Guid accountId, CancellationToken ct)
    {
        var account = await LoadAsync(accountId, ct);
        if (account is null || account.Status != ConnectionStatus.Connected) return null;
        if (NeedsRefresh(account, time.GetUtcNow()))
        {
            await RefreshAsync(accountId, ct);
            account = await LoadAsync(accountId, ct);
        }
        return account?.Health == AccountHealth.ReconnectNeeded ? null : protector.TryUnprotect(account?.ProtectedAccessToken);
    }

    /// <summary>Refreshes now (used by the job when the token nears expiry). Failures are classified and stored on the account.</summary>
    public async Task<RefreshOutcome> RefreshAsync(Guid accountId, CancellationToken ct)
    {
        var gate = await locks.EnterAsync(accountId, ct);
        try
        {
            var account = await LoadAsync(accountId, ct);
            // Read again now that the lock is ours: a tracked copy from before the wait would hide another's rotation.
            if (account is not null) await db.Entry(account).ReloadAsync(ct);
            if (account is null || account.Status != ConnectionStatus.Connected)
                return new RefreshOutcome(false, AccountHealth.ReconnectNeeded, "The account is not connected.");
            var now = time.GetUtcNow();
            // Another caller may have refreshed while this one waited for the lock.
            if (account.LastRefreshedAt is { } last && now - last < TimeSpan.FromMinutes(1))
                return new RefreshOutcome(false, account.Health, account.HealthReason);

            var refreshToken = protector.TryUnprotect(account.ProtectedRefreshToken);
            // The lease may have expired during a long pause and gone to another instance: only its holder rotates.
            if (!await gate.ConfirmAsync(ct)) return new RefreshOutcome(false, account.Health, account.HealthReason);
            if (refreshToken is null)
            {
                account.MarkHealth(AccountHealth.ReconnectNeeded, "The stored sign-in for this account cannot be read (the encryption keys changed). Reconnect the account.");
                return await SaveAsync(account, refreshed: false, ct);
            }

            try
            {
                var token = await auth.RefreshAsync(refreshToken, ct);
                var recoveredFromFailures = account.ConsecutiveRefreshFailures > 0;
                ConnectTikTok.StoreTokens(account, token, now, protector);
                if (!string.IsNullOrEmpty(token.Scope)) account.GrantedScopes = string.Join(',', token.GrantedScopes);
                if (recoveredFromFailures) account.MarkHealth(AccountHealth.Ready, null);
                LogRefreshed(logger, account.Id);
                return await SaveAsync(account, refreshed: true, ct);
            }
            catch (TikTokApiException e)
            {
                account.ConsecutiveRefreshFailures++;
                if (e.Classification is TikTokErrorClass.NeedsReauth or TikTokErrorClass.Permanent or TikTokErrorClass.InvalidRequest)
                    account.MarkHealth(AccountHealth.ReconnectNeeded, "TikTok refused to renew this account's sign-in (it was revoked or has expired). Reconnect the account.");
                else
                    account.MarkHealth(AccountHealth.Attention, $"Renewing the TikTok sign-in failed {account.ConsecutiveRefreshFailures} time(s) in a row; retrying automatically.");
                LogRefreshFailed(logger, account.Id, e.Code, e.Classification);
                return await SaveAsync(account, refreshed: false, ct);
            }
            catch (HttpRequestException)
            {
                account.ConsecutiveRefreshFailures++;
                account.MarkHealth(AccountHealth.Attention, $"TikTok could not be reached to renew the sign-in ({account.ConsecutiveRefreshFailures} time(s)); retrying automatically.");
                return await SaveAsync(account, refreshed: false, ct);
            }
        }
        finally
        {
            await gate.DisposeAsync();
        }
    }

    private async Task<RefreshOutcome> SaveAsync(TikTokAccount account, bool refreshed, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Another process rotated the tokens first; its tokens are the live ones, ours are discarded.
            db.ChangeTracker.Clear();
            var winner = await LoadAsync(account.Id, ct);
            return new RefreshOutcome(false, winner?.Health ?? AccountHealth.ReconnectNeeded, winner?.HealthReason);
        }
        await live.ChangedAsync(account.WorkspaceId, "account", account.Id.ToString(), ct);
        return new RefreshOutcome(refreshed, account.Health, account.HealthReason);
    }

    /// <summary>Accounts are read by id across workspaces here: the callers (jobs, the publisher) act for the account's own workspace.</summary>
    private Task<TikTokAccount?> LoadAsync(Guid accountId, CancellationToken ct) =>
        db.Set<TikTokAccount>().IgnoreQueryFilters().FirstOrDefaultAsync(a => a.Id == accountId, ct);

    [LoggerMessage(Level = LogLevel.Information, Message = "Refreshed the TikTok tokens of account {AccountId}")]
    private static partial void LogRefreshed(ILogger logger, Guid accountId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refreshing the TikTok tokens of account {AccountId} failed: {Code} ({Classification})")]
    private static partial void LogRefreshFailed(ILogger logger, Guid accountId, string code, TikTokErrorClass classification);
}
