using Microsoft.EntityFrameworkCore;
using TikTokStudio.Web.Data;
using TikTokStudio.Web.Features.Media;

namespace TikTokStudio.Web.Features.Posts;

/// <summary>The library file whose frame stands for each post (its video, or its cover photo), in one query.</summary>
public static class PostCovers
{
    public static Guid? CoverMediaId(Post post) => post.Kind == PostKind.Video
        ? post.VideoMediaId
        : post.Photos.Count == 0 ? null : post.Photos[Math.Clamp(post.PhotoCoverIndex, 0, post.Photos.Count - 1)];

    /// <summary>Post id to its cover file; the query filter keeps other workspaces' files out.</summary>
    public static async Task<Dictionary<Guid, MediaFile>> ForAsync(StudioDbContext db, IReadOnlyCollection<Post> posts, CancellationToken ct)
    {
        var ids = posts.Select(CoverMediaId).OfType<Guid>().Distinct().ToList();
        if (ids.Count == 0) return [];
        var files = await db.Set<MediaFile>().AsNoTracking().Where(m => ids.Contains(m.Id)).ToDictionaryAsync(m => m.Id, ct);
        return posts.Where(p => CoverMediaId(p) is { } id && files.ContainsKey(id)).ToDictionary(p => p.Id, p => files[CoverMediaId(p)!.Value]);
    }
}
