using System.Globalization;
using TikTokStudio.TikTok.Posting;
using TikTokStudio.Web.Features.Connections;
using TikTokStudio.Web.Features.Media;
using TikTokStudio.Web.Features.Media.Checks;

namespace TikTokStudio.Web.Features.Posts.Compose;

/// <summary>Everything the rules need besides the input: the workspace's accounts and media, and the time.</summary>
public sealed record ComposeContext
{
    public required IReadOnlyList<TikTokAccount> Accounts { get; init; }
    public required IReadOnlyDictionary<Guid, MediaFile> Media { get; init; }
    public required bool AppAudited { get; init; }
    public required DateTimeOffset Now { get; init; }
    public required string TimeZoneId { get; init; }
    public bool PhotoPostingAvailable { get; init; } = true;
    public string? PhotoPostingReason { get; init; }

    /// <summary>Why a creator cannot post right now, from creator_info fetched when the composer rendered.</summary>
    public IReadOnlyDictionary<Guid, string> CannotPostNow { get; init; } = new Dictionary<Guid, string>();

    /// <summary>
    /// Library files whose bytes (same SHA-256, so also an identical file uploaded again) were already posted, sent, or
    /// are scheduled to an account, other than the post being edited. TikTok's spam checks punish re-posting identical media.
    /// </summary>
    public IReadOnlySet<(Guid AccountId, Guid MediaId)> AlreadyPosted { get; init; } = new HashSet<(Guid, Guid)>();
}

public enum ConsentVariant
{
    MusicUsage,
    BrandedContentAndMusicUsage,
}

public sealed record ComposeVerdict
{
    public required IReadOnlyList<(string Field, string Message)> Errors { get; init; }
    public required IReadOnlyList<string> Warnings { get; init; }
    public DateTimeOffset? PublishAt { get; init; }

    /// <summary>The chosen media was already posted or scheduled to a chosen account: the user has to confirm.</summary>
    public bool RepostConfirmationNeeded { get; init; }

    /// <summary>"Only me" cannot be chosen while Branded content is ticked (TikTok's Direct Post rules, §13.5).</summary>
    public required bool SelfOnlyBlocked { get; init; }

    /// <summary>Branded content cannot be ticked while a target is set to "Only me".</summary>
    public required bool BrandedContentBlocked { get; init; }

    /// <summary>Why Post/Schedule are disabled right now (null: enabled).</summary>
    public string? PublishBlockedReason { get; init; }
    public required ConsentVariant Consent { get; init; }

    /// <summary>The label TikTok will show, when disclosure applies.</summary>
    public string? DisclosureLabel { get; init; }

    public bool IsValid => Errors.Count == 0;
    public IEnumerable<string> ErrorsFor(string field) => Errors.Where(e => e.Field == field).Select(e => e.Message);
}

/// <summary>
/// The composer's rules, in one pure function: TikTok's Direct Post UX requirements (tiktok-api.md §13), the
/// caption limits, media checks against each creator, and scheduling in the workspace's time zone.
/// </summary>
public static class ComposeRules
{
    public const string SelfOnly = TikTokPrivacyLevel.SelfOnly;
    public const string BrandedPrivateMessage = "Branded content visibility cannot be set to private.";
    public const string DisclosureChoiceMessage = "You need to indicate if your content promotes yourself, a third party, or both.";
    public const string BrandedBlockedMessage = "Branded content can't be posted as \"Only me\": choose who can see it first.";
    public const string RepostConfirmMessage = "Confirm that you want to post the same media again (tick \"Post it again anyway\"), or choose another file.";

