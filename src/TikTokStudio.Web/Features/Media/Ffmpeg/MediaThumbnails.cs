using System.Globalization;
using TikTokStudio.Web.Features.Media.Probing;

namespace TikTokStudio.Web.Features.Media.Ffmpeg;

/// <summary>
/// Real frames for the library: a poster frame for every ready video (~1 s in) and a strip of
/// <see cref="StripFrames"/> frames across it for the cover picker; a downscaled preview for photos. They are files
/// beside the media's own bytes ({path}.thumb.jpg, {path}.strip.jpg), deleted with it (<see cref="MediaStorage.Delete"/>)
/// and counted in the workspace's quota (<see cref="MediaFile.ThumbnailBytes"/>). Without ffmpeg nothing is made and
/// the library keeps its placeholders.
/// </summary>
public sealed partial class MediaThumbnails(FfmpegTools ffmpeg, MediaStorage storage, ILogger<MediaThumbnails> logger)
{
    public const int StripFrames = 8;

    /// <summary>Long side of the poster and photo preview: sharp on a card, small on disk.</summary>
    public const int PreviewLongSidePx = 640;

    /// <summary>Height of each strip frame (width follows the video's shape).</summary>
    public const int StripFrameHeightPx = 160;

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <summary>When strip frame <paramref name="index"/> is taken: the middle of its eighth of the video.</summary>
    public static long StripTimeMs(long durationMs, int index) => (long)(durationMs * (index + 0.5) / StripFrames);

    /// <summary>The strip frame nearest a cover time, for showing a post's chosen cover.</summary>
    public static int NearestStripFrame(long durationMs, long coverMs) =>
        durationMs <= 0 ? 0 : Math.Clamp((int)(coverMs * StripFrames / durationMs), 0, StripFrames - 1);

    /// <summary>The poster frame's time: 1 s in, or the middle of a clip shorter than 2 s.</summary>
    public static long PosterTimeMs(long? durationMs) => durationMs is { } d && d < 2000 ? d / 2 : 1000;

    /// <summary>Makes the files for a ready file and records them on it (not saved). Failures leave placeholders, never throw.</summary>
    public async Task CreateAsync(MediaFile file, CancellationToken ct)
    {
        if (!ffmpeg.IsAvailable || file.Status != MediaStatus.Ready) return;
        var source = storage.FullPath(file);
        var poster = storage.ThumbnailPath(file);
        var strip = storage.StripPath(file);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(Timeout);
        try
        {
            var seek = file.Kind == MediaKind.Video ? PosterTimeMs(file.DurationMs) : (long?)null;
            file.HasThumbnail = await RunAsync(PosterArguments(source, poster, seek), poster, timeout.Token);
            file.HasStrip = file is { Kind: MediaKind.Video, DurationMs: > 0 }
                && await RunAsync(StripArguments(source, strip, file.DurationMs.Value), strip, timeout.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            LogTimedOut(file.Id);
            file.HasThumbnail = file.HasThumbnail && File.Exists(poster);
            file.HasStrip = false;
            TryDelete(strip);
        }
        file.ThumbnailBytes = Length(file.HasThumbnail ? poster : null) + Length(file.HasStrip ? strip : null);
    }

    internal static List<string> PosterArguments(string source, string output, long? seekMs)
    {
        var arguments = new List<string> { "-hide_banner", "-loglevel", "error", "-y" };
        // -ss before -i seeks on keyframes first: the frame comes in milliseconds even from a 4 GiB file.
        if (seekMs is { } ms) arguments.AddRange(["-ss", Seconds(ms)]);
        arguments.AddRange(["-i", source, "-frames:v", "1", "-vf",
            $"scale={PreviewLongSidePx}:{PreviewLongSidePx}:force_original_aspect_ratio=decrease:force_divisible_by=2",
            "-q:v", "4", "-f", "image2", output]);
        return arguments;
    }

    /// <summary>One ffmpeg run: the file opened <see cref="StripFrames"/> times, each seeked to its time, the frames side by side.</summary>
    internal static List<string> StripArguments(string source, string output, long durationMs)
    {
        var arguments = new List<string> { "-hide_banner", "-loglevel", "error", "-y" };
        for (var i = 0; i < StripFrames; i++) arguments.AddRange(["-ss", Seconds(StripTimeMs(durationMs, i)), "-i", source]);
        var scaled = string.Join(";", Enumerable.Range(0, StripFrames)
            .Select(i => $"[{i}:v:0]scale=-2:{StripFrameHeightPx},setsar=1,trim=end_frame=1[f{i}]"));
        var inputs = string.Concat(Enumerable.Range(0, StripFrames).Select(i => $"[f{i}]"));
        arguments.AddRange(["-filter_complex", $"{scaled};{inputs}hstack=inputs={StripFrames}[strip]", "-map", "[strip]",
            "-frames:v", "1", "-q:v", "5", "-f", "image2", output]);
        return arguments;
    }

    private async Task<bool> RunAsync(List<string> arguments, string output, CancellationToken ct)
    {
        var run = await ffmpeg.RunAsync(arguments, null, ct);
        if (run.Succeeded && File.Exists(output) && new FileInfo(output).Length > 0) return true;
        LogFailed(Path.GetFileName(output), run.ErrorTail);
        TryDelete(output);
        return false;
    }

    private static string Seconds(long ms) => (ms / 1000.0).ToString("0.###", CultureInfo.InvariantCulture);

    private static long Length(string? path) => path is not null && File.Exists(path) ? new FileInfo(path).Length : 0;

    private static void TryDelete(string path)
    {
        try { File.Delete(path); } catch (IOException) { }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Making {Output} failed: {Error}")]
    private partial void LogFailed(string output, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Making the frames of media {MediaId} timed out")]
    private partial void LogTimedOut(Guid mediaId);
}
