using System.Text.Json;
using System.Text.Json.Serialization;

namespace TikTokStudio.Web.Features.Api;

/// <summary>The REST API's settings (section <c>Api</c>).</summary>
public sealed class ApiOptions
{
    public const string SectionName = "Api";

    /// <summary>
    /// Lets a media URL pull reach private, loopback and link-local addresses. Only for Development and tests (where the
    /// "remote" server is this machine); in Production a pull URL must resolve to public addresses only.
    /// </summary>
    public bool AllowPrivateMediaUrls { get; set; }

    /// <summary>The largest file a URL pull downloads.</summary>
    public long MaxPulledMediaBytes { get; set; } = 4L * 1024 * 1024 * 1024;

    /// <summary>How long a URL pull may take, redirects included.</summary>
    public TimeSpan MediaPullTimeout { get; set; } = TimeSpan.FromMinutes(10);

    public int MaxRedirects { get; set; } = 5;

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
