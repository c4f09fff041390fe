namespace TikTokStudio.Web.Features.Media.Probing;

public enum MediaKind
{
    Video = 0,
    Photo = 1,
}

/// <summary>The container as read from the file's bytes (never from its name or declared type).</summary>
public enum MediaContainer
{
    Mp4 = 0,
    Mov = 1,
    WebM = 2,
    /// <summary>Matroska that is not WebM (DocType "matroska"): TikTok does not take it.</summary>
    Matroska = 3,
    Jpeg = 4,
    Png = 5,
    WebP = 6,
}

/// <summary>What the bytes of a file say about it. Null members could not be read.</summary>
public sealed record MediaProbe
{
    public required MediaKind Kind { get; init; }
    public required MediaContainer Container { get; init; }
    public required long SizeBytes { get; init; }

    /// <summary>A person's name for the video codec: H.264, H.265, VP8, VP9, AV1, or the raw code when unknown. Null: no video track found.</summary>
    public string? Codec { get; init; }
    public long? DurationMs { get; init; }
    public int? Width { get; init; }
    public int? Height { get; init; }
    public double? FrameRate { get; init; }

    /// <summary>The MIME type TikTok expects for this container.</summary>
    public string ContentType => Container switch
    {
        MediaContainer.Mp4 => "video/mp4",
        MediaContainer.Mov => "video/quicktime",
        MediaContainer.WebM => "video/webm",
        MediaContainer.Matroska => "video/x-matroska",
        MediaContainer.Jpeg => "image/jpeg",
        MediaContainer.Png => "image/png",
        MediaContainer.WebP => "image/webp",
        _ => "application/octet-stream",
    };

    /// <summary>Names a codec as people know it from the code a container stores (ISO-BMFF fourcc or Matroska CodecID).</summary>
    public static string NameCodec(string code) => code switch
    {
        "avc1" or "avc3" or "V_MPEG4/ISO/AVC" => "H.264",
        "hvc1" or "hev1" or "V_MPEGH/ISO/HEVC" => "H.265",
        "vp08" or "V_VP8" => "VP8",
        "vp09" or "V_VP9" => "VP9",
        "av01" or "V_AV1" => "AV1",
        "mp4v" => "MPEG-4 Part 2",
        "apch" or "apcn" or "apcs" or "apco" or "ap4h" => "ProRes",
        _ => code.Trim(),
    };
}
