using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Logging;
using TikTokStudio.TikTok.Errors;
using TikTokStudio.TikTok.Internal;

namespace TikTokStudio.TikTok.Upload;

/// <summary>Progress of an upload: bytes TikTok has taken (plus the chunk in flight) out of the total.</summary>
public readonly record struct UploadProgress(long BytesSent, long TotalBytes, int ChunkIndex, int TotalChunks);

/// <summary>How to run one upload.</summary>
public sealed record UploadOptions
{
    /// <summary>Resume from this byte offset (must be a chunk boundary of the plan); 0 starts at the beginning.</summary>
    public long StartOffset { get; init; }

    /// <summary>Options that resume at the first byte of chunk <paramref name="chunkIndex"/> of <paramref name="plan"/>.</summary>
    public static UploadOptions ResumeAtChunk(ChunkPlan plan, int chunkIndex) => new() { StartOffset = plan.GetChunk(chunkIndex).First };

    /// <summary>Attempts per chunk on 5xx, timeouts and I/O errors, the first included.</summary>
    public int MaxAttemptsPerChunk { get; init; } = 5;

    /// <summary>Backoff before the 2nd attempt; doubles each time up to <see cref="MaxRetryDelay"/>. Zero disables waiting.</summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Time allowed for one chunk PUT (a 64 MB chunk on a slow uplink needs minutes; TikTok's whole-upload limit is 1 h).</summary>
    public TimeSpan ChunkTimeout { get; init; } = TimeSpan.FromMinutes(10);
}

/// <summary>What the upload host said at the end.</summary>
/// <param name="BytesSent">Bytes of the file TikTok accepted (StartOffset included).</param>
/// <param name="ChunksSent">Chunks sent in this call.</param>
/// <param name="FinalStatusCode">Status of the last PUT (201 when TikTok has everything).</param>
public sealed record UploadResult(long BytesSent, int ChunksSent, int FinalStatusCode)
{
    /// <summary>TikTok said all parts are received (201, or 200).</summary>
    public bool Completed => FinalStatusCode is 200 or 201;
}

/// <summary>A failed upload PUT: 403 expired URL, 404 no task, 416 range mismatch (with what TikTok has), 4xx, or retries exhausted.</summary>
public sealed class TikTokUploadException : TikTokApiException
{
    public TikTokUploadException(string code, string message, int? httpStatus, int chunkIndex, long? serverReceivedBytes, Exception? innerException = null)
        : base(code, message, httpStatus, null, TikTokErrorCatalog.Classify(TikTokErrorSource.Upload, code, httpStatus), TikTokErrorSource.Upload, innerException: innerException)
    {
        ChunkIndex = chunkIndex;
        ServerReceivedBytes = serverReceivedBytes;
    }

    /// <summary>The chunk being sent when it failed.</summary>
    public int ChunkIndex { get; }

    /// <summary>
    /// How many bytes TikTok says it has, from the reply's <c>Content-Range: bytes 0-{last}/{total}</c> read as HTTP
    /// does (last byte index, so last+1 bytes), 0 for <c>bytes */{total}</c>, null when the reply had no range. Resume from here.
    /// </summary>
    public long? ServerReceivedBytes { get; }
}

/// <summary>
/// Sends a FILE_UPLOAD video to TikTok's upload URL chunk by chunk, sequentially (§8.1), streaming each chunk from a
/// seekable stream. No Authorization header: the upload URL carries its own token.
/// </summary>
public sealed class ChunkedUploader(HttpClient http, TimeProvider timeProvider, ILogger<ChunkedUploader> logger)
{
    /// <param name="uploadUrl">upload_url from init, used whole (query included).</param>
    /// <param name="content">Readable, seekable stream of exactly <see cref="ChunkPlan.VideoSize"/> bytes; not disposed.</param>
    /// <param name="plan">The plan whose numbers were sent at init.</param>
    /// <param name="contentType">video/mp4, video/quicktime or video/webm.</param>
    public async Task<UploadResult> UploadAsync(
        Uri uploadUrl,
        Stream content,
        ChunkPlan plan,
        string contentType = "video/mp4",
        UploadOptions? options = null,
        IProgress<UploadProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(uploadUrl);
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(plan);
        options ??= new UploadOptions();
        if (!content.CanSeek || !content.CanRead) throw new ArgumentException("The stream must be readable and seekable.", nameof(content));
        if (content.Length != plan.VideoSize)
            throw new ArgumentException($"The stream has {content.Length:N0} bytes but the plan expects {plan.VideoSize:N0}.", nameof(content));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxAttemptsPerChunk, 1);
        var mediaType = MediaTypeHeaderValue.Parse(contentType);

