using System.Text.Json;
using System.Text.Json.Serialization;

namespace TikTokStudio.Web.Features.Api;

/// <summary>The REST API's settings (section <c>Api</c>).</summary>
public sealed class ApiOptions
{
    public const string SectionName = "Api";

    public ApiRateLimits RateLimits { get; set; } = new();
}

/// <summary>Requests per key and minute (fixed windows); post creation has a tighter budget of its own.</summary>
public sealed class ApiRateLimits
{
    public int RequestsPerMinute { get; set; } = 60;
    public int PostCreationsPerMinute { get; set; } = 20;
}

/// <summary>The API's JSON: snake_case, enums as snake_case strings, nulls left out.</summary>
public static class ApiJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };
}