    public static ComposeVerdict Evaluate(ComposeInput input, ComposeContext context)
    {
        var errors = new List<(string, string)>();
        var warnings = new List<string>();
        var saving = input.Action == ComposeAction.SaveDraft;
        var accounts = context.Accounts.ToDictionary(a => a.Id);
        var publishAt = ResolveWhen(input, context, errors, warnings);

        // Targets
        if (input.Targets.Count == 0) errors.Add(("accounts", "Choose at least one TikTok account."));
        foreach (var target in input.Targets)
        {
            if (!accounts.TryGetValue(target.AccountId, out var account))
            {
                errors.Add(("accounts", "One of the chosen accounts is not in this workspace."));
                continue;
            }
            var name = Handle(account);
            if (account.Status != ConnectionStatus.Connected)
                errors.Add(($"account.{account.Id}", $"{name} is disconnected. Reconnect it on the Connections page."));
            else if (account.Health == AccountHealth.ReconnectNeeded)
                errors.Add(($"account.{account.Id}", $"{name} needs a reconnect: {account.HealthReason}"));
            else if (context.CannotPostNow.TryGetValue(account.Id, out var why) && !saving && publishAt is { } at)
            {
                // TikTok's daily cap is about the day a post goes out: a post for a later day is not blocked by today's.
                if (SameLocalDay(at, context.Now, context.TimeZoneId))
                    errors.Add(($"account.{account.Id}", $"{name} cannot post right now: {why} Try again later, or schedule it for another day."));
                else
                    warnings.Add($"{name} cannot post today ({why.TrimEnd('.')}); this post is for a later day, so it is scheduled.");
            }

            var mode = account.Mode(context.AppAudited);
            if (mode == PostingMode.CannotPost)
                errors.Add(($"account.{account.Id}", $"{name} allowed neither direct posting nor uploads."));
            if (mode == PostingMode.PrivateOnly && !account.IsPrivateAccount)
                errors.Add(($"account.{account.Id}", $"{name} is a public account, but this TikTok app has not passed TikTok's audit: it can only post to private accounts."));

            if (mode is PostingMode.DirectPost or PostingMode.PrivateOnly)
                CheckPrivacy(input, target, account, mode, saving, errors);
        }

        CheckMedia(input, context, accounts, saving, errors, warnings);
        CheckCaption(input, errors);

        // Commercial content disclosure (§13.4-6)
        var selfOnlyChosen = input.Targets.Any(t => t.Privacy == SelfOnly);
        if (input.DisclosureEnabled && !input.YourBrand && !input.BrandedContent)
            errors.Add(("disclosure", DisclosureChoiceMessage));
        if (input.DisclosureEnabled && input.BrandedContent && selfOnlyChosen)
            errors.Add(("disclosure", BrandedPrivateMessage));

        var reposts = RepostTargets(input, context, accounts).ToList();
        foreach (var account in reposts)
            warnings.Add($"This {KindWord(input)} (or an identical file) was already posted or scheduled to {Handle(account)}. TikTok's spam checks punish re-posting identical media.");
        var needsRepostConfirmation = reposts.Count > 0 && !input.ConfirmRepost;
        if (needsRepostConfirmation && !saving) errors.Add(("repost", RepostConfirmMessage));

        return new ComposeVerdict
        {
            Errors = errors,
            Warnings = warnings,
            PublishAt = publishAt,
            SelfOnlyBlocked = input.DisclosureEnabled && input.BrandedContent,
            RepostConfirmationNeeded = reposts.Count > 0,
            BrandedContentBlocked = selfOnlyChosen && !(input.DisclosureEnabled && input.BrandedContent),
            PublishBlockedReason = input.DisclosureEnabled && !input.YourBrand && !input.BrandedContent ? DisclosureChoiceMessage : null,
            Consent = input.DisclosureEnabled && input.BrandedContent ? ConsentVariant.BrandedContentAndMusicUsage : ConsentVariant.MusicUsage,
            DisclosureLabel = !input.DisclosureEnabled ? null
                : input.BrandedContent ? $"Your {KindWord(input)} will be labeled as 'Paid partnership'."
                : input.YourBrand ? $"Your {KindWord(input)} will be labeled as 'Promotional content'."
                : null,
        };
    }

    private static void CheckPrivacy(ComposeInput input, TargetChoice target, TikTokAccount account, PostingMode mode, bool saving, List<(string, string)> errors)
    {
        var field = $"privacy.{account.Id}";
        if (target.Privacy is null)
        {
            if (!saving) errors.Add((field, $"Choose who can see this post on {Handle(account)}."));
        }
        else if (!account.PrivacyOptions.Contains(target.Privacy))
            errors.Add((field, $"{Handle(account)} does not offer that audience. Choose one of the listed options."));
        else if (mode == PostingMode.PrivateOnly && target.Privacy != SelfOnly)
            errors.Add((field, $"This TikTok app has not passed TikTok's audit yet, so posts can only be \"Only me\"."));
        if (target.AllowComment && account.CommentDisabled)
            errors.Add(($"comment.{account.Id}", $"{Handle(account)} turned comments off on TikTok."));
        if (input.Kind == PostKind.Video && target.AllowDuet && account.DuetDisabled)
            errors.Add(($"duet.{account.Id}", $"{Handle(account)} turned Duet off on TikTok."));
        if (input.Kind == PostKind.Video && target.AllowStitch && account.StitchDisabled)
            errors.Add(($"stitch.{account.Id}", $"{Handle(account)} turned Stitch off on TikTok."));
    }

