using Microsoft.Extensions.Logging;

namespace TikTokStudio.TikTok.Internal;

/// <summary>Source-generated log messages. Only endpoints, statuses, codes and log ids: never tokens, secrets or captions.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Debug, Message = "TikTok {Endpoint} answered HTTP {Status}")]
    public static partial void ApiCallCompleted(ILogger logger, string endpoint, int status);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "TikTok {Endpoint} failed: HTTP {Status}, code {Code}, log_id {LogId}")]
    public static partial void ApiCallFailed(ILogger logger, string endpoint, int status, string code, string? logId);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "TikTok answered HTTP 429 on {Endpoint}; its window is treated as full for a minute")]
    public static partial void RateLimitedByTikTok(ILogger logger, string endpoint);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "Waiting for the per-token budget of {Endpoint}")]
    public static partial void WaitingForBudget(ILogger logger, string endpoint);

    [LoggerMessage(EventId = 10, Level = LogLevel.Debug, Message = "Upload chunk {Index}/{Count} ({First}-{Last}) answered HTTP {Status}")]
    public static partial void ChunkUploaded(ILogger logger, int index, int count, long first, long last, int status);

    [LoggerMessage(EventId = 11, Level = LogLevel.Warning, Message = "Upload chunk {Index} attempt {Attempt} failed ({Reason}); retrying")]
    public static partial void ChunkRetry(ILogger logger, int index, int attempt, string reason);

    [LoggerMessage(EventId = 12, Level = LogLevel.Warning, Message = "Upload chunk {Index} rejected with HTTP {Status}")]
    public static partial void ChunkRejected(ILogger logger, int index, int status);
}
