using System.Security.Cryptography;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace TikTokStudio.Emulators.Google;

/// <summary>An authorization code waiting to be exchanged: single use, bound to the client, redirect URI and PKCE challenge.</summary>
public sealed record GoogleAuthorizationCode(
    string Code, string ClientId, string RedirectUri, GoogleUser User, IReadOnlyList<string> Scopes,
    string? CodeChallenge, string? CodeChallengeMethod, string? Nonce, DateTimeOffset ExpiresAt);

public sealed record GoogleAccessToken(string Value, string ClientId, GoogleUser User, IReadOnlyList<string> Scopes, DateTimeOffset ExpiresAt);

/// <summary>
/// Everything the emulated Google knows: the cast, outstanding codes, issued access tokens and the ID-token signing
/// key. One singleton; every read and write happens inside <see cref="Gate"/>.
/// </summary>
public sealed class GoogleEmulatorState : IDisposable
{
    public GoogleEmulatorState(IOptions<GoogleEmulatorOptions> options)
    {
        Options = options.Value;
        Reset();
    }

    public Lock Gate { get; } = new();
    public GoogleEmulatorOptions Options { get; }

    /// <summary>Its own clock (not the TikTok emulator's, not the app's): advancing it expires codes and tokens.</summary>
    public EmulatorClock Clock { get; } = new();

    public IReadOnlyList<GoogleUser> Cast { get; } = GoogleCast.Create();
    public Dictionary<string, GoogleAuthorizationCode> Codes { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, GoogleAccessToken> AccessTokens { get; } = new(StringComparer.Ordinal);

    /// <summary>The RS256 key ID tokens are signed with, published at /oauth2/v3/certs. A new one per process.</summary>
    public RSA SigningKey { get; } = RSA.Create(2048);
    public string SigningKeyId { get; } = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(20));

    public DateTimeOffset Now => Clock.GetUtcNow();

    public bool IsClient(string? clientId) => clientId is not null && string.Equals(clientId, Options.ClientId, StringComparison.Ordinal);

    public GoogleUser? FindCastUser(string? sub) => Cast.FirstOrDefault(u => u.Sub == sub);

    /// <summary>People who chose "Use another account" and were given a code (so their picture can be drawn).</summary>
    public Dictionary<string, GoogleUser> OtherAccounts { get; } = new(StringComparer.Ordinal);

    /// <summary>A cast member or someone who signed in as another account. Caller holds the lock.</summary>
    public GoogleUser? FindUser(string sub) => FindCastUser(sub) ?? OtherAccounts.GetValueOrDefault(sub);

    /// <summary>No codes, no tokens, clock offset zero.</summary>
    public void Reset()
    {
        lock (Gate)
        {
            Clock.Reset();
            Codes.Clear();
            AccessTokens.Clear();
            OtherAccounts.Clear();
        }
    }

    public static string NewSecret(string prefix) => prefix + WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));

    public void Dispose() => SigningKey.Dispose();
}
