using System.Net;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;

namespace TikTokStudio.Emulators.TikTok;

/// <summary>
/// Downloads PULL_FROM_URL media like TikTok does: a real GET per URL, no redirects followed, streamed into a SHA-256
/// so even a large video costs only a small buffer. The outcome is written back to the post under the state lock.
/// </summary>
public sealed partial class MediaPuller(IHttpClientFactory httpClientFactory, TikTokEmulatorState state, ILogger<MediaPuller> logger)
{
    public const string HttpClientName = "tiktok-emulator-puller";

    /// <summary>Starts the pull in the background; the status endpoint reports PROCESSING_DOWNLOAD until it ends.</summary>
    public void Start(EmulatedPost post, IReadOnlyList<string> urls, string failReason, CancellationToken cancellation) =>
        _ = Task.Run(() => PullAsync(post, urls, failReason, cancellation), CancellationToken.None);

    private async Task PullAsync(EmulatedPost post, IReadOnlyList<string> urls, string failReason, CancellationToken cancellation)
    {
        long total = 0;
        string? failure = null;
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        try
        {
            var client = httpClientFactory.CreateClient(HttpClientName);
            var buffer = new byte[64 * 1024];
            foreach (var url in urls)
            {
                using var response = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancellation);
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    LogPullFailed(post.PublishId, (int)response.StatusCode);
                    failure = failReason;
                    break;
                }
                await using var body = await response.Content.ReadAsStreamAsync(cancellation);
                int read;
                while ((read = await body.ReadAsync(buffer, cancellation)) > 0)
                {
                    hash.AppendData(buffer, 0, read);
                    total += read;
                }
            }
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            return; // cancelled through /v2/post/publish/cancel/ or a reset; the post already says so
        }
        catch (Exception e) when (e is HttpRequestException or IOException or OperationCanceledException)
        {
            LogPullError(post.PublishId, e.Message);
            failure = failReason;
        }
        lock (state.Gate)
        {
            post.TransferredBytes = total;
            post.TransferFailReason = failure;
            post.Sha256Hex = failure is null && post.MediaType == "VIDEO" ? Convert.ToHexStringLower(hash.GetHashAndReset()) : null;
            post.TransferCompletedAt = state.Now;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "TikTok emulator: pull for {PublishId} got HTTP {Status}")]
    private partial void LogPullFailed(string publishId, int status);

    [LoggerMessage(Level = LogLevel.Information, Message = "TikTok emulator: pull for {PublishId} failed: {Reason}")]
    private partial void LogPullError(string publishId, string reason);
}
