using TikTokStudio.Web.Features.Media;
using TikTokStudio.Web.Features.Media.Checks;
using TikTokStudio.Web.Features.Media.Probing;

namespace TikTokStudio.Tests.Features.Media;

public sealed class MediaChecksTests
{
    private static MediaProbe Video(MediaContainer container = MediaContainer.Mp4, string? codec = "H.264", double? fps = 30,
        int? width = 720, int? height = 1280, long? durationMs = 15_000, long size = 10 * 1024 * 1024) => new()
    {
        Kind = MediaKind.Video, Container = container, Codec = codec, FrameRate = fps, Width = width, Height = height,
        DurationMs = durationMs, SizeBytes = size,
    };

    private static MediaProbe Photo(MediaContainer container = MediaContainer.Jpeg, int width = 1080, int height = 1350,
        long size = 500 * 1024) => new()
    {
        Kind = MediaKind.Photo, Container = container, Width = width, Height = height, SizeBytes = size,
    };

    private static MediaCheck Check(IReadOnlyList<MediaCheck> checks, string name) => Assert.Single(checks, c => c.Name == name);

    private static void AssertCheck(MediaCheck check, CheckOutcome outcome, string reason)
    {
        Assert.Equal(outcome, check.Outcome);
        Assert.Equal(reason, check.Reason);
    }

    [Fact]
    public void A_Good_Video_Passes_Every_Check()
    {
        var checks = MediaChecks.Evaluate(Video(), creatorMaxDurationSec: null);

        Assert.Equal(["Container", "Codec", "Frame rate", "Resolution", "Duration", "File size"], checks.Select(c => c.Name));
        Assert.All(checks, c => Assert.Equal(CheckOutcome.Pass, c.Outcome));
        AssertCheck(Check(checks, "Container"), CheckOutcome.Pass, "MP4");
        AssertCheck(Check(checks, "Codec"), CheckOutcome.Pass, "H.264");
        AssertCheck(Check(checks, "Frame rate"), CheckOutcome.Pass, "30 fps");
        AssertCheck(Check(checks, "Resolution"), CheckOutcome.Pass, "720 × 1280 px");
        AssertCheck(Check(checks, "Duration"), CheckOutcome.Pass, "0:15 long");
        AssertCheck(Check(checks, "File size"), CheckOutcome.Pass, "10.0 MiB");
    }

    [Theory]
    [InlineData(MediaContainer.Mp4, CheckOutcome.Pass, "MP4")]
    [InlineData(MediaContainer.Mov, CheckOutcome.Pass, "MOV")]
    [InlineData(MediaContainer.WebM, CheckOutcome.Pass, "WebM")]
    [InlineData(MediaContainer.Matroska, CheckOutcome.Fail, "Matroska (MKV): TikTok accepts MP4, MOV or WebM videos")]
    public void Container_Must_Be_Mp4_Mov_Or_WebM(MediaContainer container, CheckOutcome outcome, string reason)
    {
        AssertCheck(Check(MediaChecks.Evaluate(Video(container), null), "Container"), outcome, reason);
    }

    [Theory]
    [InlineData("H.264", CheckOutcome.Pass, "H.264")]
    [InlineData("H.265", CheckOutcome.Pass, "H.265")]
    [InlineData("VP8", CheckOutcome.Pass, "VP8")]
    [InlineData("VP9", CheckOutcome.Pass, "VP9")]
    [InlineData("AV1", CheckOutcome.Fail, "AV1: TikTok accepts H.264, H.265, VP8 or VP9 video")]
    [InlineData("ProRes", CheckOutcome.Fail, "ProRes: TikTok accepts H.264, H.265, VP8 or VP9 video")]
    [InlineData(null, CheckOutcome.Fail, "No video track found: TikTok needs H.264, H.265, VP8 or VP9 video")]
    public void Codec_Must_Be_One_TikTok_Decodes(string? codec, CheckOutcome outcome, string reason)
    {
        AssertCheck(Check(MediaChecks.Evaluate(Video(codec: codec), null), "Codec"), outcome, reason);
    }

