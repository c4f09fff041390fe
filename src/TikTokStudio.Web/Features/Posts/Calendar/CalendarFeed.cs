using System.Globalization;
using System.Text.Json;
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
public sealed partial class CalendarFeed(StudioDbContext db, WorkspaceContext workspace, TikTokAppSettings app, IOptions<PublishingOptions> options, TimeProvider time)
{
    public const int CaptionExcerptLength = 60;
    public const string LocalFormat = "yyyy-MM-dd'T'HH:mm:ss";

    private readonly record struct SlimRow(Guid Id, Guid AccountId, PostStatus Status, DateTimeOffset PublishAt);

    private readonly record struct Row(Guid Id, Guid AccountId, PostStatus Status, PublishStage Stage, DateTimeOffset PublishAt, string Excerpt, PostKind Kind, int Version, Guid WorkspaceId,
        Guid? VideoMediaId, string FirstPhoto);

    /// <summary>What one feed request writes each post with besides its row: the media that have a frame, and now (for the approval warning).</summary>
    private sealed record PostExtras(IReadOnlySet<Guid> Framed, DateTimeOffset Now);

    /// <summary>
    /// Reads the projection's columns in the order it selects them (Id, AccountId, Status, Stage, PublishAt, Excerpt,
    /// Kind, Version, WorkspaceId), converting with the model's own value converters, so storage formats stay EF's to decide.
    /// </summary>
    private sealed class RowReader
    {
        private readonly Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter? publishAt;
        private readonly Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter? status;
        private readonly Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter? stage;
        private readonly Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter? kind;
        private readonly Dictionary<object, object> enums = [];

        public RowReader(StudioDbContext db)
        {
            var entity = db.Model.FindEntityType(typeof(Post))!;
            Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter? ConverterOf(string name) =>
                entity.FindProperty(name)!.GetTypeMapping().Converter;
            publishAt = ConverterOf(nameof(Post.PublishAt));
            status = ConverterOf(nameof(Post.Status));
            stage = ConverterOf(nameof(Post.Stage));
            kind = ConverterOf(nameof(Post.Kind));
        }

        public Row Read(System.Data.Common.DbDataReader reader) => new(
            reader.GetGuid(0),
            reader.GetGuid(1),
            Enum<PostStatus>(reader, 2, status),
            Enum<PublishStage>(reader, 3, stage),
            PublishAt(reader, 4),
            reader.IsDBNull(5) ? "" : reader.GetString(5),
            Enum<PostKind>(reader, 6, kind),
            reader.GetInt32(7),
            reader.GetGuid(8),
            reader.IsDBNull(9) ? null : reader.GetGuid(9),
            reader.IsDBNull(10) ? "" : reader.GetString(10));

        /// <summary>Reads (Id, AccountId, Status, PublishAt).</summary>
        public SlimRow ReadSlim(System.Data.Common.DbDataReader reader) => new(
            reader.GetGuid(0),
            reader.GetGuid(1),
            Enum<PostStatus>(reader, 2, status),
            PublishAt(reader, 3));

        private DateTimeOffset PublishAt(System.Data.Common.DbDataReader reader, int ordinal) =>
            publishAt is null ? reader.GetFieldValue<DateTimeOffset>(ordinal) : (DateTimeOffset)publishAt.ConvertFromProvider(reader.GetValue(ordinal))!;

        private T Enum<T>(System.Data.Common.DbDataReader reader, int ordinal, Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter? converter)
            where T : struct, Enum
        {
            var raw = reader.GetValue(ordinal);
            if (converter is null) return (T)System.Enum.ToObject(typeof(T), raw);
            // A handful of distinct values: convert each once.
            if (!enums.TryGetValue((typeof(T), raw), out var value)) enums[(typeof(T), raw)] = value = converter.ConvertFromProvider(raw)!;
            return (T)value;
        }
    }

