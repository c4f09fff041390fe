using TikTokStudio.Web.Features.Media.Probing;

namespace TikTokStudio.Tests.Features.Media;

public sealed class MediaProberTests
{
    private static MediaProbe Probe(string fixture)
    {
        var probe = MediaProber.ProbeFile(MediaFixtures.PathOf(fixture));
        Assert.NotNull(probe);
        return probe;
    }

    [Fact]
    public void Mp4_With_H264_At_30_Fps_Is_Read_From_Its_Boxes()
    {
        var probe = Probe("valid-720x1280-30fps.mp4");

        Assert.Equal(MediaKind.Video, probe.Kind);
        Assert.Equal(MediaContainer.Mp4, probe.Container);
        Assert.Equal("H.264", probe.Codec);
        Assert.Equal((720, 1280), (probe.Width, probe.Height));
        Assert.Equal(30, probe.FrameRate);
        Assert.Equal(3000, probe.DurationMs);
        Assert.Equal(new FileInfo(MediaFixtures.PathOf("valid-720x1280-30fps.mp4")).Length, probe.SizeBytes);
        Assert.Equal("video/mp4", probe.ContentType);
    }

    [Fact]
    public void Frame_Rate_Comes_From_The_Time_To_Sample_Table()
    {
        var probe = Probe("too-slow-20fps.mp4");

        Assert.Equal(20, probe.FrameRate);
        Assert.Equal(1500, probe.DurationMs);
    }

    [Fact]
    public void Small_Mp4_Reports_Its_Coded_Size()
    {
        var probe = Probe("small-320x240.mp4");

        Assert.Equal((320, 240), (probe.Width, probe.Height));
        Assert.Equal(1000, probe.DurationMs);
    }

    [Fact]
    public void QuickTime_Brand_Makes_A_Mov()
    {
        var probe = Probe("clip.mov");

        Assert.Equal(MediaContainer.Mov, probe.Container);
        Assert.Equal("video/quicktime", probe.ContentType);
        Assert.Equal("H.264", probe.Codec);
        Assert.Equal((720, 1280), (probe.Width, probe.Height));
        Assert.Equal(25, probe.FrameRate);
        Assert.Equal(1000, probe.DurationMs);
    }

    [Fact]
    public void WebM_With_Vp9_Is_Read_From_Its_Ebml_Elements()
    {
        var probe = Probe("clip-vp9.webm");

        Assert.Equal(MediaContainer.WebM, probe.Container);
        Assert.Equal("VP9", probe.Codec);
        Assert.Equal((640, 360), (probe.Width, probe.Height));
        Assert.Equal(1000, probe.DurationMs);
        Assert.Equal(30, probe.FrameRate);
    }

    [Theory]
    [InlineData("photo-1080x1350.jpg", MediaContainer.Jpeg, 1080, 1350)]
    [InlineData("photo-2000x1500.jpg", MediaContainer.Jpeg, 2000, 1500)]
    [InlineData("photo-400x300.png", MediaContainer.Png, 400, 300)]
    [InlineData("photo-800x600.webp", MediaContainer.WebP, 800, 600)]
    [InlineData("photo-lossless-640x360.webp", MediaContainer.WebP, 640, 360)]
    [InlineData("photo-alpha-300x200.webp", MediaContainer.WebP, 300, 200)]
    public void Photos_Report_Format_And_Dimensions(string fixture, MediaContainer container, int width, int height)
    {
        var probe = Probe(fixture);

        Assert.Equal(MediaKind.Photo, probe.Kind);
        Assert.Equal(container, probe.Container);
        Assert.Equal((width, height), (probe.Width, probe.Height));
        Assert.Null(probe.Codec);
    }

    [Fact]
    public void A_Png_Named_Jpg_Is_Known_By_Its_Bytes()
    {
        var probe = Probe("png-renamed.jpg");

        Assert.Equal(MediaContainer.Png, probe.Container);
        Assert.Equal("image/png", probe.ContentType);
    }

    [Fact]
    public void Text_Named_Mp4_Is_Not_Media()
    {
        Assert.Null(MediaProber.ProbeFile(MediaFixtures.PathOf("not-media.mp4")));
    }

    [Fact]
    public void A_Truncated_Mp4_Is_Not_Media_And_Does_Not_Throw()
    {
        var bytes = MediaFixtures.Bytes("valid-720x1280-30fps.mp4")[..1000];

        Assert.Null(MediaProber.Probe(new MemoryStream(bytes)));
    }

    [Fact]
    public void A_Truncated_WebM_Is_Not_Media_And_Does_Not_Throw()
    {
        var bytes = MediaFixtures.Bytes("clip-vp9.webm")[..60];

        Assert.Null(MediaProber.Probe(new MemoryStream(bytes)));
    }

    [Fact]
    public void Empty_Stream_Is_Not_Media()
    {
        Assert.Null(MediaProber.Probe(new MemoryStream()));
    }

    [Fact]
    public void Moov_At_The_End_Is_Found_By_Seeking_Past_Media_Data()
    {
        // too-slow-20fps.mp4 was written without +faststart: mdat comes first, moov last.
        var bytes = MediaFixtures.Bytes("too-slow-20fps.mp4");
        Assert.Equal("mdat", FirstBoxAfterFtyp(bytes));

        var probe = MediaProber.Probe(new MemoryStream(bytes));

        Assert.NotNull(probe);
        Assert.Equal((720, 1280), (probe.Width, probe.Height));
    }

    [Theory]
    [InlineData("avc1", "H.264")]
    [InlineData("avc3", "H.264")]
    [InlineData("hvc1", "H.265")]
    [InlineData("hev1", "H.265")]
    [InlineData("vp09", "VP9")]
    [InlineData("av01", "AV1")]
    [InlineData("V_VP8", "VP8")]
    [InlineData("V_VP9", "VP9")]
    [InlineData("V_AV1", "AV1")]
    public void Codec_Codes_Get_The_Names_People_Know(string code, string name)
    {
        Assert.Equal(name, MediaProbe.NameCodec(code));
    }

    private static string FirstBoxAfterFtyp(byte[] bytes)
    {
        var ftypSize = (bytes[0] << 24) | (bytes[1] << 16) | (bytes[2] << 8) | bytes[3];
        var position = ftypSize;
        while (true)
        {
            var type = System.Text.Encoding.ASCII.GetString(bytes, position + 4, 4);
            if (type is not ("free" or "skip" or "wide")) return type;
            position += (bytes[position] << 24) | (bytes[position + 1] << 16) | (bytes[position + 2] << 8) | bytes[position + 3];
        }
    }
}
