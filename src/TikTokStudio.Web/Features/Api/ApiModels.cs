using System.Text.Json.Serialization;

namespace TikTokStudio.Web.Features.Api;

// The API's wire types. Multi-word names carry [JsonPropertyName] so the OpenAPI document (which names properties by
// the app-wide JSON options) says exactly what ApiJson writes.

public sealed record ApiList<T>(IReadOnlyList<T> Data, [property: JsonPropertyName("next_cursor")] string? NextCursor);

public sealed record ApiAccount(
    Guid Id,
    [property: JsonPropertyName("display_name")] string DisplayName,
    string? Username,
    [property: JsonPropertyName("avatar_url")] string? AvatarUrl,
    string Status,
    string Mode,
    [property: JsonPropertyName("mode_reason")] string ModeReason,
    string Health,
    [property: JsonPropertyName("health_reason")] string? HealthReason,
    [property: JsonPropertyName("connected_at")] DateTimeOffset ConnectedAt,
    ApiAccountLimits? Limits = null,
    [property: JsonPropertyName("creator_info")] ApiCreatorInfo? CreatorInfo = null);

public sealed record ApiAccountLimits(
    [property: JsonPropertyName("daily_cap")] int DailyCap,
    [property: JsonPropertyName("limit_kind")] string LimitKind,
    [property: JsonPropertyName("planned_today")] int PlannedToday,
    [property: JsonPropertyName("max_video_duration_sec")] int? MaxVideoDurationSec,
    [property: JsonPropertyName("cannot_post_reason")] string? CannotPostReason);

public sealed record ApiCreatorInfo(
    string? Nickname,
    [property: JsonPropertyName("privacy_level_options")] IReadOnlyList<string> PrivacyLevelOptions,
    [property: JsonPropertyName("comment_disabled")] bool CommentDisabled,
    [property: JsonPropertyName("duet_disabled")] bool DuetDisabled,
    [property: JsonPropertyName("stitch_disabled")] bool StitchDisabled,
    [property: JsonPropertyName("checked_at")] DateTimeOffset? CheckedAt);

public sealed record ApiMediaCheck(string Name, string Outcome, string Reason);

public sealed record ApiMedia(
    Guid Id,
    [property: JsonPropertyName("file_name")] string FileName,
    [property: JsonPropertyName("content_type")] string ContentType,
    string Kind,
    string Status,
    [property: JsonPropertyName("size_bytes")] long SizeBytes,
    [property: JsonPropertyName("duration_ms")] long? DurationMs,
    int? Width,
    int? Height,
    [property: JsonPropertyName("frame_rate")] double? FrameRate,
    string? Codec,
    [property: JsonPropertyName("can_be_posted")] bool CanBePosted,
    [property: JsonPropertyName("rejection_reason")] string? RejectionReason,
    IReadOnlyList<ApiMediaCheck> Checks,
    [property: JsonPropertyName("created_at")] DateTimeOffset CreatedAt);

public sealed record ApiMediaPullRequest(string? Url);

public sealed record ApiPostTarget(
    Guid? Id,
    string? Privacy,
    [property: JsonPropertyName("allow_comment")] bool? AllowComment,
    [property: JsonPropertyName("allow_duet")] bool? AllowDuet,
    [property: JsonPropertyName("allow_stitch")] bool? AllowStitch);

public sealed record ApiPostMedia(
    [property: JsonPropertyName("video_id")] Guid? VideoId,
    [property: JsonPropertyName("photo_ids")] IReadOnlyList<Guid>? PhotoIds,
    [property: JsonPropertyName("cover_index")] int? CoverIndex,
    [property: JsonPropertyName("cover_timestamp_ms")] int? CoverTimestampMs);

public sealed record ApiDisclosure(
    [property: JsonPropertyName("your_brand")] bool? YourBrand,
    [property: JsonPropertyName("branded_content")] bool? BrandedContent);

/// <summary>POST /posts, and PATCH /posts/{id} (where every field is optional and only sent fields change).</summary>
public sealed record ApiPostRequest(
    IReadOnlyList<ApiPostTarget>? Accounts,
    string? Caption,
    string? Description,
    ApiPostMedia? Media,
    ApiDisclosure? Disclosure,
    [property: JsonPropertyName("is_ai_generated")] bool? IsAiGenerated,
    [property: JsonPropertyName("auto_add_music")] bool? AutoAddMusic,
    [property: JsonPropertyName("publish_at")] string? PublishAt,
    string? Timezone,
    bool? Draft,
    [property: JsonPropertyName("confirm_repost")] bool? ConfirmRepost);

public sealed record ApiRescheduleRequest([property: JsonPropertyName("publish_at")] string? PublishAt, string? Timezone);

public sealed record ApiPostEvent(DateTimeOffset At, string Kind, string Message);

public sealed record ApiFailure(string? Code, [property: JsonPropertyName("error_class")] string? ErrorClass, string Message, [property: JsonPropertyName("what_to_do")] string? WhatToDo);

public sealed record ApiPost(
    Guid Id,
    [property: JsonPropertyName("composition_id")] Guid CompositionId,
    [property: JsonPropertyName("account_id")] Guid AccountId,
    string Kind,
    string Status,
    string Stage,
    string Caption,
    string? Description,
    ApiPostMedia Media,
    string? Privacy,
    [property: JsonPropertyName("allow_comment")] bool AllowComment,
    [property: JsonPropertyName("allow_duet")] bool AllowDuet,
    [property: JsonPropertyName("allow_stitch")] bool AllowStitch,
    ApiDisclosure Disclosure,
    [property: JsonPropertyName("is_ai_generated")] bool IsAiGenerated,
    [property: JsonPropertyName("publish_at")] DateTimeOffset? PublishAt,
    [property: JsonPropertyName("public_url")] string? PublicUrl,
    [property: JsonPropertyName("upload_percent")] int? UploadPercent,
    ApiFailure? Failure,
    int Version,
    [property: JsonPropertyName("created_at")] DateTimeOffset CreatedAt,
    [property: JsonPropertyName("updated_at")] DateTimeOffset UpdatedAt,
    IReadOnlyList<ApiPostEvent>? Timeline = null);

public sealed record ApiComposition([property: JsonPropertyName("composition_id")] Guid CompositionId, IReadOnlyList<ApiPost> Posts, IReadOnlyList<string> Warnings);

public sealed record ApiDayLimit(
    [property: JsonPropertyName("account_id")] Guid AccountId,
    string Handle,
    int Planned,
    int Cap,
    [property: JsonPropertyName("limit_kind")] string LimitKind,
    bool Full);

public sealed record ApiCalendarDay(string Date, string Timezone, IReadOnlyList<ApiDayLimit> Accounts, IReadOnlyList<ApiPost> Posts);
