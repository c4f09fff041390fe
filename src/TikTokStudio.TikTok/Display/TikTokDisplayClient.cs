using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TikTokStudio.TikTok.Internal;
using TikTokStudio.TikTok.RateLimiting;

namespace TikTokStudio.TikTok.Display;

/// <summary>Display API (§14): the connected user's profile and public videos.</summary>
public sealed class TikTokDisplayClient
{
    public const int MaxVideosPerPage = 20;
    public const int MaxVideoIdsPerQuery = 20;

    private readonly TikTokOptions _options;
    private readonly TikTokApiCaller _caller;

    public TikTokDisplayClient(HttpClient http, IOptions<TikTokOptions> options, ITikTokRequestBudget limiter, ILogger<TikTokDisplayClient> logger)
    {
        _options = options.Value;
        _caller = new TikTokApiCaller(http, limiter, _options, logger);
    }

    /// <summary>GET /v2/user/info/?fields=… ; pick fields with <see cref="TikTokUserFields.ForScopes"/>.</summary>
    public async Task<TikTokUser> GetUserInfoAsync(string accessToken, IEnumerable<string> fields, CancellationToken cancellationToken = default)
    {
        var data = await _caller.SendAsync<UserInfoData>(HttpMethod.Get, Url("/v2/user/info/", fields), accessToken,
            TikTokEndpoint.UserInfo, null, requireData: true, cancellationToken).ConfigureAwait(false);
        return data!.User ?? throw new Errors.TikTokApiException("unexpected_response", "TikTok's reply had no data.user.", 200, null, Errors.TikTokErrorClass.Permanent);
    }

    /// <summary>POST /v2/video/list/ — public videos, newest first; <paramref name="cursor"/> from the previous page.</summary>
    public async Task<TikTokVideoPage> ListVideosAsync(string accessToken, long? cursor = null, int maxCount = 10,
        IEnumerable<string>? fields = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCount, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxCount, MaxVideosPerPage);
        return (await _caller.SendAsync<TikTokVideoPage>(HttpMethod.Post, Url("/v2/video/list/", fields ?? TikTokVideoFields.All), accessToken,
            TikTokEndpoint.VideoList, TikTokJson.Content(new VideoListBody(cursor, maxCount)), requireData: true, cancellationToken).ConfigureAwait(false))!;
    }

    /// <summary>POST /v2/video/query/ — up to 20 of the user's own videos by id (also refreshes cover URLs).</summary>
    public async Task<IReadOnlyList<TikTokVideo>> QueryVideosAsync(string accessToken, IReadOnlyCollection<string> videoIds,
        IEnumerable<string>? fields = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(videoIds);
        if (videoIds.Count is 0 or > MaxVideoIdsPerQuery)
            throw new ArgumentOutOfRangeException(nameof(videoIds), videoIds.Count, $"Between 1 and {MaxVideoIdsPerQuery} ids.");
        var data = await _caller.SendAsync<TikTokVideoPage>(HttpMethod.Post, Url("/v2/video/query/", fields ?? TikTokVideoFields.All), accessToken,
            TikTokEndpoint.VideoQuery, TikTokJson.Content(new VideoQueryBody(new VideoQueryFilters(videoIds))), requireData: true, cancellationToken).ConfigureAwait(false);
        return data!.Videos;
    }

    private Uri Url(string path, IEnumerable<string> fields)
    {
        // Field names are [a-z0-9_]; commas stay literal as in the reference (?fields=a,b,c).
        var list = string.Join(',', fields.Select(Uri.EscapeDataString));
        if (list.Length == 0) throw new ArgumentException("At least one field is required.", nameof(fields));
        return EndpointUrls.Combine(_options.ApiBaseUrl, path + "?fields=" + list);
    }

    private sealed record UserInfoData(TikTokUser? User);
    private sealed record VideoListBody(long? Cursor, int MaxCount);
    private sealed record VideoQueryFilters(IReadOnlyCollection<string> VideoIds);
    private sealed record VideoQueryBody(VideoQueryFilters Filters);
}
