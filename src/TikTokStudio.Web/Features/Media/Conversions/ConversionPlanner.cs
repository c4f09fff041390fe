using System.Globalization;
using TikTokStudio.Web.Features.Media.Checks;
using TikTokStudio.Web.Features.Media.Probing;

namespace TikTokStudio.Web.Features.Media.Conversions;

/// <summary>What the person chose in the dialog: how to frame a non-9:16 picture, where a trimmed copy starts, the creator's limit.</summary>
public sealed record ConversionChoices(ConversionFit Fit = ConversionFit.Keep, long TrimStartMs = 0, int? CreatorMaxDurationSec = null);

/// <summary>One change the copy will have, in words ("Frame rate: 20 fps -> 30 fps").</summary>
public sealed record PlannedChange(string Check, string What);

/// <summary>
/// The conversion for one file: what changes and why, what cannot be fixed and why, and the ffmpeg arguments.
/// <see cref="CanConvert"/> is false when nothing would help or a blocking problem (e.g. too small) remains.
/// </summary>
public sealed record ConversionPlan
{
    public required IReadOnlyList<PlannedChange> Changes { get; init; }
    public required IReadOnlyList<string> CannotFix { get; init; }

    /// <summary>The file fails a check now (the copy is needed to post it), rather than being merely improved.</summary>
    public required bool FixesFailure { get; init; }
    public bool CanConvert => Changes.Count > 0 && CannotFix.Count == 0;

    public int Width { get; init; }
    public int Height { get; init; }
    public double? FrameRate { get; init; }
    public long StartMs { get; init; }

    /// <summary>How long the copy is: the whole video, or the trimmed part. Progress is measured against it.</summary>
    public long DurationMs { get; init; }

    /// <summary>Null: quality-based (CRF); set when the size limit needs a bitrate cap.</summary>
    public long? VideoBitrate { get; init; }

    /// <summary>The -vf chain (scale, crop or pad, fps).</summary>
    public string? VideoFilter { get; init; }
}

/// <summary>
/// Plans a TikTok-ready copy from the probe and the checks: always H.264 + AAC in MP4 (what every TikTok client plays),
/// frame rate into 23-60, the picture fitted into 1080 × 1920 (never enlarged), cropped or padded into 9:16 when asked,
/// a bitrate that fits the size limit, trimmed to the creator's maximum. A pure function: tests call it directly.
/// </summary>
public static class ConversionPlanner
{
    public const int MaxShortSide = 1080, MaxLongSide = 1920;

    /// <summary>A frame rate below 23 is raised to this (frames repeated), above 60 lowered to this.</summary>
    public const int LowFrameRateTarget = 30, HighFrameRateTarget = 60;

    public const int AudioBitrate = 128_000;

    /// <summary>Share of TikTok's size limit the copy aims at: room for the container and the encoder's overshoot.</summary>
    private const double SizeHeadroom = 0.9;

