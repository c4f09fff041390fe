using System.Globalization;
using TikTokStudio.TikTok.Posting;
using TikTokStudio.Web.Features.Billing;
using TikTokStudio.Web.Features.Connections;
using TikTokStudio.Web.Features.Media;
using TikTokStudio.Web.Features.Posts.Calendar;
using TikTokStudio.Web.Features.Posts.Compose;
using TikTokStudio.Web.Features.Posts.Publish;

namespace TikTokStudio.Web.Features.Posts.Import;

/// <summary>A post already in the workspace, as far as the planned limits care: whose, when, in which state.</summary>
public sealed record PlannedPost(Guid AccountId, DateTimeOffset PublishAt, PostStatus Status);

/// <summary>Everything the checker needs from the database, read once per preview (and again inside the import's transaction).</summary>
public sealed record ImportSnapshot
{
    /// <summary>The composer's own context (workspace zone, accounts, Ready media, re-post history, now).</summary>
    public required ComposeContext Compose { get; init; }

    /// <summary>Posts of the workspace from the start of this month on (month allowance, daily cap, inits a minute).</summary>
    public required IReadOnlyList<PlannedPost> Planned { get; init; }
    public required PlanStanding Standing { get; init; }
    public required PublishingOptions Publishing { get; init; }
    public required bool MayCompose { get; init; }
    public required bool MaySchedule { get; init; }
    public required string ComposeRefusal { get; init; }
    public required string ScheduleRefusal { get; init; }

    /// <summary>https addresses in media cells already pulled into the library, and the file each became.</summary>
    public IReadOnlyDictionary<string, Guid> Pulled { get; init; } = new Dictionary<string, Guid>();

    /// <summary>Addresses that could not be pulled, with the reason in words.</summary>
    public IReadOnlyDictionary<string, string> PullFailures { get; init; } = new Dictionary<string, string>();
}

/// <summary>One row's verdict: its problems by column (empty: it can be imported) and the post it would become.</summary>
public sealed record RowCheck(int Number, IReadOnlyList<(string Column, string Message)> Problems, IReadOnlyList<string> Notes,
    ComposeInput? Input, Guid? AccountId, DateTimeOffset? PublishAt, ComposeVerdict? Verdict = null)
{
    public bool IsValid => Problems.Count == 0 && Input is not null;
    public IEnumerable<string> ProblemsIn(string column) => Problems.Where(p => p.Column == column).Select(p => p.Message);
}

/// <summary>
/// Checks import rows exactly as the composer checks a post (each row becomes a <see cref="ComposeInput"/> judged by
/// <see cref="ComposeRules.Evaluate"/>), then against the planned limits: TikTok's daily cap per creator (inbox drafts
/// for Draft-mode accounts), 6 upload inits a minute per account, and the plan's posts a month. Rows are taken in file
/// order and only valid rows use up a limit, so the rows of one file are checked against each other too. Pure: the
/// page re-runs it on every edit.
/// </summary>
public static class ImportChecker
{
    /// <summary>TikTok accepts 6 upload inits a minute per user token (tiktok-api.md rate limits).</summary>
    public const int InitsPerMinute = 6;

