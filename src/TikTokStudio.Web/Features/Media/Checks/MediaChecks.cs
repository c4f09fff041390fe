using System.Globalization;
using TikTokStudio.Web.Features.Media.Probing;

namespace TikTokStudio.Web.Features.Media.Checks;

public enum CheckOutcome
{
    Pass = 0,
    Warn = 1,
    Fail = 2,
}

/// <summary>One rule applied to one file, with its reason in plain words (shown to people, not only colour).</summary>
public sealed record MediaCheck(string Name, CheckOutcome Outcome, string Reason);

/// <summary>
/// TikTok's published media rules (tiktok-api.md §12) applied to what the bytes say, so a file that TikTok would
/// refuse with a *_check_failed error at publish time is refused here, before it can be scheduled.
/// A pure function: the same probe and creator limit always give the same checks.
/// </summary>
public static class MediaChecks
{
    public const long MaxVideoBytes = 4L * 1024 * 1024 * 1024;

    /// <summary>TikTok says "20 MB"; its own worked examples use binary megabytes (4 MB = 4,194,304 B, §8.1).</summary>
    public const long MaxPhotoBytes = 20L * 1024 * 1024;

    public const int MinSidePx = 360, MaxSidePx = 4096, MaxPhotoSidePx = 1080, MaxPhotoLongSidePx = 1920;
    public const double MinFrameRate = 23, MaxFrameRate = 60;

    /// <summary>The longest clip a developer can send (10 min), used when no creator has been chosen yet.</summary>
    public const int ApiMaxDurationSec = 600;

    /// <summary>Not a published rule, but clips under 3 s are often refused (tiktok-api.md §15): a warning, not a failure.</summary>
    public const int ShortClipSec = 3;

    public const string ContainerName = "Container", CodecName = "Codec", FrameRateName = "Frame rate", ResolutionName = "Resolution",
        DurationName = "Duration", SizeName = "File size", PhotoFormatName = "Photo format";

    public static IReadOnlyList<MediaCheck> Evaluate(MediaProbe probe, int? creatorMaxDurationSec) =>
        probe.Kind == MediaKind.Photo ? EvaluatePhoto(probe) : EvaluateVideo(probe, creatorMaxDurationSec);

    private static List<MediaCheck> EvaluateVideo(MediaProbe probe, int? creatorMaxDurationSec)
    {
        var checks = new List<MediaCheck>
        {
            probe.Container switch
            {
                MediaContainer.Mp4 => new(ContainerName, CheckOutcome.Pass, "MP4"),
                MediaContainer.Mov => new(ContainerName, CheckOutcome.Pass, "MOV"),
                MediaContainer.WebM => new(ContainerName, CheckOutcome.Pass, "WebM"),
                _ => new(ContainerName, CheckOutcome.Fail, $"{ContainerLabel(probe.Container)}: TikTok accepts MP4, MOV or WebM videos"),
            },
            probe.Codec switch
            {
                null => new(CodecName, CheckOutcome.Fail, "No video track found: TikTok needs H.264, H.265, VP8 or VP9 video"),
                "H.264" or "H.265" or "VP8" or "VP9" => new(CodecName, CheckOutcome.Pass, probe.Codec),
                _ => new(CodecName, CheckOutcome.Fail, $"{probe.Codec}: TikTok accepts H.264, H.265, VP8 or VP9 video"),
            },
        };

        checks.Add(probe.FrameRate switch
        {
            null => new(FrameRateName, CheckOutcome.Warn, "The frame rate could not be read: TikTok accepts 23-60 fps"),
            // 23.976 (film) is fine; compare on the value shown to people so the reason and the outcome agree.
            { } fps when Math.Round(fps, 2) < MinFrameRate || Math.Round(fps, 2) > MaxFrameRate =>
                new(FrameRateName, CheckOutcome.Fail, $"{Fps(fps)} fps: TikTok accepts 23-60 fps"),
            { } fps => new(FrameRateName, CheckOutcome.Pass, $"{Fps(fps)} fps"),
        });

        checks.Add(probe is { Width: { } w, Height: { } h }
            ? w is < MinSidePx or > MaxSidePx || h is < MinSidePx or > MaxSidePx
                ? new(ResolutionName, CheckOutcome.Fail, $"{w} × {h} px: TikTok needs width and height each between 360 and 4096 px")
                : new(ResolutionName, CheckOutcome.Pass, $"{w} × {h} px")
            : new(ResolutionName, CheckOutcome.Warn, "The resolution could not be read: TikTok needs width and height each between 360 and 4096 px"));

        var maxSec = creatorMaxDurationSec ?? ApiMaxDurationSec;
        checks.Add(probe.DurationMs switch
        {
            null => new(DurationName, CheckOutcome.Warn, $"The duration could not be read: TikTok accepts up to {Clock(maxSec * 1000L)}"),
            { } ms when ms > maxSec * 1000L => new(DurationName, CheckOutcome.Fail, creatorMaxDurationSec is null
                ? $"{Clock(ms)} long: TikTok accepts videos up to {Clock(maxSec * 1000L)}"
                : $"{Clock(ms)} long: this creator can post videos up to {Clock(maxSec * 1000L)}"),
            { } ms when ms < ShortClipSec * 1000L => new(DurationName, CheckOutcome.Warn,
                $"{Seconds(ms)} long: TikTok may refuse clips shorter than 3 seconds"),
            { } ms => new(DurationName, CheckOutcome.Pass, $"{Clock(ms)} long"),
        });

        checks.Add(probe.SizeBytes > MaxVideoBytes
            ? new(SizeName, CheckOutcome.Fail, $"{Size(probe.SizeBytes)}: TikTok accepts videos up to 4 GiB")
            : new(SizeName, CheckOutcome.Pass, Size(probe.SizeBytes)));
        return checks;
    }

