namespace TikTokStudio.Web.Features.Posts;

/// <summary>
/// The link to a post once it is public on TikTok. TikTok's post URL needs the creator's username, which only
/// user.info.profile grants; without it the link is TikTok's own share_url (Display API, video.list), and without
/// that there is no link: the post is shown with its id rather than a broken "tiktok.com/@/video/…".
/// </summary>
public static class PublicPostLink
{
    public static string? For(string? username, string postId, string? shareUrl = null)
    {
        if (string.IsNullOrWhiteSpace(postId)) return null;
        if (!string.IsNullOrWhiteSpace(username))
            return $"https://www.tiktok.com/@{Uri.EscapeDataString(username.Trim().TrimStart('@'))}/video/{Uri.EscapeDataString(postId)}";
        // Rendered as an href: only an absolute web address counts.
        return Uri.TryCreate(shareUrl, UriKind.Absolute, out var share) && share.Scheme == Uri.UriSchemeHttps ? share.AbsoluteUri : null;
    }
}
