namespace TikTokStudio.TikTok.Errors;

/// <summary>What the caller should do about a failure, independent of the exact TikTok code.</summary>
public enum TikTokErrorClass
{
    /// <summary>TikTok or the network hiccupped; the same request may succeed later.</summary>
    Transient,

    /// <summary>A per-token request budget is used up; wait (see <see cref="TikTokApiException.RetryAfter"/>) and retry.</summary>
    RateLimited,

    /// <summary>The token is invalid, expired, revoked or lacks a scope: refresh, or ask the creator to reconnect.</summary>
    NeedsReauth,

    /// <summary>The creator is capped, banned or must act in the TikTok app; do not retry automatically.</summary>
    CreatorCannotPostNow,

    /// <summary>Our request was wrong (a bug or a bad user choice); retrying it unchanged will fail again.</summary>
    InvalidRequest,

    /// <summary>TikTok refused the media or caption itself; the content must change.</summary>
    ContentRejected,

    /// <summary>Will not succeed by retrying; needs a person (app configuration, cancelled task...).</summary>
    Permanent,
}

/// <summary>Which vocabulary an error code belongs to; the same word can mean different things in each.</summary>
public enum TikTokErrorSource
{
    /// <summary><c>error.code</c> of the data API envelope (§10).</summary>
    Api,

    /// <summary>Flat <c>error</c> of the OAuth endpoints (§2.7).</summary>
    OAuth,

    /// <summary><c>fail_reason</c> of a status fetch or webhook (§9.2).</summary>
    FailReason,

    /// <summary>Outcome of an upload PUT; TikTok sends no code there, so these codes are ours (§8.1).</summary>
    Upload,
}
