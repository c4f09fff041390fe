using System.Security.Cryptography;
using System.Text;
using TikTokStudio.Web.Features.Posts;
using TikTokStudio.Web.Features.Team;
using TikTokStudio.Web.Features.Workspaces;

namespace TikTokStudio.Web.Features.Approvals;

/// <summary>The workspace setting: who needs an approver before a post gets its time.</summary>
public enum ApprovalMode
{
    Off,
    /// <summary>Contributors submit; Editors, Admins and the Owner schedule their own posts directly.</summary>
    Contributors,
    /// <summary>Every post needs another member's approval (nobody approves their own).</summary>
    Everyone,
}

/// <summary>The approval rules as plain functions: who needs approval, and what an approval covers.</summary>
public static class ApprovalRules
{
    /// <summary>Below this, a pending post's slot is close enough to warn the approvers.</summary>
    public static readonly TimeSpan UrgentWithin = TimeSpan.FromHours(2);

    public const int CommentMaxLength = 1000;

    /// <summary>
    /// Whether a post this member schedules must wait for an approver. With "for Contributors", approvers (Editor and
    /// up) never are; Contributors always are. Viewers compose nothing, so the question does not arise for them.
    /// </summary>
    public static bool NeedsApproval(ApprovalMode mode, WorkspaceRole? role) => mode switch
    {
        ApprovalMode.Off => false,
        ApprovalMode.Contributors => role is not { } r || !Permissions.Allows(r, StudioAction.ApprovePost),
        _ => true,
    };

    public static string Describe(ApprovalMode mode) => mode switch
    {
        ApprovalMode.Off => "Off: posts are scheduled by whoever may schedule them",
        ApprovalMode.Contributors => "Required for Contributors",
        _ => "Required for everyone",
    };

    /// <summary>
    /// SHA-256 over everything TikTok receives for this post on its account (caption, media, privacy, interactions,
    /// disclosure, labels, cover), but not its time: moving a post keeps its approval, changing what it says does not.
    /// Fields are written with their names and lengths, so no two different posts can produce the same text.
    /// </summary>
    public static string ContentHash(Post post)
    {
        var text = new StringBuilder();
        void Add(string name, object? value)
        {
            var s = value switch
            {
                null => "",
                bool b => b ? "1" : "0",
                IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
                _ => value.ToString() ?? "",
            };
            text.Append(name).Append(':').Append(s.Length).Append(':').Append(s).Append('\n');
        }
        Add("account", post.AccountId);
        Add("kind", post.Kind);
        Add("video", post.VideoMediaId);
        Add("photos", post.PhotoMediaIds);
        Add("photoCover", post.PhotoCoverIndex);
        Add("title", post.Title);
        Add("description", post.Description);
        Add("privacy", post.PrivacyLevel);
        Add("comment", post.AllowComment);
        Add("duet", post.AllowDuet);
        Add("stitch", post.AllowStitch);
        Add("disclosure", post.DisclosureEnabled);
        Add("yourBrand", post.YourBrand);
        Add("brandedContent", post.BrandedContent);
        Add("ai", post.IsAiGenerated);
        Add("music", post.AutoAddMusic);
        Add("coverMs", post.VideoCoverTimestampMs);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    /// <summary>True when the post carries an approval that still covers its content.</summary>
    public static bool ApprovalCovers(Post post) => post.ApprovalHash is { } hash && hash == ContentHash(post);

    /// <summary>Time left before a pending post's slot (null when it has none: it goes out when approved).</summary>
    public static TimeSpan? TimeLeft(Post post, DateTimeOffset now) => post.PublishAt is { } at ? at - now : null;

    public static bool IsUrgent(Post post, DateTimeOffset now) =>
        post.Status == PostStatus.PendingApproval && TimeLeft(post, now) is { } left && left < UrgentWithin;

    public static string DescribeLeft(TimeSpan? left) => left switch
    {
        null => "Goes out when approved",
        { } l when l <= TimeSpan.Zero => "Slot has passed",
        { TotalMinutes: < 60 } l => $"{Math.Max(1, (int)l.TotalMinutes)} min",
        { TotalHours: < 48 } l => $"{(int)l.TotalHours} h {l.Minutes} min",
        { } l => $"{(int)l.TotalDays} days",
    };
}
