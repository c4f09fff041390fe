using TikTokStudio.Web.Features.Analytics;

namespace TikTokStudio.Tests.Features.Analytics;

public sealed class BestTimesTests
{
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    [Fact]
    public void Too_Few_Posts_Say_So_And_Offer_No_Top_Times()
    {
        var posts = Enumerable.Range(0, BestTimes.MinPosts - 1)
            .Select(i => new EarlyViews(new DateTimeOffset(2026, 6, 1, 16, 0, 0, TimeSpan.Zero).AddDays(i), 1_000 + i)).ToList();

        var result = BestTimes.Compute(posts, Berlin);

        Assert.True(result.TooFew);
        Assert.Empty(result.Top);
        Assert.Equal(BestTimes.MinPosts - 1, result.PostsCounted);
    }

    [Fact]
    public void Cells_Are_Weekday_And_Hour_In_The_Workspace_Zone_And_The_Best_Average_Wins()
    {
        // 16:00 UTC in June is 18:00 in Berlin (summer time); Monday 1 June 2026.
        var monday = new DateTimeOffset(2026, 6, 1, 16, 0, 0, TimeSpan.Zero);
        var posts = new List<EarlyViews>();
        for (var week = 0; week < 5; week++)
        {
            posts.Add(new(monday.AddDays(7 * week), 9_000));                 // Monday 18:00 Berlin
            posts.Add(new(monday.AddDays(7 * week + 3).AddHours(-8), 2_000)); // Thursday 10:00 Berlin
        }

        var result = BestTimes.Compute(posts, Berlin);

        Assert.False(result.TooFew);
        var best = result.Top[0];
        Assert.Equal((DayOfWeek.Monday, 18, 5, 9_000L), (best.Day, best.Hour, best.Posts, best.AverageViews));
        Assert.Equal(2_000, result.Cell(DayOfWeek.Thursday, 10)!.AverageViews);
        Assert.Null(result.Cell(DayOfWeek.Monday, 16));
    }

    [Fact]
    public void The_48_Hour_Reading_Is_The_Nearest_Snapshot_Within_Tolerance()
    {
        var published = new DateTimeOffset(2026, 6, 1, 8, 0, 0, TimeSpan.Zero);

        var near = BestTimes.ViewsAt48Hours(published, [(published.AddHours(44), 400), (published.AddHours(49), 500), (published.AddHours(72), 900)]);
        var none = BestTimes.ViewsAt48Hours(published, [(published.AddHours(4), 10), (published.AddHours(80), 900)]);

        Assert.Equal(500, near);
        Assert.Null(none);
    }

    [Fact]
    public void The_Next_Occurrence_Skips_A_Daylight_Saving_Gap()
    {
        // Sunday 29 March 2026, 02:00 does not exist in Berlin: the next Sunday 02:00 is a week later.
        var before = new DateTimeOffset(2026, 3, 28, 12, 0, 0, TimeSpan.Zero);

        var next = BestTimes.NextOccurrence(new BestTimeCell(DayOfWeek.Sunday, 2, 1, 1), before, Berlin);

        Assert.Equal(new DateTimeOffset(2026, 4, 5, 2, 0, 0, TimeSpan.FromHours(2)), next);
    }
}