    /// <summary>
    /// Writes the range's events as a JSON array straight to <paramref name="body"/> (a dense month is thousands of
    /// events, so rows are streamed from the query into the writer without an object per event). Each post:
    /// <c>{"id","start","kind":"post","editable"(only when true),"accountId","status","label","caption","version","thumb"(a media id
    /// with a frame, when there is one),"urgent"(pending and less than 2 h from its slot, only when true)}</c>;
    /// each limit badge: <c>{"id","start"(a date),"kind":"limit","allDay":true,"accountId","title","level","count","cap","limitKind"}</c>.
    /// With <paramref name="postsPerDay"/>, each local day carries at most that many posts (the earliest) and, when
    /// some were held back, <c>{"id","start"(a date),"kind":"more","allDay":true,"count"}</c> saying how many: a month
    /// cell shows a handful of posts, so a month with 10,000 of them is not sent (or drawn) in full.
    /// FullCalendar puts the non-standard fields in extendedProps; the page adds link, classes, name and avatar.
    /// <c>start</c> is a wall-clock time of the workspace's zone without an offset.
    /// </summary>
    public async Task WriteAsync(Stream body, DateTime startLocal, DateTime endLocal, Guid? accountId,
        IReadOnlySet<PostStatus>? statuses, bool canEdit, int? postsPerDay, CancellationToken ct)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(workspace.Current.TimeZoneId);
        var from = ToUtcBound(startLocal, zone);
        var to = ToUtcBound(endLocal, zone);
        var accounts = await db.Set<TikTokAccount>().AsNoTracking().ToDictionaryAsync(a => a.Id, ct);
        if (statuses is { Count: 0 }) statuses = null;

