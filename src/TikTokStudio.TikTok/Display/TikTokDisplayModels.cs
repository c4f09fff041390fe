using System.Text.Json.Serialization;
using TikTokStudio.TikTok.Auth;

namespace TikTokStudio.TikTok.Display;

/// <summary>User fields grouped by the scope that unlocks them (§3, §14); asking for one without its scope fails.</summary>
public static class TikTokUserFields
{
    public static readonly IReadOnlyList<string> Basic = ["open_id", "union_id", "avatar_url", "avatar_url_100", "avatar_large_url", "display_name"];
    public static readonly IReadOnlyList<string> Profile = ["bio_description", "profile_deep_link", "is_verified", "username"];
    public static readonly IReadOnlyList<string> Stats = ["follower_count", "following_count", "likes_count", "video_count"];

    /// <summary>The fields the granted scopes allow; user.info.basic is part of every Login Kit grant, so basic fields always come first.</summary>
    public static IReadOnlyList<string> ForScopes(IEnumerable<string> grantedScopes)
    {
        var scopes = grantedScopes.ToHashSet(StringComparer.Ordinal);
        var fields = new List<string>(Basic);
        if (scopes.Contains(TikTokScopes.UserInfoProfile)) fields.AddRange(Profile);
        if (scopes.Contains(TikTokScopes.UserInfoStats)) fields.AddRange(Stats);
        return fields;
    }
}

/// <summary>Video object fields (§14 [VO]).</summary>
public static class TikTokVideoFields
{
    public static readonly IReadOnlyList<string> All =
    [
        "id", "create_time", "cover_image_url", "share_url", "video_description", "duration", "height", "width",
        "title", "embed_html", "embed_link", "like_count", "comment_count", "share_count", "view_count",
    ];
}

/// <summary><c>data.user</c> of /v2/user/info/. Members are null when their field was not requested.</summary>
public sealed record TikTokUser
{
    public string? OpenId { get; init; }
    public string? UnionId { get; init; }
    public string? AvatarUrl { get; init; }

    [JsonPropertyName("avatar_url_100")]
    public string? AvatarUrl100 { get; init; }

    public string? AvatarLargeUrl { get; init; }
    public string? DisplayName { get; init; }
    public string? BioDescription { get; init; }
    public string? ProfileDeepLink { get; init; }
    public bool? IsVerified { get; init; }
    public string? Username { get; init; }
    public long? FollowerCount { get; init; }
    public long? FollowingCount { get; init; }
    public long? LikesCount { get; init; }
    public long? VideoCount { get; init; }
}

/// <summary>One video (§14 [VO]). Members are null when their field was not requested.</summary>
public sealed record TikTokVideo
{
    public string Id { get; init; } = "";
    public long? CreateTime { get; init; }
    public string? CoverImageUrl { get; init; }
    public string? ShareUrl { get; init; }
    public string? VideoDescription { get; init; }
    public int? Duration { get; init; }
    public int? Height { get; init; }
    public int? Width { get; init; }
    public string? Title { get; init; }
    public string? EmbedHtml { get; init; }
    public string? EmbedLink { get; init; }
    public long? LikeCount { get; init; }
    public long? CommentCount { get; init; }
    public long? ShareCount { get; init; }
    public long? ViewCount { get; init; }
}

/// <summary>One page of /v2/video/list/.</summary>
public sealed record TikTokVideoPage
{
    public IReadOnlyList<TikTokVideo> Videos { get; init; } = [];

    /// <summary>Pass back as the next cursor (UTC ms).</summary>
    public long? Cursor { get; init; }

    public bool HasMore { get; init; }
}
