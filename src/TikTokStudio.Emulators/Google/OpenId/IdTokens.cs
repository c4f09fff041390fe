using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;

namespace TikTokStudio.Emulators.Google;

/// <summary>ID tokens as Google issues them: a JWT signed RS256 with a key published at /oauth2/v3/certs.</summary>
public static class IdTokens
{
    public static string Issue(GoogleEmulatorState state, string issuer, GoogleAuthorizationCode code, GoogleAccessToken access, string picture)
    {
        var now = state.Now.ToUnixTimeSeconds();
        var claims = new Dictionary<string, object>
        {
            ["iss"] = issuer,
            ["azp"] = code.ClientId,
            ["aud"] = code.ClientId,
            ["sub"] = code.User.Sub,
            ["at_hash"] = AccessTokenHash(access.Value),
            ["iat"] = now,
            ["exp"] = access.ExpiresAt.ToUnixTimeSeconds(),
        };
        if (code.Scopes.Contains(GoogleScopes.Email))
        {
            claims["email"] = code.User.Email;
            claims["email_verified"] = code.User.EmailVerified;
        }
        if (code.Scopes.Contains(GoogleScopes.Profile))
        {
            claims["name"] = code.User.Name;
            claims["picture"] = picture;
            if (code.User.GivenName is { } given) claims["given_name"] = given;
            if (code.User.FamilyName is { } family) claims["family_name"] = family;
        }
        if (code.Nonce is { } nonce) claims["nonce"] = nonce;

        var header = new Dictionary<string, string> { ["alg"] = "RS256", ["kid"] = state.SigningKeyId, ["typ"] = "JWT" };
        var signingInput = Segment(header) + "." + Segment(claims);
        var signature = state.SigningKey.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return signingInput + "." + WebEncoders.Base64UrlEncode(signature);
    }

    /// <summary>The key set document: the public half of the signing key as a JWK.</summary>
    public static object KeySet(GoogleEmulatorState state)
    {
        var parameters = state.SigningKey.ExportParameters(includePrivateParameters: false);
        return new
        {
            keys = new[]
            {
                new Dictionary<string, string>
                {
                    ["kty"] = "RSA", ["alg"] = "RS256", ["use"] = "sig", ["kid"] = state.SigningKeyId,
                    ["n"] = WebEncoders.Base64UrlEncode(parameters.Modulus!), ["e"] = WebEncoders.Base64UrlEncode(parameters.Exponent!),
                },
            },
        };
    }

    /// <summary>OpenID Connect's at_hash: the left half of SHA-256 of the access token, base64url.</summary>
    public static string AccessTokenHash(string accessToken) =>
        WebEncoders.Base64UrlEncode(SHA256.HashData(Encoding.ASCII.GetBytes(accessToken)).AsSpan(0, 16).ToArray());

    private static string Segment(object value) => WebEncoders.Base64UrlEncode(JsonSerializer.SerializeToUtf8Bytes(value));
}
