using Microsoft.EntityFrameworkCore;
using TikTokStudio.Web.Data;
using TikTokStudio.Web.Features.Workspaces;

namespace TikTokStudio.Web.Features.Posts.Publish;

/// <summary>The notifications list and the bell's count of what the member has not seen yet.</summary>
public sealed class NotificationsFeed(StudioDbContext db, WorkspaceContext workspace, TimeProvider time)
{
    /// <summary>The live entity raised when a member marks notifications seen (the bell re-counts).</summary>
    public const string LiveEntity = "notifications";

    public async Task<int> UnreadCountAsync(CancellationToken ct = default)
    {
        // The branch is taken here, not in the query: EF compiles a delegate on every run to evaluate "seenAt == null".
        var unseen = Notifications();
        if (await SeenAtAsync(ct) is { } seenAt) unseen = unseen.Where(e => e.At > seenAt);
        return await unseen.CountAsync(ct);
    }

    public async Task<IReadOnlyList<PostEvent>> LatestAsync(int count = 100, CancellationToken ct = default) =>
        await Notifications().OrderByDescending(e => e.At).Take(count).ToListAsync(ct);

    /// <summary>Marks everything up to now as seen by the current member.</summary>
    public async Task MarkSeenAsync(CancellationToken ct = default)
    {
        var membership = await db.Memberships.FirstOrDefaultAsync(m => m.UserId == workspace.UserId, ct);
        if (membership is null) return;
        membership.NotificationsSeenAt = time.GetUtcNow();
        await db.SaveChangesAsync(ct);
    }

    private IQueryable<PostEvent> Notifications()
    {
        var kinds = PostEventKinds.Notifications.ToList();
        return db.Set<PostEvent>().AsNoTracking().Where(e => kinds.Contains(e.Kind));
    }

    private Task<DateTimeOffset?> SeenAtAsync(CancellationToken ct) =>
        db.Memberships.AsNoTracking().Where(m => m.UserId == workspace.UserId).Select(m => m.NotificationsSeenAt).FirstOrDefaultAsync(ct);
}
