using TikTokStudio.Web.Features.Media;
using System.Globalization;
using System.Linq.Expressions;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Primitives;
using TikTokStudio.Web.Data;
using TikTokStudio.Web.Features.Connections;
using TikTokStudio.Web.Features.Posts.Calendar;
using TikTokStudio.Web.Features.Posts.Compose;
using TikTokStudio.Web.Features.Workspaces;

namespace TikTokStudio.Web.Features.Posts.List;

/// <summary>The orders the list offers; each is a column of the grid.</summary>
public enum PostsSort
{
    /// <summary>When the post goes out (undated drafts: when they were written).</summary>
    PublishAt,
    Status,
    Account,
    Updated,
}

/// <summary>What /app/posts shows; the same values live in the query string so a view can be bookmarked.</summary>
public sealed record PostsFilter
{
    public const int PageSize = 25;
    public const int MaxSearchLength = 200;

    public string? Q { get; init; }
    public Guid? Account { get; init; }
    public PostStatus? Status { get; init; }
    public DateOnly? From { get; init; }
    public DateOnly? To { get; init; }
    public int Page { get; init; } = 1;
    public PostsSort Sort { get; init; } = PostsSort.PublishAt;
    public bool Descending { get; init; } = true;

    public bool IsFiltered => !string.IsNullOrWhiteSpace(Q) || Account is not null || Status is not null || From is not null || To is not null;

    /// <summary>The same view without its filters (the order stays: it is how the user likes to read the list).</summary>
    public PostsFilter Cleared => new() { Sort = Sort, Descending = Descending };

    /// <summary>Times read newest first by default; names and statuses from the top of their order.</summary>
    public static bool DescendingByDefault(PostsSort sort) => sort is PostsSort.PublishAt or PostsSort.Updated;

    public static PostsFilter Parse(Func<string, StringValues> get)
    {
        var sort = SortNames.FirstOrDefault(s => string.Equals(s.Name, get("sort"), StringComparison.OrdinalIgnoreCase)) is { Name: not null } known
            ? known.Sort : PostsSort.PublishAt;
        var direction = get("dir").ToString();
        return new()
        {
            Q = get("q").ToString().Trim() is { Length: > 0 } q ? q[..Math.Min(q.Length, MaxSearchLength)] : null,
            Account = Guid.TryParse(get("account"), out var account) ? account : null,
            Status = Enum.TryParse<PostStatus>(get("status"), ignoreCase: true, out var status) && Enum.IsDefined(status) ? status : null,
            From = DateOnly.TryParseExact(get("from"), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var from) ? from : null,
            To = DateOnly.TryParseExact(get("to"), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var to) ? to : null,
            Page = int.TryParse(get("page"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var page) && page > 0 ? Math.Min(page, 100_000) : 1,
            Sort = sort,
            Descending = direction.Equals("asc", StringComparison.OrdinalIgnoreCase) ? false
                : direction.Equals("desc", StringComparison.OrdinalIgnoreCase) || DescendingByDefault(sort),
        };
    }

    /// <summary>The filter an address of the list stands for (anything unreadable in it is left out, never an error page).</summary>
    public static PostsFilter FromUri(string uri)
    {
        var query = QueryHelpers.ParseQuery(new Uri(uri).Query);
        return Parse(key => query.TryGetValue(key, out var value) ? value : StringValues.Empty);
    }

    /// <summary>"q=...&amp;status=Draft&amp;page=2" (without "?"), leaving out what is not set or is the default.</summary>
    public string ToQueryString()
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
        if (Sort != PostsSort.PublishAt) Add("sort", SortNames.First(s => s.Sort == Sort).Name);
        if (Descending != DescendingByDefault(Sort)) Add("dir", Descending ? "desc" : "asc");
        if (Page > 1) Add("page", Page.ToString(CultureInfo.InvariantCulture));
        return string.Join('&', parts);
    }

    public string PageUrl() => ToQueryString() is { Length: > 0 } qs ? "/app/posts?" + qs : "/app/posts";

    private static readonly (string Name, PostsSort Sort)[] SortNames =
        [("time", PostsSort.PublishAt), ("status", PostsSort.Status), ("account", PostsSort.Account), ("updated", PostsSort.Updated)];
}

/// <summary>One row of the grid: the post and its account (null when the account was removed).</summary>
/// <param name="Cover">The post's video or cover photo, for its frame (null when none or deleted).</param>
/// <summary>
/// One row of the list. Rows are equal when they show the same post: a reload brings new objects with the current
/// status, and the grid keys its rows by item, so with the record's default equality every live change would throw
/// away and rebuild each row's components and DOM instead of updating what changed.
/// </summary>
public sealed record PostsRow(Post Post, TikTokAccount? Account, MediaFile? Cover = null)
{
    public bool Equals(PostsRow? other) => other is not null && other.Id == Id;

    public override int GetHashCode() => Id.GetHashCode();

