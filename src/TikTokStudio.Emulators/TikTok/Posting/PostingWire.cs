using System.Text.Json.Serialization;

namespace TikTokStudio.Emulators.TikTok;

// Request and response bodies of the Content Posting API, named exactly as TikTok's reference pages spell them.

public sealed class PostInfo
{
    [JsonPropertyName("title")] public string? Title { get; set; }
    [JsonPropertyName("description")] public string? Description { get; set; }
    [JsonPropertyName("privacy_level")] public string? PrivacyLevel { get; set; }
    [JsonPropertyName("disable_duet")] public bool? DisableDuet { get; set; }
    [JsonPropertyName("disable_stitch")] public bool? DisableStitch { get; set; }
    [JsonPropertyName("disable_comment")] public bool? DisableComment { get; set; }
    [JsonPropertyName("video_cover_timestamp_ms")] public long? VideoCoverTimestampMs { get; set; }
    [JsonPropertyName("brand_content_toggle")] public bool? BrandContentToggle { get; set; }
    [JsonPropertyName("brand_organic_toggle")] public bool? BrandOrganicToggle { get; set; }
    [JsonPropertyName("is_aigc")] public bool? IsAigc { get; set; }
    [JsonPropertyName("auto_add_music")] public bool? AutoAddMusic { get; set; }
}

public sealed class SourceInfo
{
    [JsonPropertyName("source")] public string? Source { get; set; }
    [JsonPropertyName("video_size")] public long? VideoSize { get; set; }
    [JsonPropertyName("chunk_size")] public long? ChunkSize { get; set; }
    [JsonPropertyName("total_chunk_count")] public long? TotalChunkCount { get; set; }
    [JsonPropertyName("video_url")] public string? VideoUrl { get; set; }
    [JsonPropertyName("photo_images")] public List<string>? PhotoImages { get; set; }
    [JsonPropertyName("photo_cover_index")] public int? PhotoCoverIndex { get; set; }
}

/// <summary>Body of video/init and inbox/video/init (the inbox one ignores post_info).</summary>
public sealed class VideoInitRequest
{
    [JsonPropertyName("post_info")] public PostInfo? PostInfo { get; set; }
    [JsonPropertyName("source_info")] public SourceInfo? SourceInfo { get; set; }
}

/// <summary>Body of content/init (photos).</summary>
public sealed class ContentInitRequest
{
    [JsonPropertyName("post_info")] public PostInfo? PostInfo { get; set; }
    [JsonPropertyName("source_info")] public SourceInfo? SourceInfo { get; set; }
    [JsonPropertyName("post_mode")] public string? PostMode { get; set; }
    [JsonPropertyName("media_type")] public string? MediaType { get; set; }
    [JsonPropertyName("is_aigc")] public bool? IsAigc { get; set; }
}

public sealed class PublishIdRequest
{
    [JsonPropertyName("publish_id")] public string? PublishId { get; set; }
}

public sealed record InitData(
    [property: JsonPropertyName("publish_id")] string PublishId,
    [property: JsonPropertyName("upload_url")] string? UploadUrl);

public sealed record CreatorInfoData(
    [property: JsonPropertyName("creator_avatar_url")] string CreatorAvatarUrl,
    [property: JsonPropertyName("creator_username")] string CreatorUsername,
    [property: JsonPropertyName("creator_nickname")] string CreatorNickname,
    [property: JsonPropertyName("privacy_level_options")] IReadOnlyList<string> PrivacyLevelOptions,
    [property: JsonPropertyName("comment_disabled")] bool CommentDisabled,
    [property: JsonPropertyName("duet_disabled")] bool DuetDisabled,
    [property: JsonPropertyName("stitch_disabled")] bool StitchDisabled,
    [property: JsonPropertyName("max_video_post_duration_sec")] int MaxVideoPostDurationSec);

public sealed record StatusData(
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("fail_reason")] string? FailReason,
    [property: JsonPropertyName("publicaly_available_post_id")] IReadOnlyList<long> PublicalyAvailablePostId,
    [property: JsonPropertyName("uploaded_bytes")] long? UploadedBytes,
    [property: JsonPropertyName("downloaded_bytes")] long? DownloadedBytes);
