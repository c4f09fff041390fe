namespace TikTokStudio.Web.Features.Connections;

/// <summary>The state of an account's sign-in renewal in words: renewed automatically, failing, or needing the user.</summary>
public static class AccountRenewal
{
    public static string Describe(TikTokAccount account, DateTimeOffset now)
    {
        if (account.Status == ConnectionStatus.Disconnected) return "None: the account is disconnected and its sign-in was deleted.";
        if (account.Health == AccountHealth.ReconnectNeeded) return "Stopped: TikTok no longer accepts this sign-in. Reconnect the account.";
        if (account.ConsecutiveRefreshFailures > 0)
            return $"Retrying: the last {account.ConsecutiveRefreshFailures} renewal attempt(s) failed; TikTok Studio keeps trying every 10 minutes.";
        if (account.RefreshTokenExpiresAt is { } end && end - now < AccountHealthRules.ReconnectWarningBeforeRefreshExpiry)
            return $"Ending: TikTok's one-year sign-in ends on {end:d MMM yyyy}; reconnect before then.";
        return "Automatic: TikTok Studio renews the 24-hour access about 6 hours before it ends.";
    }
}
