using TikTokStudio.Web.Features.Connections;
using TikTokStudio.Web.Features.Media;
using TikTokStudio.Web.Features.Media.Checks;
using TikTokStudio.Web.Features.Media.Probing;
using TikTokStudio.Web.Features.Posts.Compose;

namespace TikTokStudio.Tests.Features.Posts.Compose;

/// <summary>Builders for the composer's accounts, media and context, shaped like the emulator's creators.</summary>
public static class ComposerBuilder
{
    public static readonly DateTimeOffset Now = new(2026, 11, 22, 10, 0, 0, TimeSpan.Zero);

    public static TikTokAccount PublicCreator(string name = "Pia Public") => Creator(name, "public_creator",
        ["PUBLIC_TO_EVERYONE", "MUTUAL_FOLLOW_FRIENDS", "SELF_ONLY"]);

    public static TikTokAccount PrivateCreator() => Creator("Priya Private", "private_creator",
        ["FOLLOWER_OF_CREATOR", "MUTUAL_FOLLOW_FRIENDS", "SELF_ONLY"], duetDisabled: true, stitchDisabled: true);

    public static TikTokAccount QuietCreator() => Creator("Quinn Quiet", "quiet_creator",
        ["PUBLIC_TO_EVERYONE", "MUTUAL_FOLLOW_FRIENDS", "SELF_ONLY"], commentDisabled: true, duetDisabled: true, stitchDisabled: true);

    public static TikTokAccount UploadOnlyCreator() => new()
    {
        OpenId = Guid.NewGuid().ToString(), DisplayName = "Uma Upload", GrantedScopes = "user.info.basic,video.upload", ConnectedAt = Now,
    };

    public static TikTokAccount Creator(string name, string username, string[] privacy, bool commentDisabled = false,
        bool duetDisabled = false, bool stitchDisabled = false, int maxDuration = 600) => new()
    {
        OpenId = Guid.NewGuid().ToString(),
        DisplayName = name,
        Username = username,
        GrantedScopes = "user.info.basic,user.info.profile,video.list,video.publish,video.upload",
        PrivacyLevelOptions = string.Join(',', privacy),
        CommentDisabled = commentDisabled,
        DuetDisabled = duetDisabled,
        StitchDisabled = stitchDisabled,
        MaxVideoPostDurationSec = maxDuration,
        CreatorInfoCheckedAt = Now,
        ConnectedAt = Now,
    };

    public static MediaFile Video(long durationMs = 15_000, double fps = 30, int width = 720, int height = 1280)
    {
        var file = new MediaFile
        {
            OriginalFileName = "clip.mp4", ContentType = "video/mp4", Kind = MediaKind.Video, SizeBytes = 2_000_000,
            StoragePath = "media/x/y", Status = MediaStatus.Ready, Container = MediaContainer.Mp4, Codec = "H.264",
            DurationMs = durationMs, Width = width, Height = height, FrameRate = fps, UploadedByUserId = "u", CreatedAt = Now,
        };
        file.SetChecks(MediaChecks.Evaluate(file.ToProbe()!, null));
        return file;
    }

    public static MediaFile Photo(string name = "photo.jpg")
    {
        var file = new MediaFile
        {
            OriginalFileName = name, ContentType = "image/jpeg", Kind = MediaKind.Photo, SizeBytes = 400_000,
            StoragePath = "media/x/p", Status = MediaStatus.Ready, Container = MediaContainer.Jpeg,
            Width = 1080, Height = 1350, UploadedByUserId = "u", CreatedAt = Now,
        };
        file.SetChecks(MediaChecks.Evaluate(file.ToProbe()!, null));
        return file;
    }

    public static ComposeContext Context(IEnumerable<TikTokAccount> accounts, IEnumerable<MediaFile>? media = null, bool audited = true,
        Dictionary<Guid, string>? cannotPost = null) => new()
    {
        Accounts = accounts.ToList(),
        Media = (media ?? []).ToDictionary(m => m.Id),
        AppAudited = audited,
        Now = Now,
        TimeZoneId = "Europe/Berlin",
        CannotPostNow = cannotPost ?? [],
    };

    public static ComposeInput VideoTo(MediaFile video, params TargetChoice[] targets) => new()
    {
        Kind = Web.Features.Posts.PostKind.Video, VideoMediaId = video.Id, Targets = targets,
        Action = ComposeAction.Schedule, ScheduleLocal = "2026-11-23T09:00",
    };

    public static TargetChoice To(TikTokAccount account, string? privacy = null, bool comment = false, bool duet = false, bool stitch = false) =>
        new(account.Id, privacy, comment, duet, stitch);
}
