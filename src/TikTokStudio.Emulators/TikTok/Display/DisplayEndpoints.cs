using System.Globalization;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace TikTokStudio.Emulators.TikTok;

/// <summary>Display API: <c>GET /v2/user/info/</c>, <c>POST /v2/video/list/</c>, <c>POST /v2/video/query/</c>, plus the images they link to.</summary>
public static class DisplayEndpoints
{
    private static readonly Dictionary<string, string> UserFieldScopes = new(StringComparer.Ordinal)
    {
        ["open_id"] = "user.info.basic", ["union_id"] = "user.info.basic", ["avatar_url"] = "user.info.basic",
        ["avatar_url_100"] = "user.info.basic", ["avatar_large_url"] = "user.info.basic", ["display_name"] = "user.info.basic",
        ["bio_description"] = "user.info.profile", ["profile_deep_link"] = "user.info.profile", ["is_verified"] = "user.info.profile",
        ["username"] = "user.info.profile", ["profile_web_link"] = "user.info.profile",
        ["follower_count"] = "user.info.stats", ["following_count"] = "user.info.stats", ["likes_count"] = "user.info.stats",
        ["video_count"] = "user.info.stats",
    };

    private static readonly HashSet<string> VideoFields =
    [
        "id", "create_time", "cover_image_url", "share_url", "video_description", "duration", "height", "width", "title",
        "embed_html", "embed_link", "like_count", "comment_count", "share_count", "view_count",
    ];

    public static void Map(RouteGroupBuilder tiktok)
    {
        tiktok.MapGet("/v2/user/info/", (HttpContext context, TikTokEmulatorState state) =>
        {
            lock (state.Gate)
            {
                var error = BearerAuth.Check(state, context, out var token, [], "user/info", state.Options.DisplayPerMinute);
                if (error is not null) return error;
                error = ParseFields(state, context, UserFieldScopes.Keys, out var fields);
                if (error is not null) return error;
                var missing = fields.Select(f => UserFieldScopes[f]).Distinct().Where(s => !token.Grant.Has(s)).ToArray();
                if (missing.Length > 0) return BearerAuth.ScopeMissing(state, missing);
                var creator = token.Grant.Creator;
                var counts = EmulatedStats.ForCreator(creator, PostedPublicVideos(creator, state.Now), state.Now);
                var avatar = EmulatorUrls.Avatar(context, creator);
                var all = new Dictionary<string, object>
                {
                    ["open_id"] = creator.OpenId, ["union_id"] = creator.UnionId, ["avatar_url"] = avatar,
                    ["avatar_url_100"] = avatar + "?size=100", ["avatar_large_url"] = avatar + "?size=large",
                    ["display_name"] = creator.DisplayName, ["bio_description"] = creator.Bio,
                    ["profile_deep_link"] = $"https://vm.tiktok.com/emulator/@{creator.Username}",
                    ["profile_web_link"] = $"https://www.tiktok.com/@{creator.Username}",
                    ["is_verified"] = creator.IsVerified, ["username"] = creator.Username,
                    ["follower_count"] = counts.Followers, ["following_count"] = counts.Following,
                    ["likes_count"] = counts.Likes, ["video_count"] = (long)PublicVideos(creator, state.Now).Count,
                };
                return Api.Ok(state, new { user = fields.ToDictionary(f => f, f => all[f]) });
            }
        });

        tiktok.MapPost("/v2/video/list/", async (HttpContext context, TikTokEmulatorState state) =>
        {
            var body = await WireJson.TryReadAsync<VideoListRequest>(context.Request) ?? new VideoListRequest();
            lock (state.Gate)
            {
                var error = BearerAuth.Check(state, context, out var token, ["video.list"], "video/list", state.Options.DisplayPerMinute);
                if (error is not null) return error;
                error = ParseFields(state, context, VideoFields, out var fields);
                if (error is not null) return error;
                var maxCount = body.MaxCount ?? 10;
                if (maxCount is < 1 or > 20) return Api.Error(state, 400, "invalid_params", "max_count must be between 1 and 20.");
                var older = ListedPublicVideos(token.Grant.Creator, state.Now)
                    .Where(v => body.Cursor is not > 0 || v.ListKey < body.Cursor)
                    .ToList();
                var page = older.Take(maxCount).ToList();
                var cursor = page.Count > 0 ? page[^1].ListKey : body.Cursor ?? 0;
                return Api.Ok(state, new
                {
                    videos = page.Select(v => Project(context, token.Grant.Creator, v.Video, fields, state.Now)).ToList(),
                    cursor,
                    has_more = older.Count > page.Count,
                });
            }
        });

        tiktok.MapPost("/v2/video/query/", async (HttpContext context, TikTokEmulatorState state) =>
        {
            var body = await WireJson.TryReadAsync<VideoQueryRequest>(context.Request);
            lock (state.Gate)
            {
                var error = BearerAuth.Check(state, context, out var token, ["video.list"], "video/query", state.Options.DisplayPerMinute);
                if (error is not null) return error;
                error = ParseFields(state, context, VideoFields, out var fields);
                if (error is not null) return error;
                var ids = body?.Filters?.VideoIds;
                if (ids is null || ids.Count is < 1 or > 20) return Api.Error(state, 400, "invalid_params", "filters.video_ids must hold 1 to 20 ids.");
                // Only the caller's own public videos come back; other ids are silently left out.
                var videos = PublicVideos(token.Grant.Creator, state.Now)
                    .Where(v => ids.Contains(v.IdText, StringComparer.Ordinal))
                    .Select(v => Project(context, token.Grant.Creator, v, fields, state.Now)).ToList();
                return Api.Ok(state, new { videos, cursor = 0, has_more = false });
            }
        });

        tiktok.MapGet("/avatars/{username}.svg", (string username, TikTokEmulatorState state) =>
        {
            lock (state.Gate)
            {
                return state.CreatorsByUsername.TryGetValue(username, out var creator)
                    ? Results.Content(Html.AvatarSvg(creator), "image/svg+xml")
                    : Results.NotFound();
            }
        });

        tiktok.MapGet("/covers/{id}.svg", (string id) => Results.Content(
            $"""<svg xmlns="http://www.w3.org/2000/svg" width="108" height="192" role="img" aria-label="Cover of video {Html.E(id)}"><rect width="108" height="192" fill="#25f4ee"/><text x="54" y="100" font-size="12" text-anchor="middle">{Html.E(id)}</text></svg>""",
            "image/svg+xml"));
    }

