using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace TikTokStudio.Web.Features.Media;

/// <summary>
/// Public, expiring, tamper-proof URLs for TikTok's PULL_FROM_URL photo posts: {Media:PublicBaseUrl}/media/public/{token}.
/// The token is the media id protected by a time-limited Data Protection protector: it cannot be guessed, altered or
/// used after it expires, and it says nothing about the workspace or where the file is stored.
/// </summary>
public sealed class MediaUrls(
    IDataProtectionProvider dataProtection,
    IOptions<MediaOptions> options,
    IHostEnvironment environment,
    IHttpContextAccessor httpContextAccessor,
    Microsoft.AspNetCore.Hosting.Server.IServer server)
{
    public const string Purpose = "TikTokStudio.Media.PublicUrl.v1";
    public const string PublicPathPrefix = "/media/public/";

    public const string PhotoPostingUnavailableReason =
        "Photo posts need Media:PublicBaseUrl: TikTok pulls photos from a public URL on a verified domain.";

    private readonly ITimeLimitedDataProtector protector = dataProtection.CreateProtector(Purpose).ToTimeLimitedDataProtector();

    /// <summary>True when photo URLs can be made (a configured base URL, or Development, which uses its own address).</summary>
    public bool PhotoPostingAvailable => BaseUrl() is not null;

    /// <summary>Why photo posting is unavailable, for the composer; null when it is available.</summary>
    public string? PhotoPostingReason => PhotoPostingAvailable ? null : PhotoPostingUnavailableReason;

    /// <summary>A URL TikTok can download the file from until <paramref name="lifetime"/> has passed.</summary>
    /// <exception cref="InvalidOperationException">When <see cref="PhotoPostingAvailable"/> is false.</exception>
    public string CreatePublicUrl(Guid mediaId, TimeSpan lifetime)
    {
        var baseUrl = BaseUrl() ?? throw new InvalidOperationException(PhotoPostingUnavailableReason);
        return baseUrl + PublicPathPrefix + CreateToken(mediaId, lifetime);
    }

    public string CreateToken(Guid mediaId, TimeSpan lifetime) =>
        protector.Protect(mediaId.ToString("N"), DateTimeOffset.UtcNow.Add(lifetime));

    /// <summary>The media id of a valid, unexpired token; null for anything else.</summary>
    public Guid? ReadToken(string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 1024) return null;
        try
        {
            return Guid.TryParseExact(protector.Unprotect(token, out _), "N", out var id) ? id : null;
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null; // tampered, expired, or made with another key ring
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private string? BaseUrl()
    {
        var configured = options.Value.PublicBaseUrl;
        if (!string.IsNullOrWhiteSpace(configured)) return configured.TrimEnd('/');
        // Only for trying things out locally (the emulated TikTok pulls over loopback; a real TikTok never reaches
        // localhost), and outside Development a Host header must not decide which URL we hand to a third party.
        if (!environment.IsDevelopment()) return null;
        if (httpContextAccessor.HttpContext?.Request is { } request)
        {
            return $"{request.Scheme}://{request.Host}{request.PathBase}".TrimEnd('/');
        }
        // Background work (the publishing job) has no request: use the address the server listens on.
        return OwnAddress.BaseUrl(server);
    }
}
