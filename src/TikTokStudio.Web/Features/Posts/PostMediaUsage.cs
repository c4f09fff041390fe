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
        // Every post of the workspace counts, also those of accounts this member was not given (their file must not be
        // deleted from under them); only the visible ones are described.
        var workspaceId = workspace.Current.Id;
        var all = await db.Set<Post>().IgnoreQueryFilters().AsNoTracking()
            .Where(p => p.WorkspaceId == workspaceId && Pending.Contains(p.Status) && (p.VideoMediaId == mediaId || p.PhotoMediaIds.Contains(id)))
            .OrderBy(p => p.PublishAt)
            .Select(p => new { p.Status, p.PublishAt, p.AccountId })
            .ToListAsync(ct);
        if (all.Count == 0) return null;
        var users = all.Where(p => workspace.MayUseAccount(p.AccountId)).ToList();
        if (users.Count == 0) return "It is used by posts of TikTok accounts you do not have access to. Ask an Admin before deleting it.";
        var first = users[0];
        var when = first.PublishAt is { } at
            ? $" for {TimeZoneInfo.ConvertTime(at, TimeZoneInfo.FindSystemTimeZoneById(workspace.Current.TimeZoneId)):d MMM, HH:mm}"
            : "";
        var others = users.Count > 1 ? $" and {users.Count - 1} other post(s)" : "";
        return $"It is used by a {PostStatusBadge.Label(first.Status).ToLowerInvariant()} post{when}{others}. Delete or change those posts first.";
    }
}
