using TikTokStudio.Web.Features.Analytics;

namespace TikTokStudio.Tests.Features.Analytics;

public sealed class SnapshotScheduleTests
{
    private static readonly DateTimeOffset Published = new(2026, 5, 4, 9, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(1, 4)]      // first week: every 4 hours
    [InlineData(6.9, 4)]
    [InlineData(7.1, 24)]   // then daily
    [InlineData(89.9, 24)]
    public void The_Interval_Follows_The_Posts_Age(double ageDays, double hours) =>
        Assert.Equal(TimeSpan.FromHours(hours), SnapshotSchedule.PostInterval(Published, Published.AddDays(ageDays)));

    [Fact]
    public void After_90_Days_A_Post_Is_Never_Due_Again()
    {
        Assert.Null(SnapshotSchedule.PostInterval(Published, Published.AddDays(90.1)));
        Assert.False(SnapshotSchedule.PostDue(Published, null, Published.AddDays(91)));
        Assert.True(SnapshotSchedule.PostDue(Published, null, Published.AddDays(89)));
    }

    [Fact]
    public void A_Snapshot_Is_Due_Once_Its_Interval_Has_Nearly_Passed()
    {
        var now = Published.AddDays(2);
        Assert.False(SnapshotSchedule.PostDue(Published, now.AddHours(-3), now));
        Assert.True(SnapshotSchedule.PostDue(Published, now.AddHours(-4).AddMinutes(5), now));
        Assert.True(SnapshotSchedule.AccountDue(null, now));
        Assert.False(SnapshotSchedule.AccountDue(now.AddHours(-20), now));
        Assert.True(SnapshotSchedule.AccountDue(now.AddHours(-23).AddMinutes(-55), now));
    }
}
