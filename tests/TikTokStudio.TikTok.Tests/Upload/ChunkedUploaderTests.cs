using Xunit.Abstractions;
using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Logging.Abstractions;
using TikTokStudio.TikTok.Errors;
using TikTokStudio.TikTok.Tests.TestSupport;
using TikTokStudio.TikTok.Upload;

namespace TikTokStudio.TikTok.Tests.Upload;

// One test measures process-wide allocations: the class runs alone, after the parallel tests.
[Collection(AllocationMeasuredCollection.Name)]
public class ChunkedUploaderTests(ITestOutputHelper output)
{
    private static readonly Uri UploadUrl = new("https://open-upload.tiktokapis.com/video/?upload_id=67890&upload_token=Xza123");
    private static readonly UploadOptions NoDelay = new() { RetryBaseDelay = TimeSpan.Zero };

    private static ChunkedUploader Uploader(FakeHttpHandler handler) =>
        new(new HttpClient(handler), TimeProvider.System, NullLogger<ChunkedUploader>.Instance);

    /// <summary>Answers like TikTok: 206 with the received range until the last byte, then 201.</summary>
    private static HttpResponseMessage TikTokLike(RecordedRequest request)
    {
        var range = request.ContentRange!;
        var response = new HttpResponseMessage(range.To == range.Length - 1 ? HttpStatusCode.Created : HttpStatusCode.PartialContent)
        {
            Content = new ByteArrayContent([]),
        };
        response.Content.Headers.ContentRange = new ContentRangeHeaderValue(0, range.To!.Value, range.Length!.Value);
        return response;
    }

    [Fact]
    public async Task Each_Chunk_Is_Put_In_Order_With_Its_Range_Length_And_Type()
    {
        // Arrange: §8.1's worked example.
        var handler = new FakeHttpHandler((r, _) => TikTokLike(r)) { CaptureBodies = false };
        var plan = ChunkPlanner.Plan(50_000_123, 10_000_000);

        // Act
        var result = await Uploader(handler).UploadAsync(UploadUrl, new SyntheticStream(plan.VideoSize), plan, "video/mp4", NoDelay);

        // Assert
        var requests = handler.Requests;
        Assert.Equal(5, requests.Count);
        Assert.All(requests, r =>
        {
            Assert.Equal(HttpMethod.Put, r.Method);
            Assert.Equal(UploadUrl, r.Uri);
            Assert.Equal("video/mp4", r.ContentType);
            Assert.Null(r.Headers.Authorization);
            Assert.Equal("bytes", r.ContentRange!.Unit);
            Assert.Equal(50_000_123, r.ContentRange.Length);
            Assert.Equal(r.ContentLength, r.BodyLength);
        });
        Assert.Equal(
            ["bytes 0-9999999/50000123", "bytes 10000000-19999999/50000123", "bytes 20000000-29999999/50000123",
             "bytes 30000000-39999999/50000123", "bytes 40000000-50000122/50000123"],
            requests.Select(r => r.ContentRange!.ToString()).ToArray());
        Assert.Equal([10_000_000L, 10_000_000L, 10_000_000L, 10_000_000L, 10_000_123L], requests.Select(r => r.ContentLength!.Value).ToArray());
        Assert.True(result.Completed);
        Assert.Equal(201, result.FinalStatusCode);
        Assert.Equal(5, result.ChunksSent);
    }

    [Fact]
    public async Task Chunk_Bodies_Carry_The_Right_Bytes_Of_The_File()
    {
        // Arrange
        var handler = new FakeHttpHandler((r, _) => TikTokLike(r));
        var plan = ChunkPlanner.Plan(11_000_000, 5_242_880);

        // Act
        await Uploader(handler).UploadAsync(UploadUrl, new SyntheticStream(plan.VideoSize), plan, "video/webm", NoDelay);

        // Assert
        var requests = handler.Requests;
        Assert.Equal(2, requests.Count);
        Assert.Equal("video/webm", requests[0].ContentType);
        AssertBodyMatches(requests[0], 0);
        AssertBodyMatches(requests[1], 5_242_880);
        Assert.Equal(11_000_000 - 5_242_880, requests[1].Body!.Length);
    }

