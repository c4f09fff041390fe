using Microsoft.AspNetCore.DataProtection;

namespace TikTokStudio.Web.Features.Connections;

/// <summary>Encrypts OAuth tokens and PKCE verifiers at rest with ASP.NET Data Protection (keys in the data directory).</summary>
public sealed class TokenProtector(IDataProtectionProvider provider)
{
    private readonly IDataProtector protector = provider.CreateProtector("TikTokStudio.Connections.Tokens.v1");

    public string Protect(string secret) => protector.Protect(secret);

    /// <summary>Null when the value is missing or cannot be decrypted (e.g. keys were lost): the account must reconnect.</summary>
    public string? TryUnprotect(string? protectedValue)
    {
        if (string.IsNullOrEmpty(protectedValue)) return null;
        try { return protector.Unprotect(protectedValue); }
        catch (System.Security.Cryptography.CryptographicException) { return null; }
    }
}
