namespace TikTokStudio.TikTok.Upload;

/// <summary>One chunk of a plan: bytes <see cref="First"/>..<see cref="Last"/> inclusive.</summary>
public readonly record struct ChunkRange(int Index, long First, long Last)
{
    public long Length => Last - First + 1;
}

/// <summary>The FILE_UPLOAD numbers sent at init (video_size, chunk_size, total_chunk_count) and the byte ranges they imply.</summary>
public sealed record ChunkPlan
{
    internal ChunkPlan(long videoSize, long chunkSize, int totalChunkCount)
    {
        VideoSize = videoSize;
        ChunkSize = chunkSize;
        TotalChunkCount = totalChunkCount;
    }

    public long VideoSize { get; }
    public long ChunkSize { get; }
    public int TotalChunkCount { get; }

    /// <summary>Size of the last chunk, which absorbs the remainder.</summary>
    public long LastChunkSize => VideoSize - ChunkSize * (TotalChunkCount - 1);

    public ChunkRange GetChunk(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, TotalChunkCount);
        var first = index * ChunkSize;
        var last = index == TotalChunkCount - 1 ? VideoSize - 1 : first + ChunkSize - 1;
        return new ChunkRange(index, first, last);
    }

    public IEnumerable<ChunkRange> Chunks => Enumerable.Range(0, TotalChunkCount).Select(GetChunk);

    /// <summary>The chunk starting exactly at <paramref name="offset"/> (to resume); throws if it is not a chunk boundary.</summary>
    public int ChunkIndexAt(long offset)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        if (offset == VideoSize) return TotalChunkCount;
        var index = (int)Math.Min(offset / ChunkSize, TotalChunkCount - 1);
        if (GetChunk(index).First != offset)
            throw new ArgumentOutOfRangeException(nameof(offset), offset, "Not the start of a chunk of this plan.");
        return index;
    }
}

/// <summary>
/// Splits a video into TikTok chunks following the media transfer guide (§8.1) exactly:
/// count = floor(size / chunk), the remainder merged into the last chunk, the whole file as one chunk when small,
/// files over 64 MB always chunked, 1..1000 chunks. "MB" is ambiguous (§15), so every limit is kept inside both the
/// MiB and the 10^6 reading: chunks 5,242,880..64,000,000 bytes, last chunk at most 128,000,000 bytes.
/// </summary>
public static class ChunkPlanner
{
    /// <summary>5 MiB: stricter than 5*10^6.</summary>
    public const long MinChunkSize = 5L * 1024 * 1024;

    /// <summary>64*10^6: stricter than 64 MiB.</summary>
    public const long MaxChunkSize = 64_000_000;

    /// <summary>128*10^6: stricter than 128 MiB.</summary>
    public const long MaxLastChunkSize = 128_000_000;

    /// <summary>4 GiB, the documented ceiling for API uploads.</summary>
    public const long MaxVideoSize = 4L * 1024 * 1024 * 1024;

    public const int MaxChunkCount = 1000;

    /// <summary>10*10^6: small enough to retry cheaply, large enough to stay far from 1000 chunks (4 GiB = 429 chunks).</summary>
    public const long DefaultChunkSize = 10_000_000;

    /// <summary>
    /// Plans the upload of <paramref name="videoSize"/> bytes. <paramref name="preferredChunkSize"/> (default
    /// <see cref="DefaultChunkSize"/>) must be within <see cref="MinChunkSize"/>..<see cref="MaxChunkSize"/>; it is
    /// halved only when it would leave a file over 64 MB in one piece. Read the chosen size from the plan.
    /// </summary>
    public static ChunkPlan Plan(long videoSize, long? preferredChunkSize = null)
    {
        if (videoSize <= 0)
            throw new ArgumentOutOfRangeException(nameof(videoSize), videoSize, "A video must have at least one byte.");
        if (videoSize > MaxVideoSize)
            throw new ArgumentOutOfRangeException(nameof(videoSize), videoSize, $"TikTok accepts videos up to 4 GiB ({MaxVideoSize:N0} bytes) through the API.");

        var chunkSize = preferredChunkSize ?? DefaultChunkSize;
        if (chunkSize < MinChunkSize || chunkSize > MaxChunkSize)
            throw new ArgumentOutOfRangeException(nameof(preferredChunkSize), chunkSize,
                $"Chunk size must be between {MinChunkSize:N0} and {MaxChunkSize:N0} bytes (inside both readings of TikTok's 5 MB..64 MB).");

        // Under 5 MB: one piece, chunk_size == video_size.
        if (videoSize < MinChunkSize) return new ChunkPlan(videoSize, videoSize, 1);

        var count = videoSize / chunkSize;

        // floor < 2 with a file over 64 MB would send it whole, which §8.1 forbids; halving keeps count at 2
        // (size < 2*chunk <= 128e6, so half of it is between 32e6 and 64e6).
        if (count < 2 && videoSize > MaxChunkSize)
        {
            chunkSize = videoSize / 2;
            count = 2;
        }

        // The file fits in one chunk: send it whole, chunk_size == video_size.
        if (count <= 1) return new ChunkPlan(videoSize, videoSize, 1);

        var plan = new ChunkPlan(videoSize, chunkSize, checked((int)count));

        // Cannot trigger with the bounds above (4 GiB / 5 MiB = 819 chunks; last < 2*64e6); kept as a guard
        // so a future change of constants cannot produce a plan TikTok rejects.
        if (plan.TotalChunkCount > MaxChunkCount || plan.LastChunkSize > MaxLastChunkSize)
            throw new InvalidOperationException($"Plan of {plan.TotalChunkCount} chunks with a last chunk of {plan.LastChunkSize:N0} bytes breaks TikTok's limits.");
        return plan;
    }
}