    [Fact]
    public async Task A_Chunk_Is_Retried_From_Its_Start_After_A_5xx_Then_Succeeds()
    {
        // Arrange: the second chunk fails once with 503.
        var handler = new FakeHttpHandler((r, i) => i == 1
            ? new HttpResponseMessage(HttpStatusCode.ServiceUnavailable)
            : TikTokLike(r));
        var plan = ChunkPlanner.Plan(16_000_000, 5_242_880);

        // Act
        var result = await Uploader(handler).UploadAsync(UploadUrl, new SyntheticStream(plan.VideoSize), plan, options: NoDelay);

        // Assert
        var requests = handler.Requests;
        Assert.Equal(4, requests.Count);
        Assert.Equal(
            ["bytes 0-5242879/16000000", "bytes 5242880-10485759/16000000", "bytes 5242880-10485759/16000000", "bytes 10485760-15999999/16000000"],
            requests.Select(r => r.ContentRange!.ToString()).ToArray());
        AssertBodyMatches(requests[2], 5_242_880);
        Assert.True(result.Completed);
    }

    [Fact]
    public async Task A_Chunk_Is_Retried_After_A_Network_Failure_Mid_Body()
    {
        // Arrange: the first attempt of chunk 0 dies after reading part of the body.
        var plan = ChunkPlanner.Plan(12_000_000, 6_000_000);
        var handler = new FakeHttpHandler((r, _) => TikTokLike(r))
        {
            BeforeRead = async (request, attempt, _) =>
            {
                if (attempt == 0) await request.Content!.CopyToAsync(new BreaksAfter(1000));
            },
        };

        // Act
        var result = await Uploader(handler).UploadAsync(UploadUrl, new SyntheticStream(plan.VideoSize), plan, options: NoDelay);

        // Assert: the failed attempt is not recorded; the retry resent the chunk from byte 0.
        var requests = handler.Requests;
        Assert.Equal(2, requests.Count);
        Assert.Equal("bytes 0-5999999/12000000", requests[0].ContentRange!.ToString());
        AssertBodyMatches(requests[0], 0);
        Assert.True(result.Completed);
    }

    [Fact]
    public async Task A_Chunk_That_Times_Out_Is_Retried()
    {
        // Arrange: the first attempt hangs until the per-chunk timeout cancels it.
        var plan = ChunkPlanner.Plan(1_000_000);
        var handler = new FakeHttpHandler((r, _) => TikTokLike(r))
        {
            BeforeRead = async (_, attempt, ct) =>
            {
                if (attempt == 0) await Task.Delay(Timeout.Infinite, ct);
            },
        };

        // Act
        var result = await Uploader(handler).UploadAsync(UploadUrl, new SyntheticStream(plan.VideoSize), plan,
            options: NoDelay with { ChunkTimeout = TimeSpan.FromMilliseconds(200) });

        // Assert
        Assert.True(result.Completed);
        Assert.Equal("bytes 0-999999/1000000", Assert.Single(handler.Requests).ContentRange!.ToString());
    }

