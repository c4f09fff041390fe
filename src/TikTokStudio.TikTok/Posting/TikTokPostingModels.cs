using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization;
using TikTokStudio.TikTok.Upload;

namespace TikTokStudio.TikTok.Posting;

/// <summary>privacy_level values (§4). Strings, not an enum: creator_info may offer values we do not know yet.</summary>
public static class TikTokPrivacyLevel
{
    public const string PublicToEveryone = "PUBLIC_TO_EVERYONE";
    public const string MutualFollowFriends = "MUTUAL_FOLLOW_FRIENDS";
    public const string FollowerOfCreator = "FOLLOWER_OF_CREATOR";
    public const string SelfOnly = "SELF_ONLY";
}

/// <summary>status values of a status fetch (§9.1).</summary>
public static class TikTokPublishStatus
{
    public const string ProcessingUpload = "PROCESSING_UPLOAD";
    public const string ProcessingDownload = "PROCESSING_DOWNLOAD";
    public const string SendToUserInbox = "SEND_TO_USER_INBOX";
    public const string PublishComplete = "PUBLISH_COMPLETE";
    public const string Failed = "FAILED";
}

/// <summary>Reply of <c>/v2/post/publish/creator_info/query/</c> (§4).</summary>
public sealed record CreatorInfo
{
    public string? CreatorAvatarUrl { get; init; }
    public string? CreatorUsername { get; init; }
    public string? CreatorNickname { get; init; }
    public IReadOnlyList<string> PrivacyLevelOptions { get; init; } = [];
    public bool CommentDisabled { get; init; }
    public bool DuetDisabled { get; init; }
    public bool StitchDisabled { get; init; }
    public int? MaxVideoPostDurationSec { get; init; }

    /// <summary>A private account is one without PUBLIC_TO_EVERYONE among its options (what Mixpost does, §4).</summary>
    [JsonIgnore]
    public bool IsPrivateAccount => !PrivacyLevelOptions.Contains(TikTokPrivacyLevel.PublicToEveryone);
}

/// <summary><c>post_info</c> of a direct video post (§5). Null members are not sent.</summary>
public sealed record VideoPostInfo
{
    /// <summary>Required; must be one of creator_info's privacy_level_options.</summary>
    public required string PrivacyLevel { get; init; }

    /// <summary>Caption, at most 2200 UTF-16 code units; null for none.</summary>
    public string? Title { get; init; }

    public bool? DisableDuet { get; init; }
    public bool? DisableStitch { get; init; }
    public bool? DisableComment { get; init; }
    public int? VideoCoverTimestampMs { get; init; }

    /// <summary>Paid partnership for a third party; listed as required, so always sent.</summary>
    public bool BrandContentToggle { get; init; }

    /// <summary>Promotes the creator's own business.</summary>
    public bool? BrandOrganicToggle { get; init; }

    /// <summary>Labels the video "Creator labeled as AI-generated".</summary>
    public bool? IsAigc { get; init; }
}

/// <summary><c>source_info</c> of a video init (§5, §6). Use the factories.</summary>
public sealed record VideoSourceInfo
{
    public const string FileUploadSource = "FILE_UPLOAD";
    public const string PullFromUrlSource = "PULL_FROM_URL";

    public required string Source { get; init; }
    public long? VideoSize { get; init; }
    public long? ChunkSize { get; init; }
    public long? TotalChunkCount { get; init; }
    public string? VideoUrl { get; init; }

    /// <summary>FILE_UPLOAD with the sizes of a plan from <see cref="ChunkPlanner"/>.</summary>
    public static VideoSourceInfo FileUpload(ChunkPlan plan) => new()
    {
        Source = FileUploadSource,
        VideoSize = plan.VideoSize,
        ChunkSize = plan.ChunkSize,
        TotalChunkCount = plan.TotalChunkCount,
    };

    /// <summary>PULL_FROM_URL: TikTok downloads the file from a verified https URL (§8.2).</summary>
    public static VideoSourceInfo PullFromUrl(string videoUrl) => new() { Source = PullFromUrlSource, VideoUrl = videoUrl };
}

/// <summary>Body of <c>/v2/post/publish/video/init/</c>.</summary>
public sealed record DirectVideoInitRequest
{
    public required VideoPostInfo PostInfo { get; init; }
    public required VideoSourceInfo SourceInfo { get; init; }
}

/// <summary>Body of <c>/v2/post/publish/inbox/video/init/</c>: only source_info (§6).</summary>
public sealed record InboxVideoInitRequest
{
    public required VideoSourceInfo SourceInfo { get; init; }
}

/// <summary>post_mode of a photo post (§7).</summary>
public static class TikTokPostMode
{
    public const string DirectPost = "DIRECT_POST";
    public const string MediaUpload = "MEDIA_UPLOAD";
}

