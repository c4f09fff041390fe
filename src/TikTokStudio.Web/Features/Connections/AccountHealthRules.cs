using TikTokStudio.TikTok.Errors;

namespace TikTokStudio.Web.Features.Connections;

/// <summary>Turns what TikTok answered into the account's health dot and the reason shown beside it.</summary>
public static class AccountHealthRules
{
    /// <summary>Refresh tokens last 365 days; ask for a reconnect this long before the end.</summary>
    public static readonly TimeSpan ReconnectWarningBeforeRefreshExpiry = TimeSpan.FromDays(14);

    public static void Apply(TikTokAccount account, TikTokApiException error)
    {
        if (error.Classification == TikTokErrorClass.CreatorCannotPostNow) account.CreatorCannotPostReason = error.Describe().Explanation;
        switch (error.Classification)
        {
            case TikTokErrorClass.NeedsReauth when account.Health == AccountHealth.ReconnectNeeded:
                break; // the renewal that failed first (see AccountTokens.CallAsync) already said why
            case TikTokErrorClass.NeedsReauth:
                // An access_token_invalid reaches here only after a renewal succeeded and TikTok refused the new token too.
                account.MarkHealth(AccountHealth.ReconnectNeeded, "TikTok no longer accepts this connection (access was revoked or expired). Reconnect the account.");
                break;
            case TikTokErrorClass.CreatorCannotPostNow when error.Code == "spam_risk_user_banned_from_posting":
                account.MarkHealth(AccountHealth.ReconnectNeeded, "TikTok has banned this creator from posting. Posts cannot go out until TikTok lifts it.");
                break;
            case TikTokErrorClass.CreatorCannotPostNow when error.Code == "spam_risk_too_many_posts":
                account.MarkHealth(AccountHealth.Attention, "The creator reached TikTok's daily posting limit. Posts wait until the limit resets.");
                break;
            case TikTokErrorClass.CreatorCannotPostNow when error.Code == "reached_active_user_cap":
                account.MarkHealth(AccountHealth.Attention, "This TikTok app reached its daily number of posting creators. Posts wait until tomorrow.");
                break;
            case TikTokErrorClass.CreatorCannotPostNow:
                account.MarkHealth(AccountHealth.Attention, "TikTok says this creator cannot post right now. " + error.Describe().WhatToDo);
                break;
            default:
                account.MarkHealth(AccountHealth.Attention, "TikTok could not be reached to check this account; retrying automatically.");
                break;
        }
    }

    /// <summary>Health as shown now: the stored state, or a reconnect warning when the refresh token nears its end.</summary>
    public static (AccountHealth Health, string? Reason) Current(TikTokAccount account, DateTimeOffset now)
    {
        if (account.Status == ConnectionStatus.Disconnected)
            return (AccountHealth.ReconnectNeeded, "Disconnected. Reconnect to post to this account again.");
        if (account.Health != AccountHealth.Ready) return (account.Health, account.HealthReason);
        if (account.RefreshTokenExpiresAt is { } end && end - now < ReconnectWarningBeforeRefreshExpiry)
        {
            return end <= now
                ? (AccountHealth.ReconnectNeeded, "TikTok's one-year sign-in for this account has ended. Reconnect the account.")
                : (AccountHealth.Attention, $"TikTok's one-year sign-in ends on {end:d MMM yyyy}. Reconnect before then to keep posting.");
        }
        return (AccountHealth.Ready, null);
    }
}
