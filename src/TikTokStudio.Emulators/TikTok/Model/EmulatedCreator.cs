namespace TikTokStudio.Emulators.TikTok;

/// <summary>A TikTok account in the emulator. Mutable flags are changed through the control API, always under the state lock.</summary>
public sealed class EmulatedCreator
{
    public static readonly string[] PublicAccountOptions = ["PUBLIC_TO_EVERYONE", "MUTUAL_FOLLOW_FRIENDS", "SELF_ONLY"];
    public static readonly string[] PrivateAccountOptions = ["FOLLOWER_OF_CREATOR", "MUTUAL_FOLLOW_FRIENDS", "SELF_ONLY"];

    public required string Username { get; init; }
    public required string OpenId { get; init; }
    public required string UnionId { get; init; }
    public required string DisplayName { get; set; }
    public string Bio { get; set; } = "";
    public bool IsVerified { get; set; }
    public bool IsPrivate { get; set; }
    public bool CommentDisabled { get; set; }
    public bool DuetDisabled { get; set; }
    public bool StitchDisabled { get; set; }
    public int MaxVideoPostDurationSec { get; set; } = 600;
    public bool Banned { get; set; }
    public bool AtDailyCap { get; set; }

    /// <summary>The creator's TikTok app version; photo MEDIA_UPLOAD needs 31.8 or later.</summary>
    public string AppVersion { get; set; } = "34.1.0";

    /// <summary>Direct posts made today outside this emulator's records (counted toward the daily cap).</summary>
    public int PostsToday { get; set; }

    /// <summary>Grants only user.info.basic and video.upload whatever is requested.</summary>
    public bool UploadOnly { get; init; }

    /// <summary>When the counts below were true; stats grow from here with the emulator clock (see <see cref="EmulatedStats"/>).</summary>
    public DateTimeOffset StatsSince { get; init; }

    public long FollowerCount { get; set; }
    public long FollowingCount { get; set; }
    public long LikesCount { get; set; }

    public List<EmulatedVideo> Videos { get; } = [];

    /// <summary>Every post received for this creator, oldest first.</summary>
    public List<EmulatedPost> Posts { get; } = [];

    public IReadOnlyList<string> PrivacyLevelOptions => IsPrivate ? PrivateAccountOptions : PublicAccountOptions;

    // A private account cannot be dueted or stitched whatever the setting says (creator_info docs).
    public bool EffectiveDuetDisabled => DuetDisabled || IsPrivate;
    public bool EffectiveStitchDisabled => StitchDisabled || IsPrivate;

    public bool AppVersionAtLeast(int major, int minor)
    {
        var parts = AppVersion.Split('.');
        var ma = parts.Length > 0 && int.TryParse(parts[0], out var a) ? a : 0;
        var mi = parts.Length > 1 && int.TryParse(parts[1], out var b) ? b : 0;
        return ma > major || (ma == major && mi >= minor);
    }
}

/// <summary>A public video shown by the Display API; its counts come from <see cref="EmulatedStats"/> at read time.</summary>
public sealed record EmulatedVideo(
    long Id, DateTimeOffset CreateTime, string Title, string Description, int DurationSec, int Width, int Height)
{
    /// <summary>The id as TikTok sends it: a 19-digit string (too long for a JSON number to survive in JavaScript).</summary>
    public string IdText => Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