/// <summary><c>post_info</c> of a photo post (§7). Only title/description apply to MEDIA_UPLOAD.</summary>
public sealed record PhotoPostInfo
{
    /// <summary>At most 90 UTF-16 code units.</summary>
    public string? Title { get; init; }

    /// <summary>At most 4000 UTF-16 code units.</summary>
    public string? Description { get; init; }

    /// <summary>Required for DIRECT_POST.</summary>
    public string? PrivacyLevel { get; init; }

    public bool? DisableComment { get; init; }
    public bool? AutoAddMusic { get; init; }
    public bool? BrandContentToggle { get; init; }
    public bool? BrandOrganicToggle { get; init; }
}

/// <summary><c>source_info</c> of a photo post: only PULL_FROM_URL (§7).</summary>
public sealed record PhotoSourceInfo
{
    public string Source { get; init; } = VideoSourceInfo.PullFromUrlSource;

    /// <summary>1..35 public https URLs on verified domains.</summary>
    public required IReadOnlyList<string> PhotoImages { get; init; }

    /// <summary>0-based index of the cover among <see cref="PhotoImages"/>; required.</summary>
    public required int PhotoCoverIndex { get; init; }
}

/// <summary>Body of <c>/v2/post/publish/content/init/</c>.</summary>
public sealed record PhotoInitRequest
{
    public string MediaType { get; init; } = "PHOTO";

    /// <summary><see cref="TikTokPostMode.DirectPost"/> or <see cref="TikTokPostMode.MediaUpload"/>.</summary>
    public required string PostMode { get; init; }

    public PhotoPostInfo? PostInfo { get; init; }
    public required PhotoSourceInfo SourceInfo { get; init; }

    /// <summary>Top-level AI-generated label for photos (2026 reference, §7).</summary>
    public bool? IsAigc { get; init; }
}

/// <summary>Reply of every init: the publish_id to persist before sending bytes, and the upload URL for FILE_UPLOAD.</summary>
public sealed record PublishInitResult
{
    public string PublishId { get; init; } = "";

    /// <summary>Only for FILE_UPLOAD; valid one hour; use whole, query included.</summary>
    public string? UploadUrl { get; init; }
}

/// <summary>Reply of <c>/v2/post/publish/status/fetch/</c> (§9.1).</summary>
public sealed record PublishStatusResult
{
    public string Status { get; init; } = "";
    public string? FailReason { get; init; }

    /// <summary>The reply's <c>error.log_id</c>: what TikTok's support asks for about a failed post.</summary>
    [JsonIgnore]
    public string? LogId { get; init; }

    /// <summary>
    /// Public post ids once moderated (documented as int64, seen as numbers, could be strings). Kept as text so
    /// any shape survives; see <see cref="PublicPostIdsAsLong"/>. Empty when absent or null.
    /// </summary>
    [JsonPropertyName("publicaly_available_post_id")]
    [JsonConverter(typeof(TolerantIdListConverter))]
    public IReadOnlyList<string> PublicalyAvailablePostIds { get; init; } = [];

    public long? UploadedBytes { get; init; }
    public long? DownloadedBytes { get; init; }

    [JsonIgnore]
    public IReadOnlyList<long> PublicPostIdsAsLong =>
        PublicalyAvailablePostIds.Select(id => long.TryParse(id, out var n) ? (long?)n : null).OfType<long>().ToArray();

    [JsonIgnore]
    public bool IsTerminal => Status is TikTokPublishStatus.PublishComplete or TikTokPublishStatus.Failed or TikTokPublishStatus.SendToUserInbox;
}

/// <summary>Reads a list of ids given as numbers or strings, a single bare id, null, or nothing.</summary>
internal sealed class TolerantIdListConverter : JsonConverter<IReadOnlyList<string>>
{
    public override bool HandleNull => true;

    public override IReadOnlyList<string> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return [];
            case JsonTokenType.StartArray:
                var ids = new List<string>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    var id = ReadOne(ref reader);
                    if (!string.IsNullOrEmpty(id)) ids.Add(id);
                }
                return ids;
            default:
                var single = ReadOne(ref reader);
                return string.IsNullOrEmpty(single) ? [] : [single];
        }
    }

    private static string? ReadOne(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Number:
                // Raw text keeps every digit, even beyond double precision.
                return System.Text.Encoding.UTF8.GetString(reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan);
            case JsonTokenType.String:
                return reader.GetString()?.Trim();
            default:
                reader.Skip();
                return null;
        }
    }

    public override void Write(Utf8JsonWriter writer, IReadOnlyList<string> value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        foreach (var id in value) writer.WriteStringValue(id);
        writer.WriteEndArray();
    }
}