    /// <summary>Seeded videos plus posts that went public through the emulator, newest first. Caller holds the lock.</summary>
    public static List<EmulatedVideo> PublicVideos(EmulatedCreator creator, DateTimeOffset now) =>
        ListedPublicVideos(creator, now).Select(v => v.Video).ToList();

    /// <summary>
    /// The public videos newest first (by exact creation time, then id), each with create_time cut to whole seconds as
    /// on the wire and its <c>ListKey</c>: the ms cursor value that pages past it. A video alone in its second has
    /// key second*1000, so the cursor equals create_time*1000; videos sharing a second get second*1000 + n-1 … + 0,
    /// newest highest, so paging never skips or repeats one (up to 1000 videos per second). Caller holds the lock.
    /// </summary>
    public static List<(EmulatedVideo Video, long ListKey)> ListedPublicVideos(EmulatedCreator creator, DateTimeOffset now)
    {
        var ordered = creator.Videos.Concat(PostedPublicVideos(creator, now)).OrderByDescending(v => v.CreateTime).ThenByDescending(v => v.Id).ToList();
        var listed = new List<(EmulatedVideo, long)>(ordered.Count);
        for (var start = 0; start < ordered.Count;)
        {
            var second = ordered[start].CreateTime.ToUnixTimeSeconds();
            var end = start;
            while (end < ordered.Count && ordered[end].CreateTime.ToUnixTimeSeconds() == second) end++;
            var sameSecond = Math.Min(end - start, 1000);
            for (var i = start; i < end; i++)
            {
                var video = ordered[i] with { CreateTime = DateTimeOffset.FromUnixTimeSeconds(second) };
                listed.Add((video, second * 1000 + Math.Max(sameSecond - 1 - (i - start), 0)));
            }
            start = end;
        }
        return listed;
    }

    /// <summary>Posts made through the emulator that are public by now, as videos. Caller holds the lock.</summary>
    public static IEnumerable<EmulatedVideo> PostedPublicVideos(EmulatedCreator creator, DateTimeOffset now) => creator.Posts
        .Where(p => p.Evaluate(now).PublicPostIds.Count > 0)
        .Select(p => new EmulatedVideo(p.PostId, p.CreatedAt, p.Title ?? "", p.Title ?? p.Description ?? "", 30, 1080, 1920));

    private static IResult? ParseFields(TikTokEmulatorState state, HttpContext context, IEnumerable<string> known, out List<string> fields)
    {
        fields = context.Request.Query["fields"].ToString()
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct().ToList();
        if (fields.Count == 0) return Api.Error(state, 400, "invalid_params", "The fields query parameter is required.");
        var unknown = fields.FirstOrDefault(f => !known.Contains(f));
        return unknown is null ? null : Api.Error(state, 400, "invalid_params", $"Unknown field: {unknown}.");
    }

    private static Dictionary<string, object> Project(HttpContext context, EmulatedCreator creator, EmulatedVideo v, List<string> fields, DateTimeOffset now)
    {
        var id = v.IdText;
        var counts = EmulatedStats.ForVideo(id, v.CreateTime, now);
        var share = $"https://www.tiktok.com/@{creator.Username}/video/{id}";
        var all = new Dictionary<string, object>
        {
            ["id"] = id, ["create_time"] = v.CreateTime.ToUnixTimeSeconds(), ["cover_image_url"] = EmulatorUrls.Cover(context, v.Id, now),
            ["share_url"] = share, ["video_description"] = Truncate(v.Description), ["duration"] = v.DurationSec,
            ["height"] = v.Height, ["width"] = v.Width, ["title"] = Truncate(v.Title),
            ["embed_html"] = $"<blockquote class=\"tiktok-embed\" cite=\"{share}\" data-video-id=\"{id}\"></blockquote>",
            ["embed_link"] = $"https://www.tiktok.com/player/v1/{id}", ["like_count"] = counts.Likes,
            ["comment_count"] = counts.Comments, ["share_count"] = counts.Shares, ["view_count"] = counts.Views,
        };
        return fields.ToDictionary(f => f, f => all[f]);
    }

    private static string Truncate(string text) => text.Length <= 150 ? text : text[..150];
}

public sealed class VideoListRequest
{
    [JsonPropertyName("cursor")] public long? Cursor { get; set; }
    [JsonPropertyName("max_count")] public int? MaxCount { get; set; }
}

public sealed class VideoQueryRequest
{
    [JsonPropertyName("filters")] public VideoQueryFilters? Filters { get; set; }
}

public sealed class VideoQueryFilters
{
    [JsonPropertyName("video_ids")] public List<string>? VideoIds { get; set; }
}
