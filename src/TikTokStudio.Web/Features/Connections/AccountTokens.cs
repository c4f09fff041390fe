using System.Runtime.ExceptionServices;
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
/// account, <see cref="RefreshLocks"/>, confirmed before TikTok sees the refresh token), and the row's TokenVersion
/// stops a second process from overwriting a newer rotation: a lost rotation would leave only a dead refresh token and
/// kill the account.
/// <para>
/// TikTok says the refresh token a renewal returns must be used, and not that the old one stays valid, so a renewal
/// cut off between TikTok's rotation and our save (a crash, a lost answer) may leave only a dead refresh token. The
/// window is kept narrow and visible: renew only when the token nears its end, mark the row "renewal in flight"
/// before calling, save the answer before anything else, and when a later renewal finds that mark and TikTok answers
/// invalid_grant, say exactly that and alert the workspace's Owners and Admins at once.
/// </para>
/// </summary>
public sealed partial class AccountTokens(
    StudioDbContext db, TokenProtector protector, TikTokAuthClient auth, ConnectionAlerts alerts, ILiveNotifier live, TimeProvider time,
    ILogger<AccountTokens> logger, RefreshLocks locks, Activity.ActivityRecorder activity)
{
    /// <summary>Refresh when less than this is left of the 24-hour access token (a quarter of a shorter one).</summary>
    public static readonly TimeSpan RefreshAhead = TimeSpan.FromHours(6);

    /// <summary>A failed renewal is not tried again sooner than this, doubling with each failure up to <see cref="MaxRetryDelay"/>.</summary>
    public static readonly TimeSpan RetryDelay = TimeSpan.FromMinutes(1);

    public static readonly TimeSpan MaxRetryDelay = TimeSpan.FromMinutes(10);

    public const string InterruptedRenewalReason = "The app was interrupted while renewing this connection; reconnect once to continue.";

    private const string RefusedRenewalReason = "TikTok refused to renew this account's sign-in (it was revoked or has expired). Reconnect the account.";

    /// <summary>
    /// Renew only when needed: the access token nears its end (or is past it), or an earlier renewal never got its
    /// answer saved (settled at the first need after a restart). After a failure the next try waits a little.
    /// </summary>
    public static bool NeedsRefresh(TikTokAccount account, DateTimeOffset now)
    {
        if (account.Status != ConnectionStatus.Connected || account.Health == AccountHealth.ReconnectNeeded) return false;
        var due = account.RenewalInFlightSince is not null
            || (account.AccessTokenExpiresAt is { } expires && expires - now < Ahead(account));
        return due && !BackingOff(account, now);
    }

    /// <summary><see cref="RefreshAhead"/>, or a quarter of the token's lifetime when that is shorter (else every check would renew it).</summary>
    public static TimeSpan Ahead(TikTokAccount account) =>
        account.AccessTokenExpiresAt is { } expires && account.LastRefreshedAt is { } issued && expires > issued
            ? TimeSpan.FromTicks(Math.Min(RefreshAhead.Ticks, (expires - issued).Ticks / 4))
            : RefreshAhead;

    private static bool BackingOff(TikTokAccount account, DateTimeOffset now)
    {
        if (account.ConsecutiveRefreshFailures == 0 || account.LastRenewalAttemptAt is not { } last) return false;
        var wait = TimeSpan.FromTicks(Math.Min(MaxRetryDelay.Ticks, RetryDelay.Ticks << Math.Min(account.ConsecutiveRefreshFailures - 1, 20)));
        return now - last < wait;
    }

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

    /// <summary>TikTok's answer to an access token it no longer accepts (401), whatever our clock says about its expiry.</summary>
    public static bool IsRefusedAccessToken(TikTokApiException e) => e.Code == "access_token_invalid";

    /// <summary>
    /// Makes a call with the account's access token. When TikTok refuses the token earlier than we expected (its clock,
    /// a revocation, an early expiry), the connection is renewed once with the refresh token and the call made again;
    /// only a renewal TikTok refuses makes the account "Reconnect needed" (the renewal marks it, the 401 is rethrown).
    /// A renewal that could not reach TikTok throws a transient error, so the caller retries later.
    /// </summary>
    public async Task<T> CallAsync<T>(Guid accountId, string accessToken, Func<string, Task<T>> call, CancellationToken ct)
    {
        try
        {
            return await call(accessToken);
        }
        catch (TikTokApiException e) when (IsRefusedAccessToken(e))
        {
            return await RetryRefusedAsync(accountId, accessToken, e, call, ct);
        }
    }

    /// <summary>The second half of <see cref="CallAsync"/>, for callers that caught the refusal themselves.</summary>
    public async Task<T> RetryRefusedAsync<T>(Guid accountId, string refusedAccessToken, TikTokApiException refusal, Func<string, Task<T>> call, CancellationToken ct)
    {
        var (renewed, outcome) = await RenewRefusedAsync(accountId, refusedAccessToken, ct);
        if (renewed is not null) return await call(renewed);
        if (outcome.Health == AccountHealth.ReconnectNeeded) ExceptionDispatchInfo.Throw(refusal);
        // TikTok did answer (the 401), so nothing was created by the refused call; only the renewal is to be tried again.
        throw new TikTokApiException("", outcome.Reason ?? "Renewing the TikTok connection failed; retrying later.", refusal.HttpStatus, refusal.LogId,
            TikTokErrorClass.Transient, TikTokErrorSource.OAuth, innerException: refusal);
    }

    /// <summary>
    /// Replaces an access token TikTok refused: with the one another caller renewed meanwhile, or by renewing now
    /// (whatever the stored expiry says). Null when the renewal failed; the outcome says how.
    /// </summary>
    private async Task<(string? AccessToken, RefreshOutcome Outcome)> RenewRefusedAsync(Guid accountId, string refusedAccessToken, CancellationToken ct)
    {
        var gate = await locks.EnterAsync(accountId, ct);
        try
        {
            var account = await LoadCurrentAsync(accountId, ct);
            if (account is null || account.Status != ConnectionStatus.Connected)
                return (null, new RefreshOutcome(false, AccountHealth.ReconnectNeeded, "The account is not connected."));
            var stored = protector.TryUnprotect(account.ProtectedAccessToken);
            if (stored is not null && stored != refusedAccessToken)
                return (account.Health == AccountHealth.ReconnectNeeded ? null : stored, new RefreshOutcome(false, account.Health, account.HealthReason));
            if (BackingOff(account, time.GetUtcNow())) return (null, new RefreshOutcome(false, account.Health, account.HealthReason));
            LogRefused(logger, account.Id);
            var outcome = await RenewLockedAsync(account, gate, ct);
            return (outcome.Refreshed ? protector.TryUnprotect(account.ProtectedAccessToken) : null, outcome);
        }
        finally
        {
            await gate.DisposeAsync();
        }
    }

    /// <summary>Renews when <see cref="NeedsRefresh"/> says so (used by the job and before a call). Failures are classified and stored on the account.</summary>
    public async Task<RefreshOutcome> RefreshAsync(Guid accountId, CancellationToken ct)
    {
        var gate = await locks.EnterAsync(accountId, ct);
        try
        {
            var account = await LoadCurrentAsync(accountId, ct);
            if (account is null || account.Status != ConnectionStatus.Connected)
                return new RefreshOutcome(false, AccountHealth.ReconnectNeeded, "The account is not connected.");
            // Asked again on the row as it is now: another caller may have renewed while this one waited for the lock.
            if (!NeedsRefresh(account, time.GetUtcNow())) return new RefreshOutcome(false, account.Health, account.HealthReason);
            return await RenewLockedAsync(account, gate, ct);
        }
        finally
        {
            await gate.DisposeAsync();
        }
    }

    /// <summary>One renewal with the stored refresh token; the caller holds the account's refresh lease.</summary>
    private async Task<RefreshOutcome> RenewLockedAsync(TikTokAccount account, ILease lease, CancellationToken ct)
    {
        var wasReconnectNeeded = account.Health == AccountHealth.ReconnectNeeded;
        var refreshToken = protector.TryUnprotect(account.ProtectedRefreshToken);
        if (refreshToken is null)
        {
            account.MarkHealth(AccountHealth.ReconnectNeeded, "The stored sign-in for this account cannot be read (the encryption keys changed). Reconnect the account.");
            return await SaveFailureAsync(account, wasReconnectNeeded, ct);
        }

        // The lease may have expired during a long pause and gone to another instance: only its holder marks the row
        // and rotates. Confirming renews it for a full time to live, which covers the mark and TikTok's answer.
        if (!await lease.ConfirmAsync(ct)) return new RefreshOutcome(false, account.Health, account.HealthReason);

        // An earlier renewal that never saved its answer: TikTok may have rotated the refresh token we still hold.
        var interrupted = account.RenewalInFlightSince is not null;
        var now = time.GetUtcNow();
        account.RenewalInFlightSince = now;
        account.LastRenewalAttemptAt = now;
        try
        {
            await db.SaveChangesAsync(ct); // "in flight" is on disk before TikTok sees the refresh token
        }
        catch (DbUpdateConcurrencyException)
        {
            return await WinnerAsync(account.Id, ct); // another process rotated first
        }

        TikTokToken token;
        try
        {
            token = await auth.RefreshAsync(refreshToken, ct);
        }
        catch (TikTokApiException e) when (e.HttpStatus is not null)
        {
            // TikTok answered with an error, so it rotated nothing: the renewal is no longer in flight.
            account.RenewalInFlightSince = null;
            account.ConsecutiveRefreshFailures++;
            if (e.Classification is TikTokErrorClass.NeedsReauth or TikTokErrorClass.Permanent or TikTokErrorClass.InvalidRequest)
                account.MarkHealth(AccountHealth.ReconnectNeeded, interrupted && e.Code == "invalid_grant" ? InterruptedRenewalReason : RefusedRenewalReason);
            else
                account.MarkHealth(AccountHealth.Attention, $"Renewing the TikTok sign-in failed {account.ConsecutiveRefreshFailures} time(s) in a row; retrying automatically.");
            LogRefreshFailed(logger, account.Id, e.Code, e.Classification, interrupted);
            return await SaveFailureAsync(account, wasReconnectNeeded, ct);
        }
        catch (Exception e) when (e is TikTokApiException or HttpRequestException)
        {
            // No answer: TikTok may have rotated or not. The mark stays, so the next renewal can tell what happened.
            account.ConsecutiveRefreshFailures++;
            account.MarkHealth(AccountHealth.Attention, $"TikTok could not be reached to renew the sign-in ({account.ConsecutiveRefreshFailures} time(s)); retrying automatically.");
            return await SaveFailureAsync(account, wasReconnectNeeded, ct);
        }
        // (A cancellation propagates with the mark on disk, like a crash would leave it.)

        // The answer is saved first, before any other work and whatever the caller's cancellation says: the refresh
        // token TikTok just returned is the only one that works from now on.
        var recoveredFromFailures = account.ConsecutiveRefreshFailures > 0 || interrupted;
        ConnectTikTok.StoreTokens(account, token, now, protector);
        if (!string.IsNullOrEmpty(token.Scope)) account.GrantedScopes = string.Join(',', token.GrantedScopes);
        if (recoveredFromFailures && account.Health == AccountHealth.Attention) account.MarkHealth(AccountHealth.Ready, null);
        try
        {
            await db.SaveChangesAsync(CancellationToken.None);
        }
        catch (DbUpdateConcurrencyException)
        {
            return await WinnerAsync(account.Id, ct); // another process rotated first; its tokens are the live ones
        }
        LogRefreshed(logger, account.Id);
        await live.ChangedAsync(account.WorkspaceId, "account", account.Id.ToString(), ct);
        return new RefreshOutcome(true, account.Health, account.HealthReason);
    }

    /// <summary>Saves a failed renewal; an account that has just become "Reconnect needed" alerts its Owners and Admins.</summary>
    private async Task<RefreshOutcome> SaveFailureAsync(TikTokAccount account, bool wasReconnectNeeded, CancellationToken ct)
    {
        AccountHealthRules.RecordIfReconnectNeeded(activity, db, account, wasReconnectNeeded ? AccountHealth.ReconnectNeeded : AccountHealth.Ready);
        var outcome = await SaveAsync(account, refreshed: false, ct);
        if (!wasReconnectNeeded && outcome.Health == AccountHealth.ReconnectNeeded && account.Health == AccountHealth.ReconnectNeeded)
            await alerts.ReconnectNeededAsync(account, ct);
        return outcome;
    }

    private async Task<RefreshOutcome> WinnerAsync(Guid accountId, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        var winner = await LoadAsync(accountId, ct);
        return new RefreshOutcome(false, winner?.Health ?? AccountHealth.ReconnectNeeded, winner?.HealthReason);
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
            return await WinnerAsync(account.Id, ct);
        }
        await live.ChangedAsync(account.WorkspaceId, "account", account.Id.ToString(), ct);
        return new RefreshOutcome(refreshed, account.Health, account.HealthReason);
    }

    /// <summary>
    /// The row as it is in the database now, even when this context already tracks an older copy (a query would hand
    /// that copy back unchanged): under the lock, what another caller renewed meanwhile must be seen.
    /// </summary>
    private async Task<TikTokAccount?> LoadCurrentAsync(Guid accountId, CancellationToken ct)
    {
        if (db.Set<TikTokAccount>().Local.FirstOrDefault(a => a.Id == accountId) is not { } tracked) return await LoadAsync(accountId, ct);
        await db.Entry(tracked).ReloadAsync(ct);
        return db.Entry(tracked).State == EntityState.Detached ? null : tracked;
    }

    /// <summary>Accounts are read by id across workspaces here: the callers (jobs, the publisher) act for the account's own workspace.</summary>
    private Task<TikTokAccount?> LoadAsync(Guid accountId, CancellationToken ct) =>
        db.Set<TikTokAccount>().IgnoreQueryFilters().FirstOrDefaultAsync(a => a.Id == accountId, ct);

    [LoggerMessage(Level = LogLevel.Information, Message = "TikTok refused the access token of account {AccountId} before its expiry; renewing it once")]
    private static partial void LogRefused(ILogger logger, Guid accountId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Refreshed the TikTok tokens of account {AccountId}")]
    private static partial void LogRefreshed(ILogger logger, Guid accountId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refreshing the TikTok tokens of account {AccountId} failed: {Code} ({Classification}; an earlier renewal was interrupted: {Interrupted})")]
    private static partial void LogRefreshFailed(ILogger logger, Guid accountId, string code, TikTokErrorClass classification, bool interrupted);
}
