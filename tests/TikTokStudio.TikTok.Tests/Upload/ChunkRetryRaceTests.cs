using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using TikTokStudio.TikTok.Upload;

namespace TikTokStudio.TikTok.Tests.Upload;

public sealed class ChunkRetryRaceTests
{
    [Fact]
    public async Task A_Retry_Waits_Until_The_Answered_Attempt_Stopped_Reading_The_File()
    {
        // Arrange: the server answers 503 at once while the first body is still being sent (slowly, in the background);
        // the retry follows with no backoff. Both attempts read the same seekable stream.
        var file = new byte[6_000_000];
        new Random(7).NextBytes(file);
        var handler = new EarlyAnswerHandler();
        var uploader = new ChunkedUploader(new HttpClient(handler), TimeProvider.System, NullLogger<ChunkedUploader>.Instance);
        var plan = ChunkPlanner.Plan(file.Length);

        // Act
        var result = await uploader.UploadAsync(new Uri("https://upload.example/video/?upload_id=1"), new MemoryStream(file), plan,
            options: new UploadOptions { RetryBaseDelay = TimeSpan.Zero });

        // Assert: the retried chunk carries exactly the file's bytes, not an interleaving of two readers.
        Assert.True(result.Completed);
        Assert.Equal(2, handler.Attempts);
        Assert.Equal(file, handler.SecondBody);
    }

    /// <summary>
    /// First call: the body starts streaming in the background and the answer is 503 at once. That background send
    /// resumes when the retry arrives (or after half a second), and both sends then take turns at every write: without
    /// the uploader's wait they would read the one stream in turns.
    /// </summary>
    private sealed class EarlyAnswerHandler : HttpMessageHandler
    {
        private readonly TaskCompletionSource retryArrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public int Attempts;
        public byte[]? SecondBody;

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (Interlocked.Increment(ref Attempts) == 1)
            {
                var firstSend = new TakingTurnsSink(retryArrived.Task.WaitAsync(TimeSpan.FromMilliseconds(500)).ContinueWith(_ => { }));
                _ = Task.Run(() => request.Content!.CopyToAsync(firstSend), CancellationToken.None);
                await firstSend.Started.Task;
                return new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);
            }
            retryArrived.TrySetResult();
            var secondSend = new TakingTurnsSink(Task.CompletedTask) { Keep = true };
            await request.Content!.CopyToAsync(secondSend, cancellationToken);
            SecondBody = secondSend.Received.ToArray();
            return new HttpResponseMessage(HttpStatusCode.Created);
        }
    }

    /// <summary>A network that yields after every write (and waits for a gate after the first), as a slow one would.</summary>
    private sealed class TakingTurnsSink(Task gate) : Stream
    {
        public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public bool Keep { get; init; }
        public MemoryStream Received { get; } = new();

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (Keep) Received.Write(buffer.Span);
            Started.TrySetResult();
            await gate;
            await Task.Delay(1, cancellationToken);
        }

        public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
