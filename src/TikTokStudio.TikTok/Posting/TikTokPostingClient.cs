using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TikTokStudio.TikTok.Internal;
using TikTokStudio.TikTok.RateLimiting;

namespace TikTokStudio.TikTok.Posting;

/// <summary>
/// Content Posting API (§4-§9): creator_info, inits, status, cancel. Every call takes from the per-token budget first
/// and throws <see cref="Errors.TikTokApiException"/> unless TikTok answered <c>error.code == "ok"</c>.
/// Uploading the bytes of a FILE_UPLOAD is <see cref="Upload.ChunkedUploader"/>'s job.
/// </summary>
public sealed class TikTokPostingClient
{
    private readonly TikTokOptions _options;
    private readonly TikTokApiCaller _caller;

    public TikTokPostingClient(HttpClient http, IOptions<TikTokOptions> options, ITikTokRequestBudget limiter, ILogger<TikTokPostingClient> logger)
    {
        _options = options.Value;
        _caller = new TikTokApiCaller(http, limiter, _options, logger);
    }

    /// <summary>POST /v2/post/publish/creator_info/query/ — fetch fresh before every post (§13.1). Caps arrive with HTTP 200 and throw.</summary>
    public async Task<CreatorInfo> QueryCreatorInfoAsync(string accessToken, CancellationToken cancellationToken = default) =>
        (await _caller.SendAsync<CreatorInfo>(HttpMethod.Post, Url("/v2/post/publish/creator_info/query/"), accessToken,
            TikTokEndpoint.CreatorInfo, TikTokJson.EmptyJsonContent(), requireData: true, cancellationToken).ConfigureAwait(false))!;

    /// <summary>POST /v2/post/publish/video/init/ — direct post, FILE_UPLOAD or PULL_FROM_URL.</summary>
    public Task<PublishInitResult> InitDirectVideoAsync(string accessToken, DirectVideoInitRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return InitAsync("/v2/post/publish/video/init/", TikTokEndpoint.VideoInit, accessToken, request, cancellationToken);
    }

    /// <summary>POST /v2/post/publish/inbox/video/init/ — upload to the creator's inbox to finish in the app.</summary>
    public Task<PublishInitResult> InitInboxVideoAsync(string accessToken, InboxVideoInitRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return InitAsync("/v2/post/publish/inbox/video/init/", TikTokEndpoint.InboxVideoInit, accessToken, request, cancellationToken);
    }

    /// <summary>POST /v2/post/publish/content/init/ — photo post, DIRECT_POST or MEDIA_UPLOAD.</summary>
    public Task<PublishInitResult> InitPhotoAsync(string accessToken, PhotoInitRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return InitAsync("/v2/post/publish/content/init/", TikTokEndpoint.ContentInit, accessToken, request, cancellationToken);
    }

    /// <summary>POST /v2/post/publish/status/fetch/.</summary>
    public async Task<PublishStatusResult> FetchStatusAsync(string accessToken, string publishId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(publishId);
        var (status, logId) = await _caller.SendWithLogIdAsync<PublishStatusResult>(HttpMethod.Post, Url("/v2/post/publish/status/fetch/"), accessToken,
            TikTokEndpoint.StatusFetch, TikTokJson.Content(new PublishIdBody(publishId)), requireData: true, cancellationToken).ConfigureAwait(false);
        return status! with { LogId = logId };
    }

    /// <summary>POST /v2/post/publish/cancel/ — best effort for in-flight pulls (§8.3). No documented budget, so none is taken.</summary>
    public async Task CancelAsync(string accessToken, string publishId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(publishId);
        await _caller.SendAsync<object>(HttpMethod.Post, Url("/v2/post/publish/cancel/"), accessToken,
            null, TikTokJson.Content(new PublishIdBody(publishId)), requireData: false, cancellationToken).ConfigureAwait(false);
    }

    private async Task<PublishInitResult> InitAsync<T>(string path, TikTokEndpoint budget, string accessToken, T body, CancellationToken cancellationToken)
    {
        var result = await _caller.SendAsync<PublishInitResult>(HttpMethod.Post, Url(path), accessToken, budget,
            TikTokJson.Content(body), requireData: true, cancellationToken).ConfigureAwait(false);
        return result!;
    }

    private Uri Url(string path) => EndpointUrls.Combine(_options.ApiBaseUrl, path);

    private sealed record PublishIdBody(string PublishId);
}
