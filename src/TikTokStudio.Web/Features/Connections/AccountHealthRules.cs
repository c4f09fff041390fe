using TikTokStudio.TikTok.Errors;

namespace TikTokStudio.Web.Features.Connections;

/// <summary>Turns what TikTok answered into the account's health dot and the reason shown beside it.</summary>
public static class AccountHealthRules
{
    /// <summary>Refresh tokens last 365 days; ask for a reconnect this long before the end.</summary>
    public static readonly TimeSpan ReconnectWarningBeforeRefreshExpiry = TimeSpan.FromDays(14);

    public const string BannedReason =
        "TikTok has banned this creator from posting, so no post can go out. Reconnecting does not lift a ban: the creator has to resolve it with TikTok. The account is checked every hour and turns ready by itself when TikTok allows posting again.";

    public const string DailyCapReason =
        "The creator reached TikTok's daily posting limit. It resets within 24 hours; posts wait for it and nothing needs to be done (reconnecting does not change it).";

    /// <summary>A creator_info answer that lets the creator post clears what an earlier answer said (a cap that reset, a lifted ban).</summary>
    public static bool ClearsOnSuccessfulCheck(AccountHealth health) => health is AccountHealth.Attention or AccountHealth.CannotPost;

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
                account.MarkHealth(AccountHealth.CannotPost, BannedReason);
                break;
            case TikTokErrorClass.CreatorCannotPostNow when error.Code == "spam_risk_too_many_posts":
                account.MarkHealth(AccountHealth.Attention, DailyCapReason);
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

    /// <summary>
    /// Adds <c>account.needs_reconnect</c> to the caller's unit of work when the account has just become "Reconnect
    /// needed" (it was not when loaded): the entry, and the webhooks it triggers, commit with the health change.
    /// </summary>
    public static void RecordIfReconnectNeeded(Activity.ActivityRecorder activity, Data.StudioDbContext db, TikTokAccount account, AccountHealth before)
    {
        if (before == AccountHealth.ReconnectNeeded || account.Health != AccountHealth.ReconnectNeeded) return;
        activity.Record(db, account.WorkspaceId, Activity.ActivityKinds.AccountNeedsReconnect,
            account.HealthReason ?? "TikTok no longer accepts this account's connection. Reconnect the account.", accountId: account.Id);
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