    private static void CheckMedia(ComposeInput input, ComposeContext context, Dictionary<Guid, TikTokAccount> accounts, bool saving,
        List<(string, string)> errors, List<string> warnings)
    {
        if (input.Kind == PostKind.Video)
        {
            if (input.VideoMediaId is not { } videoId)
            {
                if (!saving) errors.Add(("media", "Choose a video."));
                return;
            }
            if (!context.Media.TryGetValue(videoId, out var video) || video.Kind != Media.Probing.MediaKind.Video)
            {
                errors.Add(("media", "That video is not in this workspace's library."));
                return;
            }
            if (!video.CanBePosted)
            {
                errors.Add(("media", $"{video.OriginalFileName} did not pass TikTok's checks: {FailedReasons(video.Checks)}"));
                return;
            }
            foreach (var target in input.Targets)
            {
                if (!accounts.TryGetValue(target.AccountId, out var account)) continue;
                if (video.ToProbe() is { } probe)
                {
                    var failing = MediaChecks.Evaluate(probe, account.MaxVideoPostDurationSec).Where(c => c.Outcome == CheckOutcome.Fail).ToList();
                    if (failing.Count > 0) errors.Add(($"account.{account.Id}", $"{Handle(account)}: {string.Join(" ", failing.Select(c => c.Reason))}"));
                }
            }
            if (input.VideoCoverTimestampMs is { } cover && (cover < 0 || (video.DurationMs is { } duration && cover > duration)))
                errors.Add(("cover", "The cover frame must be inside the video."));
            return;
        }

        if (!context.PhotoPostingAvailable)
        {
            errors.Add(("media", context.PhotoPostingReason ?? "Photo posts are not available on this installation."));
            return;
        }
        if (input.PhotoMediaIds.Count == 0)
        {
            if (!saving) errors.Add(("media", "Choose 1 to 35 photos."));
            return;
        }
        if (input.PhotoMediaIds.Count > Post.MaxPhotos) errors.Add(("media", $"A photo post has at most {Post.MaxPhotos} photos; {input.PhotoMediaIds.Count} are chosen."));
        foreach (var id in input.PhotoMediaIds)
        {
            if (!context.Media.TryGetValue(id, out var photo) || photo.Kind != Media.Probing.MediaKind.Photo)
                errors.Add(("media", "One of the photos is not in this workspace's library."));
            else if (!photo.CanBePosted)
                errors.Add(("media", $"{photo.OriginalFileName} did not pass TikTok's checks: {FailedReasons(photo.Checks)}"));
        }
        if (input.PhotoCoverIndex < 0 || input.PhotoCoverIndex >= input.PhotoMediaIds.Count)
            errors.Add(("cover", "Choose which photo is the cover."));
    }

    private static void CheckCaption(ComposeInput input, List<(string, string)> errors)
    {
        // string.Length counts UTF-16 code units, which is exactly how TikTok counts (an emoji is usually 2).
        if (input.Kind == PostKind.Video && input.Title.Length > Post.VideoCaptionMaxLength)
            errors.Add(("title", $"The caption is {input.Title.Length:N0} characters; TikTok allows {Post.VideoCaptionMaxLength:N0} (emoji count as 2)."));
        if (input.Kind == PostKind.Photo && input.Title.Length > Post.PhotoTitleMaxLength)
            errors.Add(("title", $"The title is {input.Title.Length} characters; TikTok allows {Post.PhotoTitleMaxLength} for photo posts."));
        if (input.Kind == PostKind.Photo && input.Description.Length > Post.PhotoDescriptionMaxLength)
            errors.Add(("description", $"The description is {input.Description.Length:N0} characters; TikTok allows {Post.PhotoDescriptionMaxLength:N0}."));
    }

