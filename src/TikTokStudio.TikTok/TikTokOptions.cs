namespace TikTokStudio.TikTok;

/// <summary>Where the client talks to and as which app. Base URLs point at TikTok or at the emulator.</summary>
public sealed class TikTokOptions
{
    public const string SectionName = "TikTok";

    /// <summary>Host of the authorize page; TikTok: https://www.tiktok.com</summary>
    public string AuthorizeBaseUrl { get; set; } = "https://www.tiktok.com";

    /// <summary>API host; TikTok: https://open.tiktokapis.com</summary>
    public string ApiBaseUrl { get; set; } = "https://open.tiktokapis.com";

    public string ClientKey { get; set; } = "";
    public string ClientSecret { get; set; } = "";

    /// <summary>Whether the app passed TikTok's audit (unaudited apps may only post SELF_ONLY to private accounts).</summary>
    public bool Audited { get; set; } = true;

    /// <summary>
    /// When a per-token budget (creator_info 20/min, each init 6/min, status 30/min, Display 600/min) is used up:
    /// true waits until it frees up; false throws a RateLimited <see cref="Errors.TikTokApiException"/> whose
    /// RetryAfter says how long to wait, without sending anything.
    /// </summary>
    public bool WaitWhenRateLimited { get; set; } = true;

    /// <summary>Timeout of one API call (not of upload chunks, which have their own, see Upload.UploadOptions).</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
