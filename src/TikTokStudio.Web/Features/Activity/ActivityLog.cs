using System.Globalization;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Primitives;
using TikTokStudio.Web.Data;
using TikTokStudio.Web.Features.Analytics;
using TikTokStudio.Web.Features.Connections;
using TikTokStudio.Web.Features.Posts;
using TikTokStudio.Web.Features.Posts.Calendar;
using TikTokStudio.Web.Features.Posts.Compose;
using TikTokStudio.Web.Features.Posts.List;
using TikTokStudio.Web.Features.Team;
using TikTokStudio.Web.Features.Workspaces;

namespace TikTokStudio.Web.Features.Activity;

/// <summary>The kinds of entry as the filter groups them.</summary>
public enum ActivityGroup { Posts, Accounts, Members, Settings, Media }

/// <summary>
/// What the activity page shows, as its address says it: who acted (a member's user id, "key:ID" for an API key,
/// "system"), which account, which group of kinds, which days (the workspace's days), which page.
/// </summary>
public sealed record ActivityFilter
{
    public const int PageSize = 50;
    public const string SystemActor = "system";
    public const string ApiKeyPrefix = "key:";

    public string? Member { get; init; }
    public Guid? Account { get; init; }
    public ActivityGroup? Group { get; init; }
    public DateOnly? From { get; init; }
    public DateOnly? To { get; init; }
    public int Page { get; init; } = 1;

    public bool IsFiltered => Member is not null || Account is not null || Group is not null || From is not null || To is not null;

    public ActivityFilter Cleared => new();

    /// <summary>The actor key the member filter uses for an entry's actor.</summary>
    public static string ActorKey(ActorKind kind, string? id) => kind switch
    {
        ActorKind.System => SystemActor,
        ActorKind.ApiKey => ApiKeyPrefix + id,
        _ => id ?? "",
    };

