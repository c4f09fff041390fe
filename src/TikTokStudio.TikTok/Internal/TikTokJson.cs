using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace TikTokStudio.TikTok.Internal;

/// <summary>One serializer configuration for every wire type: snake_case names, unset optionals omitted, unknown fields ignored.</summary>
internal static class TikTokJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        // TikTok validates what is present; sending "null" for an optional field is not the same as leaving it out.
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        // Tolerate numbers sent as strings (int64 fields are easy to stringify on the other side).
        NumberHandling = JsonNumberHandling.AllowReadingFromString,
    };

    /// <summary>The Content-Type the Content Posting reference shows, spelled as documented.</summary>
    public static MediaTypeHeaderValue JsonContentType => MediaTypeHeaderValue.Parse("application/json; charset=UTF-8");

    public static ByteArrayContent Content<T>(T body)
    {
        var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(body, Options));
        content.Headers.ContentType = JsonContentType;
        return content;
    }

    public static ByteArrayContent EmptyJsonContent()
    {
        var content = new ByteArrayContent([]);
        content.Headers.ContentType = JsonContentType;
        return content;
    }
}

/// <summary>The <c>error</c> object of the <c>{"data":…,"error":{…}}</c> envelope of every data API reply.</summary>
internal sealed class TikTokEnvelopeError
{
    public string? Code { get; init; }
    public string? Message { get; init; }
    public string? LogId { get; init; }

    /// <summary>The response tables spell it <c>logid</c>; every example uses <c>log_id</c> (§1). Accept both.</summary>
    [JsonPropertyName("logid")]
    public string? LogIdAlternate { get; init; }

    public string? EffectiveLogId => LogId ?? LogIdAlternate;
}
