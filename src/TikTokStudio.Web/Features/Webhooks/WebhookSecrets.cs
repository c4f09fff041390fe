using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace TikTokStudio.Web.Features.Webhooks;

/// <summary>
/// Signing secrets: <c>whsec_</c> and 32 random bytes in base64, the form Standard Webhooks libraries take. Stored only
/// under Data Protection (like OAuth tokens, <see cref="Connections.TokenProtector"/>), shown once when made.
/// </summary>
public sealed class WebhookSecrets(IDataProtectionProvider provider)
{
    public const string Prefix = "whsec_";

    private readonly IDataProtector protector = provider.CreateProtector("TikTokStudio.Webhooks.SigningSecret.v1");

    public static string NewSecret() => Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    public string Protect(string secret) => protector.Protect(secret);

    /// <summary>Null when the keys that encrypted it are gone: the endpoint needs a new secret (rotate).</summary>
    public string? TryUnprotect(string protectedSecret)
    {
        try { return protector.Unprotect(protectedSecret); }
        catch (CryptographicException) { return null; }
    }
}