    private static List<MediaCheck> EvaluatePhoto(MediaProbe probe)
    {
        var checks = new List<MediaCheck>
        {
            probe.Container switch
            {
                MediaContainer.Jpeg => new(PhotoFormatName, CheckOutcome.Pass, "JPEG"),
                MediaContainer.WebP => new(PhotoFormatName, CheckOutcome.Pass, "WebP"),
                _ => new(PhotoFormatName, CheckOutcome.Fail, $"{ContainerLabel(probe.Container)}: TikTok accepts JPEG or WebP photos"),
            },
            probe.SizeBytes > MaxPhotoBytes
                ? new(SizeName, CheckOutcome.Fail, $"{Size(probe.SizeBytes)}: TikTok accepts photos up to 20 MiB")
                : new(SizeName, CheckOutcome.Pass, Size(probe.SizeBytes)),
        };

        // "1080p" read as a frame that fits 1920 × 1080 in either orientation (shorter side ≤ 1080, longer ≤ 1920),
        // so TikTok's own full-screen 1080 × 1920 and the common 1080 × 1350 pass. A warning, not a failure: TikTok
        // documents photos as max "1080p" but names no error for larger ones (only format and size have
        // *_check_failed codes) and scales larger photos down when it shows them. Refusing a 4000 px camera photo
        // would block people for no benefit; they should just know it is scaled.
        checks.Add(probe is { Width: { } w, Height: { } h }
            ? Math.Min(w, h) > MaxPhotoSidePx || Math.Max(w, h) > MaxPhotoLongSidePx
                ? new(ResolutionName, CheckOutcome.Warn, $"{w} × {h} px: TikTok shows photos at up to 1080p; larger ones are scaled down")
                : new(ResolutionName, CheckOutcome.Pass, $"{w} × {h} px")
            : new(ResolutionName, CheckOutcome.Warn, "The resolution could not be read"));
        return checks;
    }

    public static string ContainerLabel(MediaContainer container) => container switch
    {
        MediaContainer.Mp4 => "MP4",
        MediaContainer.Mov => "MOV",
        MediaContainer.WebM => "WebM",
        MediaContainer.Matroska => "Matroska (MKV)",
        MediaContainer.Jpeg => "JPEG",
        MediaContainer.Png => "PNG",
        MediaContainer.WebP => "WebP",
        _ => container.ToString(),
    };

    /// <summary>"30", "29.97", "23.98": whole rates without decimals.</summary>
    public static string Fps(double fps) => Math.Round(fps, 2).ToString("0.##", CultureInfo.InvariantCulture);

    /// <summary>m:ss (or h:mm:ss), rounded to whole seconds.</summary>
    public static string Clock(long ms)
    {
        var span = TimeSpan.FromSeconds(Math.Round(ms / 1000.0));
        return span.TotalHours >= 1 ? span.ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture) : span.ToString(@"m\:ss", CultureInfo.InvariantCulture);
    }

    public static string Seconds(long ms) => (ms / 1000.0).ToString("0.0", CultureInfo.InvariantCulture) + " s";

    /// <summary>
    /// The one size formatter of the app (server and browser alike): binary units named as such (1 KiB = 1,024 B),
    /// because TikTok's "4 GB" and "20 MB" limits are 4 GiB and 20 MiB. One decimal, two for GiB.
    /// </summary>
    public static string Size(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => (bytes / 1024.0).ToString("0.0", CultureInfo.InvariantCulture) + " KiB",
        < 1024L * 1024 * 1024 => (bytes / 1024.0 / 1024).ToString("0.0", CultureInfo.InvariantCulture) + " MiB",
        _ => (bytes / 1024.0 / 1024 / 1024).ToString("0.00", CultureInfo.InvariantCulture) + " GiB",
    };

    /// <summary>The sentence the upload areas show once: which units sizes are in.</summary>
    public const string UnitsNote = "Sizes are in binary units: 1 MiB = 1,048,576 bytes, 1 GiB = 1,024 MiB.";
}
