using System.Numerics;
using System.Security.Cryptography;
using System.Text;

namespace TikTokStudio.Emulators.Google;

/// <summary>A Google account as the emulator knows it: what userinfo and the ID token say about the person.</summary>
public sealed record GoogleUser(string Sub, string Email, bool EmailVerified, string Name, string? GivenName, string? FamilyName)
{
    /// <summary>
    /// Any address typed into "Use another account". The name defaults to the address's local part; the sub is derived
    /// from the address, so the same person gets the same sub every time (as a real Google account would).
    /// </summary>
    public static GoogleUser Other(string email, string? name, bool emailVerified)
    {
        var display = string.IsNullOrWhiteSpace(name) ? email.Split('@')[0] : name.Trim();
        var parts = display.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return new GoogleUser(GoogleCast.StableSub(email), email, emailVerified, display,
            parts.Length > 0 ? parts[0] : null, parts.Length > 1 ? parts[1] : null);
    }
}

/// <summary>The emulated people on the account chooser. Their addresses are a contract: tests and demos sign in as them.</summary>
public static class GoogleCast
{
    public const string MayaEmail = "maya.fischer@example.com";
    public const string SamEmail = "sam.okafor@example.com";
    public const string LeaEmail = "lea.martin@example.org";

    public static IReadOnlyList<GoogleUser> Create() =>
    [
        Make(MayaEmail, "Maya Fischer", verified: true),
        Make(SamEmail, "Sam Okafor", verified: true),
        // An address Google has not verified: apps must not trust it as proof of the mailbox.
        Make(LeaEmail, "Lea Martin", verified: false),
    ];

    /// <summary>A 21-digit decimal id like Google's, stable for an address (case-insensitive).</summary>
    public static string StableSub(string email)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes("google-sub:" + email.Trim().ToLowerInvariant()));
        var number = new BigInteger(hash.AsSpan(0, 12), isUnsigned: true) % BigInteger.Pow(10, 20);
        return "1" + number.ToString("D20", System.Globalization.CultureInfo.InvariantCulture);
    }

    private static GoogleUser Make(string email, string name, bool verified)
    {
        var parts = name.Split(' ', 2);
        return new GoogleUser(StableSub(email), email, verified, name, parts[0], parts.Length > 1 ? parts[1] : null);
    }
}
