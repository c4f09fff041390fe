using System.Buffers;
using System.Net;

namespace TikTokStudio.TikTok.Upload;

/// <summary>
/// HttpContent for bytes [offset, offset+length) of a seekable stream, copied through one pooled 80 KB buffer so a
/// 64 MB chunk never costs 64 MB of memory. Seeks to the offset on every serialization, so a retry re-reads the
/// chunk from its start. Does not own (or dispose) the stream.
/// </summary>
internal sealed class StreamSliceContent : HttpContent
{
    private const int BufferSize = 80 * 1024;

    private readonly Stream _source;
    private readonly long _offset;
    private readonly long _length;
    private readonly Action<long>? _onBytesWritten;
    private readonly TaskCompletionSource _idle = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _started;

    public StreamSliceContent(Stream source, long offset, long length, Action<long>? onBytesWritten = null)
    {
        if (!source.CanSeek || !source.CanRead) throw new ArgumentException("The stream must be readable and seekable.", nameof(source));
        _source = source;
        _offset = offset;
        _length = length;
        _onBytesWritten = onBytesWritten;
        Headers.ContentLength = length;
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    /// <summary>
    /// Completes once no serialization of this content is reading the shared stream. A server may answer (say 503)
    /// before it has read the body while the handler is still sending it; a retry must not seek the same stream
    /// until that send has stopped, or it would interleave reads and send corrupt bytes.
    /// </summary>
    public Task WhenIdleAsync() => Volatile.Read(ref _started) == 0 ? Task.CompletedTask : _idle.Task;

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        Interlocked.Exchange(ref _started, 1);
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            _source.Seek(_offset, SeekOrigin.Begin);
            var remaining = _length;
            while (remaining > 0)
            {
                var read = await _source.ReadAsync(buffer.AsMemory(0, (int)Math.Min(BufferSize, remaining)), cancellationToken).ConfigureAwait(false);
                if (read == 0) throw new EndOfStreamException($"The stream ended {remaining:N0} bytes before the end of the chunk.");
                await stream.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                remaining -= read;
                _onBytesWritten?.Invoke(_length - remaining);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            _idle.TrySetResult();
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = _length;
        return true;
    }
}
