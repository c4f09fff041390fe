using System.Security.Cryptography;
using System.Text;

namespace TikTokStudio.Emulators.TikTok;

/// <summary>The fixed cast of creators. Usernames are a contract: other projects' tests log in as them.</summary>
public static class CreatorCast
{
    public const string Public = "public_creator";
    public const string Private = "private_creator";
    public const string Quiet = "quiet_creator";
    public const string UploadOnly = "upload_only_creator";
    public const string Capped = "capped_creator";
    public const string Banned = "banned_creator";
    public const string Short = "short_creator";

    public static List<EmulatedCreator> Create(DateTimeOffset now) =>
    [
        Make(Public, "Pia Public", "Posts everything for everyone.", now, 3, followers: 12_400, likes: 98_000, verified: true),
        Make(Private, "Priya Private", "Friends only, please.", now, 2, followers: 310, likes: 1_200, configure: c => c.IsPrivate = true),
        Make(Quiet, "Quinn Quiet", "No comments, no duets, no stitches.", now, 2, followers: 2_050, likes: 7_700,
            configure: c => { c.CommentDisabled = true; c.DuetDisabled = true; c.StitchDisabled = true; }),
        Make(UploadOnly, "Uma Upload", "Only ever grants upload to inbox.", now, 1, followers: 880, likes: 4_100, uploadOnly: true),
        Make(Capped, "Cal Capped", "Already posted the daily maximum.", now, 2, followers: 5_600, likes: 40_000, configure: c => c.AtDailyCap = true),
        Make(Banned, "Ben Banned", "Banned from posting.", now, 1, followers: 90, likes: 300, configure: c => c.Banned = true),
        Make(Short, "Shay Short", "Sixty seconds max.", now, 2, followers: 1_500, likes: 9_900, configure: c => c.MaxVideoPostDurationSec = 60),
    ];

    public static EmulatedCreator Generated(int number, DateTimeOffset now) =>
        Make($"gen_creator_{number:D4}", $"Generated Creator {number}", "Made by the control API for a benchmark.", now, 1,
            followers: 100 + number, likes: 1_000 + number);

    private static EmulatedCreator Make(string username, string displayName, string bio, DateTimeOffset now, int videoCount,
        long followers, long likes, bool verified = false, bool uploadOnly = false, Action<EmulatedCreator>? configure = null)
    {
        var creator = new EmulatedCreator
        {
            Username = username,
            OpenId = StableGuid("open_id:" + username),
            UnionId = StableGuid("union_id:" + username),
            DisplayName = displayName,
            Bio = bio,
            IsVerified = verified,
            UploadOnly = uploadOnly,
            FollowerCount = followers,
            FollowingCount = followers / 10 + 3,
            LikesCount = likes,
            StatsSince = now,
        };
        configure?.Invoke(creator);
        var idBase = StableVideoIdBase(username);
        for (var i = 0; i < videoCount; i++)
        {
            // Older videos first in the list; the Display API sorts newest first itself.
            var created = now.AddDays(-(videoCount - i) * 3).AddHours(-i);
            creator.Videos.Add(new EmulatedVideo(idBase + i, created, $"{displayName} video {i + 1}",
                $"Video {i + 1} by @{username} #emulator", 15 + i * 7, 1080, 1920));
        }
        return creator;
    }

    /// <summary>A UUID-shaped id that stays the same for a username across runs and resets.</summary>
    private static string StableGuid(string seed)
    {
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes(seed));
        return new Guid(bytes.AsSpan(0, 16)).ToString("D");
    }

    private static long StableVideoIdBase(string username)
    {
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes("video:" + username));
        var n = BitConverter.ToUInt64(bytes, 0) % 100_000_000_000_000UL;
        return 7_100_000_000_000_000_000L + (long)n * 100;
    }
}
