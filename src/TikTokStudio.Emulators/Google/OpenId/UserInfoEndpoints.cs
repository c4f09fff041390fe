using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace TikTokStudio.Emulators.Google;

/// <summary>
/// OpenID Connect's userinfo (<c>/oauth2/v3/userinfo</c>), the discovery document, the signing keys and the
/// profile pictures userinfo links to.
/// </summary>
public static class UserInfoEndpoints
{
    public const string Path = "/oauth2/v3/userinfo";

    public static void Map(RouteGroupBuilder google)
    {
        google.MapMethods(Path, [HttpMethods.Get, HttpMethods.Post], (HttpContext context, GoogleEmulatorState state) =>
        {
            var token = BearerToken(context.Request);
            lock (state.Gate)
            {
                if (token is null || !state.AccessTokens.TryGetValue(token, out var access) || access.ExpiresAt <= state.Now)
                {
                    context.Response.Headers.WWWAuthenticate = "Bearer realm=\"https://accounts.google.com/\", error=\"invalid_token\"";
                    return GoogleJson.Error(401, "invalid_request", "Invalid Credentials");
                }
                var user = access.User;
                var profile = access.Scopes.Contains(GoogleScopes.Profile);
                var email = access.Scopes.Contains(GoogleScopes.Email);
                return Results.Json(new GoogleUserInfo(user.Sub,
                    profile ? user.Name : null, profile ? user.GivenName : null, profile ? user.FamilyName : null,
                    profile ? GoogleUrls.Picture(context, user) : null,
                    email ? user.Email : null, email ? user.EmailVerified : null), GoogleJson.Options);
            }
        });

        google.MapGet("/.well-known/openid-configuration", (HttpContext context) =>
        {
            var issuer = GoogleUrls.Base(context);
            return Results.Json(new Dictionary<string, object>
            {
                ["issuer"] = issuer,
                ["authorization_endpoint"] = issuer + AuthorizationEndpoints.Path,
                ["token_endpoint"] = issuer + TokenEndpoint.Path,
                ["userinfo_endpoint"] = issuer + Path,
                ["jwks_uri"] = issuer + "/oauth2/v3/certs",
                ["response_types_supported"] = new[] { "code" },
                ["subject_types_supported"] = new[] { "public" },
                ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
                ["scopes_supported"] = new[] { GoogleScopes.OpenId, GoogleScopes.Email, GoogleScopes.Profile },
                ["token_endpoint_auth_methods_supported"] = new[] { "client_secret_post", "client_secret_basic" },
                ["claims_supported"] = new[] { "aud", "email", "email_verified", "exp", "family_name", "given_name", "iat", "iss", "name", "picture", "sub" },
                ["code_challenge_methods_supported"] = new[] { "plain", "S256" },
                ["grant_types_supported"] = new[] { "authorization_code" },
            }, GoogleJson.Options);
        });

        google.MapGet("/oauth2/v3/certs", (GoogleEmulatorState state) => Results.Json(IdTokens.KeySet(state), GoogleJson.Options));

        google.MapGet("/avatars/{sub}.svg", (string sub, GoogleEmulatorState state) =>
        {
            lock (state.Gate)
            {
                var user = state.FindUser(sub);
                return user is null ? Results.NotFound() : Results.Content(GoogleHtml.AvatarSvg(user), "image/svg+xml");
            }
        });
    }

    /// <summary>The access token from <c>Authorization: Bearer</c>, or from the <c>access_token</c> query parameter Google also accepts.</summary>
    private static string? BearerToken(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return header["Bearer ".Length..].Trim() is { Length: > 0 } t ? t : null;
        return request.Query["access_token"].ToString() is { Length: > 0 } q ? q : null;
    }
}
