using System.Text.Json.Serialization;

namespace TikTokStudio.Emulators.TikTok;

// Bodies of the emulator's own control API (not TikTok's), snake_case like the rest of the wire.

public sealed class CreatorFlagsRequest
{
    [JsonPropertyName("is_private")] public bool? IsPrivate { get; set; }
    [JsonPropertyName("comment_disabled")] public bool? CommentDisabled { get; set; }
    [JsonPropertyName("duet_disabled")] public bool? DuetDisabled { get; set; }
    [JsonPropertyName("stitch_disabled")] public bool? StitchDisabled { get; set; }
    [JsonPropertyName("max_video_post_duration_sec")] public int? MaxVideoPostDurationSec { get; set; }
    [JsonPropertyName("banned")] public bool? Banned { get; set; }
    [JsonPropertyName("at_daily_cap")] public bool? AtDailyCap { get; set; }
    [JsonPropertyName("app_version")] public string? AppVersion { get; set; }
    [JsonPropertyName("posts_today")] public int? PostsToday { get; set; }
}

public sealed class GenerateCreatorsRequest
{
    [JsonPropertyName("count")] public int Count { get; set; }
}

public sealed class IssueTokensRequest
{
    [JsonPropertyName("client_key")] public string? ClientKey { get; set; }
    [JsonPropertyName("scopes")] public string? Scopes { get; set; }
}

public sealed class AdvanceClockRequest
{
    [JsonPropertyName("seconds")] public double Seconds { get; set; }
}

public sealed class FaultsRequest
{
    [JsonPropertyName("fail_next_chunk_puts")] public int? FailNextChunkPuts { get; set; }
    [JsonPropertyName("next_init_status")] public int? NextInitStatus { get; set; }
    [JsonPropertyName("processing_delay_ms")] public int? ProcessingDelayMs { get; set; }
    [JsonPropertyName("moderation_delay_ms")] public int? ModerationDelayMs { get; set; }
    [JsonPropertyName("next_fail_reason")] public string? NextFailReason { get; set; }
    [JsonPropertyName("hold_next_refresh_ms")] public int? HoldNextRefreshMs { get; set; }
}

public sealed class CompleteInboxRequest
{
    [JsonPropertyName("privacy_level")] public string? PrivacyLevel { get; set; }
}

public sealed record ClockView(
    [property: JsonPropertyName("now")] DateTimeOffset Now,
    [property: JsonPropertyName("offset_seconds")] double OffsetSeconds);

public sealed record FaultsView(
    [property: JsonPropertyName("fail_next_chunk_puts")] int FailNextChunkPuts,
    [property: JsonPropertyName("next_init_status")] int? NextInitStatus,
    [property: JsonPropertyName("processing_delay_ms")] double ProcessingDelayMs,
    [property: JsonPropertyName("moderation_delay_ms")] double ModerationDelayMs,
    [property: JsonPropertyName("next_fail_reason")] string? NextFailReason,
    [property: JsonPropertyName("hold_next_refresh_ms")] double? HoldNextRefreshMs);

public sealed record RefreshRecordView(
    [property: JsonPropertyName("creator")] string? Creator,
    [property: JsonPropertyName("at")] DateTimeOffset At,
    [property: JsonPropertyName("outcome")] string Outcome,
    [property: JsonPropertyName("held_ms")] int HeldMs)
{
    public static RefreshRecordView Of(RefreshRecord r) => new(r.Creator, r.At, r.Outcome, r.HeldMs);
}

public sealed record StatsView(
    [property: JsonPropertyName("rate_limited")] int RateLimited,
    [property: JsonPropertyName("refreshes")] int Refreshes,
    [property: JsonPropertyName("refreshes_refused")] int RefreshesRefused);

public sealed record CreatorView(
    [property: JsonPropertyName("username")] string Username,
    [property: JsonPropertyName("open_id")] string OpenId,
    [property: JsonPropertyName("display_name")] string DisplayName,
    [property: JsonPropertyName("is_private")] bool IsPrivate,
    [property: JsonPropertyName("comment_disabled")] bool CommentDisabled,
    [property: JsonPropertyName("duet_disabled")] bool DuetDisabled,
    [property: JsonPropertyName("stitch_disabled")] bool StitchDisabled,
    [property: JsonPropertyName("max_video_post_duration_sec")] int MaxVideoPostDurationSec,
    [property: JsonPropertyName("banned")] bool Banned,
    [property: JsonPropertyName("at_daily_cap")] bool AtDailyCap,
    [property: JsonPropertyName("app_version")] string AppVersion,
    [property: JsonPropertyName("posts_today")] int PostsToday,
    [property: JsonPropertyName("upload_only")] bool UploadOnly)
{
    public static CreatorView Of(EmulatedCreator c) => new(c.Username, c.OpenId, c.DisplayName, c.IsPrivate, c.CommentDisabled,
        c.DuetDisabled, c.StitchDisabled, c.MaxVideoPostDurationSec, c.Banned, c.AtDailyCap, c.AppVersion, c.PostsToday, c.UploadOnly);
}

