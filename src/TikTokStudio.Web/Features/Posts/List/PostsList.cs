using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Primitives;
using TikTokStudio.Web.Data;
using TikTokStudio.Web.Features.Connections;
using TikTokStudio.Web.Features.Posts.Calendar;
using TikTokStudio.Web.Features.Workspaces;

namespace TikTokStudio.Web.Features.Posts.List;

/// <summary>What /app/posts shows; the same values live in the query string so a view can be bookmarked.</summary>
public sealed record PostsFilter
{
    public const int PageSize = 25;

    public string? Q { get; init; }
    public Guid? Account { get; init; }
    public PostStatus? Status { get; init; }
    public DateOnly? From { get; init; }
    public DateOnly? To { get; init; }
    public int Page { get; init; } = 1;

    public bool IsFiltered => !string.IsNullOrWhiteSpace(Q) || Account is not null || Status is not null || From is not null || To is not null;

    public static PostsFilter Parse(Func<string, StringValues> get) => new()
    {
        Q = get("q").ToString() is { Length: > 0 } q ? q.Trim()[..Math.Min(q.Trim().Length, 200)] : null,
        Account = Guid.TryParse(get("account"), out var account) ? account : null,
        Status = Enum.TryParse<PostStatus>(get("status"), ignoreCase: true, out var status) && Enum.IsDefined(status) ? status : null,
        From = DateOnly.TryParseExact(get("from"), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var from) ? from : null,
        To = DateOnly.TryParseExact(get("to"), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var to) ? to : null,
        Page = int.TryParse(get("page"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var page) && page > 0 ? Math.Min(page, 100_000) : 1,
    };

    public static PostsFilter FromQuery(IQueryCollection query) => Parse(key => query[key]);
    public static PostsFilter FromForm(IFormCollection form) => Parse(key => form[key]);

    /// <summary>"q=...&amp;status=Draft&amp;page=2" (without "?"), leaving out what is not set.</summary>
    public string ToQueryString(int? page = null)
    {
        var parts = new List<string>();
        void Add(string key, string? value)
        {
            if (!string.IsNullOrEmpty(value)) parts.Add($"{key}={Uri.EscapeDataString(value)}");
        }
        Add("q", Q);
        Add("account", Account?.ToString());
        Add("status", Status?.ToString());
        Add("from", From?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        Add("to", To?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        var p = page ?? Page;
        if (p > 1) Add("page", p.ToString(CultureInfo.InvariantCulture));
        return string.Join('&', parts);
    }

    public string PageUrl(int? page = null) => ToQueryString(page) is { Length: > 0 } qs ? "/app/posts?" + qs : "/app/posts";
    public string TableUrl(int? page = null) => ToQueryString(page) is { Length: > 0 } qs ? "/app/posts/table?" + qs : "/app/posts/table";
}

public sealed record PostsSlice(IReadOnlyList<Post> Posts, IReadOnlyDictionary<Guid, TikTokAccount> Accounts, int Total, int Page, int PageCount)
{
    public int FirstIndex => Total == 0 ? 0 : (Page - 1) * PostsFilter.PageSize + 1;
    public int LastIndex => Math.Min(Total, Page * PostsFilter.PageSize);
}

/// <summary>Reads one page of the workspace's posts (the query filter keeps other workspaces out).</summary>
public sealed class PostsList(StudioDbContext db, WorkspaceContext workspace)
{
    public async Task<PostsSlice> PageAsync(PostsFilter filter, CancellationToken ct)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(workspace.Current.TimeZoneId);
        var query = db.Set<Post>().AsNoTracking();
        if (!string.IsNullOrWhiteSpace(filter.Q))
        {
            var pattern = "%" + EscapeLike(filter.Q) + "%";
            query = query.Where(p => EF.Functions.Like(p.Title, pattern, "\\") || (p.Description != null && EF.Functions.Like(p.Description, pattern, "\\")));
        }
        if (filter.Account is { } account) query = query.Where(p => p.AccountId == account);
        if (filter.Status is { } status) query = query.Where(p => p.Status == status);
        if (filter.From is { } from)
        {
            var start = CalendarFeed.ToUtcBound(from.ToDateTime(TimeOnly.MinValue), zone);
            query = query.Where(p => p.PublishAt >= start);
        }
        if (filter.To is { } to)
        {
            var end = CalendarFeed.ToUtcBound(to.AddDays(1).ToDateTime(TimeOnly.MinValue), zone);
            query = query.Where(p => p.PublishAt < end);
        }

        var total = await query.CountAsync(ct);
        var pageCount = Math.Max(1, (total + PostsFilter.PageSize - 1) / PostsFilter.PageSize);
        var page = Math.Min(filter.Page, pageCount);
        // Newest plan first; undated drafts sort by when they were written.
        var posts = await query
            .OrderByDescending(p => p.PublishAt ?? p.CreatedAt)
            .ThenByDescending(p => p.Id)
            .Skip((page - 1) * PostsFilter.PageSize)
            .Take(PostsFilter.PageSize)
            .ToListAsync(ct);
        var accountIds = posts.Select(p => p.AccountId).Distinct().ToList();
        var accounts = await db.Set<TikTokAccount>().AsNoTracking().Where(a => accountIds.Contains(a.Id)).ToDictionaryAsync(a => a.Id, ct);
        return new PostsSlice(posts, accounts, total, page, pageCount);
    }

    public async Task<(Post Post, TikTokAccount? Account)?> RowAsync(Guid id, CancellationToken ct)
    {
        var post = await db.Set<Post>().AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, ct);
        if (post is null) return null;
        var account = await db.Set<TikTokAccount>().AsNoTracking().FirstOrDefaultAsync(a => a.Id == post.AccountId, ct);
        return (post, account);
    }

    public async Task<IReadOnlyList<TikTokAccount>> AccountsAsync(CancellationToken ct) =>
        await db.Set<TikTokAccount>().AsNoTracking().OrderBy(a => a.DisplayName).ToListAsync(ct);

    private static string EscapeLike(string text)
    {
        var builder = new StringBuilder(text.Length + 4);
        foreach (var c in text)
        {
            if (c is '%' or '_' or '\\') builder.Append('\\');
            builder.Append(c);
        }
        return builder.ToString();
    }
}
