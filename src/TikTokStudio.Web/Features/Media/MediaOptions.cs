namespace TikTokStudio.Web.Features.Media;

/// <summary>The Media:* configuration keys (documented in this folder's README.md).</summary>
public sealed class MediaOptions
{
    public const string SectionName = "Media";

    /// <summary>Bytes a workspace may keep (finished files plus uploads in progress). Default 20 GiB.</summary>
    public long WorkspaceQuotaBytes { get; set; } = 20L * 1024 * 1024 * 1024;

    /// <summary>
    /// Public https base URL on a domain verified with TikTok, for PULL_FROM_URL photo posts, e.g. https://media.example.com.
    /// Empty: photo posts are unavailable (in Development the request's own base URL stands in).
    /// </summary>
    public string? PublicBaseUrl { get; set; }

    /// <summary>How long an unfinished upload may sit before it is cleaned away. Default 24 h.</summary>
    public TimeSpan UploadExpiry { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How often expired uploads are looked for. Default 15 min.</summary>
    public TimeSpan CleanupInterval { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>The ffmpeg program: a path, or a name looked up on PATH. Missing: thumbnails and conversions are off.</summary>
    public string FfmpegPath { get; set; } = "ffmpeg";

    /// <summary>Conversions this instance runs at once; the rest wait in their workspace's queue. Default 1 (2 cores).</summary>
    public int MaxConcurrentConversions { get; set; } = 1;

    /// <summary>A conversion running longer is killed and marked failed. Default 2 h.</summary>
    public TimeSpan ConversionTimeout { get; set; } = TimeSpan.FromHours(2);

    /// <summary>x264 preset of conversions: veryfast keeps a 2-core machine responsive; slower presets make smaller files.</summary>
    public string ConversionPreset { get; set; } = "veryfast";
}
