using System.Text.Json.Serialization;

namespace TikTokStudio.Web.Features.Posts.Calendar;

/// <summary>
/// One FullCalendar event. <see cref="Start"/> is a wall-clock time of the workspace's zone without an offset; the
/// page tells FullCalendar <c>timeZone: 'UTC'</c>, so it shows the time exactly as given (no time-zone plugin).
/// </summary>
public sealed record CalendarEvent
{
    public required string Id { get; init; }
    public required string Title { get; init; }
    public required string Start { get; init; }
    public bool AllDay { get; init; }
    public bool Editable { get; init; }
    public string? Url { get; init; }
    public string? Display { get; init; }

    /// <summary>Sort key inside a day: limit badges (0) before posts (1).</summary>
    public int Order { get; init; }
    public required string[] ClassNames { get; init; }
    public required CalendarEventProps ExtendedProps { get; init; }
}

public sealed record CalendarEventProps
{
    /// <summary>"post" or "limit".</summary>
    public required string Kind { get; init; }
    public string? Status { get; init; }
    public string? StatusLabel { get; init; }
    public string? AccountId { get; init; }
    public string? AccountName { get; init; }
    public string? AvatarUrl { get; init; }
    public string? Caption { get; init; }
    public int? Version { get; init; }

    // Limit badges
    public string? Day { get; init; }
    public int? Count { get; init; }
    public int? Cap { get; init; }
    public string? LimitKind { get; init; }
}

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
[JsonSerializable(typeof(List<CalendarEvent>))]
[JsonSerializable(typeof(MoveResponse))]
internal sealed partial class CalendarJson : JsonSerializerContext;
