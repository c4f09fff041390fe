using TikTokStudio.Web.Features.Media.Checks;
using TikTokStudio.Web.Features.Media.Conversions;
using TikTokStudio.Web.Features.Media.Probing;

namespace TikTokStudio.Tests.Features.Media.Conversions;

public sealed class ConversionPlannerTests
{
    private static MediaProbe Video(int w, int h, double fps = 30, string codec = "H.264", MediaContainer container = MediaContainer.Mp4,
        long durationMs = 10_000, long size = 10_000_000) => new()
    {
        Kind = MediaKind.Video, Container = container, SizeBytes = size, Codec = codec, DurationMs = durationMs, Width = w, Height = h, FrameRate = fps,
    };

    [Fact]
    public void A_20_Fps_Video_Is_Raised_To_30_Fps_And_Nothing_Else_About_The_Picture_Changes()
    {
        var plan = ConversionPlanner.Plan(Video(720, 1280, fps: 20), new());

        Assert.True(plan.CanConvert);
        Assert.True(plan.FixesFailure);
        Assert.Contains(plan.Changes, c => c.Check == MediaChecks.FrameRateName && c.What == "20 fps → 30 fps");
        Assert.DoesNotContain(plan.Changes, c => c.Check == MediaChecks.ResolutionName);
        Assert.Equal((720, 1280, 30.0), (plan.Width, plan.Height, plan.FrameRate!.Value));
        Assert.Equal("fps=30", plan.VideoFilter);
    }

    [Fact]
    public void Hevc_In_Mov_Becomes_H264_And_Aac_In_Mp4()
    {
        var plan = ConversionPlanner.Plan(Video(1080, 1920, codec: "H.265", container: MediaContainer.Mov), new());

        Assert.True(plan.CanConvert);
        Assert.False(plan.FixesFailure); // TikTok takes HEVC MOV; the copy is for compatibility
        Assert.Contains(plan.Changes, c => c.What == "MOV → MP4");
        Assert.Contains(plan.Changes, c => c.What == "H.265 → H.264 video, AAC audio");
        var args = ConversionPlanner.Arguments(plan, "in.mov", "out.mp4", "veryfast");
        Assert.Equal(["libx264", "aac", "mp4"], new[] { After(args, "-c:v"), After(args, "-c:a"), After(args, "-f") });
        Assert.Equal("pipe:1", After(args, "-progress"));
    }

    [Fact]
    public void Landscape_1080p_Is_Cropped_Or_Padded_Into_9_16_Within_1080_By_1920()
    {
        var crop = ConversionPlanner.Plan(Video(1920, 1080), new(ConversionFit.Crop));
        var pad = ConversionPlanner.Plan(Video(1920, 1080), new(ConversionFit.Pad));
        var keep = ConversionPlanner.Plan(Video(1920, 1080), new(ConversionFit.Keep));

        Assert.Equal((606, 1080), (crop.Width, crop.Height));
        Assert.StartsWith("crop=606:1080", crop.VideoFilter);
        Assert.Equal((1080, 1920), (pad.Width, pad.Height));
        Assert.Equal("scale=1080:608,pad=1080:1920:(ow-iw)/2:(oh-ih)/2:black,setsar=1", pad.VideoFilter);
        Assert.False(keep.CanConvert); // 1920 x 1080 H.264 MP4 already meets every rule when its shape is kept
    }

    [Fact]
    public void A_4K_Portrait_Video_Is_Scaled_Down_Never_A_Small_One_Up()
    {
        var big = ConversionPlanner.Plan(Video(2160, 3840, fps: 20), new());
        var small = ConversionPlanner.Plan(Video(480, 854, fps: 20), new());

        Assert.Equal((1080, 1920), (big.Width, big.Height));
        Assert.Equal((480, 854), (small.Width, small.Height));
    }

