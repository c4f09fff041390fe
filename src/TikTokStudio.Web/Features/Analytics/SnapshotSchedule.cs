using TikTokStudio.TikTok.Auth;

namespace TikTokStudio.Web.Features.Analytics;

/// <summary>When snapshots are due (issue #14): accounts daily; posts every few hours in their first week, daily after, for 90 days.</summary>
public static class SnapshotSchedule
{
    public static readonly TimeSpan AccountInterval = TimeSpan.FromDays(1);
    public static readonly TimeSpan FirstWeekPostInterval = TimeSpan.FromHours(4);
    public static readonly TimeSpan LaterPostInterval = TimeSpan.FromDays(1);
    public static readonly TimeSpan FirstWeek = TimeSpan.FromDays(7);
    public static readonly TimeSpan PostHorizon = TimeSpan.FromDays(90);

    /// <summary>The job runs this often; a snapshot counts as due this much early so a run's small delays do not skip a whole interval.</summary>
    public static readonly TimeSpan JobInterval = TimeSpan.FromMinutes(30);
    public static readonly TimeSpan Slack = TimeSpan.FromMinutes(10);

    /// <summary>Scopes the analytics calls need: user.info.stats for the profile counts, video.list for video.query.</summary>
    public static readonly IReadOnlyList<string> RequiredScopes = [TikTokScopes.UserInfoStats, TikTokScopes.VideoList];

    public static bool AccountDue(DateTimeOffset? last, DateTimeOffset now) => last is not { } at || now - at >= AccountInterval - Slack;

    /// <summary>Null once the post is past the 90-day horizon (no more snapshots), else the interval for its age.</summary>
    public static TimeSpan? PostInterval(DateTimeOffset publishedAt, DateTimeOffset now)
    {
        var age = now - publishedAt;
        if (age > PostHorizon) return null;
        return age < FirstWeek ? FirstWeekPostInterval : LaterPostInterval;
    }

    public static bool PostDue(DateTimeOffset publishedAt, DateTimeOffset? last, DateTimeOffset now) =>
        PostInterval(publishedAt, now) is { } interval && (last is not { } at || now - at >= interval - Slack);
}