public sealed record PostRecordView(
    [property: JsonPropertyName("publish_id")] string PublishId,
    [property: JsonPropertyName("creator")] string Creator,
    [property: JsonPropertyName("open_id")] string OpenId,
    [property: JsonPropertyName("client_key")] string ClientKey,
    [property: JsonPropertyName("mode")] string Mode,
    [property: JsonPropertyName("media_type")] string MediaType,
    [property: JsonPropertyName("source")] string Source,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("fail_reason")] string? FailReason,
    [property: JsonPropertyName("title")] string? Title,
    [property: JsonPropertyName("description")] string? Description,
    [property: JsonPropertyName("privacy_level")] string? PrivacyLevel,
    [property: JsonPropertyName("disable_comment")] bool? DisableComment,
    [property: JsonPropertyName("disable_duet")] bool? DisableDuet,
    [property: JsonPropertyName("disable_stitch")] bool? DisableStitch,
    [property: JsonPropertyName("brand_content_toggle")] bool? BrandContentToggle,
    [property: JsonPropertyName("brand_organic_toggle")] bool? BrandOrganicToggle,
    [property: JsonPropertyName("is_aigc")] bool? IsAigc,
    [property: JsonPropertyName("auto_add_music")] bool? AutoAddMusic,
    [property: JsonPropertyName("video_cover_timestamp_ms")] long? VideoCoverTimestampMs,
    [property: JsonPropertyName("video_url")] string? VideoUrl,
    [property: JsonPropertyName("photo_images")] IReadOnlyList<string> PhotoImages,
    [property: JsonPropertyName("photo_cover_index")] int? PhotoCoverIndex,
    [property: JsonPropertyName("video_size")] long? VideoSize,
    [property: JsonPropertyName("bytes_received")] long BytesReceived,
    [property: JsonPropertyName("sha256")] string? Sha256,
    [property: JsonPropertyName("post_id")] long PostId,
    [property: JsonPropertyName("publicaly_available_post_id")] IReadOnlyList<long> PublicalyAvailablePostId,
    [property: JsonPropertyName("created_at")] DateTimeOffset CreatedAt)
{
    public static PostRecordView Of(EmulatedPost p, DateTimeOffset now)
    {
        var view = p.Evaluate(now);
        return new(p.PublishId, p.Creator.Username, p.Creator.OpenId, p.ClientKey, p.Mode, p.MediaType, p.Source, view.Status,
            view.FailReason, p.Title, p.Description, p.PrivacyLevel ?? p.InboxPrivacyLevel, p.DisableComment, p.DisableDuet,
            p.DisableStitch, p.BrandContentToggle, p.BrandOrganicToggle, p.IsAigc, p.AutoAddMusic, p.VideoCoverTimestampMs,
            p.VideoUrl, p.PhotoImages, p.PhotoCoverIndex, p.Upload?.VideoSize, p.Upload?.ReceivedBytes ?? p.TransferredBytes,
            p.Sha256Hex, p.PostId, view.PublicPostIds, p.CreatedAt);
    }
}

public sealed record WebhooksView(
    [property: JsonPropertyName("busy")] bool Busy,
    [property: JsonPropertyName("callback_url")] string? CallbackUrl,
    [property: JsonPropertyName("deliveries")] IReadOnlyList<WebhookDeliveryView> Deliveries);

public sealed record WebhookDeliveryView(
    [property: JsonPropertyName("event")] string Event,
    [property: JsonPropertyName("publish_id")] string PublishId,
    [property: JsonPropertyName("duplicate")] bool Duplicate,
    [property: JsonPropertyName("attempt_status_codes")] IReadOnlyList<int> AttemptStatusCodes,
    [property: JsonPropertyName("delivered")] bool Delivered,
    [property: JsonPropertyName("gave_up")] bool GaveUp,
    [property: JsonPropertyName("body")] string Body)
{
    public static WebhookDeliveryView Of(Webhooks.WebhookDeliveryRecord d) =>
        new(d.Event, d.PublishId, d.Duplicate, d.AttemptStatusCodes.ToList(), d.Delivered, d.GaveUp, d.Body);
}
