namespace TikTokStudio.TikTok.Errors;

/// <summary>
/// Any failure reported by TikTok (or by our own rate budget / upload logic) with everything needed to decide
/// what to do and to quote TikTok's <c>log_id</c> to their support. Never carries tokens.
/// </summary>
public class TikTokApiException : Exception
{
    public TikTokApiException(
        string code,
        string? tikTokMessage,
        int? httpStatus,
        string? logId,
        TikTokErrorClass classification,
        TikTokErrorSource source = TikTokErrorSource.Api,
        TimeSpan? retryAfter = null,
        Exception? innerException = null)
        : base(BuildMessage(code, tikTokMessage, httpStatus, logId), innerException)
    {
        Code = code;
        TikTokMessage = tikTokMessage ?? "";
        HttpStatus = httpStatus;
        LogId = logId;
        Classification = classification;
        ErrorSource = source;
        RetryAfter = retryAfter;
    }

    /// <summary>TikTok's code (<c>error.code</c>, OAuth <c>error</c>) or one of our upload codes; "" when TikTok sent none.</summary>
    public string Code { get; }

    /// <summary>TikTok's human-readable message or error_description, as sent.</summary>
    public string TikTokMessage { get; }

    /// <summary>HTTP status of the reply; null when no request was sent (local rate budget) or none arrived.</summary>
    public int? HttpStatus { get; }

    /// <summary>TikTok's log id, the handle their support asks for.</summary>
    public string? LogId { get; }

    public TikTokErrorClass Classification { get; }

    /// <summary>Which vocabulary <see cref="Code"/> belongs to (not named Source: that is <see cref="Exception.Source"/>).</summary>
    public TikTokErrorSource ErrorSource { get; }

    /// <summary>How long to wait before trying again, when known (rate limits).</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>Plain-language explanation and advice for users, from <see cref="TikTokErrorCatalog"/>.</summary>
    public TikTokErrorInfo Describe() => TikTokErrorCatalog.Describe(ErrorSource, Code, HttpStatus);

    private static string BuildMessage(string code, string? message, int? status, string? logId)
    {
        var text = $"TikTok error '{(code.Length == 0 ? "(none)" : code)}'";
        if (status is not null) text += $" (HTTP {status})";
        if (!string.IsNullOrEmpty(message)) text += $": {message}";
        if (!string.IsNullOrEmpty(logId)) text += $" [log_id {logId}]";
        return text;
    }
}
