using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.WebUtilities;

namespace TikTokStudio.Emulators.Google;

/// <summary>
/// <c>POST /token</c> (Google's oauth2.googleapis.com/token): the authorization_code grant, with the client
/// authenticated by form fields or HTTP Basic. Errors are Google's flat JSON: 401 <c>invalid_client</c>, 400
/// <c>invalid_request</c>, <c>invalid_grant</c>, <c>redirect_uri_mismatch</c>, <c>unsupported_grant_type</c>.
/// </summary>
public static class TokenEndpoint
{
    public const string Path = "/token";

    public static void Map(RouteGroupBuilder google)
    {
        google.MapPost(Path, async (HttpContext context, GoogleEmulatorState state) =>
        {
            context.Response.Headers.CacheControl = "no-cache, no-store, max-age=0, must-revalidate";
            context.Response.Headers.Pragma = "no-cache";
            if (context.Request.ContentType?.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase) != true)
                return GoogleJson.Error(400, "invalid_request", "Invalid Content-Type: the body must be application/x-www-form-urlencoded.");
            var form = await context.Request.ReadFormAsync(context.RequestAborted);
            var (clientId, clientSecret) = ClientCredentials(context.Request, form);
            lock (state.Gate)
            {
                if (!state.IsClient(clientId)) return GoogleJson.Error(401, "invalid_client", "The OAuth client was not found.");
                if (!string.Equals(clientSecret, state.Options.ClientSecret, StringComparison.Ordinal))
                    return GoogleJson.Error(401, "invalid_client", "Unauthorized");
                return form["grant_type"].ToString() switch
                {
                    "" => GoogleJson.Error(400, "invalid_request", "Missing required parameter: grant_type"),
                    "authorization_code" => ExchangeCode(context, state, clientId!, form),
                    var other => GoogleJson.Error(400, "unsupported_grant_type", $"Invalid grant_type: {other}"),
                };
            }
        });
    }

    /// <summary>Caller holds the lock.</summary>
    private static IResult ExchangeCode(HttpContext context, GoogleEmulatorState state, string clientId, IFormCollection form)
    {
        var value = form["code"].ToString();
        if (value.Length == 0) return GoogleJson.Error(400, "invalid_request", "Missing required parameter: code");
        if (!value.StartsWith("4/", StringComparison.Ordinal)) return GoogleJson.Error(400, "invalid_grant", "Malformed auth code.");
        // Single use: the first attempt to redeem a code consumes it, whether or not that attempt succeeds.
        if (!state.Codes.Remove(value, out var code) || code.ExpiresAt <= state.Now || code.ClientId != clientId)
            return GoogleJson.Error(400, "invalid_grant", "Bad Request");
        var redirectUri = form["redirect_uri"].ToString();
        if (redirectUri.Length == 0) return GoogleJson.Error(400, "invalid_request", "Missing parameter: redirect_uri");
        if (!string.Equals(redirectUri, code.RedirectUri, StringComparison.Ordinal))
            return GoogleJson.Error(400, "redirect_uri_mismatch", "Bad Request");
        var verifier = form["code_verifier"].ToString();
        if (code.CodeChallenge is null)
        {
            if (verifier.Length > 0) return GoogleJson.Error(400, "invalid_grant", "code_verifier or verifier is not needed.");
        }
        else if (verifier.Length == 0)
        {
            return GoogleJson.Error(400, "invalid_grant", "Missing code verifier.");
        }
        else if (!string.Equals(Challenge(verifier, code.CodeChallengeMethod!), code.CodeChallenge, StringComparison.Ordinal))
        {
            return GoogleJson.Error(400, "invalid_grant", "Invalid code verifier.");
        }

        var access = new GoogleAccessToken(GoogleEmulatorState.NewSecret("ya29.emu."), clientId, code.User, code.Scopes,
            state.Now.AddSeconds(state.Options.AccessTokenLifetimeSeconds));
        state.AccessTokens[access.Value] = access;
        var idToken = code.Scopes.Contains(GoogleScopes.OpenId)
            ? IdTokens.Issue(state, GoogleUrls.Base(context), code, access, GoogleUrls.Picture(context, code.User))
            : null;
        return Results.Json(new GoogleTokenResponse(access.Value, state.Options.AccessTokenLifetimeSeconds,
            GoogleScopes.Report(code.Scopes), "Bearer", idToken), GoogleJson.Options);
    }

    /// <summary>RFC 7636: S256 is base64url(SHA-256(verifier)) without padding; plain is the verifier itself.</summary>
    public static string Challenge(string verifier, string method) => method == "S256"
        ? WebEncoders.Base64UrlEncode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)))
        : verifier;

    /// <summary>client_secret_basic (Authorization: Basic) when present, otherwise client_secret_post (form fields).</summary>
    private static (string? Id, string? Secret) ClientCredentials(HttpRequest request, IFormCollection form)
    {
        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header["Basic ".Length..].Trim()));
                var colon = decoded.IndexOf(':');
                if (colon > 0) return (Uri.UnescapeDataString(decoded[..colon]), Uri.UnescapeDataString(decoded[(colon + 1)..]));
            }
            catch (FormatException)
            {
                // Not base64: treated like no credentials at all.
            }
            return (null, null);
        }
        string? Field(string name) => form[name].ToString() is { Length: > 0 } v ? v : null;
        return (Field("client_id"), Field("client_secret"));
    }
}
