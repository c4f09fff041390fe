namespace TikTokStudio.Emulators.TikTok;

/// <summary>The creator- and app-level posting limits shared by creator_info and the three init endpoints. Caller holds the lock.</summary>
public static class PostingRules
{
    private static readonly TimeSpan Day = TimeSpan.FromHours(24);

    public static int DirectPostsInLastDay(EmulatedCreator creator, DateTimeOffset now) =>
        creator.PostsToday + creator.Posts.Count(p => p.IsDirect && p.CreatedAt > now - Day);

    public static bool AtDailyCap(TikTokEmulatorState state, EmulatedCreator creator) =>
        creator.AtDailyCap || DirectPostsInLastDay(creator, state.Now) >= state.Options.DailyPostCap;

    /// <summary>Inbox shares (video or photo) from the last 24 h the creator has not posted or lost yet.</summary>
    public static int PendingShares(EmulatedCreator creator, DateTimeOffset now) =>
        creator.Posts.Count(p => !p.IsDirect && p.CreatedAt > now - Day
            && p.Evaluate(now).Status is not (PostStatus.PublishComplete or PostStatus.Failed));

    /// <summary>An unaudited app may have at most N distinct creators direct-posting in 24 h.</summary>
    public static bool ActiveUserCapReached(TikTokEmulatorState state, EmulatedApp app, EmulatedCreator creator)
    {
        if (app.Audited) return false;
        var since = state.Now - Day;
        var users = state.Posts.Where(p => p.ClientKey == app.ClientKey && p.IsDirect && p.CreatedAt > since)
            .Select(p => p.Creator.Username).ToHashSet(StringComparer.Ordinal);
        return !users.Contains(creator.Username) && users.Count >= state.Options.UnauditedActiveUserCap;
    }

    /// <summary>The error a creator_info call reports with HTTP 200 when the creator cannot post now.</summary>
    public static (string Code, string Message)? CannotPostNow(TikTokEmulatorState state, EmulatedApp app, EmulatedCreator creator)
    {
        if (creator.Banned) return ("spam_risk_user_banned_from_posting", "The user is banned from making new posts.");
        if (AtDailyCap(state, creator)) return ("spam_risk_too_many_posts", "The daily post cap from the API is reached for the current user.");
        if (ActiveUserCapReached(state, app, creator)) return ("reached_active_user_cap", "The daily quota for active publishing users from your client is reached.");
        return null;
    }

    /// <summary>Direct-post checks after the body is valid: 403s in the order TikTok's reference lists them.</summary>
    public static (string Code, string Message)? DirectPostRefusal(TikTokEmulatorState state, EmulatedApp app, EmulatedCreator creator, string? privacyLevel)
    {
        if (creator.Banned) return ("spam_risk_user_banned_from_posting", "The user is banned from making new posts.");
        if (AtDailyCap(state, creator)) return ("spam_risk_too_many_posts", "The daily post cap from the API is reached for the current user.");
        if (privacyLevel is null || !creator.PrivacyLevelOptions.Contains(privacyLevel))
            return ("privacy_level_option_mismatch", "privacy_level is missing or not one of the creator's privacy_level_options.");
        if (!app.Audited && !(creator.IsPrivate && privacyLevel == "SELF_ONLY"))
            return ("unaudited_client_can_only_post_to_private_accounts", "Unaudited clients can only post to a private account with SELF_ONLY.");
        if (ActiveUserCapReached(state, app, creator))
            return ("reached_active_user_cap", "The daily quota for active publishing users from your client is reached.");
        return null;
    }

    public static (string Code, string Message)? InboxRefusal(TikTokEmulatorState state, EmulatedCreator creator)
    {
        if (creator.Banned) return ("spam_risk_user_banned_from_posting", "The user is banned from making new posts.");
        if (PendingShares(creator, state.Now) >= state.Options.PendingShareCap)
            return ("spam_risk_too_many_pending_share", "The user has too many pending shares in the last 24 hours.");
        return null;
    }
}