    private static readonly string[] DateFormats =
        ["yyyy-MM-dd HH:mm", "yyyy-MM-ddTHH:mm", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-ddTHH:mm:ss", "yyyy-MM-dd H:mm", "yyyy/MM/dd HH:mm"];

    public static IReadOnlyList<RowCheck> Check(IReadOnlyList<ImportRow> rows, ImportSnapshot snapshot, bool confirmReposts = false)
    {
        var context = snapshot.Compose;
        var zone = TimeZoneInfo.FindSystemTimeZoneById(context.TimeZoneId);
        var byHandle = new Dictionary<string, TikTokAccount>(StringComparer.OrdinalIgnoreCase);
        foreach (var account in context.Accounts.Where(a => a.Status == ConnectionStatus.Connected).Concat(context.Accounts))
        {
            if (!string.IsNullOrEmpty(account.Username)) byHandle.TryAdd(account.Username, account);
        }
        // Newest first, so a name used twice in the library means the file uploaded last.
        var byName = context.Media.Values.OrderByDescending(m => m.CreatedAt)
            .GroupBy(m => m.OriginalFileName, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase);

        var dayLoads = new Dictionary<(Guid, DateOnly), int>();
        var minuteLoads = new Dictionary<(Guid, DateTimeOffset), int>();
        var monthLoads = new Dictionary<DateTime, int>();
        foreach (var post in snapshot.Planned)
        {
            if (DailyLimits.Counts(post.Status)) Increment(dayLoads, (post.AccountId, LocalDay(post.PublishAt, zone)));
            if (post.Status == PostStatus.Scheduled) Increment(minuteLoads, (post.AccountId, Minute(post.PublishAt)));
            if (PlanEntitlements.CountedStatuses.Contains(post.Status)) Increment(monthLoads, MonthStart(post.PublishAt, zone));
        }
        var alreadyPosted = new HashSet<(Guid, Guid)>(context.AlreadyPosted);
        var shaOf = context.Media.Values.Where(m => m.Sha256 is not null).ToDictionary(m => m.Id, m => m.Sha256!);

        var results = new List<RowCheck>(rows.Count);
        foreach (var row in rows)
        {
            var problems = new List<(string, string)>();
            var notes = new List<string>();
            var input = ToInput(row, context, snapshot, byHandle, byName, problems, out var account, out var rowZone);
            DateTimeOffset? at = null;
            ComposeVerdict? verdict = null;
            if (!problems.Any(p => p.Item1 == PostsCsv.TimeZone))
            {
                at = ResolveTime(row, rowZone, problems);
                if (row[PostsCsv.PublishAt].Trim().Length > 0 && at is null) input = null;
            }
            if (input is not null && account is not null)
            {
                // The composer reads ScheduleLocal in the context's zone; the instant is already exact, so hand it over in UTC.
                input = at is { } instant
                    ? input with { Action = ComposeAction.Schedule, ScheduleLocal = instant.UtcDateTime.ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture) }
                    : input with { Action = ComposeAction.SaveDraft };
                var rowContext = context with { TimeZoneId = "Etc/UTC", AlreadyPosted = alreadyPosted };
                input = input with { ConfirmRepost = confirmReposts };
                verdict = ComposeRules.Evaluate(input, rowContext);
                foreach (var (field, message) in verdict.Errors) problems.Add((ColumnOf(field, input.Kind), ImportMessage(field, message)));
                notes.AddRange(verdict.Warnings.Where(w => !w.Contains("happens twice", StringComparison.Ordinal)));
                if (verdict.IsValid) CheckLimits(account, at, snapshot, zone, dayLoads, minuteLoads, monthLoads, problems);
                if (!snapshot.MayCompose) problems.Add((PostsCsv.Account, snapshot.ComposeRefusal));
                else if (at is not null && !snapshot.MaySchedule) problems.Add((PostsCsv.PublishAt, snapshot.ScheduleRefusal));
                else if (at is null && PlanRules.MayChange(snapshot.Standing) is { Allowed: false } readOnly) problems.Add((PostsCsv.PublishAt, readOnly.Reason!));
            }

            var check = new RowCheck(row.Number, problems, notes, input, account?.Id, at, verdict);
            if (check.IsValid && account is not null)
            {
                // A valid row takes its place in the plan: later rows of the file are checked against it.
                if (at is { } planned)
                {
                    Increment(dayLoads, (account.Id, LocalDay(planned, zone)));
                    Increment(minuteLoads, (account.Id, Minute(planned)));
                    Increment(monthLoads, MonthStart(planned, zone));
                }
                IEnumerable<Guid> media = input!.Kind == PostKind.Video ? [input.VideoMediaId!.Value] : input.PhotoMediaIds;
                foreach (var id in media)
                {
                    var sha = shaOf.GetValueOrDefault(id);
                    foreach (var file in context.Media.Values.Where(m => m.Id == id || (sha is not null && m.Sha256 == sha)))
                        alreadyPosted.Add((account.Id, file.Id));
                }
            }
            results.Add(check);
        }
        return results;
    }

