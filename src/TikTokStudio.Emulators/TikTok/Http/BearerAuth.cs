using Microsoft.AspNetCore.Http;

namespace TikTokStudio.Emulators.TikTok;

/// <summary>The checks every data endpoint starts with: a live bearer token, the scope, the per-token minute budget.</summary>
public static class BearerAuth
{
    /// <summary>Returns the access token, or an error result. Caller holds the state lock.</summary>
    public static IResult? Check(TikTokEmulatorState state, HttpContext context, out AccessToken token,
        string[] anyOfScopes, string rateLimitKey, int perMinute)
    {
        token = null!;
        var header = context.Request.Headers.Authorization.ToString();
        const string bearer = "Bearer ";
        var value = header.StartsWith(bearer, StringComparison.OrdinalIgnoreCase) ? header[bearer.Length..].Trim() : "";
        if (!state.AccessTokens.TryGetValue(value, out var found) || found.Grant.Revoked || found.ExpiresAt <= state.Now)
        {
            return Api.Error(state, 401, "access_token_invalid",
                "The access token is invalid or not found in the request.");
        }
        token = found;
        if (anyOfScopes.Length > 0 && !anyOfScopes.Any(found.Grant.Has))
        {
            return ScopeMissing(state, anyOfScopes);
        }
        if (!state.RateLimits.TryAcquire(found.Value, rateLimitKey, perMinute, state.Now))
        {
            state.Counters.RateLimited++;
            return Api.Error(state, 429, "rate_limit_exceeded",
                "API rate limit was exceeded, only " + perMinute + " requests per minute are allowed.");
        }
        return null;
    }

    public static IResult ScopeMissing(TikTokEmulatorState state, params string[] scopes) =>
        Api.Error(state, 401, "scope_not_authorized",
            "The user did not authorize the scope required for completing this request: " + string.Join(" or ", scopes) + ".");
}