    [Theory]
    [InlineData(20.0, CheckOutcome.Fail, "20 fps: TikTok accepts 23-60 fps")]
    [InlineData(22.5, CheckOutcome.Fail, "22.5 fps: TikTok accepts 23-60 fps")]
    [InlineData(23.0, CheckOutcome.Pass, "23 fps")]
    [InlineData(23.976, CheckOutcome.Pass, "23.98 fps")]
    [InlineData(29.97, CheckOutcome.Pass, "29.97 fps")]
    [InlineData(60.0, CheckOutcome.Pass, "60 fps")]
    [InlineData(120.0, CheckOutcome.Fail, "120 fps: TikTok accepts 23-60 fps")]
    [InlineData(null, CheckOutcome.Warn, "The frame rate could not be read: TikTok accepts 23-60 fps")]
    public void Frame_Rate_Must_Be_23_To_60(double? fps, CheckOutcome outcome, string reason)
    {
        AssertCheck(Check(MediaChecks.Evaluate(Video(fps: fps), null), "Frame rate"), outcome, reason);
    }

    [Theory]
    [InlineData(320, 240, CheckOutcome.Fail, "320 × 240 px: TikTok needs width and height each between 360 and 4096 px")]
    [InlineData(360, 640, CheckOutcome.Pass, "360 × 640 px")]
    [InlineData(4096, 4096, CheckOutcome.Pass, "4096 × 4096 px")]
    [InlineData(1080, 4097, CheckOutcome.Fail, "1080 × 4097 px: TikTok needs width and height each between 360 and 4096 px")]
    [InlineData(359, 1280, CheckOutcome.Fail, "359 × 1280 px: TikTok needs width and height each between 360 and 4096 px")]
    public void Width_And_Height_Must_Each_Be_360_To_4096(int width, int height, CheckOutcome outcome, string reason)
    {
        AssertCheck(Check(MediaChecks.Evaluate(Video(width: width, height: height), null), "Resolution"), outcome, reason);
    }

    [Fact]
    public void Unknown_Resolution_Is_A_Warning()
    {
        AssertCheck(Check(MediaChecks.Evaluate(Video(width: null, height: null), null), "Resolution"), CheckOutcome.Warn,
            "The resolution could not be read: TikTok needs width and height each between 360 and 4096 px");
    }

    [Theory]
    [InlineData(600_000L, null, CheckOutcome.Pass, "10:00 long")]
    [InlineData(601_000L, null, CheckOutcome.Fail, "10:01 long: TikTok accepts videos up to 10:00")]
    [InlineData(181_000L, 180, CheckOutcome.Fail, "3:01 long: this creator can post videos up to 3:00")]
    [InlineData(180_000L, 180, CheckOutcome.Pass, "3:00 long")]
    [InlineData(61_000L, 60, CheckOutcome.Fail, "1:01 long: this creator can post videos up to 1:00")]
    [InlineData(2_000L, null, CheckOutcome.Warn, "2.0 s long: TikTok may refuse clips shorter than 3 seconds")]
    [InlineData(3_000L, null, CheckOutcome.Pass, "0:03 long")]
    [InlineData(null, 300, CheckOutcome.Warn, "The duration could not be read: TikTok accepts up to 5:00")]
    public void Duration_Is_Held_Against_The_Creator_Maximum_Or_Ten_Minutes(long? durationMs, int? creatorMax, CheckOutcome outcome, string reason)
    {
        AssertCheck(Check(MediaChecks.Evaluate(Video(durationMs: durationMs), creatorMax), "Duration"), outcome, reason);
    }

    [Fact]
    public void Video_Over_4_GiB_Fails_And_Exactly_4_GiB_Passes()
    {
        AssertCheck(Check(MediaChecks.Evaluate(Video(size: MediaChecks.MaxVideoBytes + 1), null), "File size"),
            CheckOutcome.Fail, "4.00 GiB: TikTok accepts videos up to 4 GiB");
        AssertCheck(Check(MediaChecks.Evaluate(Video(size: MediaChecks.MaxVideoBytes), null), "File size"),
            CheckOutcome.Pass, "4.00 GiB");
    }