        var startIndex = plan.ChunkIndexAt(options.StartOffset);
        var lastStatus = 0;
        var sent = 0;
        for (var index = startIndex; index < plan.TotalChunkCount; index++)
        {
            var chunk = plan.GetChunk(index);
            lastStatus = await SendChunkAsync(uploadUrl, content, plan, chunk, mediaType, options, progress, cancellationToken).ConfigureAwait(false);
            sent++;
            progress?.Report(new UploadProgress(chunk.Last + 1, plan.VideoSize, index, plan.TotalChunkCount));
        }
        return new UploadResult(plan.VideoSize, sent, lastStatus);
    }

    private async Task<int> SendChunkAsync(Uri uploadUrl, Stream content, ChunkPlan plan, ChunkRange chunk, MediaTypeHeaderValue mediaType,
        UploadOptions options, IProgress<UploadProgress>? progress, CancellationToken cancellationToken)
    {
        StreamSliceContent? previousBody = null;
        for (var attempt = 1; ; attempt++)
        {
            if (previousBody is not null)
            {
                await previousBody.WhenIdleAsync().WaitAsync(options.ChunkTimeout, timeProvider, cancellationToken).ConfigureAwait(false);
            }
            string retryReason;
            Exception? failure = null;
            int? failedStatus = null;
            try
            {
                using var timeout = new CancellationTokenSource(options.ChunkTimeout, timeProvider);
                using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);

                // Progress inside a chunk restarts from the chunk's first byte on a retry: the stream is re-read from there.
                Action<long>? onBytes = progress is null ? null
                    : written => progress.Report(new UploadProgress(chunk.First + written, plan.VideoSize, chunk.Index, plan.TotalChunkCount));
                using var body = new StreamSliceContent(content, chunk.First, chunk.Length, onBytes);
                previousBody = body;
                body.Headers.ContentType = mediaType;
                body.Headers.ContentRange = new ContentRangeHeaderValue(chunk.First, chunk.Last, plan.VideoSize);
                using var request = new HttpRequestMessage(HttpMethod.Put, uploadUrl) { Content = body };

                using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token).ConfigureAwait(false);
                var status = (int)response.StatusCode;
                Log.ChunkUploaded(logger, chunk.Index + 1, plan.TotalChunkCount, chunk.First, chunk.Last, status);

                // 206: accepted, more expected; 201: all parts received; 200 tolerated (Postiz accepts it too).
                if (status is 200 or 201 or 206) return status;

                if (status >= 500 || status == (int)HttpStatusCode.RequestTimeout)
                {
                    failedStatus = status;
                    retryReason = $"HTTP {status}";
                }
                else
                {
                    Log.ChunkRejected(logger, chunk.Index, status);
                    throw Rejected(response, status, chunk);
                }
            }
            catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
            {
                failure = ex;
                retryReason = "timeout";
            }
            catch (HttpRequestException ex)
            {
                failure = ex;
                failedStatus = ex.StatusCode is { } s ? (int)s : null;
                retryReason = ex.GetType().Name;
            }
            catch (IOException ex)
            {
                failure = ex;
                retryReason = ex.GetType().Name;
            }

            if (attempt >= options.MaxAttemptsPerChunk)
            {
                throw new TikTokUploadException(UploadErrorCodes.Failed,
                    $"Chunk {chunk.Index} ({chunk.First}-{chunk.Last}) failed {attempt} times; last: {retryReason}.",
                    failedStatus, chunk.Index, null, failure);
            }
            Log.ChunkRetry(logger, chunk.Index, attempt, retryReason);
            var delay = Backoff(options, attempt);
            if (delay > TimeSpan.Zero) await Task.Delay(delay, timeProvider, cancellationToken).ConfigureAwait(false);
        }
    }

    private static TimeSpan Backoff(UploadOptions options, int attempt)
    {
        if (options.RetryBaseDelay <= TimeSpan.Zero) return TimeSpan.Zero;
        var ticks = options.RetryBaseDelay.Ticks * Math.Pow(2, attempt - 1);
        return TimeSpan.FromTicks((long)Math.Min(ticks, options.MaxRetryDelay.Ticks));
    }

    private static TikTokUploadException Rejected(HttpResponseMessage response, int status, ChunkRange chunk)
    {
        var range = response.Content.Headers.ContentRange;
        // "bytes 0-{last}/{total}" means last+1 bytes held; "bytes */{total}" means none yet.
        long? received = range switch
        {
            { HasRange: true, To: { } last } => last + 1,
            { HasRange: false, HasLength: true } => 0,
            _ => null,
        };
        var where = $"chunk {chunk.Index} ({chunk.First}-{chunk.Last})";
        return status switch
        {
            403 => new TikTokUploadException(UploadErrorCodes.UrlExpired, $"Upload URL expired or forbidden at {where}.", status, chunk.Index, received),
            404 => new TikTokUploadException(UploadErrorCodes.TaskNotFound, $"No upload task for this URL at {where}.", status, chunk.Index, received),
            416 => new TikTokUploadException(UploadErrorCodes.RangeMismatch,
                $"TikTok expected a different range at {where}; it reports {(received is null ? "no range" : $"{received} bytes received")}.", status, chunk.Index, received),
            _ => new TikTokUploadException(UploadErrorCodes.BadRequest, $"Upload rejected with HTTP {status} at {where}.", status, chunk.Index, received),
        };
    }
}
