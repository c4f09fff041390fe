namespace TikTokStudio.Web.Features.Analytics;

/// <summary>A post's views 48 hours after it went out, and when (in the workspace zone) it went out.</summary>
public sealed record EarlyViews(DateTimeOffset PublishedAt, long Views);

/// <summary>One weekday-and-hour cell of the heatmap.</summary>
public sealed record BestTimeCell(DayOfWeek Day, int Hour, int Posts, long AverageViews);

/// <summary>The heatmap and its verdict. <see cref="TooFew"/> means there are not enough posts to tell.</summary>
public sealed record BestTimesResult(int PostsCounted, bool TooFew, IReadOnlyList<BestTimeCell> Cells, IReadOnlyList<BestTimeCell> Top)
{
    public long MaxAverage => Cells.Count == 0 ? 0 : Cells.Max(c => c.AverageViews);
    public BestTimeCell? Cell(DayOfWeek day, int hour) => Cells.FirstOrDefault(c => c.Day == day && c.Hour == hour);
}

/// <summary>
/// Best times to post from the account's own history: views in each post's first 48 hours, averaged by the weekday
/// and hour it went out in the workspace's time zone.
/// </summary>
public static class BestTimes
{
    /// <summary>Fewer posts with a 48-hour reading than this and the grid says it cannot tell yet.</summary>
    public const int MinPosts = 10;

    public static readonly TimeSpan Early = TimeSpan.FromHours(48);

    /// <summary>A snapshot this close to the 48-hour mark stands for it (the job reads first-week posts every 4 hours).</summary>
    public static readonly TimeSpan Tolerance = TimeSpan.FromHours(8);

    /// <summary>The snapshot nearest 48 h after publishing, when one is near enough; null otherwise (the post is left out).</summary>
    public static long? ViewsAt48Hours(DateTimeOffset publishedAt, IEnumerable<(DateTimeOffset At, long Views)> snapshots)
    {
        var target = publishedAt + Early;
        var nearest = snapshots
            .Where(s => (s.At - target).Duration() <= Tolerance)
            .OrderBy(s => (s.At - target).Duration())
            .Select(s => (long?)s.Views)
            .FirstOrDefault();
        return nearest;
    }

    public static BestTimesResult Compute(IReadOnlyCollection<EarlyViews> posts, TimeZoneInfo zone)
    {
        var cells = posts
            .Select(p => (Local: TimeZoneInfo.ConvertTime(p.PublishedAt, zone), p.Views))
            .GroupBy(p => (p.Local.DayOfWeek, p.Local.Hour))
            .Select(g => new BestTimeCell(g.Key.DayOfWeek, g.Key.Hour, g.Count(), (long)Math.Round(g.Average(x => (double)x.Views))))
            .OrderBy(c => ((int)c.Day + 6) % 7).ThenBy(c => c.Hour)
            .ToList();
        var tooFew = posts.Count < MinPosts;
        var top = tooFew ? [] : cells.OrderByDescending(c => c.AverageViews).ThenBy(c => ((int)c.Day + 6) % 7).ThenBy(c => c.Hour).Take(3).ToList();
        return new BestTimesResult(posts.Count, tooFew, cells, top);
    }

    /// <summary>Monday first, as a workspace calendar shows weeks.</summary>
    public static readonly IReadOnlyList<DayOfWeek> Week =
        [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday, DayOfWeek.Saturday, DayOfWeek.Sunday];

    /// <summary>The next instant after <paramref name="after"/> that falls on the cell's weekday and hour (minute 0) in the zone.</summary>
    public static DateTimeOffset NextOccurrence(BestTimeCell cell, DateTimeOffset after, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(after, zone).DateTime.Date;
        for (var day = 0; day <= 14; day++)
        {
            var candidate = local.AddDays(day).AddHours(cell.Hour);
            if (candidate.DayOfWeek != cell.Day || zone.IsInvalidTime(candidate)) continue;
            var instant = new DateTimeOffset(candidate, zone.GetUtcOffset(candidate));
            if (instant > after) return instant;
        }
        return after;
    }
}