    private static ComposeInput? ToInput(ImportRow row, ComposeContext context, ImportSnapshot snapshot,
        Dictionary<string, TikTokAccount> byHandle, Dictionary<string, MediaFile> byName, List<(string, string)> problems,
        out TikTokAccount? account, out TimeZoneInfo zone)
    {
        account = null;
        zone = TimeZoneInfo.FindSystemTimeZoneById(context.TimeZoneId);
        var valid = true;

        var zoneName = row[PostsCsv.TimeZone].Trim();
        if (zoneName.Length > 0)
        {
            if (TimeZoneInfo.TryFindSystemTimeZoneById(zoneName, out var found) && found.HasIanaId) zone = found;
            else
            {
                problems.Add((PostsCsv.TimeZone, $"\"{zoneName}\" is not a time zone. Use an IANA name such as Europe/Berlin or America/New_York, or leave it empty for the workspace's ({context.TimeZoneId})."));
                valid = false;
            }
        }

        var handle = row[PostsCsv.Account].Trim().TrimStart('@');
        if (handle.Length == 0)
        {
            problems.Add((PostsCsv.Account, "Name the TikTok account as @username."));
            valid = false;
        }
        else if (!byHandle.TryGetValue(handle, out account))
        {
            var known = byHandle.Keys.Order(StringComparer.OrdinalIgnoreCase).Select(h => "@" + h).ToList();
            problems.Add((PostsCsv.Account, known.Count == 0
                ? $"@{handle} is not connected to this workspace, and no account is yet. Connect it on the Connections page."
                : $"@{handle} is not connected to this workspace. Connected: {string.Join(", ", known)}."));
            valid = false;
        }

        var media = ResolveMedia(row[PostsCsv.Media], snapshot, byName, problems);
        var privacy = ParsePrivacy(row[PostsCsv.Privacy], problems);
        var comment = ParseBool(row, PostsCsv.AllowComment, problems);
        var duet = ParseBool(row, PostsCsv.AllowDuet, problems);
        var stitch = ParseBool(row, PostsCsv.AllowStitch, problems);
        var branded = ParseBool(row, PostsCsv.BrandContent, problems);
        var organic = ParseBool(row, PostsCsv.BrandOrganic, problems);
        var ai = ParseBool(row, PostsCsv.AiGenerated, problems);
        int? cover = null;
        var coverText = row[PostsCsv.CoverMs].Trim();
        if (coverText.Length > 0)
        {
            if (int.TryParse(coverText, NumberStyles.None, CultureInfo.InvariantCulture, out var ms)) cover = ms;
            else problems.Add((PostsCsv.CoverMs, $"\"{coverText}\" is not a time in milliseconds (a whole number such as 1500), or leave it empty."));
        }
        if (!valid || media is null || problems.Count > 0 || account is null) return null;

        var (kind, video, photos) = media.Value;
        var caption = row[PostsCsv.Caption];
        return new ComposeInput
        {
            Kind = kind,
            VideoMediaId = video,
            PhotoMediaIds = photos,
            Title = kind == PostKind.Video ? caption : row[PostsCsv.Title],
            Description = kind == PostKind.Photo ? caption : "",
            Targets = [new TargetChoice(account.Id, privacy, comment, duet, stitch)],
            DisclosureEnabled = branded || organic,
            BrandedContent = branded,
            YourBrand = organic,
            IsAiGenerated = ai,
            VideoCoverTimestampMs = kind == PostKind.Video ? cover : null,
        };
    }