    [Fact]
    public async Task Caller_Cancellation_Is_Not_Retried()
    {
        // Arrange
        using var cts = new CancellationTokenSource();
        var plan = ChunkPlanner.Plan(1_000_000);
        var handler = new FakeHttpHandler((r, _) => TikTokLike(r))
        {
            BeforeRead = async (_, _, ct) =>
            {
                await cts.CancelAsync();
                await Task.Delay(Timeout.Infinite, ct);
            },
        };

        // Act + Assert
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            Uploader(handler).UploadAsync(UploadUrl, new SyntheticStream(plan.VideoSize), plan, options: NoDelay, cancellationToken: cts.Token));
        Assert.Empty(handler.Requests);
    }

    [Fact]
    public async Task Retries_Give_Up_With_A_Transient_Upload_Error()
    {
        // Arrange
        var handler = new FakeHttpHandler((_, _) => new HttpResponseMessage(HttpStatusCode.BadGateway));
        var plan = ChunkPlanner.Plan(1_000_000);

        // Act
        var ex = await Assert.ThrowsAsync<TikTokUploadException>(() =>
            Uploader(handler).UploadAsync(UploadUrl, new SyntheticStream(plan.VideoSize), plan, options: NoDelay with { MaxAttemptsPerChunk = 3 }));

        // Assert
        Assert.Equal(3, handler.Requests.Count);
        Assert.Equal(UploadErrorCodes.Failed, ex.Code);
        Assert.Equal(TikTokErrorClass.Transient, ex.Classification);
        Assert.Equal(502, ex.HttpStatus);
    }

    [Fact]
    public async Task Retry_Waits_With_Backoff_On_The_Injected_Clock()
    {
        // Arrange
        var clock = new ManualTimeProvider();
        var handler = new FakeHttpHandler((r, i) => i == 0 ? new HttpResponseMessage(HttpStatusCode.InternalServerError) : TikTokLike(r));
        var uploader = new ChunkedUploader(new HttpClient(handler), clock, NullLogger<ChunkedUploader>.Instance);
        var plan = ChunkPlanner.Plan(1_000_000);

        // Act
        var upload = uploader.UploadAsync(UploadUrl, new SyntheticStream(plan.VideoSize), plan,
            options: new UploadOptions { RetryBaseDelay = TimeSpan.FromSeconds(2) });
        await WaitUntil(() => handler.Requests.Count == 1 && clock.NextDueIn == TimeSpan.FromSeconds(2));
        var retriedBeforeDelay = handler.Requests.Count > 1;
        clock.Advance(TimeSpan.FromSeconds(2));
        var result = await upload.WaitAsync(TimeSpan.FromSeconds(10));

        // Assert
        Assert.False(retriedBeforeDelay);
        Assert.Equal(2, handler.Requests.Count);
        Assert.True(result.Completed);
    }

    [Fact]
    public async Task Upload_Resumes_From_A_Byte_Offset()
    {
        // Arrange
        var handler = new FakeHttpHandler((r, _) => TikTokLike(r)) { CaptureBodies = false };
        var plan = ChunkPlanner.Plan(50_000_123, 10_000_000);

        // Act
        var result = await Uploader(handler).UploadAsync(UploadUrl, new SyntheticStream(plan.VideoSize), plan,
            options: NoDelay with { StartOffset = 30_000_000 });

        // Assert
        Assert.Equal(["bytes 30000000-39999999/50000123", "bytes 40000000-50000122/50000123"],
            handler.Requests.Select(r => r.ContentRange!.ToString()).ToArray());
        Assert.Equal(2, result.ChunksSent);
        Assert.True(result.Completed);
    }

    [Fact]
    public async Task Upload_Resumes_From_A_Chunk_Index()
    {
        // Arrange
        var handler = new FakeHttpHandler((r, _) => TikTokLike(r)) { CaptureBodies = false };
        var plan = ChunkPlanner.Plan(50_000_123, 10_000_000);

        // Act
        await Uploader(handler).UploadAsync(UploadUrl, new SyntheticStream(plan.VideoSize), plan,
            options: UploadOptions.ResumeAtChunk(plan, 4) with { RetryBaseDelay = TimeSpan.Zero });

        // Assert
        Assert.Equal("bytes 40000000-50000122/50000123", Assert.Single(handler.Requests).ContentRange!.ToString());
    }

    [Fact]
    public async Task Resume_From_A_Non_Boundary_Offset_Is_Refused()
    {
        // Arrange
        var handler = new FakeHttpHandler((r, _) => TikTokLike(r));
        var plan = ChunkPlanner.Plan(50_000_123, 10_000_000);

        // Act + Assert
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Uploader(handler).UploadAsync(UploadUrl,
            new SyntheticStream(plan.VideoSize), plan, options: NoDelay with { StartOffset = 123 }));
        Assert.Empty(handler.Requests);
    }

    [Fact]
    public async Task Progress_Reports_Bytes_Sent_Up_To_The_Total()
    {
        // Arrange
        var handler = new FakeHttpHandler((r, _) => TikTokLike(r)) { CaptureBodies = false };
        var plan = ChunkPlanner.Plan(20_000_000, 10_000_000);
        var progress = new RecordingProgress<UploadProgress>();

        // Act
        await Uploader(handler).UploadAsync(UploadUrl, new SyntheticStream(plan.VideoSize), plan, options: NoDelay, progress: progress);

        // Assert
        var reports = progress.Reports;
        Assert.True(reports.Count > 2);
        Assert.All(reports, p => Assert.Equal(20_000_000, p.TotalBytes));
        Assert.Equal(20_000_000, reports[^1].BytesSent);
        Assert.Contains(reports, p => p.BytesSent == 10_000_000 && p.ChunkIndex == 0);
        Assert.Contains(reports, p => p.BytesSent is > 10_000_000 and < 20_000_000 && p.ChunkIndex == 1);
        for (var i = 1; i < reports.Count; i++) Assert.True(reports[i].BytesSent >= reports[i - 1].BytesSent);
    }

    [Fact]
    public async Task Range_Mismatch_416_Says_What_TikTok_Has()
    {
        // Arrange: TikTok claims to hold bytes 0-9999999 when we send the first chunk again.
        var handler = new FakeHttpHandler((_, _) =>
        {
            var response = new HttpResponseMessage(HttpStatusCode.RequestedRangeNotSatisfiable) { Content = new ByteArrayContent([]) };
            response.Content.Headers.ContentRange = new ContentRangeHeaderValue(0, 9_999_999, 50_000_123);
            return response;
        });
        var plan = ChunkPlanner.Plan(50_000_123, 10_000_000);

        // Act
        var ex = await Assert.ThrowsAsync<TikTokUploadException>(() =>
            Uploader(handler).UploadAsync(UploadUrl, new SyntheticStream(plan.VideoSize), plan, options: NoDelay));

        // Assert
        Assert.Equal(UploadErrorCodes.RangeMismatch, ex.Code);
        Assert.Equal(416, ex.HttpStatus);
        Assert.Equal(10_000_000, ex.ServerReceivedBytes);
        Assert.Equal(0, ex.ChunkIndex);
        Assert.Single(handler.Requests);
        Assert.Equal(1, plan.ChunkIndexAt(ex.ServerReceivedBytes!.Value));
    }

    [Fact]
    public async Task Range_Mismatch_With_Nothing_Received_Says_Zero()
    {
        // Arrange: resuming at chunk 1 although TikTok holds nothing ("bytes */total").
        var handler = new FakeHttpHandler((_, _) =>
        {
            var response = new HttpResponseMessage(HttpStatusCode.RequestedRangeNotSatisfiable) { Content = new ByteArrayContent([]) };
            response.Content.Headers.ContentRange = new ContentRangeHeaderValue(50_000_123);
            return response;
        });
        var plan = ChunkPlanner.Plan(50_000_123, 10_000_000);

        // Act
        var ex = await Assert.ThrowsAsync<TikTokUploadException>(() => Uploader(handler).UploadAsync(UploadUrl,
            new SyntheticStream(plan.VideoSize), plan, options: NoDelay with { StartOffset = 10_000_000 }));

        // Assert
        Assert.Equal(0, ex.ServerReceivedBytes);
        Assert.Equal(1, ex.ChunkIndex);
    }

    [Theory]
    [InlineData(HttpStatusCode.Forbidden, UploadErrorCodes.UrlExpired, TikTokErrorClass.Permanent)]
    [InlineData(HttpStatusCode.NotFound, UploadErrorCodes.TaskNotFound, TikTokErrorClass.Permanent)]
    [InlineData(HttpStatusCode.BadRequest, UploadErrorCodes.BadRequest, TikTokErrorClass.InvalidRequest)]
    public async Task Upload_Rejections_Map_To_Typed_Errors_Without_Retry(HttpStatusCode status, string code, TikTokErrorClass classification)
    {
        // Arrange
        var handler = new FakeHttpHandler((_, _) => new HttpResponseMessage(status));
        var plan = ChunkPlanner.Plan(1_000_000);

        // Act
        var ex = await Assert.ThrowsAsync<TikTokUploadException>(() =>
            Uploader(handler).UploadAsync(UploadUrl, new SyntheticStream(plan.VideoSize), plan, options: NoDelay));

        // Assert
        Assert.Equal(code, ex.Code);
        Assert.Equal(classification, ex.Classification);
        Assert.Equal((int)status, ex.HttpStatus);
        Assert.Single(handler.Requests);
        Assert.False(string.IsNullOrEmpty(ex.Describe().WhatToDo));
    }

    [Fact]
    public async Task Stream_Length_Must_Match_The_Plan()
    {
        // Arrange
        var handler = new FakeHttpHandler((r, _) => TikTokLike(r));
        var plan = ChunkPlanner.Plan(1_000_000);

        // Act + Assert
        await Assert.ThrowsAsync<ArgumentException>(() =>
            Uploader(handler).UploadAsync(UploadUrl, new SyntheticStream(999_999), plan, options: NoDelay));
    }

    [Fact]
    public async Task A_1_GiB_Upload_Allocates_Far_Less_Than_The_File()
    {
        // Arrange: bytes are generated, never stored, and the fake drains each body through a small buffer.
        const long size = 1L << 30;
        var handler = new FakeHttpHandler((r, _) => TikTokLike(r)) { CaptureBodies = false };
        var plan = ChunkPlanner.Plan(size, ChunkPlanner.MaxChunkSize);
        var uploader = Uploader(handler);
        var before = GC.GetTotalAllocatedBytes(precise: true);

        // Act
        var result = await uploader.UploadAsync(UploadUrl, new SyntheticStream(size), plan, options: NoDelay);
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;

        // Assert
        output.WriteLine($"Allocated {allocated:N0} bytes while uploading {size:N0} bytes in {plan.TotalChunkCount} chunks.");
        Assert.True(result.Completed);
        Assert.Equal(size, handler.Requests.Sum(r => r.BodyLength));
        Assert.True(allocated < 64L * 1024 * 1024, $"Allocated {allocated:N0} bytes for a {size:N0}-byte upload.");
    }

    private static void AssertBodyMatches(RecordedRequest request, long fileOffset)
    {
        var body = request.Body!;
        Assert.Equal(request.ContentLength, body.Length);
        for (var i = 0; i < body.Length; i += 4099)
            Assert.Equal(SyntheticStream.ByteAt(fileOffset + i), body[i]);
        Assert.Equal(SyntheticStream.ByteAt(fileOffset + body.Length - 1), body[^1]);
    }

    /// <summary>A connection that drops after some bytes.</summary>
    private sealed class BreaksAfter(int bytes) : Stream
    {
        private int _written;
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => _written;
        public override long Position { get => _written; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));
        public override void Write(ReadOnlySpan<byte> buffer)
        {
            _written += buffer.Length;
            if (_written > bytes) throw new IOException("Connection reset by peer.");
        }
        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Write(buffer.Span);
            return ValueTask.CompletedTask;
        }
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("Condition not met.");
            await Task.Delay(10);
        }
    }
}