    [Fact]
    public void A_Good_Photo_Passes_Every_Check()
    {
        var checks = MediaChecks.Evaluate(Photo(), creatorMaxDurationSec: 60);

        Assert.Equal(["Photo format", "File size", "Resolution"], checks.Select(c => c.Name));
        AssertCheck(Check(checks, "Photo format"), CheckOutcome.Pass, "JPEG");
        AssertCheck(Check(checks, "File size"), CheckOutcome.Pass, "500.0 KiB");
        AssertCheck(Check(checks, "Resolution"), CheckOutcome.Pass, "1080 × 1350 px");
    }

    [Theory]
    [InlineData(MediaContainer.Jpeg, CheckOutcome.Pass, "JPEG")]
    [InlineData(MediaContainer.WebP, CheckOutcome.Pass, "WebP")]
    [InlineData(MediaContainer.Png, CheckOutcome.Fail, "PNG: TikTok accepts JPEG or WebP photos")]
    public void Photos_Must_Be_Jpeg_Or_WebP(MediaContainer container, CheckOutcome outcome, string reason)
    {
        AssertCheck(Check(MediaChecks.Evaluate(Photo(container), null), "Photo format"), outcome, reason);
    }

    [Fact]
    public void Photo_Over_20_MB_Fails()
    {
        AssertCheck(Check(MediaChecks.Evaluate(Photo(size: 25L * 1024 * 1024), null), "File size"),
            CheckOutcome.Fail, "25.0 MiB: TikTok accepts photos up to 20 MiB");
        AssertCheck(Check(MediaChecks.Evaluate(Photo(size: MediaChecks.MaxPhotoBytes), null), "File size"),
            CheckOutcome.Pass, "20.0 MiB");
    }

    [Theory]
    [InlineData(4000, 3000)]
    [InlineData(2000, 1500)]
    [InlineData(1080, 2400)]
    [InlineData(1200, 1200)]
    public void Photo_Larger_Than_1080p_Is_A_Warning_Not_A_Failure(int width, int height)
    {
        AssertCheck(Check(MediaChecks.Evaluate(Photo(width: width, height: height), null), "Resolution"),
            CheckOutcome.Warn, $"{width} × {height} px: TikTok shows photos at up to 1080p; larger ones are scaled down");
    }

    [Theory]
    [InlineData(1080, 1920)]
    [InlineData(1920, 1080)]
    [InlineData(1080, 1080)]
    public void Photo_Within_1080p_In_Either_Orientation_Passes(int width, int height)
    {
        AssertCheck(Check(MediaChecks.Evaluate(Photo(width: width, height: height), null), "Resolution"),
            CheckOutcome.Pass, $"{width} × {height} px");
    }

    [Fact]
    public void A_File_With_A_Failing_Check_Cannot_Be_Posted_But_Warnings_Do_Not_Block()
    {
        var failing = new MediaFile { OriginalFileName = "a.mp4", ContentType = "video/mp4", StoragePath = "media/x/y", UploadedByUserId = "u", Status = MediaStatus.Ready };
        failing.SetChecks(MediaChecks.Evaluate(Video(fps: 20), null));
        var warned = new MediaFile { OriginalFileName = "b.jpg", ContentType = "image/jpeg", StoragePath = "media/x/z", UploadedByUserId = "u", Status = MediaStatus.Ready };
        warned.SetChecks(MediaChecks.Evaluate(Photo(width: 4000, height: 3000), null));
        var uploading = new MediaFile { OriginalFileName = "c.mp4", ContentType = "video/mp4", StoragePath = "media/x/w", UploadedByUserId = "u", Status = MediaStatus.Uploading };

        Assert.False(failing.CanBePosted);
        Assert.True(warned.CanBePosted);
        Assert.False(uploading.CanBePosted);
        Assert.Equal("20 fps: TikTok accepts 23-60 fps", failing.Checks.Single(c => c.Outcome == CheckOutcome.Fail).Reason);
    }
}
