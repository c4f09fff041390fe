using Microsoft.EntityFrameworkCore;
using TikTokStudio.Web.Data;
using TikTokStudio.Web.Features.Media;
using TikTokStudio.Web.Features.Workspaces;

namespace TikTokStudio.Web.Features.Posts;

/// <summary>A file cannot be deleted while a post that has not gone out yet uses it (drafts included: they are plans).</summary>
public sealed class PostMediaUsage(StudioDbContext db, WorkspaceContext workspace) : IMediaUsage
{
    private static readonly PostStatus[] Pending =
    [
        PostStatus.Draft, PostStatus.Scheduled, PostStatus.Publishing, PostStatus.WaitingForReconnect,
        PostStatus.WaitingForDailyLimit, PostStatus.Paused, PostStatus.Missed,
    ];

    public async Task<string?> WhyInUseAsync(Guid mediaId, CancellationToken ct)
    {
        var id = mediaId.ToString();
        var users = await db.Set<Post>().AsNoTracking()
            .Where(p => Pending.Contains(p.Status) && (p.VideoMediaId == mediaId || p.PhotoMediaIds.Contains(id)))
            .OrderBy(p => p.PublishAt)
            .Select(p => new { p.Status, p.PublishAt })
            .ToListAsync(ct);
        if (users.Count == 0) return null;
        var first = users[0];
        var when = first.PublishAt is { } at
            ? $" for {TimeZoneInfo.ConvertTime(at, TimeZoneInfo.FindSystemTimeZoneById(workspace.Current.TimeZoneId)):d MMM, HH:mm}"
            : "";
        var others = users.Count > 1 ? $" and {users.Count - 1} other post(s)" : "";
        return $"It is used by a {PostStatusBadge.Label(first.Status).ToLowerInvariant()} post{when}{others}. Delete or change those posts first.";
    }
}
