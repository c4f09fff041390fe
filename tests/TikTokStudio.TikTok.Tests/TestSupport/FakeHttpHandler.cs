using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace TikTokStudio.TikTok.Tests.TestSupport;

/// <summary>What the fake saw of one request (the content is read inside SendAsync, before it is disposed).</summary>
public sealed class RecordedRequest
{
    public required HttpMethod Method { get; init; }
    public required Uri Uri { get; init; }
    public required HttpRequestHeaders Headers { get; init; }
    public string? ContentType { get; init; }
    public long? ContentLength { get; init; }
    public ContentRangeHeaderValue? ContentRange { get; init; }

    /// <summary>The body, unless the handler drains instead of capturing.</summary>
    public byte[]? Body { get; init; }

    /// <summary>Bytes that went through the content, captured or drained.</summary>
    public long BodyLength { get; init; }

    public string BodyText => Encoding.UTF8.GetString(Body ?? []);
}

/// <summary>
/// In-test stand-in for the network: records every request and answers with a scripted responder.
/// With <see cref="CaptureBodies"/> off it drains request bodies through a small buffer without keeping them.
/// </summary>
public sealed class FakeHttpHandler(Func<RecordedRequest, int, HttpResponseMessage> responder) : HttpMessageHandler
{
    private readonly List<RecordedRequest> _requests = [];

    public bool CaptureBodies { get; init; } = true;

    public IReadOnlyList<RecordedRequest> Requests
    {
        get { lock (_requests) return _requests.ToArray(); }
    }

    /// <summary>Called with the attempt number before the body is read: lets a test fail mid-request (network failure).</summary>
    public Func<HttpRequestMessage, int, CancellationToken, Task>? BeforeRead { get; init; }

    private int _attempts;

    public static FakeHttpHandler Always(HttpStatusCode status, string json) =>
        new((_, _) => Json(status, json));

    public static HttpResponseMessage Json(HttpStatusCode status, string json) =>
        new(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };

    public static HttpResponseMessage Ok(string dataJson) =>
        Json(HttpStatusCode.OK, "{\"data\":" + dataJson + ""","error":{"code":"ok","message":"","log_id":"log-ok"}}""");

    public static HttpResponseMessage Error(HttpStatusCode status, string code, string message = "msg", string logId = "log-err") =>
        Json(status, $$$"""{"data":{},"error":{"code":"{{{code}}}","message":"{{{message}}}","log_id":"{{{logId}}}"}}""");

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        // The index counts every attempt, including ones that failed before being recorded.
        var index = Interlocked.Increment(ref _attempts) - 1;
        if (BeforeRead is not null) await BeforeRead(request, index, cancellationToken);

        byte[]? body = null;
        long length = 0;
        if (request.Content is not null)
        {
            if (CaptureBodies)
            {
                body = await request.Content.ReadAsByteArrayAsync(cancellationToken);
                length = body.Length;
            }
            else
            {
                var sink = new CountingSink();
                await request.Content.CopyToAsync(sink, cancellationToken);
                length = sink.Count;
            }
        }

        var recorded = new RecordedRequest
        {
            Method = request.Method,
            Uri = request.RequestUri!,
            Headers = request.Headers,
            ContentType = request.Content?.Headers.ContentType?.ToString(),
            ContentLength = request.Content?.Headers.ContentLength,
            ContentRange = request.Content?.Headers.ContentRange,
            Body = body,
            BodyLength = length,
        };
        lock (_requests) _requests.Add(recorded);
        return responder(recorded, index);
    }

    /// <summary>A write-only stream that counts and forgets.</summary>
    private sealed class CountingSink : Stream
    {
        public long Count { get; private set; }
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => Count;
        public override long Position { get => Count; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => Count += count;
        public override void Write(ReadOnlySpan<byte> buffer) => Count += buffer.Length;
        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Count += buffer.Length;
            return ValueTask.CompletedTask;
        }
    }
}