    public static ConversionPlan Plan(MediaProbe probe, ConversionChoices choices)
    {
        var changes = new List<PlannedChange>();
        var cannot = new List<string>();
        var checks = MediaChecks.Evaluate(probe, choices.CreatorMaxDurationSec);
        var failing = checks.Where(c => c.Outcome == CheckOutcome.Fail).Select(c => c.Name).ToHashSet();

        if (probe.Kind != MediaKind.Video)
        {
            cannot.Add("Only videos can be converted here; export photos as JPEG or WebP.");
            return new() { Changes = [], CannotFix = cannot, FixesFailure = false };
        }
        if (probe.Codec is null)
        {
            cannot.Add("The file has no video track: there is no picture to convert.");
            return new() { Changes = [], CannotFix = cannot, FixesFailure = true };
        }
        if (probe is not { Width: { } w and > 0, Height: { } h and > 0 })
        {
            cannot.Add("The picture's size could not be read, so a copy cannot be planned.");
            return new() { Changes = [], CannotFix = cannot, FixesFailure = failing.Count > 0 };
        }

        if (probe.Container != MediaContainer.Mp4)
            changes.Add(new(MediaChecks.ContainerName, $"{MediaChecks.ContainerLabel(probe.Container)} → MP4"));
        if (probe.Codec != "H.264")
            changes.Add(new(MediaChecks.CodecName, $"{probe.Codec} → H.264 video, AAC audio"));

        // Picture: crop or pad into 9:16 first (when asked and not already portrait), then fit into 1080 × 1920.
        var (outW, outH, filters) = Frame(w, h, choices.Fit);
        if (Math.Min(w, h) < MediaChecks.MinSidePx)
        {
            cannot.Add($"{w} × {h} px is smaller than TikTok's 360 px minimum: enlarging it would look blurred, so no copy is made. Export the video at 720p or more.");
        }
        else if (Math.Min(outW, outH) < MediaChecks.MinSidePx)
        {
            cannot.Add($"Cropping {w} × {h} px to 9:16 leaves {outW} × {outH} px, below TikTok's 360 px minimum. Choose \"add bars\" instead.");
        }
        if (outW != w || outH != h || choices.Fit != ConversionFit.Keep && IsLandscapeOrSquare(w, h))
        {
            var how = choices.Fit switch
            {
                ConversionFit.Crop when IsLandscapeOrSquare(w, h) => ", sides cropped to 9:16",
                ConversionFit.Pad when IsLandscapeOrSquare(w, h) => ", bars above and below for 9:16",
                _ => ", whole picture kept",
            };
            changes.Add(new(MediaChecks.ResolutionName, $"{w} × {h} px → {outW} × {outH} px{how}"));
        }

        double? fps = null;
        if (probe.FrameRate is { } rate && (Math.Round(rate, 2) < MediaChecks.MinFrameRate || Math.Round(rate, 2) > MediaChecks.MaxFrameRate))
        {
            fps = rate < MediaChecks.MinFrameRate ? LowFrameRateTarget : HighFrameRateTarget;
            filters.Add($"fps={fps.Value.ToString(CultureInfo.InvariantCulture)}");
            changes.Add(new(MediaChecks.FrameRateName, $"{MediaChecks.Fps(rate)} fps → {fps} fps"));
        }

        var duration = probe.DurationMs ?? 0;
        var maxMs = (choices.CreatorMaxDurationSec ?? MediaChecks.ApiMaxDurationSec) * 1000L;
        long start = 0;
        if (duration > maxMs)
        {
            start = Math.Clamp(choices.TrimStartMs, 0, duration - maxMs);
            changes.Add(new(MediaChecks.DurationName,
                $"{MediaChecks.Clock(duration)} → {MediaChecks.Clock(maxMs)}: keeps {Stamp(start)}-{Stamp(start + maxMs)}"));
            duration = maxMs;
        }

        long? bitrate = null;
        if (probe.SizeBytes > MediaChecks.MaxVideoBytes && duration > 0)
        {
            var total = (long)(MediaChecks.MaxVideoBytes * SizeHeadroom * 8 / (duration / 1000.0));
            bitrate = Math.Max(250_000, total - AudioBitrate);
            changes.Add(new(MediaChecks.SizeName, $"{MediaChecks.Size(probe.SizeBytes)} → under 4 GiB (video at {bitrate / 1000} kbit/s)"));
        }

        // Every copy is re-encoded for H.264 + AAC in MP4, so this line is always true when a copy is made.
        if (changes.Count > 0 && changes.All(c => c.Check is not (MediaChecks.CodecName or MediaChecks.ContainerName)))
            changes.Insert(0, new(MediaChecks.CodecName, "Re-encoded as H.264 video, AAC audio in MP4"));

        return new()
        {
            Changes = changes,
            CannotFix = cannot,
            FixesFailure = failing.Count > 0,
            Width = outW,
            Height = outH,
            FrameRate = fps,
            StartMs = start,
            DurationMs = duration,
            VideoBitrate = bitrate,
            VideoFilter = filters.Count == 0 ? null : string.Join(',', filters),
        };
    }

