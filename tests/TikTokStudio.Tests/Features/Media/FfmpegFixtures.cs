using System.Diagnostics;

namespace TikTokStudio.Tests.Features.Media;

/// <summary>
/// Videos made by ffmpeg during the test run (nothing binary committed for them): small and short so converting each
/// takes about a second. Made once per run in a temporary folder; tests that need ffmpeg skip without it.
/// </summary>
public static class FfmpegFixtures
{
    public static bool Available => Web.Features.Media.Ffmpeg.FfmpegTools.Resolve("ffmpeg") is not null;

    private static readonly string Folder = Path.Combine(Path.GetTempPath(), "tiktok-studio-ffmpeg-fixtures", Environment.ProcessId.ToString());
    private static readonly Dictionary<string, Lazy<string>> Made = new()
    {
        // Portrait and otherwise fine, but 20 fps: TikTok wants 23-60.
        ["fps20.mp4"] = Make("fps20.mp4", "testsrc2=size=360x640:rate=20:duration=2", "-c:v", "libx264", "-preset", "ultrafast"),
        // HEVC in a QuickTime container.
        ["hevc.mov"] = Make("hevc.mov", "testsrc2=size=360x640:rate=30:duration=2", "-c:v", "libx265", "-preset", "ultrafast", "-tag:v", "hvc1", "-x265-params", "log-level=error"),
        // 16:9 landscape, large enough that cropping to 9:16 stays above 360 px.
        ["landscape.mp4"] = Make("landscape.mp4", "testsrc2=size=1280x720:rate=30:duration=1", "-c:v", "libx264", "-preset", "ultrafast"),
        // 6 s: too long for a creator whose maximum the test sets to 3 s (the 60-second case, scaled down).
        ["long.mp4"] = Make("long.mp4", "testsrc2=size=360x640:rate=30:duration=6", "-c:v", "libx264", "-preset", "ultrafast"),
        // 320 px wide: below TikTok's minimum, and enlarging would look bad, so no copy is offered.
        ["tiny.mp4"] = Make("tiny.mp4", "testsrc2=size=320x568:rate=30:duration=1", "-c:v", "libx264", "-preset", "ultrafast"),
        // Long enough at a slow preset that a cancel lands mid-way.
        ["slow.mp4"] = Make("slow.mp4", "testsrc2=size=720x1280:rate=20:duration=20", "-c:v", "libx264", "-preset", "ultrafast"),
    };

    public static byte[] Bytes(string name) => File.ReadAllBytes(Made[name].Value);

    public static string PathOf(string name) => Made[name].Value;

    private static Lazy<string> Make(string name, string video, params string[] codec) => new(() =>
    {
        Directory.CreateDirectory(Folder);
        var output = Path.Combine(Folder, name);
        if (File.Exists(output)) return output;
        var duration = video[(video.LastIndexOf("duration=", StringComparison.Ordinal) + "duration=".Length)..];
        var args = new List<string> { "-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i", video,
            "-f", "lavfi", "-i", $"sine=frequency=440:duration={duration}" };
        args.AddRange(codec);
        args.AddRange(["-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", output + ".part" + Path.GetExtension(name)]);
        var start = new ProcessStartInfo("ffmpeg") { RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"ffmpeg could not make {name}: {error}");
        File.Move(output + ".part" + Path.GetExtension(name), output, overwrite: true);
        return output;
    });
}
