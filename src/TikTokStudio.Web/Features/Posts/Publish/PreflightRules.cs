using TikTokStudio.TikTok.Posting;
using TikTokStudio.Web.Features.Connections;
using TikTokStudio.Web.Features.Media;

namespace TikTokStudio.Web.Features.Posts.Publish;

/// <summary>Outcome of the checks: a problem that stops the post, or the privacy to send and notes for the timeline.</summary>
public sealed record PreflightResult(PublishFailure? Problem, string? PrivacyLevel, IReadOnlyList<string> Notes);

/// <summary>
/// The settings the composer checked may have changed since (creator_info, media, the app's audit): checked again
/// at pre-flight time and at the slot, with no network access (the caller brings creator_info).
/// </summary>
public static class PreflightRules
{
    public static PreflightResult Check(Post post, TikTokAccount account, PostingMode mode, CreatorInfo? info,
        IReadOnlyList<MediaFile> media, Func<MediaFile, bool> fileIsComplete, bool photoUrlsAvailable)
    {
        var notes = new List<string>();
        if (mode == PostingMode.CannotPost)
            return Fail("studio:cannot-post", "The creator granted neither direct posting nor uploads to TikTok Studio.", "Reconnect the account and keep the posting permissions ticked.");

        // Media: still there, complete and postable.
        var expected = post.Kind == PostKind.Video ? (post.VideoMediaId is null ? 0 : 1) : post.Photos.Count;
        if (expected == 0 || media.Count != expected || media.Any(m => !fileIsComplete(m)))
            return new PreflightResult(PublishFailures.MediaMissing, null, notes);
        if (media.FirstOrDefault(m => !m.CanBePosted) is { } bad)
            return Fail("studio:media-invalid", $"\"{bad.OriginalFileName}\" does not meet TikTok's requirements.", "Open it in the media library to see which check failed, then replace it.");
        if (post.Kind == PostKind.Photo && !photoUrlsAvailable)
            return Fail("studio:photo-urls", "Photo posts need a public address TikTok can download the photos from (Media:PublicBaseUrl).", "An administrator must set Media:PublicBaseUrl to a domain verified in the TikTok developer portal.");

        if (post.Kind == PostKind.Video && info?.MaxVideoPostDurationSec is { } maxSec && media[0].DurationMs is { } ms && ms > maxSec * 1000L)
            return Fail("studio:too-long", $"The video is {ms / 1000.0:0.#} s long but {Handle(account)} can post at most {maxSec} s.", "Trim the video to the creator's maximum and schedule it again.");

        if (mode == PostingMode.Draft) return new PreflightResult(null, null, notes);

        // Direct posts: the visibility must be one the creator offers right now; unaudited apps only post "Only me" on private accounts.
        string? privacy;
        if (mode == PostingMode.PrivateOnly)
        {
            if (info is not null && !info.IsPrivateAccount)
                return Fail("api:unaudited_client_can_only_post_to_private_accounts",
                    "This app is not yet approved by TikTok, so it can only post as \"Only me\" to private accounts, and this account is public.",
                    "Make the TikTok account private, or wait until the app is approved.");
            if (post.PrivacyLevel is not null && post.PrivacyLevel != TikTokPrivacyLevel.SelfOnly)
                notes.Add("The app is not audited by TikTok yet, so the post goes out as \"Only me\" whatever visibility was chosen.");
            privacy = TikTokPrivacyLevel.SelfOnly;
        }
        else
        {
            privacy = post.PrivacyLevel;
            if (string.IsNullOrEmpty(privacy))
                return Fail("studio:no-privacy", "No visibility was chosen for this post.", "Edit the post, choose who can see it, and schedule it again.");
        }
        var options = info?.PrivacyLevelOptions ?? account.PrivacyOptions;
        if (options.Count > 0 && !options.Contains(privacy))
            return Fail("api:privacy_level_option_mismatch", $"{Handle(account)} can no longer post with the visibility chosen for this post.",
                "Edit the post, pick a visibility from the list TikTok offers now, and schedule it again.");
        if (post.DisclosureEnabled && post.BrandedContent && privacy == TikTokPrivacyLevel.SelfOnly)
            return Fail("studio:branded-private", "Branded content cannot be posted as \"Only me\".", "Choose a wider visibility or untick Branded content, then schedule it again.");

        if (info is not null)
        {
            if (post.AllowComment && info.CommentDisabled) notes.Add($"{Handle(account)} turned comments off, so the post goes out with comments off.");
            if (post.Kind == PostKind.Video && post.AllowDuet && info.DuetDisabled) notes.Add($"{Handle(account)} turned Duet off, so the post goes out with Duet off.");
            if (post.Kind == PostKind.Video && post.AllowStitch && info.StitchDisabled) notes.Add($"{Handle(account)} turned Stitch off, so the post goes out with Stitch off.");
        }
        return new PreflightResult(null, privacy, notes);

        PreflightResult Fail(string code, string explanation, string todo) => new(new PublishFailure(code, explanation, todo), null, notes);
    }

    private static string Handle(TikTokAccount account) =>
        account.Username is { Length: > 0 } u ? "@" + u : string.IsNullOrEmpty(account.DisplayName) ? "The creator" : account.DisplayName;
}