    private static (PostKind Kind, Guid? Video, IReadOnlyList<Guid> Photos)? ResolveMedia(string cell, ImportSnapshot snapshot,
        Dictionary<string, MediaFile> byName, List<(string, string)> problems)
    {
        var names = cell.Split(PostsCsv.MediaSeparator, StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (names.Length == 0)
        {
            problems.Add((PostsCsv.Media, "Name a video or photos from the media library, or an https address to pull."));
            return null;
        }
        var files = new List<MediaFile>();
        foreach (var name in names)
        {
            if (name.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
            {
                problems.Add((PostsCsv.Media, $"{name} is not https: only https addresses are pulled."));
                continue;
            }
            if (name.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
            {
                if (snapshot.PullFailures.TryGetValue(name, out var why)) problems.Add((PostsCsv.Media, why));
                else if (!snapshot.Pulled.TryGetValue(name, out var pulledId)) problems.Add((PostsCsv.Media, $"{name} has not been pulled yet."));
                else if (!snapshot.Compose.Media.TryGetValue(pulledId, out var pulled)) problems.Add((PostsCsv.Media, $"{name} was pulled but is not a video or photo TikTok accepts."));
                else files.Add(pulled);
                continue;
            }
            if (byName.TryGetValue(name, out var file)) files.Add(file);
            else problems.Add((PostsCsv.Media, $"\"{name}\" is not in the media library. Upload it first (names must match exactly), or give an https address."));
        }
        if (files.Count != names.Length) return null;
        var videos = files.Where(f => f.Kind == Media.Probing.MediaKind.Video).ToList();
        if (videos.Count > 0 && files.Count > 1)
        {
            problems.Add((PostsCsv.Media, "A post has one video, or 1 to 35 photos: a video cannot be mixed with other files."));
            return null;
        }
        return videos.Count == 1
            ? (PostKind.Video, videos[0].Id, [])
            : (PostKind.Photo, null, files.Select(f => f.Id).ToList());
    }

    private static string? ParsePrivacy(string cell, List<(string, string)> problems)
    {
        var text = cell.Trim();
        if (text.Length == 0) return null;
        string[] levels = [TikTokPrivacyLevel.PublicToEveryone, TikTokPrivacyLevel.MutualFollowFriends, TikTokPrivacyLevel.FollowerOfCreator, TikTokPrivacyLevel.SelfOnly];
        foreach (var level in levels)
        {
            if (string.Equals(text, level, StringComparison.OrdinalIgnoreCase) || string.Equals(text, ComposeRules.PrivacyLabel(level), StringComparison.OrdinalIgnoreCase))
                return level;
        }
        problems.Add((PostsCsv.Privacy, $"\"{text}\" is not an audience. Use Everyone, Friends, Followers or Only me (or TikTok's names: {string.Join(", ", levels)})."));
        return null;
    }

    private static bool ParseBool(ImportRow row, string column, List<(string, string)> problems)
    {
        var text = row[column].Trim();
        if (text.Length == 0) return false;
        if (text.ToLowerInvariant() is "true" or "yes" or "y" or "1" or "x" or "on") return true;
        if (text.ToLowerInvariant() is "false" or "no" or "n" or "0" or "off") return false;
        problems.Add((column, $"\"{text}\" is not yes or no: write true or false (or leave it empty for false)."));
        return false;
    }

    /// <summary>
    /// The row's instant, or null for an undated draft (and when the date cannot be read, with the problem). A time
    /// skipped by a DST jump is refused (the composer's own rule); a repeated hour is never guessed: both readings are
    /// offered, and the row picks one by adding its offset ("2026-10-25 02:30 +01:00").
    /// </summary>
    private static DateTimeOffset? ResolveTime(ImportRow row, TimeZoneInfo zone, List<(string, string)> problems)
    {
        var text = row[PostsCsv.PublishAt].Trim();
        if (text.Length == 0) return null;
        TimeSpan? offset = null;
        var local = text;
        var withOffset = System.Text.RegularExpressions.Regex.Match(text, @"^(.*\d)\s*(?:([+-])(\d{2}):?(\d{2})|Z)$");
        if (withOffset.Success && text.Length > 16)
        {
            local = withOffset.Groups[1].Value;
            offset = withOffset.Groups[2].Success
                ? (withOffset.Groups[2].Value == "-" ? -1 : 1) * new TimeSpan(int.Parse(withOffset.Groups[3].Value, CultureInfo.InvariantCulture), int.Parse(withOffset.Groups[4].Value, CultureInfo.InvariantCulture), 0)
                : TimeSpan.Zero;
        }
        if (!DateTime.TryParseExact(local, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var wall))
        {
            problems.Add((PostsCsv.PublishAt, $"\"{text}\" is not a date and time. Write it as {PostsCsv.DateFormat} (for example 2026-03-14 09:30), or leave it empty for a draft."));
            return null;
        }
        wall = DateTime.SpecifyKind(wall, DateTimeKind.Unspecified);
        var zoneId = zone.Id;
        if (zone.IsInvalidTime(wall))
        {
            problems.Add((PostsCsv.PublishAt, ComposeRules.ToInstant(wall, zoneId).Error!));
            return null;
        }
        if (zone.IsAmbiguousTime(wall))
        {
            var readings = zone.GetAmbiguousTimeOffsets(wall).OrderByDescending(o => o).ToList();
            if (offset is { } chosen && readings.Contains(chosen)) return new DateTimeOffset(wall, chosen);
            problems.Add((PostsCsv.PublishAt,
                $"{wall:HH:mm} happens twice on {wall.ToString("d MMMM yyyy", CultureInfo.InvariantCulture)} in {zoneId} (the clocks go back): " +
                string.Join(" or ", readings.Select((o, i) => $"{(i == 0 ? "the first" : "the second")} ({Format(wall, o)}, {new DateTimeOffset(wall, o).UtcDateTime:HH:mm} UTC)")) +
                ". Write the one you mean with its offset, for example " + Format(wall, readings[0]) + "."));
            return null;
        }
        var instant = new DateTimeOffset(wall, zone.GetUtcOffset(wall));
        if (offset is { } given && given != instant.Offset)
        {
            problems.Add((PostsCsv.PublishAt, $"{text}: {zoneId} is at {Offset(instant.Offset)} then, not {Offset(given)}. Leave the offset out, or fix the time zone."));
            return null;
        }
        return instant;
    }

    private static string Format(DateTime wall, TimeSpan offset) => $"{wall.ToString(PostsCsv.DateFormat, CultureInfo.InvariantCulture)} {Offset(offset)}";
    private static string Offset(TimeSpan offset) => (offset < TimeSpan.Zero ? "-" : "+") + offset.Duration().ToString(@"hh\:mm", CultureInfo.InvariantCulture);

    private static void CheckLimits(TikTokAccount account, DateTimeOffset? at, ImportSnapshot snapshot, TimeZoneInfo zone,
        Dictionary<(Guid, DateOnly), int> dayLoads, Dictionary<(Guid, DateTimeOffset), int> minuteLoads, Dictionary<DateTime, int> monthLoads,
        List<(string, string)> problems)
    {
        if (at is not { } instant) return;
        var handle = ComposeRules.Handle(account);
        var day = LocalDay(instant, zone);
        var (cap, kind) = DailyLimits.CapFor(account, snapshot.Compose.AppAudited, snapshot.Publishing);
        var load = new DayLoad(account.Id, handle, day, dayLoads.GetValueOrDefault((account.Id, day)), cap, kind);
        if (load.Count + 1 > load.Cap)
        {
            var dayName = day.ToString("ddd d MMM yyyy", CultureInfo.InvariantCulture);
            problems.Add((PostsCsv.PublishAt, kind == LimitKind.InboxDrafts
                ? $"{handle} posts as drafts to their TikTok inbox, which holds {cap} pending; {dayName} already has {load.Count} (counting earlier rows of this file). Move this row to another day."
                : $"{handle} already has {load.Count} posts on {dayName} (counting earlier rows of this file); TikTok allows about {cap} a day through apps. Move this row to another day."));
        }
        var minute = Minute(instant);
        var inits = minuteLoads.GetValueOrDefault((account.Id, minute));
        if (inits + 1 > InitsPerMinute)
        {
            problems.Add((PostsCsv.PublishAt,
                $"{handle} already has {inits} posts at {TimeZoneInfo.ConvertTime(instant, zone):HH:mm} that day; TikTok accepts {InitsPerMinute} uploads a minute per account. Move this row by a minute or more."));
        }
        var month = MonthStart(instant, zone);
        var already = monthLoads.GetValueOrDefault(month);
        if (PlanRules.MaySchedule(snapshot.Standing, already, 1, month.ToString("MMMM yyyy", CultureInfo.InvariantCulture)) is { Allowed: false } plan)
            problems.Add((PostsCsv.PublishAt, plan.Reason!));
    }

    /// <summary>The composer's error keys ("privacy.{account}", "schedule", ...) as the column a user fixes.</summary>
    private static string ColumnOf(string field, PostKind kind)
    {
        var key = field.Split('.')[0];
        return key switch
        {
            "accounts" or "account" => PostsCsv.Account,
            "privacy" => PostsCsv.Privacy,
            "comment" => PostsCsv.AllowComment,
            "duet" => PostsCsv.AllowDuet,
            "stitch" => PostsCsv.AllowStitch,
            "media" or "repost" => PostsCsv.Media,
            "cover" => kind == PostKind.Video ? PostsCsv.CoverMs : PostsCsv.Media,
            "title" => kind == PostKind.Video ? PostsCsv.Caption : PostsCsv.Title,
            "description" => PostsCsv.Caption,
            "disclosure" => PostsCsv.BrandContent,
            _ => PostsCsv.PublishAt,
        };
    }

    /// <summary>The composer speaks of its own controls in a few messages; a spreadsheet row has cells instead.</summary>
    private static string ImportMessage(string field, string message) => field switch
    {
        "repost" => "This media was already posted or scheduled to this account (TikTok's spam checks punish re-posting identical media). Choose another file, or tick \"Post media again\" above.",
        "schedule" when message.StartsWith("Choose the date", StringComparison.Ordinal) => "Write the date and time as " + PostsCsv.DateFormat + ".",
        "schedule" when message.StartsWith("That time has passed", StringComparison.Ordinal) => "That time has passed. Choose a time at least a minute from now.",
        "disclosure" => message + " Set brand_organic (your own brand) or brand_content (a paid partnership) to true.",
        _ => message,
    };

    private static void Increment<T>(Dictionary<T, int> counts, T key) where T : notnull => counts[key] = counts.GetValueOrDefault(key) + 1;

    private static DateOnly LocalDay(DateTimeOffset at, TimeZoneInfo zone) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, zone).DateTime);

    private static DateTimeOffset Minute(DateTimeOffset at) => new(at.UtcTicks - at.UtcTicks % TimeSpan.TicksPerMinute, TimeSpan.Zero);

    public static DateTime MonthStart(DateTimeOffset at, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(at, zone);
        return new DateTime(local.Year, local.Month, 1);
    }
}