    private static DateTimeOffset? ResolveWhen(ComposeInput input, ComposeContext context, List<(string, string)> errors, List<string> warnings)
    {
        switch (input.Action)
        {
            case ComposeAction.SaveDraft:
                return null;
            case ComposeAction.PostNow:
                return context.Now;
        }
        if (!DateTime.TryParseExact(input.ScheduleLocal, ["yyyy-MM-ddTHH:mm", "yyyy-MM-ddTHH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            errors.Add(("schedule", "Choose the date and time to post."));
            return null;
        }
        var result = ToInstant(local, context.TimeZoneId);
        if (result.Error is not null)
        {
            errors.Add(("schedule", result.Error));
            return null;
        }
        if (result.Note is not null) warnings.Add(result.Note);
        if (result.Instant < context.Now.AddMinutes(1))
        {
            errors.Add(("schedule", "That time has passed. Choose a time at least a minute from now, or Post now."));
            return null;
        }
        return result.Instant;
    }

    /// <summary>
    /// A wall-clock time in an IANA zone to an instant. A time skipped by a daylight-saving jump does not exist and is
    /// refused; a repeated one takes its first occurrence and says so.
    /// </summary>
    public static (DateTimeOffset Instant, string? Error, string? Note) ToInstant(DateTime local, string timeZoneId)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(timeZoneId);
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        if (zone.IsInvalidTime(local))
            return (default, $"{local:HH:mm} does not exist on {local:d MMMM yyyy} in {timeZoneId}: the clocks jump forward. Choose another time.", null);
        if (zone.IsAmbiguousTime(local))
        {
            var earlier = zone.GetAmbiguousTimeOffsets(local).Max();
            return (new DateTimeOffset(local, earlier), null,
                $"{local:HH:mm} happens twice on {local:d MMMM yyyy} in {timeZoneId} (the clocks go back); the post uses the first one.");
        }
        return (new DateTimeOffset(local, zone.GetUtcOffset(local)), null, null);
    }

    public sealed record PrivacyChoice(string Value, string Label, string? DisabledReason);

    /// <summary>
    /// The privacy dropdown of one creator: only the options creator_info lists (no default is chosen), each with why it
    /// cannot be chosen right now: "Only me" while Branded content is ticked, anything but "Only me" on an unaudited app.
    /// </summary>
    public static IReadOnlyList<PrivacyChoice> PrivacyChoices(TikTokAccount account, PostingMode mode, ComposeVerdict verdict) =>
        account.PrivacyOptions.Select(option => new PrivacyChoice(option, PrivacyLabel(option),
            option == SelfOnly && verdict.SelfOnlyBlocked ? BrandedPrivateMessage
            : mode == PostingMode.PrivateOnly && option != SelfOnly ? "This TikTok app has not passed TikTok's audit yet: only \"Only me\" is possible."
            : null)).ToList();

    public static string PrivacyLabel(string level) => level switch
    {
        "PUBLIC_TO_EVERYONE" => "Everyone",
        "MUTUAL_FOLLOW_FRIENDS" => "Friends",
        "FOLLOWER_OF_CREATOR" => "Followers",
        "SELF_ONLY" => "Only me",
        _ => level,
    };

    private static IEnumerable<TikTokAccount> RepostTargets(ComposeInput input, ComposeContext context, Dictionary<Guid, TikTokAccount> accounts)
    {
        IReadOnlyList<Guid> media = input.Kind == PostKind.Video
            ? input.VideoMediaId is { } id ? [id] : []
            : input.PhotoMediaIds;
        foreach (var target in input.Targets)
        {
            if (accounts.TryGetValue(target.AccountId, out var account) && media.Any(m => context.AlreadyPosted.Contains((account.Id, m))))
                yield return account;
        }
    }

    private static bool SameLocalDay(DateTimeOffset a, DateTimeOffset b, string timeZoneId)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(timeZoneId);
        return TimeZoneInfo.ConvertTime(a, zone).Date == TimeZoneInfo.ConvertTime(b, zone).Date;
    }

    public static string Handle(TikTokAccount account) =>
        account.Username is { Length: > 0 } username ? "@" + username : account.DisplayName;

    private static string KindWord(ComposeInput input) => input.Kind == PostKind.Photo ? "photo" : "video";

    private static string FailedReasons(IReadOnlyList<MediaCheck> checks) =>
        string.Join(" ", checks.Where(c => c.Outcome == CheckOutcome.Fail).Select(c => c.Reason));
}