    public static ActivityFilter Parse(Func<string, StringValues> get) => new()
    {
        Member = get("member").ToString().Trim() is { Length: > 0 and <= 80 } member ? member : null,
        Account = Guid.TryParse(get("account"), out var account) ? account : null,
        Group = Enum.TryParse<ActivityGroup>(get("kind"), ignoreCase: true, out var group) && Enum.IsDefined(group) ? group : null,
        From = DateOnly.TryParseExact(get("from"), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var from) ? from : null,
        To = DateOnly.TryParseExact(get("to"), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var to) ? to : null,
        Page = int.TryParse(get("page"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var page) && page > 0 ? Math.Min(page, 100_000) : 1,
    };

    /// <summary>The filter an address stands for (anything unreadable in it is left out, never an error page).</summary>
    public static ActivityFilter FromUri(string uri)
    {
        var query = QueryHelpers.ParseQuery(new Uri(uri).Query);
        return Parse(key => query.TryGetValue(key, out var value) ? value : StringValues.Empty);
    }

    /// <summary>"member=...&amp;kind=posts" (without "?"); <paramref name="withPage"/> false for the CSV, which has every page.</summary>
    public string ToQueryString(bool withPage = true)
    {
        var parts = new List<string>();
        void Add(string key, string? value)
        {
            if (!string.IsNullOrEmpty(value)) parts.Add($"{key}={Uri.EscapeDataString(value)}");
        }
        Add("member", Member);
        Add("account", Account?.ToString());
        Add("kind", Group?.ToString().ToLowerInvariant());
        Add("from", From?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        Add("to", To?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        if (withPage && Page > 1) Add("page", Page.ToString(CultureInfo.InvariantCulture));
        return string.Join('&', parts);
    }

    public string PageUrl() => ToQueryString() is { Length: > 0 } qs ? "/app/activity?" + qs : "/app/activity";

    public string CsvUrl() => ToQueryString(withPage: false) is { Length: > 0 } qs ? "/app/activity.csv?" + qs : "/app/activity.csv";
}

/// <summary>One line of the log as people read it: the subject's names resolved now, the time in the workspace's zone.</summary>
public sealed record ActivityRow(
    long Id, DateTimeOffset At, string Kind, ActorKind ActorKind, string Who, string Summary, string? Ip,
    Guid? PostId, string? PostName, Guid? AccountId, string? AccountName, string? MemberName)
{
    public string KindLabel => ActivityKindNames.Label(Kind);
}

public sealed record ActivitySlice(IReadOnlyList<ActivityRow> Rows, int Total, int Page, string? Refusal = null);

/// <summary>Someone who acted in this workspace, for the member filter.</summary>
public sealed record ActivityActor(string Key, string Name);

/// <summary>The names of kinds and groups in plain language.</summary>
public static class ActivityKindNames
{
    public static ActivityGroup GroupOf(string kind) => kind.Split('.')[0] switch
    {
        "post" => ActivityGroup.Posts,
        "account" => ActivityGroup.Accounts,
        "member" => ActivityGroup.Members,
        "media" => ActivityGroup.Media,
        _ => ActivityGroup.Settings,
    };

    /// <summary>The kinds' first words per group, for the query (settings takes whatever the others do not).</summary>
    private static readonly Dictionary<ActivityGroup, string> Prefixes = new()
    {
        [ActivityGroup.Posts] = "post.", [ActivityGroup.Accounts] = "account.", [ActivityGroup.Members] = "member.", [ActivityGroup.Media] = "media.",
    };

    public static IQueryable<ActivityEntry> InGroup(IQueryable<ActivityEntry> entries, ActivityGroup group)
    {
        if (Prefixes.TryGetValue(group, out var prefix)) return entries.Where(e => e.Kind.StartsWith(prefix));
        var others = Prefixes.Values.ToList();
        return entries.Where(e => !e.Kind.StartsWith(others[0]) && !e.Kind.StartsWith(others[1]) && !e.Kind.StartsWith(others[2]) && !e.Kind.StartsWith(others[3]));
    }

    public static string GroupLabel(ActivityGroup group) => group switch
    {
        ActivityGroup.Posts => "Posts",
        ActivityGroup.Accounts => "TikTok accounts",
        ActivityGroup.Members => "Members",
        ActivityGroup.Media => "Media",
        _ => "Settings, billing and integrations",
    };

    /// <summary>"post.changes_requested" reads "Post changes requested"; "api_key.created" reads "API key created".</summary>
    public static string Label(string kind)
    {
        var words = kind.Replace("api_key", "API key", StringComparison.Ordinal).Replace('.', ' ').Replace('_', ' ');
        return words.Length == 0 ? kind : char.ToUpperInvariant(words[0]) + words[1..];
    }
}

/// <summary>
/// Reads the activity log: a page of it (newest first), a post's own entries, the actors for the filter, and the CSV.
/// Read only on purpose: nothing here (or anywhere but the retention job) changes or deletes an entry. Each read checks
/// <see cref="StudioAction.ViewActivity"/>, stays in the workspace (the tenant filter) and, for a member limited to some
/// accounts, leaves out entries about the other accounts.
/// </summary>
public sealed class ActivityLog(StudioDbContext db, WorkspaceContext workspace)
{
    /// <summary>The CSV holds at most this many rows (the newest); a filter narrows a larger log.</summary>
    public const int MaxCsvRows = 100_000;

    public static readonly string Refusal = Permissions.Refusal(StudioAction.ViewActivity);

    public bool MayView => workspace.May(StudioAction.ViewActivity);

    public async Task<ActivitySlice> PageAsync(ActivityFilter filter, CancellationToken ct = default)
    {
        if (!MayView) return new([], 0, 1, Refusal);
        var query = Filtered(filter);
        var total = await query.CountAsync(ct);
        var pageCount = Math.Max(1, (total + ActivityFilter.PageSize - 1) / ActivityFilter.PageSize);
        var page = Math.Min(filter.Page, pageCount);
        var entries = await Newest(query).Skip((page - 1) * ActivityFilter.PageSize).Take(ActivityFilter.PageSize).ToListAsync(ct);
        return new(await RowsAsync(entries, ct), total, page);
    }

    /// <summary>The post's own entries, newest first; empty for another workspace's post or account, or without the right.</summary>
    public async Task<IReadOnlyList<ActivityRow>> ForPostAsync(Guid postId, CancellationToken ct = default)
    {
        if (!MayView) return [];
        var entries = await Newest(Visible().Where(e => e.PostId == postId)).Take(200).ToListAsync(ct);
        return await RowsAsync(entries, ct);
    }

    /// <summary>Everyone who appears in the log (members, API keys, the app), with the name they last acted under.</summary>
    public async Task<IReadOnlyList<ActivityActor>> ActorsAsync(CancellationToken ct = default)
    {
        if (!MayView) return [];
        var actors = await Visible().GroupBy(e => new { e.ActorKind, e.ActorId })
            .Select(g => new { g.Key.ActorKind, g.Key.ActorId, Name = g.OrderByDescending(e => e.Id).Select(e => e.ActorName).First() })
            .ToListAsync(ct);
        return actors.Select(a => new ActivityActor(ActivityFilter.ActorKey(a.ActorKind, a.ActorId), a.Name))
            .OrderBy(a => a.Key == ActivityFilter.SystemActor).ThenBy(a => a.Name, StringComparer.CurrentCultureIgnoreCase).ToList();
    }

    /// <summary>The accounts this member may see, for the account filter.</summary>
    public async Task<IReadOnlyList<TikTokAccount>> AccountsAsync(CancellationToken ct = default)
    {
        if (!MayView) return [];
        var accounts = await db.Set<TikTokAccount>().AsNoTracking().OrderBy(a => a.DisplayName).ToListAsync(ct);
        return accounts.Where(a => workspace.MayUseAccount(a.Id)).ToList();
    }

    /// <summary>The filtered log as CSV (every page, newest first), or null without the right.</summary>
    public async Task<byte[]?> CsvAsync(ActivityFilter filter, CancellationToken ct = default)
    {
        if (!MayView) return null;
        var entries = await Newest(Filtered(filter)).Take(MaxCsvRows).ToListAsync(ct);
        var rows = await RowsAsync(entries, ct);
        var zone = TimeZoneInfo.FindSystemTimeZoneById(workspace.Current.TimeZoneId);
        return CsvExport.Write(
            [$"When ({workspace.Current.TimeZoneId})", "When (UTC)", "Who", "Actor type", "Event", "What happened", "Post", "Post id", "Account", "Member", "IP address"],
            rows.Select(r => (IReadOnlyList<string?>)
            [
                TimeZoneInfo.ConvertTime(r.At, zone).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                r.At.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
                r.Who, r.ActorKind.ToString(), r.KindLabel, r.Summary, r.PostName, r.PostId?.ToString(), r.AccountName, r.MemberName, r.Ip,
            ]));
    }

    /// <summary>This workspace's entries (the tenant filter) that this member may see: none about an account they were not given.</summary>
    private IQueryable<ActivityEntry> Visible()
    {
        var entries = db.Set<ActivityEntry>().AsNoTracking();
        if (workspace.AccountScope is { } scope)
        {
            var allowed = scope.ToList();
            entries = entries.Where(e => e.AccountId == null || allowed.Contains(e.AccountId.Value));
        }
        return entries;
    }

    private IQueryable<ActivityEntry> Filtered(ActivityFilter filter)
    {
        var query = Visible();
        if (filter.Member is { } member)
        {
            query = member == ActivityFilter.SystemActor ? query.Where(e => e.ActorKind == ActorKind.System)
                : member.StartsWith(ActivityFilter.ApiKeyPrefix, StringComparison.Ordinal)
                    ? query.Where(e => e.ActorKind == ActorKind.ApiKey && e.ActorId == member.Substring(ActivityFilter.ApiKeyPrefix.Length))
                    : query.Where(e => e.ActorKind == ActorKind.User && e.ActorId == member);
        }
        if (filter.Account is { } account) query = query.Where(e => e.AccountId == account);
        if (filter.Group is { } group) query = ActivityKindNames.InGroup(query, group);
        var zone = TimeZoneInfo.FindSystemTimeZoneById(workspace.Current.TimeZoneId);
        // Days are the workspace's days, as on the page: "from 5 March" starts at midnight there.
        if (filter.From is { } from)
        {
            var start = CalendarFeed.ToUtcBound(from.ToDateTime(TimeOnly.MinValue), zone);
            query = query.Where(e => e.At >= start);
        }
        if (filter.To is { } to)
        {
            var end = CalendarFeed.ToUtcBound(to.AddDays(1).ToDateTime(TimeOnly.MinValue), zone);
            query = query.Where(e => e.At < end);
        }
        return query;
    }

    private static IQueryable<ActivityEntry> Newest(IQueryable<ActivityEntry> query) => query.OrderByDescending(e => e.At).ThenByDescending(e => e.Id);

    /// <summary>Names the subjects as they are now (a renamed account reads its new handle); the summary keeps the words of then.</summary>
    private async Task<IReadOnlyList<ActivityRow>> RowsAsync(IReadOnlyList<ActivityEntry> entries, CancellationToken ct)
    {
        var postIds = entries.Where(e => e.PostId is not null).Select(e => e.PostId!.Value).Distinct().ToList();
        var accountIds = entries.Where(e => e.AccountId is not null).Select(e => e.AccountId!.Value).Distinct().ToList();
        var subjectIds = entries.Where(e => e.SubjectId is not null && GroupOfMember(e.Kind)).Select(e => e.SubjectId!).Distinct().ToList();
        var posts = await db.Set<Post>().AsNoTracking().Where(p => postIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, ct);
        var accounts = await db.Set<TikTokAccount>().AsNoTracking().Where(a => accountIds.Contains(a.Id)).ToDictionaryAsync(a => a.Id, ct);
        // Users are not tenant rows: only the ids these entries name are read (member entries of this workspace).
        var users = await db.Users.AsNoTracking().Where(u => subjectIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.Email ?? u.Id, ct);
        return entries.Select(e => new ActivityRow(
            e.Id, e.At, e.Kind, e.ActorKind, e.ActorName, e.Summary, e.Ip,
            e.PostId, e.PostId is { } p ? posts.TryGetValue(p, out var post) ? PostsActions.Name(post) : null : null,
            e.AccountId, e.AccountId is { } a && accounts.TryGetValue(a, out var account) ? ComposeRules.Handle(account) : null,
            e.SubjectId is { } s && users.TryGetValue(s, out var email) ? email : null)).ToList();
    }

    private static bool GroupOfMember(string kind) => ActivityKindNames.GroupOf(kind) == ActivityGroup.Members;
}
