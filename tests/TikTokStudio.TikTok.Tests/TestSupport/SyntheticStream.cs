namespace TikTokStudio.TikTok.Tests.TestSupport;

/// <summary>A seekable read-only stream of any length whose bytes are computed from their position, never stored.</summary>
public sealed class SyntheticStream(long length) : Stream
{
    private long _position;

    public static byte ByteAt(long position) => (byte)(position % 251);

    public override bool CanRead => true;
    public override bool CanSeek => true;
    public override bool CanWrite => false;
    public override long Length => length;

    public override long Position
    {
        get => _position;
        set => _position = value;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var n = (int)Math.Min(buffer.Length, length - _position);
        if (n <= 0) return 0;
        // Copies from a precomputed run of the period-251 pattern: same bytes as ByteAt, at memcpy speed.
        var written = 0;
        while (written < n)
        {
            var start = (int)((_position + written) % Period);
            var count = Math.Min(n - written, Pattern.Length - start);
            Pattern.AsSpan(start, count).CopyTo(buffer[written..]);
            written += count;
        }
        _position += n;
        return n;
    }

    private const int Period = 251;

    // 256 periods (64,256 bytes): long enough that most reads are one copy.
    private static readonly byte[] Pattern = Enumerable.Range(0, Period * 256).Select(i => ByteAt(i)).ToArray();

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Read(buffer.Span));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Task.FromResult(Read(buffer.AsSpan(offset, count)));

    public override long Seek(long offset, SeekOrigin origin)
    {
        _position = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _position + offset,
            _ => length + offset,
        };
        return _position;
    }

    public override void Flush() { }
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}

/// <summary>An IProgress that records synchronously (Progress&lt;T&gt; posts asynchronously and would race the asserts).</summary>
public sealed class RecordingProgress<T> : IProgress<T>
{
    private readonly List<T> _reports = [];
    public IReadOnlyList<T> Reports { get { lock (_reports) return _reports.ToArray(); } }
    public void Report(T value) { lock (_reports) _reports.Add(value); }
}