        // Relaxed escaping: emoji and accents stay as they are (smaller, faster). The feed is JSON for fetch(), and the
        // page puts its strings into the DOM with textContent, never as HTML; quotes and control characters are still escaped.
        await using var writer = new Utf8JsonWriter(body, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        writer.WriteStartArray();
        // The workspace's media with a frame (issue 17), read once: the ids alone, so a post's thumbnail costs no query.
        var framed = (await db.Set<Media.MediaFile>().AsNoTracking().Where(m => m.HasThumbnail && m.Status == Media.MediaStatus.Ready).Select(m => m.Id).ToListAsync(ct)).ToHashSet();
        var extras = new PostExtras(framed, time.GetUtcNow());
        var feed = postsPerDay is { } cap
            ? await WriteCappedPostsAsync(writer, InRange(from, to, accountId), statuses, canEdit, cap, zone, extras, ct)
            : await WriteAllPostsAsync(writer, InRange(from, to, accountId), statuses, canEdit, zone, extras, ct);

        foreach (var ((id, day), count) in feed.Loads)
        {
            if (!accounts.TryGetValue(id, out var account)) continue;
            var (limit, kind) = DailyLimits.CapFor(account, app.Audited, options.Value);
            if (!DailyLimits.IsWorthShowing(count, limit)) continue;
            var load = new DayLoad(id, DailyLimits.Handle(account), day, count, limit, kind);
            writer.WriteStartObject();
            writer.WriteString(Names.Id, $"limit:{id:N}:{day:yyyy-MM-dd}");
            writer.WriteString(Names.Start, day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            writer.WriteString(Names.Kind, Names.Limit);
            writer.WriteBoolean(Names.AllDay, true);
            writer.WriteString(Names.AccountId, id);
            writer.WriteString(Names.Title, load.Badge);
            writer.WriteString(Names.Level, load.IsOver ? "over" : load.IsFull ? "full" : "near");
            writer.WriteNumber(Names.Count, count);
            writer.WriteNumber(Names.Cap, limit);
            writer.WriteString(Names.LimitKind, kind.ToString());
            writer.WriteEndObject();
        }
        foreach (var (day, count) in feed.HeldBack)
        {
            writer.WriteStartObject();
            writer.WriteString(Names.Id, $"more:{day:yyyy-MM-dd}");
            writer.WriteString(Names.Start, day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            writer.WriteString(Names.Kind, Names.More);
            writer.WriteBoolean(Names.AllDay, true);
            writer.WriteNumber(Names.Count, count);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        await writer.FlushAsync(ct);
    }

    /// <summary>Planned posts per account and local day (for the limit badges), and posts held back per day by the cap.</summary>
    private sealed record FeedCounts(Dictionary<(Guid AccountId, DateOnly Day), int> Loads, SortedDictionary<DateOnly, int> HeldBack);

    /// <summary>The posts of the workspace (query filters keep it to this one) planned in [from, to).</summary>
    private IQueryable<Post> InRange(DateTimeOffset from, DateTimeOffset to, Guid? accountId)
    {
        var query = db.Set<Post>().AsNoTracking().Where(p => p.PublishAt >= from && p.PublishAt < to);
        return accountId is { } only ? query.Where(p => p.AccountId == only) : query;
    }

    /// <summary>
    /// Every post of the range, in time order (the week's and day's views): one query, the limit badges counted while
    /// the rows stream by. The status filter is applied here, not in SQL, because the badges count every planned post.
    /// </summary>
    private async Task<FeedCounts> WriteAllPostsAsync(Utf8JsonWriter writer, IQueryable<Post> query, IReadOnlySet<PostStatus>? statuses,
        bool canEdit, TimeZoneInfo zone, PostExtras extras, CancellationToken ct)
    {
        var loads = new Dictionary<(Guid, DateOnly), int>();
        await foreach (var row in ReadRowsAsync(query.OrderBy(p => p.PublishAt), ct))
        {
            var local = TimeZoneInfo.ConvertTime(row.PublishAt, zone).DateTime;
            if (DailyLimits.Counts(row.Status))
            {
                var key = (row.AccountId, DateOnly.FromDateTime(local));
                loads[key] = loads.GetValueOrDefault(key) + 1;
            }
            if (statuses is not null && !statuses.Contains(row.Status)) continue;
            await WritePostAsync(writer, row, local, canEdit, extras, ct);
        }
        return new(loads, []);
    }

    /// <summary>
    /// The earliest <paramref name="cap"/> posts of each local day (the month view): a month can hold 10,000 posts, so
    /// the whole range is read only as (Id, AccountId, Status, PublishAt), which the covering index
    /// (WorkspaceId, PublishAt, AccountId, Status, Id) serves without touching the table, to count the badges and pick
    /// each day's first posts; then only those posts are read whole.
    /// </summary>
    private async Task<FeedCounts> WriteCappedPostsAsync(Utf8JsonWriter writer, IQueryable<Post> query, IReadOnlySet<PostStatus>? statuses,
        bool canEdit, int cap, TimeZoneInfo zone, PostExtras extras, CancellationToken ct)
    {
        var loads = new Dictionary<(Guid, DateOnly), int>();
        var shownPerDay = new Dictionary<DateOnly, int>();
        var heldBack = new SortedDictionary<DateOnly, int>();
        var shownIds = new List<Guid>();
        var slim = query.OrderBy(p => p.PublishAt).Select(p => new { p.Id, p.AccountId, p.Status, p.PublishAt });
        // Rows come in time order, so the local day changes only at its end: converted once per day, not once per post.
        var day = default(DateOnly);
        var dayEnds = DateTimeOffset.MinValue;
        await foreach (var row in ReadAsync(slim, new RowReader(db).ReadSlim, ct))
        {
            if (row.PublishAt >= dayEnds)
            {
                day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(row.PublishAt, zone).DateTime);
                dayEnds = ToUtcBound(day.AddDays(1).ToDateTime(TimeOnly.MinValue), zone);
            }
            if (DailyLimits.Counts(row.Status))
            {
                var key = (row.AccountId, day);
                loads[key] = loads.GetValueOrDefault(key) + 1;
            }
            if (statuses is not null && !statuses.Contains(row.Status)) continue;
            var shown = shownPerDay.GetValueOrDefault(day);
            if (shown >= cap)
            {
                heldBack[day] = heldBack.GetValueOrDefault(day) + 1;
                continue;
            }
            shownPerDay[day] = shown + 1;
            shownIds.Add(row.Id);
        }

        if (shownIds.Count > 0)
        {
            // Looked up by primary key alone and put in time order here. With the workspace filter in the SQL, SQLite
            // (without ANALYZE statistics) walks the workspace's whole index instead of looking up a hundred keys; the
            // ids come from the workspace's own scan above, and each row's workspace is checked again below.
            var byId = db.Set<Post>().IgnoreQueryFilters().AsNoTracking().Where(p => shownIds.Contains(p.Id));
            var shownPosts = new List<Row>(shownIds.Count);
            await foreach (var row in ReadRowsAsync(byId, ct))
                if (row.WorkspaceId == workspace.Current.Id) shownPosts.Add(row);
            foreach (var row in shownPosts.OrderBy(r => r.PublishAt))
                await WritePostAsync(writer, row, TimeZoneInfo.ConvertTime(row.PublishAt, zone).DateTime, canEdit, extras, ct);
        }
        return new(loads, heldBack);
    }

    /// <summary>
    /// Streams the query's rows. EF writes the SQL (query filters included, so the workspace scope stays EF's), but the
    /// rows are read here: a dense month is 10,000 rows and EF's per-row materialization was most of the feed's time.
    /// </summary>
    private IAsyncEnumerable<Row> ReadRowsAsync(IQueryable<Post> query, CancellationToken ct) =>
        ReadAsync(query.Select(p => new { p.Id, p.AccountId, p.Status, p.Stage, p.PublishAt, Excerpt = p.Title.Substring(0, CaptionExcerptLength + 1), p.Kind, p.Version, p.WorkspaceId,
                p.VideoMediaId, FirstPhoto = p.PhotoMediaIds.Substring(0, 36) }),
            new RowReader(db).Read, ct);

    private async IAsyncEnumerable<T> ReadAsync<TProjection, T>(IQueryable<TProjection> query, Func<System.Data.Common.DbDataReader, T> read,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var command = query.CreateDbCommand();
            await using var rows = await command.ExecuteReaderAsync(ct);
            while (await rows.ReadAsync(ct)) yield return read(rows);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static async ValueTask WritePostAsync(Utf8JsonWriter writer, Row row, DateTime local, bool canEdit, PostExtras extras, CancellationToken ct)
    {
        writer.WriteStartObject();
        writer.WriteString(Names.Id, row.Id);
        writer.WriteString(Names.Start, local); // an Unspecified DateTime: "2026-12-03T09:00:00", no offset
        writer.WriteString(Names.Kind, Names.Post);
        if (canEdit && row.Status is PostStatus.Draft or PostStatus.Scheduled or PostStatus.PendingApproval) writer.WriteBoolean(Names.Editable, true);
        writer.WriteString(Names.AccountId, row.AccountId);
        writer.WriteString(Names.Status, Names.StatusOf(row.Status));
        writer.WriteString(Names.Label, Names.LabelOf(row.Status, row.Stage));
        WriteCaption(writer, row.Excerpt, row.Kind);
        writer.WriteNumber(Names.Version, row.Version);
        // The post's frame: the video's poster, or the first photo's preview, when the library has one.
        var frame = row.VideoMediaId ?? (Guid.TryParse(row.FirstPhoto, out var photo) ? photo : null);
        if (frame is { } media && extras.Framed.Contains(media)) writer.WriteString(Names.Thumb, media);
        // A pending post whose slot is less than 2 h away: nobody approving it means it is not sent (Features/Approvals).
        if (row.Status == PostStatus.PendingApproval && row.PublishAt - extras.Now < Approvals.ApprovalRules.UrgentWithin) writer.WriteBoolean(Names.Urgent, true);
        writer.WriteEndObject();
        if (writer.BytesPending > 32_768) await writer.FlushAsync(ct);
    }

    /// <summary>Property names and status words, encoded once.</summary>
    private static class Names
    {
        public static readonly JsonEncodedText Id = JsonEncodedText.Encode("id");
        public static readonly JsonEncodedText Start = JsonEncodedText.Encode("start");
        public static readonly JsonEncodedText Kind = JsonEncodedText.Encode("kind");
        public static readonly JsonEncodedText Post = JsonEncodedText.Encode("post");
        public static readonly JsonEncodedText Limit = JsonEncodedText.Encode("limit");
        public static readonly JsonEncodedText More = JsonEncodedText.Encode("more");
        public static readonly JsonEncodedText Editable = JsonEncodedText.Encode("editable");
        public static readonly JsonEncodedText AllDay = JsonEncodedText.Encode("allDay");
        public static readonly JsonEncodedText AccountId = JsonEncodedText.Encode("accountId");
        public static readonly JsonEncodedText Status = JsonEncodedText.Encode("status");
        public static readonly JsonEncodedText Label = JsonEncodedText.Encode("label");
        public static readonly JsonEncodedText Caption = JsonEncodedText.Encode("caption");
        public static readonly JsonEncodedText Version = JsonEncodedText.Encode("version");
        public static readonly JsonEncodedText Title = JsonEncodedText.Encode("title");
        public static readonly JsonEncodedText Level = JsonEncodedText.Encode("level");
        public static readonly JsonEncodedText Count = JsonEncodedText.Encode("count");
        public static readonly JsonEncodedText Cap = JsonEncodedText.Encode("cap");
        public static readonly JsonEncodedText LimitKind = JsonEncodedText.Encode("limitKind");
        public static readonly JsonEncodedText Thumb = JsonEncodedText.Encode("thumb");
        public static readonly JsonEncodedText Urgent = JsonEncodedText.Encode("urgent");

        private static readonly Dictionary<PostStatus, JsonEncodedText> Statuses =
            Enum.GetValues<PostStatus>().ToDictionary(s => s, s => JsonEncodedText.Encode(s.ToString()));
        private static readonly Dictionary<(PostStatus, PublishStage), JsonEncodedText> Labels =
            (from s in Enum.GetValues<PostStatus>() from st in Enum.GetValues<PublishStage>() select (s, st))
            .ToDictionary(k => k, k => JsonEncodedText.Encode(PostStatusBadge.Label(k.s, k.st)));

        public static JsonEncodedText StatusOf(PostStatus status) => Statuses.TryGetValue(status, out var text) ? text : JsonEncodedText.Encode(status.ToString());
        public static JsonEncodedText LabelOf(PostStatus status, PublishStage stage) =>
            Labels.TryGetValue((status, stage), out var text) ? text : JsonEncodedText.Encode(PostStatusBadge.Label(status, stage));
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

    /// <summary>Writes <see cref="Excerpt"/> of the caption without allocating in the common case (one line, cut or not).</summary>
    private static void WriteCaption(Utf8JsonWriter writer, string raw, PostKind kind)
    {
        var span = raw.AsSpan().Trim();
        if (span.IsEmpty)
        {
            writer.WriteString(Names.Caption, kind == PostKind.Photo ? "Photo post" : "Video post");
            return;
        }
        if (span.ContainsAny(LineBreaksAndTabs) || span.Contains("  ", StringComparison.Ordinal))
        {
            writer.WriteString(Names.Caption, Excerpt(raw));
            return;
        }
        if (span.Length <= CaptionExcerptLength)
        {
            writer.WriteString(Names.Caption, span);
            return;
        }
        var head = span[..(char.IsHighSurrogate(span[CaptionExcerptLength - 1]) ? CaptionExcerptLength - 1 : CaptionExcerptLength)].TrimEnd();
        Span<char> buffer = stackalloc char[CaptionExcerptLength + 1];
        head.CopyTo(buffer);
        buffer[head.Length] = '…';
        writer.WriteString(Names.Caption, buffer[..(head.Length + 1)]);
    }

    /// <summary>The first characters of a caption on one line, never cut inside a surrogate pair.</summary>
    public static string Excerpt(string? text, int length = CaptionExcerptLength)
    {
        if (string.IsNullOrWhiteSpace(text)) return "";
        text = text.Trim();
        // Line breaks and runs of spaces become one space (the regex only when there is something to replace).
        if (text.AsSpan().ContainsAny(LineBreaksAndTabs) || text.Contains("  ", StringComparison.Ordinal)) text = WhiteSpace().Replace(text, " ");
        if (text.Length <= length) return text;
        var cut = char.IsHighSurrogate(text[length - 1]) ? length - 1 : length;
        return text[..cut].TrimEnd() + "…";
    }

    private static readonly System.Buffers.SearchValues<char> LineBreaksAndTabs = System.Buffers.SearchValues.Create("\r\n\t\f\v\u00A0\u2028\u2029");

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
