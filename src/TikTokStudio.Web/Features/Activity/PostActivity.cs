using System.Globalization;
using TikTokStudio.Web.Data;
using TikTokStudio.Web.Features.Posts;
using TikTokStudio.Web.Features.Posts.List;

namespace TikTokStudio.Web.Features.Activity;

/// <summary>
/// What a post looked like before a change, so an edit's entry can say what changed in words the team uses
/// (caption, media, privacy, interactions, disclosure, time, account) rather than "updated".
/// </summary>
public sealed record PostFacts(
    Guid AccountId, PostKind Kind, Guid? VideoMediaId, string PhotoMediaIds, int PhotoCoverIndex, int? VideoCoverTimestampMs,
    string Title, string? Description, string? PrivacyLevel, bool AllowComment, bool AllowDuet, bool AllowStitch,
    bool DisclosureEnabled, bool YourBrand, bool BrandedContent, bool IsAiGenerated, bool AutoAddMusic,
    DateTimeOffset? PublishAt, PostStatus Status)
{
    public static PostFacts Of(Post post) => new(
        post.AccountId, post.Kind, post.VideoMediaId, post.PhotoMediaIds, post.PhotoCoverIndex, post.VideoCoverTimestampMs,
        post.Title, post.Description, post.PrivacyLevel, post.AllowComment, post.AllowDuet, post.AllowStitch,
        post.DisclosureEnabled, post.YourBrand, post.BrandedContent, post.IsAiGenerated, post.AutoAddMusic,
        post.PublishAt, post.Status);

    /// <summary>The parts of the post's content that differ from <paramref name="after"/>, in the order the composer shows them.</summary>
    public IReadOnlyList<string> ContentChanges(Post after)
    {
        var changed = new List<string>();
        if (Title != after.Title || (Description ?? "") != (after.Description ?? "")) changed.Add("caption");
        if (Kind != after.Kind || VideoMediaId != after.VideoMediaId || PhotoMediaIds != after.PhotoMediaIds
            || PhotoCoverIndex != after.PhotoCoverIndex || VideoCoverTimestampMs != after.VideoCoverTimestampMs
            || AutoAddMusic != after.AutoAddMusic) changed.Add("media");
        if (PrivacyLevel != after.PrivacyLevel) changed.Add("privacy");
        if (AllowComment != after.AllowComment || AllowDuet != after.AllowDuet || AllowStitch != after.AllowStitch) changed.Add("interactions");
        if (DisclosureEnabled != after.DisclosureEnabled || YourBrand != after.YourBrand || BrandedContent != after.BrandedContent
            || IsAiGenerated != after.IsAiGenerated) changed.Add("disclosure");
        if (AccountId != after.AccountId) changed.Add("account");
        return changed;
    }
}

/// <summary>The words of post entries, shared by the composer, the list, the calendar and the post page.</summary>
public static class PostActivity
{
    /// <summary>"“Summer launch” for @brand" (the caption's start, or the kind of post).</summary>
    public static string Subject(Post post, string? account) =>
        account is { Length: > 0 } ? $"“{PostsActions.Name(post)}” for {account}" : $"“{PostsActions.Name(post)}”";

    /// <summary>"Caption, privacy and time changed" from ["caption", "privacy", "time"].</summary>
    public static string Changed(IReadOnlyList<string> parts)
    {
        if (parts.Count == 0) return "Nothing changed";
        var words = parts.Count == 1 ? parts[0] : string.Join(", ", parts.Take(parts.Count - 1)) + " and " + parts[^1];
        return char.ToUpperInvariant(words[0]) + words[1..] + " changed";
    }

    /// <summary>"Tue 3 Mar 2026 18:00 (Europe/Paris)": the workspace's wall clock, as the calendar shows it.</summary>
    public static string When(DateTimeOffset at, string zoneId) =>
        TimeZoneInfo.ConvertTime(at, TimeZoneInfo.FindSystemTimeZoneById(zoneId)).ToString("ddd d MMM yyyy HH:mm", CultureInfo.InvariantCulture)
        + $" ({zoneId})";
}