    public static bool IsLandscapeOrSquare(int width, int height) => width >= height;

    /// <summary>The output size and the filters that make it: crop or pad to 9:16 when asked, then scale down into 1080 × 1920.</summary>
    private static (int Width, int Height, List<string> Filters) Frame(int w, int h, ConversionFit fit)
    {
        var filters = new List<string>();
        int cw = w, ch = h;
        if (IsLandscapeOrSquare(w, h) && fit == ConversionFit.Crop)
        {
            cw = Even(h * 9 / 16);
            ch = Even(h);
            filters.Add($"crop={cw}:{ch}");
        }
        else if (IsLandscapeOrSquare(w, h) && fit == ConversionFit.Pad)
        {
            // The canvas is as wide as the picture (at most 1080); the picture is scaled to that width, bars fill the rest.
            var canvasW = Even(Math.Min(w, MaxShortSide));
            var canvasH = Even(canvasW * 16 / 9);
            var pictureH = Even((int)Math.Round((double)h * canvasW / w));
            filters.Add($"scale={canvasW}:{pictureH}");
            filters.Add($"pad={canvasW}:{canvasH}:(ow-iw)/2:(oh-ih)/2:black");
            filters.Add("setsar=1");
            return (canvasW, canvasH, filters);
        }

        var (boxW, boxH) = cw <= ch ? (MaxShortSide, MaxLongSide) : (MaxLongSide, MaxShortSide);
        var scale = Math.Min(1.0, Math.Min((double)boxW / cw, (double)boxH / ch));
        var outW = Even((int)Math.Round(cw * scale));
        var outH = Even((int)Math.Round(ch * scale));
        if (outW != cw || outH != ch || w % 2 == 1 || h % 2 == 1) filters.Add($"scale={outW}:{outH}");
        if (filters.Count > 0) filters.Add("setsar=1");
        return (outW, outH, filters);
    }

    private static int Even(int value) => value - value % 2;

    private static string Stamp(long ms) => MediaChecks.Clock(ms);

    /// <summary>
    /// ffmpeg's arguments for the plan: input seek and duration, the filters, H.264 (yuv420p, High) + AAC in MP4 with
    /// the index at the front, and -progress on stdout so the job reads ffmpeg's own out_time. The benchmark runs the
    /// same list with plain ffmpeg.
    /// </summary>
    public static List<string> Arguments(ConversionPlan plan, string input, string output, string preset)
    {
        var args = new List<string> { "-hide_banner", "-nostdin", "-loglevel", "error", "-nostats", "-progress", "pipe:1", "-y" };
        if (plan.StartMs > 0) args.AddRange(["-ss", Seconds(plan.StartMs)]);
        args.AddRange(["-i", input]);
        if (plan.DurationMs > 0) args.AddRange(["-t", Seconds(plan.DurationMs)]);
        args.AddRange(["-map", "0:v:0", "-map", "0:a:0?"]);
        if (plan.VideoFilter is { } vf) args.AddRange(["-vf", vf]);
        args.AddRange(["-c:v", "libx264", "-preset", preset, "-profile:v", "high", "-pix_fmt", "yuv420p"]);
        if (plan.VideoBitrate is { } bitrate)
            args.AddRange(["-b:v", bitrate.ToString(CultureInfo.InvariantCulture), "-maxrate", bitrate.ToString(CultureInfo.InvariantCulture),
                "-bufsize", (bitrate * 2).ToString(CultureInfo.InvariantCulture)]);
        else
            args.AddRange(["-crf", "21"]);
        args.AddRange(["-c:a", "aac", "-b:a", AudioBitrate.ToString(CultureInfo.InvariantCulture), "-ac", "2",
            "-movflags", "+faststart", "-f", "mp4", output]);
        return args;
    }

    private static string Seconds(long ms) => (ms / 1000.0).ToString("0.###", CultureInfo.InvariantCulture);
}
