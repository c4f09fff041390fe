using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using TikTokStudio.Web.Data;
using TikTokStudio.Web.Features.Connections;
using TikTokStudio.Web.Features.Posts.Publish;
using TikTokStudio.Web.Features.Workspaces;

namespace TikTokStudio.Web.Features.Posts.Calendar;

/// <summary>
/// The calendar's JSON feed, computed on the server in the workspace's time zone: every dated post in the range as an
/// event, plus a badge for each account and day that comes close to TikTok's limits.
/// </summary>
public sealed partial class CalendarFeed(StudioDbContext db, WorkspaceContext workspace, TikTokAppSettings app, IOptions<PublishingOptions> options)
{
    public const int CaptionExcerptLength = 60;
    public const string LocalFormat = "yyyy-MM-dd'T'HH:mm:ss";

    private sealed record Row(Guid Id, Guid AccountId, PostStatus Status, PublishStage Stage, DateTimeOffset PublishAt, string Excerpt, PostKind Kind, int Version);

    public async Task<List<CalendarEvent>> EventsAsync(DateTime startLocal, DateTime endLocal, Guid? accountId,
        IReadOnlySet<PostStatus>? statuses, bool canEdit, CancellationToken ct)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(workspace.Current.TimeZoneId);
        var from = ToUtcBound(startLocal, zone);
        var to = ToUtcBound(endLocal, zone);

        // One query over the range (index WorkspaceId+PublishAt); the status filter is applied in memory because the
        // limit badges count every planned post of the day, whatever the user chose to see.
        var query = db.Set<Post>().AsNoTracking().Where(p => p.PublishAt >= from && p.PublishAt < to);
        if (accountId is { } only) query = query.Where(p => p.AccountId == only);
        var rows = await query
            .OrderBy(p => p.PublishAt)
            .Select(p => new Row(p.Id, p.AccountId, p.Status, p.Stage, p.PublishAt!.Value,
                p.Title.Substring(0, CaptionExcerptLength + 1), p.Kind, p.Version))
            .ToListAsync(ct);
        var accounts = await db.Set<TikTokAccount>().AsNoTracking().ToDictionaryAsync(a => a.Id, ct);

        var events = new List<CalendarEvent>(rows.Count + 16);
        var loads = new Dictionary<(Guid, DateOnly), int>();
        foreach (var row in rows)
        {
            var local = TimeZoneInfo.ConvertTime(row.PublishAt, zone);
            if (DailyLimits.Counts(row.Status))
            {
                var key = (row.AccountId, DateOnly.FromDateTime(local.DateTime));
                loads[key] = loads.GetValueOrDefault(key) + 1;
            }
            if (statuses is { Count: > 0 } && !statuses.Contains(row.Status)) continue;
            events.Add(ToPostEvent(row, local, canEdit));
        }

        foreach (var ((id, day), count) in loads)
        {
            if (!accounts.TryGetValue(id, out var account)) continue;
            var (cap, kind) = DailyLimits.CapFor(account, app.Audited, options.Value);
            if (!DailyLimits.IsWorthShowing(count, cap)) continue;
            events.Add(ToLimitEvent(new DayLoad(id, DailyLimits.Handle(account), day, count, cap, kind)));
        }
        return events;
    }

    /// <summary>Planned posts of an account on one local day, other than <paramref name="except"/>.</summary>
    public async Task<DayLoad> LoadAsync(TikTokAccount account, DateOnly day, Guid except, CancellationToken ct)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(workspace.Current.TimeZoneId);
        var from = ToUtcBound(day.ToDateTime(TimeOnly.MinValue), zone);
        var to = ToUtcBound(day.AddDays(1).ToDateTime(TimeOnly.MinValue), zone);
        var statuses = await db.Set<Post>().AsNoTracking()
            .Where(p => p.AccountId == account.Id && p.Id != except && p.PublishAt >= from && p.PublishAt < to)
            .Select(p => p.Status)
            .ToListAsync(ct);
        var (cap, kind) = DailyLimits.CapFor(account, app.Audited, options.Value);
        return new DayLoad(account.Id, DailyLimits.Handle(account), day, statuses.Count(DailyLimits.Counts), cap, kind);
    }

    private static CalendarEvent ToPostEvent(Row row, DateTimeOffset local, bool canEdit) => new()
    {
        Id = row.Id.ToString(),
        Start = local.ToString(LocalFormat, CultureInfo.InvariantCulture),
        Kind = "post",
        Editable = canEdit && row.Status is PostStatus.Draft or PostStatus.Scheduled,
        AccountId = row.AccountId,
        Status = row.Status.ToString(),
        Label = PostStatusBadge.Label(row.Status, row.Stage),
        Caption = Excerpt(row.Excerpt) is { Length: > 0 } text ? text : row.Kind == PostKind.Photo ? "Photo post" : "Video post",
        Version = row.Version,
    };

    private static CalendarEvent ToLimitEvent(DayLoad load) => new()
    {
        Id = $"limit:{load.AccountId:N}:{load.Day:yyyy-MM-dd}",
        Start = load.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        Kind = "limit",
        AllDay = true,
        AccountId = load.AccountId,
        Title = load.Badge,
        Level = load.IsOver ? "over" : load.IsFull ? "full" : "near",
        Count = load.Count,
        Cap = load.Cap,
        LimitKind = load.Kind.ToString(),
    };

    /// <summary>The first characters of a caption on one line, never cut inside a surrogate pair.</summary>
    public static string Excerpt(string? text, int length = CaptionExcerptLength)
    {
        if (string.IsNullOrWhiteSpace(text)) return "";
        text = WhiteSpace().Replace(text.Trim(), " ");
        if (text.Length <= length) return text;
        var cut = char.IsHighSurrogate(text[length - 1]) ? length - 1 : length;
        return text[..cut].TrimEnd() + "…";
    }

    /// <summary>
    /// FullCalendar's range parameters, read as wall-clock times of the workspace: it is told the calendar is in UTC,
    /// so "2026-11-30T00:00:00Z" means local midnight. Any offset is ignored on purpose.
    /// </summary>
    public static DateTime? ParseLocal(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        var match = LocalPrefix().Match(value.Trim());
        if (!match.Success) return null;
        return DateTime.TryParseExact(match.Groups[1].Value + (match.Groups[2].Success ? match.Groups[2].Value : "T00:00") + (match.Groups[3].Success ? match.Groups[3].Value : ":00"),
            "yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var local)
            ? local
            : null;
    }

    /// <summary>A range bound to an instant; a bound inside a daylight-saving gap moves forward to the first real time.</summary>
    public static DateTimeOffset ToUtcBound(DateTime local, TimeZoneInfo zone)
    {
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        for (var i = 0; i < 8 && zone.IsInvalidTime(local); i++) local = local.AddMinutes(30);
        return new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(local, zone), TimeSpan.Zero);
    }

    [GeneratedRegex(@"^(\d{4}-\d{2}-\d{2})(T\d{2}:\d{2})?(:\d{2})?")]
    private static partial Regex LocalPrefix();

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhiteSpace();
}
