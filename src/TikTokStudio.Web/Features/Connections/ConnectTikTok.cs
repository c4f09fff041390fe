using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using TikTokStudio.TikTok.Auth;
using TikTokStudio.TikTok.Display;
using TikTokStudio.TikTok.Errors;
using TikTokStudio.TikTok.Posting;
using TikTokStudio.Web.Data;
using TikTokStudio.Web.Features.Posts.Publish;
using TikTokStudio.Web.Features.Workspaces;

namespace TikTokStudio.Web.Features.Connections;

/// <summary>Why a connection attempt ended without an account. Each has one fixed message (nothing from the URL is echoed).</summary>
public enum ConnectFailure
{
    Denied,
    StateUnknown,
    StateReused,
    StateExpired,
    WrongUserOrWorkspace,
    VerifierMissing,
    TikTokError,
    NoPostingScope,
    /// <summary>The plan's connected-accounts limit is reached (or the workspace is read-only); the page names the limit.</summary>
    PlanLimit,
}

public sealed record ConnectResult(TikTokAccount? Account, ConnectFailure? Failure)
{
    public static ConnectResult Failed(ConnectFailure failure) => new(null, failure);
}

/// <summary>Login Kit v2 for connecting accounts: state bound to user + workspace, PKCE, code exchange, profile and creator info.</summary>
public sealed partial class ConnectTikTok(
    StudioDbContext db, WorkspaceContext workspace, TokenProtector protector, TikTokAuthClient auth,
    TikTokDisplayClient display, TikTokPostingClient posting, AccountConnectionPosts accountPosts, Billing.PlanEntitlements plans, TimeProvider time, ILogger<ConnectTikTok> logger,
    Activity.ActivityRecorder activity)
{
    public static string MessageFor(ConnectFailure failure) => failure switch
    {
        ConnectFailure.Denied => "You cancelled on TikTok, so nothing was connected.",
        ConnectFailure.StateUnknown => "This sign-in link did not come from TikTok Studio. Start again with Connect TikTok.",
        ConnectFailure.StateReused => "This sign-in link was already used. Start again with Connect TikTok.",
        ConnectFailure.StateExpired => "The TikTok sign-in took longer than 10 minutes. Start again with Connect TikTok.",
        ConnectFailure.WrongUserOrWorkspace => "This TikTok sign-in was started by another user or in another workspace. Start again from this workspace.",
        ConnectFailure.VerifierMissing => "This TikTok sign-in is incomplete (its security check is missing). Start again with Connect TikTok.",
        ConnectFailure.TikTokError => "TikTok did not accept the sign-in. Try again in a minute; if it keeps failing, TikTok may be having trouble.",
        ConnectFailure.PlanLimit => "This workspace's plan allows no more TikTok accounts, so nothing was connected. Upgrade on the Billing page to connect more.",
        ConnectFailure.NoPostingScope => "The creator allowed neither direct posting nor uploads, so TikTok Studio cannot post for them. Connect again and keep those permissions ticked.",
        _ => "The connection failed.",
    };

    /// <summary>Creates a single-use attempt and returns the TikTok authorize URL to send the browser to.</summary>
    public async Task<Uri> StartAsync(string redirectUri, CancellationToken ct)
    {
        var state = TikTokPkce.CreateState();
        var verifier = TikTokPkce.CreateVerifier();
        db.Set<ConnectAttempt>().Add(new ConnectAttempt
        {
            UserId = workspace.UserId!,
            StateHash = Hash(state),
            ProtectedCodeVerifier = protector.Protect(verifier),
            RedirectUri = redirectUri,
            CreatedAt = time.GetUtcNow(),
        });
        await db.SaveChangesAsync(ct);
        return auth.BuildAuthorizeUrl(new TikTokAuthorizeRequest
        {
            Scopes = TikTokAppSettings.RequestedScopes, RedirectUri = redirectUri, State = state, CodeVerifier = verifier,
        });
    }

    public async Task<ConnectResult> CompleteAsync(string? state, string? code, string? error, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(state)) return ConnectResult.Failed(ConnectFailure.StateUnknown);

        // Found across workspaces on purpose, so that one started elsewhere is named as such rather than "unknown".
        var attempt = await db.Set<ConnectAttempt>().IgnoreQueryFilters().FirstOrDefaultAsync(a => a.StateHash == Hash(state), ct);
        if (attempt is null) return ConnectResult.Failed(ConnectFailure.StateUnknown);
        if (attempt.UserId != workspace.UserId || attempt.WorkspaceId != workspace.WorkspaceId)
            return ConnectResult.Failed(ConnectFailure.WrongUserOrWorkspace);

        // Single use, even when two callbacks race: only the update that finds it unused wins.
        var now = time.GetUtcNow();
        var claimed = await db.Set<ConnectAttempt>()
            .Where(a => a.Id == attempt.Id && a.UsedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.UsedAt, now), ct);
        if (claimed == 0) return ConnectResult.Failed(ConnectFailure.StateReused);
        if (now - attempt.CreatedAt > ConnectAttempt.Lifetime) return ConnectResult.Failed(ConnectFailure.StateExpired);
        if (!string.IsNullOrEmpty(error)) return ConnectResult.Failed(ConnectFailure.Denied);

        var verifier = protector.TryUnprotect(attempt.ProtectedCodeVerifier);
        if (string.IsNullOrEmpty(verifier)) return ConnectResult.Failed(ConnectFailure.VerifierMissing);
        if (string.IsNullOrEmpty(code)) return ConnectResult.Failed(ConnectFailure.TikTokError);

        TikTokToken token;
        TikTokUser user;
        try
        {
            token = await auth.ExchangeCodeAsync(code, attempt.RedirectUri, verifier, ct);
            if (!token.GrantedScopes.Contains(TikTokScopes.VideoPublish) && !token.GrantedScopes.Contains(TikTokScopes.VideoUpload))
            {
                await RevokeQuietlyAsync(token.AccessToken, ct);
                return ConnectResult.Failed(ConnectFailure.NoPostingScope);
            }
            user = await display.GetUserInfoAsync(token.AccessToken, TikTokUserFields.ForScopes(token.GrantedScopes), ct);
        }
        catch (TikTokApiException e)
        {
            LogTikTokRefused(logger, e.Code, e.LogId);
            return ConnectResult.Failed(ConnectFailure.TikTokError);
        }

        var openId = string.IsNullOrEmpty(token.OpenId) ? user.OpenId ?? "" : token.OpenId;
        var account = await db.Set<TikTokAccount>().FirstOrDefaultAsync(a => a.OpenId == openId, ct);
        if (account?.Status != ConnectionStatus.Connected && await plans.MayConnectAccountAsync(ct) is { Allowed: false })
        {
            // Checked again here, not only when the attempt started: another admin may have connected one meanwhile.
            await RevokeQuietlyAsync(token.AccessToken, ct);
            return ConnectResult.Failed(ConnectFailure.PlanLimit);
        }
        var reconnecting = account is not null;
        if (account is null)
        {
            account = new TikTokAccount { OpenId = openId, ConnectedAt = now };
            db.Set<TikTokAccount>().Add(account);
        }
        account.ConnectedByUserId = workspace.UserId;
        account.Status = ConnectionStatus.Connected;
        account.DisconnectedAt = null;
        account.GrantedScopes = string.Join(',', token.GrantedScopes);
        StoreTokens(account, token, now, protector);
        ApplyProfile(account, user);
        account.MarkHealth(AccountHealth.Ready, null);
        await CheckCreatorAsync(account, token.AccessToken, ct);
        var handle = Posts.Compose.ComposeRules.Handle(account);
        activity.Record(db, workspace.Current.Id,
            reconnecting ? Activity.ActivityKinds.AccountReconnected : Activity.ActivityKinds.AccountConnected,
            reconnecting ? $"Reconnected {handle}." : $"Connected {handle}.", accountId: account.Id);
        await db.SaveChangesAsync(ct);
        await accountPosts.ResumeAsync(account.Id, ct);
        LogConnected(logger, account.Id, account.Mode(true));
        return new ConnectResult(account, null);
    }

    /// <summary>Reads creator_info when direct posting was granted; "cannot post now" answers mark the account, they do not fail the connection.</summary>
    private async Task CheckCreatorAsync(TikTokAccount account, string accessToken, CancellationToken ct)
    {
        if (!account.HasScope(TikTokScopes.VideoPublish)) return;
        try
        {
            account.ApplyCreatorInfo(await posting.QueryCreatorInfoAsync(accessToken, ct), time.GetUtcNow());
        }
        catch (TikTokApiException e)
        {
            AccountHealthRules.Apply(account, e);
        }
    }

    internal static void StoreTokens(TikTokAccount account, TikTokToken token, DateTimeOffset now, TokenProtector protector)
    {
        account.ProtectedAccessToken = protector.Protect(token.AccessToken);
        account.ProtectedRefreshToken = protector.Protect(token.RefreshToken);
        account.AccessTokenExpiresAt = now.AddSeconds(token.ExpiresIn);
        account.RefreshTokenExpiresAt = now.AddSeconds(token.RefreshExpiresIn);
        account.LastRefreshedAt = now;
        account.ConsecutiveRefreshFailures = 0;
        account.RenewalInFlightSince = null; // these tokens are TikTok's latest answer
        account.TokenVersion++;
    }

    private static void ApplyProfile(TikTokAccount account, TikTokUser user)
    {
        account.DisplayName = user.DisplayName ?? account.DisplayName;
        account.Username = user.Username ?? account.Username;
        account.AvatarUrl = user.AvatarUrl100 ?? user.AvatarUrl ?? account.AvatarUrl;
        account.IsVerified = user.IsVerified ?? account.IsVerified;
        account.BioDescription = user.BioDescription ?? account.BioDescription;
        account.ProfileDeepLink = user.ProfileDeepLink ?? account.ProfileDeepLink;
        account.FollowerCount = user.FollowerCount ?? account.FollowerCount;
        account.FollowingCount = user.FollowingCount ?? account.FollowingCount;
        account.LikesCount = user.LikesCount ?? account.LikesCount;
        account.VideoCount = user.VideoCount ?? account.VideoCount;
    }

    private async Task RevokeQuietlyAsync(string accessToken, CancellationToken ct)
    {
        try { await auth.RevokeAsync(accessToken, ct); }
        catch (TikTokApiException e) { LogTikTokRefused(logger, e.Code, e.LogId); }
    }

    private static string Hash(string state) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(state)));

    [LoggerMessage(Level = LogLevel.Warning, Message = "TikTok refused a connection step: {Code} (log_id {LogId})")]
    private static partial void LogTikTokRefused(ILogger logger, string code, string? logId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Connected TikTok account {AccountId} ({Mode} when audited)")]
    private static partial void LogConnected(ILogger logger, Guid accountId, PostingMode mode);
}
