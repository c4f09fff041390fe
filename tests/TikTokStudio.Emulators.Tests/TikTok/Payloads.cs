namespace TikTokStudio.Emulators.Tests.TikTok;

/// <summary>Request bodies shaped as TikTok's reference pages show them.</summary>
public static class Payloads
{
    public const long SmallVideo = 1_000_000;

    public static object DirectFile(string privacy = "PUBLIC_TO_EVERYONE", long size = SmallVideo, long? chunk = null, long count = 1, string? title = "Hello #emulator") => new
    {
        post_info = new
        {
            title,
            privacy_level = privacy,
            disable_duet = false,
            disable_comment = true,
            disable_stitch = false,
            video_cover_timestamp_ms = 1000,
            brand_content_toggle = false,
            brand_organic_toggle = true,
            is_aigc = true,
        },
        source_info = new { source = "FILE_UPLOAD", video_size = size, chunk_size = chunk ?? size, total_chunk_count = count },
    };

    public static object InboxFile(long size = SmallVideo) => new
    {
        source_info = new { source = "FILE_UPLOAD", video_size = size, chunk_size = size, total_chunk_count = 1 },
    };

    public static object Photos(string mode, IEnumerable<string> urls, string? privacy = "PUBLIC_TO_EVERYONE") => new
    {
        post_info = new { title = "Photos", description = "Some photos", privacy_level = privacy, disable_comment = false, auto_add_music = true },
        source_info = new { source = "PULL_FROM_URL", photo_cover_index = 0, photo_images = urls.ToArray() },
        post_mode = mode,
        media_type = "PHOTO",
    };
}
