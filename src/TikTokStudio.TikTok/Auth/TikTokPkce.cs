using System.Security.Cryptography;
using System.Text;

namespace TikTokStudio.TikTok.Auth;

/// <summary>
/// PKCE as TikTok does it: the challenge is the lowercase HEX SHA-256 of the verifier, not RFC 7636's base64url
/// (§2.2, §15). Sent on web too because the authorize page has been seen failing without it.
/// </summary>
public static class TikTokPkce
{
    // RFC 7636 §4.1 unreserved characters.
    private const string Unreserved = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~";

    /// <summary>A random verifier of <paramref name="length"/> (43..128) unreserved characters; 64 gives ~390 bits.</summary>
    public static string CreateVerifier(int length = 64)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 43);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, 128);
        return RandomNumberGenerator.GetString(Unreserved, length);
    }

    /// <summary>Lowercase hex of SHA-256 over the verifier's ASCII bytes.</summary>
    public static string ComputeChallenge(string codeVerifier)
    {
        ArgumentException.ThrowIfNullOrEmpty(codeVerifier);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(codeVerifier)));
    }

    /// <summary>A random state value for anti-CSRF (URL-safe).</summary>
    public static string CreateState() => RandomNumberGenerator.GetString(Unreserved, 32);
}
