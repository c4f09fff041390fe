namespace TikTokStudio.Emulators.TikTok;

/// <summary>
/// The FILE_UPLOAD chunk rules of the media transfer guide (tiktok-api.md §8.1). "MB" is ambiguous, so the unit is
/// configurable; the default (Strict) accepts only plans valid under both readings.
/// </summary>
public static class ChunkPlan
{
    public const long MaxVideoSize = 4L * 1024 * 1024 * 1024;

    public static (long MinChunk, long MaxChunk, long MaxLastChunk) Bounds(ChunkSizeUnit unit) => unit switch
    {
        ChunkSizeUnit.MiB => (5L * 1024 * 1024, 64L * 1024 * 1024, 128L * 1024 * 1024),
        ChunkSizeUnit.Decimal => (5_000_000, 64_000_000, 128_000_000),
        _ => (5L * 1024 * 1024, 64_000_000, 128_000_000),
    };

    /// <summary>Null when the plan is acceptable, else the (code, message) init answers with HTTP 400.</summary>
    public static (string Code, string Message)? Validate(long? videoSize, long? chunkSize, long? totalChunkCount, ChunkSizeUnit unit)
    {
        if (videoSize is null || chunkSize is null || totalChunkCount is null)
            return ("invalid_param", "video_size, chunk_size and total_chunk_count are required for FILE_UPLOAD.");
        long size = videoSize.Value, chunk = chunkSize.Value, count = totalChunkCount.Value;
        if (size <= 0) return ("invalid_param", "video_size must be positive.");
        if (size > MaxVideoSize) return ("invalid_param", "video_size exceeds the 4 GB limit.");
        const string invalid = "The chunk size is invalid";
        var (minChunk, maxChunk, maxLast) = Bounds(unit);
        if (size < minChunk)
        {
            // Small files travel whole: one chunk exactly the size of the file.
            return chunk == size && count == 1 ? null : ("invalid_params", invalid);
        }
        if (chunk < minChunk || chunk > maxChunk || chunk > size) return ("invalid_params", invalid);
        if (count != size / chunk) return ("invalid_params", "The total chunk count is invalid");
        if (count is < 1 or > 1000) return ("invalid_params", "The total chunk count is invalid");
        var last = size - (count - 1) * chunk;
        return last > maxLast ? ("invalid_params", invalid) : null;
    }
}