    [Fact]
    public void Too_Long_For_The_Creator_Is_Trimmed_From_The_Chosen_Start_Kept_Inside_The_Video()
    {
        var plan = ConversionPlanner.Plan(Video(720, 1280, durationMs: 120_000), new(TrimStartMs: 30_000, CreatorMaxDurationSec: 60));
        var late = ConversionPlanner.Plan(Video(720, 1280, durationMs: 120_000), new(TrimStartMs: 100_000, CreatorMaxDurationSec: 60));

        Assert.Equal((30_000L, 60_000L), (plan.StartMs, plan.DurationMs));
        Assert.Contains(plan.Changes, c => c.Check == MediaChecks.DurationName && c.What == "2:00 → 1:00: keeps 0:30-1:30");
        Assert.Equal(60_000, late.StartMs); // the last minute, not past the end
        var args = ConversionPlanner.Arguments(plan, "in.mp4", "out.mp4", "veryfast");
        Assert.Equal(("30", "60"), (After(args, "-ss"), After(args, "-t")));
    }

    [Fact]
    public void Over_4_GiB_Gets_A_Bitrate_That_Fits_The_Limit()
    {
        var plan = ConversionPlanner.Plan(Video(1080, 1920, durationMs: 600_000, size: 5L * 1024 * 1024 * 1024), new());

        Assert.True(plan.CanConvert);
        Assert.NotNull(plan.VideoBitrate);
        var bytes = (plan.VideoBitrate!.Value + ConversionPlanner.AudioBitrate) / 8.0 * 600;
        Assert.InRange(bytes, 0, MediaChecks.MaxVideoBytes);
        Assert.Contains(plan.Changes, c => c.Check == MediaChecks.SizeName);
    }

    [Fact]
    public void A_320_Px_Wide_Video_Cannot_Be_Fixed_And_Says_Why()
    {
        var plan = ConversionPlanner.Plan(Video(320, 568, fps: 20), new());

        Assert.False(plan.CanConvert);
        Assert.Contains(plan.CannotFix, r => r.Contains("320 × 568 px") && r.Contains("enlarging it would look blurred"));
    }

    [Fact]
    public void Cropping_A_Small_Landscape_Below_360_Px_Is_Refused_With_The_Alternative()
    {
        var plan = ConversionPlanner.Plan(Video(640, 360), new(ConversionFit.Crop));
        var pad = ConversionPlanner.Plan(Video(640, 360), new(ConversionFit.Pad));

        Assert.False(plan.CanConvert);
        Assert.Contains(plan.CannotFix, r => r.Contains("leaves 202 × 360 px") && r.Contains("add bars"));
        Assert.True(pad.CanConvert);
        Assert.Equal((640, 1136), (pad.Width, pad.Height));
    }

    [Fact]
    public void Photos_And_Files_Without_Video_Are_Not_Converted()
    {
        var photo = ConversionPlanner.Plan(new MediaProbe { Kind = MediaKind.Photo, Container = MediaContainer.Png, SizeBytes = 10, Width = 10, Height = 10 }, new());
        var silent = ConversionPlanner.Plan(Video(720, 1280) with { Codec = null }, new());

        Assert.False(photo.CanConvert);
        Assert.False(silent.CanConvert);
        Assert.Contains(silent.CannotFix, r => r.Contains("no video track"));
    }

    [Fact]
    public void Progress_Reads_Out_Time_Against_The_Copy_Duration_And_Ends_At_100_Only_When_Ffmpeg_Says_So()
    {
        var reader = new ProgressReader(durationMs: 10_000);
        reader.Read("frame=50");
        reader.Read("out_time_us=2500000");
        Assert.Equal(25, reader.Percent);
        reader.Read("out_time_us=10000000");
        Assert.Equal(99, reader.Percent);
        reader.Read("progress=end");
        Assert.Equal(100, reader.Percent);
    }

    private static string After(List<string> args, string flag) => args[args.IndexOf(flag) + 1];
}