    public Guid Id => Post.Id;
    public string Name => PostsActions.Name(Post);
    public DateTimeOffset? PublishAt => Post.PublishAt;
    public PostStatus Status => Post.Status;
    public string Handle => Account is null ? "Removed account" : ComposeRules.Handle(Account);
    public DateTimeOffset UpdatedAt => Post.UpdatedAt;
}

public sealed record PostsSlice(IReadOnlyList<PostsRow> Rows, int Total, int Page, int PageCount)
{
    public int FirstIndex => Total == 0 ? 0 : (Page - 1) * PostsFilter.PageSize + 1;
    public int LastIndex => Math.Min(Total, Page * PostsFilter.PageSize);
}

/// <summary>Reads one page of the workspace's posts (the query filter keeps other workspaces out).</summary>
public sealed class PostsList(StudioDbContext db, WorkspaceContext workspace)
{
    public async Task<PostsSlice> PageAsync(PostsFilter filter, CancellationToken ct = default)
    {
        var query = Filtered(filter);
        var total = await query.CountAsync(ct);
        var pageCount = Math.Max(1, (total + PostsFilter.PageSize - 1) / PostsFilter.PageSize);
        var page = Math.Min(filter.Page, pageCount);
        var posts = await Ordered(query, filter)
            .Skip((page - 1) * PostsFilter.PageSize)
            .Take(PostsFilter.PageSize)
            .ToListAsync(ct);
        var accountIds = posts.Select(p => p.AccountId).Distinct().ToList();
        var accounts = await db.Set<TikTokAccount>().AsNoTracking().Where(a => accountIds.Contains(a.Id)).ToDictionaryAsync(a => a.Id, ct);
        var covers = await PostCovers.ForAsync(db, posts, ct);
        return new PostsSlice(posts.Select(p => new PostsRow(p, accounts.GetValueOrDefault(p.AccountId), covers.GetValueOrDefault(p.Id))).ToList(), total, page, pageCount);
    }

    /// <summary>The workspace's posts that the filter selects, unordered (the list pages them; the CSV export takes them all).</summary>
    public IQueryable<Post> Filtered(PostsFilter filter)
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
        // Days are the workspace's days: "from 5 March" starts at midnight in its zone (the first valid minute on a DST gap).
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
        return query;
    }

    public async Task<IReadOnlyList<TikTokAccount>> AccountsAsync(CancellationToken ct = default) =>
        await db.Set<TikTokAccount>().AsNoTracking().OrderBy(a => a.DisplayName).ToListAsync(ct);

    /// <summary>The list's order for the filter (every order ends on the publish time and the id).</summary>
    public IQueryable<Post> Ordered(IQueryable<Post> query, PostsFilter filter)
    {
        var descending = filter.Descending;
        // Every order ends on the publish time and the id, so a page never shows a row twice or skips one.
        var ordered = filter.Sort switch
        {
            PostsSort.Status => descending ? query.OrderByDescending(StatusRank) : query.OrderBy(StatusRank),
            PostsSort.Account => descending ? query.OrderByDescending(HandleOf()) : query.OrderBy(HandleOf()),
            PostsSort.Updated => descending ? query.OrderByDescending(p => p.UpdatedAt) : query.OrderBy(p => p.UpdatedAt),
            // Undated drafts sort by when they were written.
            _ => descending ? query.OrderByDescending(p => p.PublishAt ?? p.CreatedAt) : query.OrderBy(p => p.PublishAt ?? p.CreatedAt),
        };
        return filter.Sort == PostsSort.PublishAt
            ? (descending ? ordered.ThenByDescending(p => p.Id) : ordered.ThenBy(p => p.Id))
            : ordered.ThenByDescending(p => p.PublishAt ?? p.CreatedAt).ThenByDescending(p => p.Id);
    }

    /// <summary>
    /// What the Account column shows (the username, else the display name) as SQL over the account row, lower-cased so
    /// "@Zoe" does not sort before "@adam" (SQLite compares bytes).
    /// </summary>
    private Expression<Func<Post, string?>> HandleOf() => p =>
        db.Set<TikTokAccount>().Where(a => a.Id == p.AccountId)
            .Select(a => (a.Username != null && a.Username != "" ? a.Username : a.DisplayName).ToLower()).FirstOrDefault();

    /// <summary>
    /// Statuses in the order a post lives through them (the enum's order), not alphabetically: the column stores names.
    /// </summary>
    private static readonly Expression<Func<Post, int>> StatusRank = BuildStatusRank();

    private static Expression<Func<Post, int>> BuildStatusRank()
    {
        var post = Expression.Parameter(typeof(Post), "p");
        var status = Expression.Property(post, nameof(Post.Status));
        Expression rank = Expression.Constant(int.MaxValue);
        foreach (var value in Enum.GetValues<PostStatus>().Reverse())
            rank = Expression.Condition(Expression.Equal(status, Expression.Constant(value)), Expression.Constant((int)value), rank);
        return Expression.Lambda<Func<Post, int>>(rank, post);
    }

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
