using System.Text.Json.Serialization;

namespace TikTokStudio.Web.Features.Posts.Calendar;

/// <summary>
/// One FullCalendar event, kept small (a dense month is thousands of them): FullCalendar puts the non-standard fields
/// into extendedProps, and the page adds what is the same for every event (link, classes, account name and avatar)
/// in eventDataTransform. <see cref="Start"/> is a wall-clock time of the workspace's zone without an offset; the
/// page tells FullCalendar <c>timeZone: 'UTC'</c>, so it shows the time exactly as given (no time-zone plugin).
/// </summary>
public sealed record CalendarEvent
{
    public required string Id { get; init; }
    public required string Start { get; init; }

    /// <summary>"post" or "limit".</summary>
    public required string Kind { get; init; }

    /// <summary>Only written when true: the calendar's default is not editable.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool Editable { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool AllDay { get; init; }

    public required Guid AccountId { get; init; }

    // Posts
    public string? Status { get; init; }
    /// <summary>The status in words (PostStatusBadge.Label, stage included).</summary>
    public string? Label { get; init; }
    public string? Caption { get; init; }
    public int? Version { get; init; }

    // Limit badges
    public string? Title { get; init; }
    /// <summary>near, full or over.</summary>
    public string? Level { get; init; }
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
