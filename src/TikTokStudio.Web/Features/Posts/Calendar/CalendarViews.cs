using System.Globalization;

namespace TikTokStudio.Web.Features.Posts.Calendar;

/// <summary>The calendar's views as the address names them (<c>?view=</c>), and how many posts a day each is sent.</summary>
public static class CalendarViews
{
    public const string Month = "month";
    public const string Week = "week";
    public const string List = "list";
    /// <summary>One day as a list: every post of the day, where "+N more" leads.</summary>
    public const string Day = "day";

    public static readonly IReadOnlyList<string> All = [Month, Week, List, Day];

    /// <summary>
    /// Posts per day the feed sends for a month (what a cell has room for) and for a week (the week grid and the week
    /// list); the rest of a day is a "+N more" that opens the day view, which is sent every post of its day.
    /// </summary>
    public const int MonthPostsPerDay = 3;

    /// <inheritdoc cref="MonthPostsPerDay"/>
    public const int WeekPostsPerDay = 12;

    /// <summary>The view named in the address, or null (unknown names too: the device's default applies).</summary>
    public static string? Parse(string? value) => All.FirstOrDefault(v => string.Equals(v, value?.Trim(), StringComparison.OrdinalIgnoreCase));

    public static DateOnly? ParseDate(string? value) =>
        DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day : null;
}

/// <summary>A post dropped on another day or time: its new wall-clock start in the workspace's zone ("yyyy-MM-ddTHH:mm").</summary>
public sealed record CalendarDrop(Guid PostId, string Start, int? Version, bool AllDay);

/// <summary>Whether the dropped post stays where it was dropped (with its new version) or snaps back.</summary>
public sealed record CalendarDropAnswer(bool Moved, int? Version = null)
{
    public static CalendarDropAnswer SnapBack { get; } = new(false);
}

/// <summary>The view and date the calendar shows; <see cref="Initial"/> for the first one after it started.</summary>
public sealed record CalendarPlace(string View, DateOnly Date, bool Initial);
