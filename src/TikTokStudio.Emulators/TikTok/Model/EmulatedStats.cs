using System.Security.Cryptography;
using System.Text;

namespace TikTokStudio.Emulators.TikTok;

/// <summary>A video's engagement at one instant.</summary>
public sealed record VideoCounts(long Views, long Likes, long Comments, long Shares);

/// <summary>A creator's profile stats at one instant.</summary>
public sealed record CreatorCounts(long Followers, long Following, long Likes);

/// <summary>
/// Stats that grow with the emulator clock, so analytics can be built and tested offline. Nothing is stored or random:
/// every number is a pure function of an id (hashed) and whole minutes of age, so a test can compute the exact value it
/// expects with these same functions, and a restart or reset gives the same numbers for the same clock.
/// </summary>
public static class EmulatedStats
{
    /// <summary>The minutes at which a video has half its lifetime views: fast in the first two days, slow after.</summary>
    public const long HalfViewsMinutes = 24 * 60;

    /// <summary>
    /// Views follow P·m/(m+24 h) for age m in whole minutes (half of P after 24 h, two thirds after 48 h, 7/8 after a
    /// week); P, the like, comment and share rates come from the id's hash. Integer arithmetic keeps results exact.
    /// </summary>
    public static VideoCounts ForVideo(string videoId, DateTimeOffset createdAt, DateTimeOffset now)
    {
        var seed = Seed("video-stats:" + videoId);
        var potential = 2_000 + (long)(seed % 48_000);
        // Age from create_time as the wire shows it (whole seconds), so a client can recompute the exact numbers.
        var created = DateTimeOffset.FromUnixTimeSeconds(createdAt.ToUnixTimeSeconds());
        var minutes = Math.Max(0, (long)Math.Floor((now - created).TotalMinutes));
        var views = potential * minutes / (minutes + HalfViewsMinutes);
        var likesPerMille = 40 + (long)((seed >> 16) % 80);      // 4 % .. 12 %
        var commentsPerMille = 3 + (long)((seed >> 24) % 12);    // 0.3 % .. 1.4 %
        var sharesPerMille = 2 + (long)((seed >> 32) % 8);       // 0.2 % .. 0.9 %
        return new VideoCounts(views, views * likesPerMille / 1000, views * commentsPerMille / 1000, views * sharesPerMille / 1000);
    }

    /// <summary>
    /// The configured counts at <see cref="EmulatedCreator.StatsSince"/> plus steady daily growth from the username's hash
    /// (0.1-0.5 % of the base a day, at least one) and what public videos posted through the emulator earned: a follower
    /// per 100 of their views and all of their likes. Following creeps up by one a week.
    /// </summary>
    public static CreatorCounts ForCreator(EmulatedCreator creator, IEnumerable<EmulatedVideo> postedVideos, DateTimeOffset now)
    {
        var seed = Seed("creator-stats:" + creator.Username);
        var days = Math.Max(0, (long)Math.Floor((now - creator.StatsSince).TotalDays));
        var perDay = Math.Max(1, creator.FollowerCount * (1 + (long)(seed % 5)) / 1000);
        long viewsEarned = 0, likesEarned = 0;
        foreach (var video in postedVideos)
        {
            var counts = ForVideo(video.IdText, video.CreateTime, now);
            viewsEarned += counts.Views;
            likesEarned += counts.Likes;
        }
        return new CreatorCounts(creator.FollowerCount + days * perDay + viewsEarned / 100, creator.FollowingCount + days / 7,
            creator.LikesCount + likesEarned);
    }

    private static ulong Seed(string text) => BitConverter.ToUInt64(SHA256.HashData(Encoding.UTF8.GetBytes(text)), 0);
}
