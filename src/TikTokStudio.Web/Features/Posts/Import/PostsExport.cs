using System.Globalization;
using Microsoft.EntityFrameworkCore;
using TikTokStudio.Web.Data;
using TikTokStudio.Web.Features.Connections;
using TikTokStudio.Web.Features.Media;
using TikTokStudio.Web.Features.Posts.List;
using TikTokStudio.Web.Features.Workspaces;

namespace TikTokStudio.Web.Features.Posts.Import;

/// <summary>
/// The posts the list shows (same <see cref="PostsFilter"/>, same query and order, every page) in the import's format,
/// so a file exported, edited in a spreadsheet and imported again gives the same posts.
/// </summary>
public sealed class PostsExport(StudioDbContext db, WorkspaceContext workspace, PostsList list)
{
    /// <summary>More than a workspace plans in years; a bigger export is cut here (and the file says so in its name).</summary>
    public const int MaxPosts = 20_000;

    public async Task<byte[]> CsvAsync(PostsFilter filter, CancellationToken ct)
    {
        var posts = await list.Ordered(list.Filtered(filter), filter).Take(MaxPosts).ToListAsync(ct);
        var accountIds = posts.Select(p => p.AccountId).Distinct().ToList();
        var accounts = await db.Set<TikTokAccount>().AsNoTracking().Where(a => accountIds.Contains(a.Id)).ToDictionaryAsync(a => a.Id, ct);
        var mediaIds = posts.SelectMany(p => p.VideoMediaId is { } v ? [v] : p.Photos).Distinct().ToList();
        var names = await db.Set<MediaFile>().AsNoTracking().Where(m => mediaIds.Contains(m.Id)).ToDictionaryAsync(m => m.Id, m => m.OriginalFileName, ct);
        var zone = TimeZoneInfo.FindSystemTimeZoneById(workspace.Current.TimeZoneId);
        return PostsCsv.Write(posts.Select(p => Row(p, accounts.GetValueOrDefault(p.AccountId), names, zone)));
    }

    public static IReadOnlyDictionary<string, string> Row(Post post, TikTokAccount? account, IReadOnlyDictionary<Guid, string> mediaNames, TimeZoneInfo zone)
    {
        IEnumerable<Guid> media = post.VideoMediaId is { } video ? [video] : post.Photos;
        return new Dictionary<string, string>
        {
            [PostsCsv.PublishAt] = post.PublishAt is { } at ? Local(at, zone) : "",
            [PostsCsv.TimeZone] = zone.Id,
            [PostsCsv.Account] = account?.Username is { Length: > 0 } username ? "@" + username : "",
            [PostsCsv.Caption] = post.Kind == PostKind.Photo ? post.Description ?? "" : post.Title,
            [PostsCsv.Media] = string.Join(PostsCsv.MediaSeparator, media.Select(id => mediaNames.GetValueOrDefault(id, ""))),
            [PostsCsv.Privacy] = post.PrivacyLevel ?? "",
            [PostsCsv.AllowComment] = Bool(post.AllowComment),
            [PostsCsv.AllowDuet] = Bool(post.AllowDuet),
            [PostsCsv.AllowStitch] = Bool(post.AllowStitch),
            [PostsCsv.BrandContent] = Bool(post.DisclosureEnabled && post.BrandedContent),
            [PostsCsv.BrandOrganic] = Bool(post.DisclosureEnabled && post.YourBrand),
            [PostsCsv.AiGenerated] = Bool(post.IsAiGenerated),
            [PostsCsv.CoverMs] = post.VideoCoverTimestampMs?.ToString(CultureInfo.InvariantCulture) ?? "",
            [PostsCsv.Title] = post.Kind == PostKind.Photo ? post.Title : "",
        };
    }

    /// <summary>The wall-clock time in the zone; an hour that happens twice carries its offset, so the import knows which.</summary>
    public static string Local(DateTimeOffset at, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(at, zone);
        var text = local.ToString(PostsCsv.DateFormat, CultureInfo.InvariantCulture);
        if (!zone.IsAmbiguousTime(local.DateTime)) return text;
        var offset = local.Offset;
        return $"{text} {(offset < TimeSpan.Zero ? "-" : "+")}{offset.Duration().ToString(@"hh\:mm", CultureInfo.InvariantCulture)}";
    }

    private static string Bool(bool value) => value ? "true" : "false";
}
