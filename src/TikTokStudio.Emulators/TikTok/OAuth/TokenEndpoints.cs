using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace TikTokStudio.Emulators.TikTok;

/// <summary><c>POST /v2/oauth/token/</c> (code and refresh grants) and <c>POST /v2/oauth/revoke/</c>; flat JSON, form bodies.</summary>
public static class TokenEndpoints
{
    public static void Map(RouteGroupBuilder tiktok)
    {
        tiktok.MapPost("/v2/oauth/token/", async (HttpContext context, TikTokEmulatorState state) =>
        {
            if (!IsUrlEncodedForm(context.Request))
                return Api.OAuth(state, "invalid_request", "Content-Type must be application/x-www-form-urlencoded.");
            var form = await context.Request.ReadFormAsync(context.RequestAborted);
            IResult result;
            var hold = TimeSpan.Zero;
            lock (state.Gate)
            {
                var app = state.FindApp(form["client_key"]);
                if (app is null || app.ClientSecret != form["client_secret"].ToString())
                    return Api.OAuth(state, "invalid_client", "Client key or secret is invalid.");
                result = form["grant_type"].ToString() switch
                {
                    "authorization_code" => ExchangeCode(state, app, form),
                    "refresh_token" => Refresh(state, app, form, out hold),
                    "" => Api.OAuth(state, "invalid_request", "grant_type is required."),
                    _ => Api.OAuth(state, "unsupported_grant_type", "Only authorization_code and refresh_token are supported."),
                };
            }
            if (hold > TimeSpan.Zero)
            {
                // The rotation is done; only the answer is late (never while holding the state lock).
                try { await Task.Delay(hold, context.RequestAborted); }
                catch (OperationCanceledException) { return Results.Empty; } // the client went away: it never learns the new token
            }
            return result;
        });

        tiktok.MapPost("/v2/oauth/revoke/", async (HttpContext context, TikTokEmulatorState state) =>
        {
            if (!IsUrlEncodedForm(context.Request))
                return Api.OAuth(state, "invalid_request", "Content-Type must be application/x-www-form-urlencoded.");
            var form = await context.Request.ReadFormAsync(context.RequestAborted);
            lock (state.Gate)
            {
                var app = state.FindApp(form["client_key"]);
                if (app is null || app.ClientSecret != form["client_secret"].ToString())
                    return Api.OAuth(state, "invalid_client", "Client key or secret is invalid.");
                var token = form["token"].ToString();
                if (token.Length == 0) return Api.OAuth(state, "invalid_request", "token is required.");
                var grant = state.AccessTokens.TryGetValue(token, out var access) ? access.Grant
                    : state.GrantsByRefreshToken.GetValueOrDefault(token);
                if (grant is not null && grant.ClientKey == app.ClientKey)
                {
                    // Revoking kills the whole consent: every access token and the refresh token.
                    grant.RevokedAt ??= state.Now;
                    state.GrantsByRefreshToken.Remove(grant.RefreshToken);
                }
                return Results.Ok();
            }
        });
    }

    private static IResult ExchangeCode(TikTokEmulatorState state, EmulatedApp app, IFormCollection form)
    {
        var codeValue = form["code"].ToString();
        if (codeValue.Length == 0) return Api.OAuth(state, "invalid_request", "code is required.");
        // Single use: a code is consumed by the first attempt to redeem it, successful or not.
        if (!state.Codes.Remove(codeValue, out var code) || code.ExpiresAt <= state.Now)
            return Api.OAuth(state, "invalid_grant", "Authorization code is expired or was already used.");
        if (code.ClientKey != app.ClientKey)
            return Api.OAuth(state, "invalid_grant", "Authorization code was issued to another client.");
        if (form["redirect_uri"].ToString() != code.RedirectUri)
            return Api.OAuth(state, "invalid_grant", "redirect_uri does not match the one used to authorize.");
        if (state.Options.Pkce != PkceMode.Off && code.CodeChallenge is not null)
        {
            var verifier = form["code_verifier"].ToString();
            if (verifier.Length == 0) return Api.OAuth(state, "invalid_request", "code_verifier is required.");
            if (!string.Equals(HexChallenge(verifier), code.CodeChallenge, StringComparison.Ordinal))
                return Api.OAuth(state, "invalid_grant", "code_verifier does not match code_challenge.");
        }
        var (access, _) = state.IssueGrant(app.ClientKey, code.Creator, code.Scopes);
        return Results.Json(Api.Token(state, access), WireJson.Options);
    }

    /// <summary>Caller holds the lock; <paramref name="hold"/> is how long the caller waits before answering (a scripted fault).</summary>
    private static IResult Refresh(TikTokEmulatorState state, EmulatedApp app, IFormCollection form, out TimeSpan hold)
    {
        hold = TimeSpan.Zero;
        var refreshToken = form["refresh_token"].ToString();
        if (refreshToken.Length == 0) return Api.OAuth(state, "invalid_request", "refresh_token is required.");
        if (!state.GrantsByRefreshToken.TryGetValue(refreshToken, out var grant) || grant.Revoked
            || grant.ClientKey != app.ClientKey || grant.RefreshExpiresAt <= state.Now)
        {
            // A rotated-away token is no longer in the index; the grant that had it is found through its history.
            var creator = grant?.Creator.Username ?? state.RotatedRefreshTokens.GetValueOrDefault(refreshToken);
            state.Refreshes.Add(new RefreshRecord(creator, state.Now, "invalid_grant", 0));
            return Api.OAuth(state, "invalid_grant", "Refresh token is invalid or expired.");
        }
        if (state.Faults.HoldNextRefresh is { } held)
        {
            hold = held;
            state.Faults.HoldNextRefresh = null;
        }
        state.Refreshes.Add(new RefreshRecord(grant.Creator.Username, state.Now, "ok", (int)hold.TotalMilliseconds));
        if (state.Options.RotateRefreshTokens)
        {
            state.GrantsByRefreshToken.Remove(grant.RefreshToken);
            state.RotatedRefreshTokens[grant.RefreshToken] = grant.Creator.Username;
            grant.RefreshToken = TikTokEmulatorState.NewSecret("rft.");
            state.GrantsByRefreshToken[grant.RefreshToken] = grant;
        }
        var access = state.IssueAccessToken(grant);
        return Results.Json(Api.Token(state, access), WireJson.Options);
    }

    private static bool IsUrlEncodedForm(HttpRequest request) =>
        request.ContentType?.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase) == true;

    /// <summary>TikTok's PKCE challenge: lower-case hex of SHA-256(verifier), not RFC 7636's base64url.</summary>
    public static string HexChallenge(string verifier) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(verifier)));
}
