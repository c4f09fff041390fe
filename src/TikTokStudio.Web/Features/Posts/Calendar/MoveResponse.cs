using System.Text.Json.Serialization;

namespace TikTokStudio.Web.Features.Posts.Calendar;

/// <summary>The answer to a drop: moved (with the new version), or a warning to confirm first.</summary>
public sealed record MoveResponse
{
    public required bool Moved { get; init; }
    public bool NeedsConfirmation { get; init; }
    public required string Message { get; init; }
    public int? Version { get; init; }
    public string? Start { get; init; }
    public string? Warning { get; init; }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(MoveResponse))]
internal sealed partial class CalendarJson : JsonSerializerContext;
