using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using TikTokStudio.Web.Data;
using TikTokStudio.Web.Features.Activity;
using TikTokStudio.Web.Features.Billing;
using TikTokStudio.Web.Features.Posts.Compose;
using TikTokStudio.Web.Features.Posts.Publish;
using TikTokStudio.Web.Features.Team;
using TikTokStudio.Web.Features.Workspaces;
using TikTokStudio.Web.Live;

namespace TikTokStudio.Web.Features.Posts.Import;

public enum ImportMode
{
    /// <summary>Create the rows that pass every check; the others stay in the preview to be fixed.</summary>
    ValidRows,
    /// <summary>Create every row or none: one bad row stops the whole file.</summary>
    AllOrNone,
}

/// <summary>What the preview holds between a user's edits: the file (its rows changed in place) and the pulled media.</summary>
public sealed class ImportSession
{
    public required ImportFile File { get; init; }
    public Dictionary<string, Guid> Pulled { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, string> PullFailures { get; } = new(StringComparer.Ordinal);

    /// <summary>The earlier import of the same bytes (another session, or an earlier day), which the user is asked about.</summary>
    public PostImportFile? PreviousImport { get; set; }

    /// <summary>Set once part of this file was imported here, so importing its fixed rows is not taken for a repeat.</summary>
    public Guid? ImportedHereId { get; set; }

    /// <summary>Row numbers already imported from this session.</summary>
    public HashSet<int> ImportedRows { get; } = [];
    public bool ConfirmReposts { get; set; }
    public IReadOnlyList<RowCheck> Checks { get; set; } = [];

    public IEnumerable<ImportRow> PendingRows => File.Rows.Where(r => !ImportedRows.Contains(r.Number));
}

public sealed record ImportResult(bool Done, string Message, int Created);

/// <summary>
/// The import's handler: reads a file into a preview, re-checks it after each edit, and creates its posts in one
/// transaction. Role, workspace and plan are checked here (a circuit has no request pipeline); the rows themselves are
/// judged by <see cref="ImportChecker"/>, which uses the composer's rules.
/// </summary>
public sealed class PostsImport(
    StudioDbContext db, WorkspaceContext workspace, ComposeService compose, PlanEntitlements plans, IOptions<PublishingOptions> publishing,
    PostScheduler scheduler, ILiveNotifier live, ActivityRecorder activity, Media.MediaUrlPull puller, TimeProvider time, Approvals.ApprovalService approvals)
{
    /// <summary>Reads an upload into a preview; an unreadable file comes back with its reason and no rows.</summary>
    public async Task<ImportSession> OpenAsync(byte[] bytes, string fileName, CancellationToken ct)
    {
        var session = new ImportSession { File = PostsCsv.Parse(bytes, Path.GetFileName(fileName)) };
        if (!session.File.IsReadable) return session;
        var sha = session.File.Sha256;
        session.PreviousImport = await db.Set<PostImportFile>().AsNoTracking()
            .Where(f => f.Sha256 == sha).OrderByDescending(f => f.ImportedAt).FirstOrDefaultAsync(ct);
        await RecheckAsync(session, ct);
        return session;
    }

    /// <summary>Pulls any new https media the rows name, then checks every pending row against the workspace as it is now.</summary>
    public async Task RecheckAsync(ImportSession session, CancellationToken ct)
    {
        var pending = session.PendingRows.ToList();
        if (workspace.May(StudioAction.UploadMedia)) await PullNewAsync(session, pending, ct);
        var snapshot = await SnapshotAsync(session, ct);
        session.Checks = ImportChecker.Check(pending, snapshot, session.ConfirmReposts);
    }

    /// <summary>
    /// Creates the posts: every valid pending row (<see cref="ImportMode.ValidRows"/>) or, only when all are valid,
    /// all of them. Everything is re-checked inside the transaction first, so a change made meanwhile (another tab, a
    /// teammate) cannot slip past a limit. A file imported before needs <paramref name="confirmRepeat"/>.
    /// </summary>
    public async Task<ImportResult> ImportAsync(ImportSession session, ImportMode mode, bool confirmRepeat, CancellationToken ct)
    {
        if (!workspace.May(StudioAction.ComposePost)) return new(false, Permissions.Refusal(StudioAction.ComposePost), 0);
        if (session.PreviousImport is { } previous && previous.Id != session.ImportedHereId && !confirmRepeat)
            return new(false, RepeatQuestion(previous), 0);

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var pending = session.PendingRows.ToList();
        var snapshot = await SnapshotAsync(session, ct);
        session.Checks = ImportChecker.Check(pending, snapshot, session.ConfirmReposts);
        var valid = session.Checks.Where(c => c.IsValid).ToList();
        var invalid = session.Checks.Count - valid.Count;
        if (valid.Count == 0) return new(false, "No row can be imported yet: fix the problems shown in the table.", 0);
        if (mode == ImportMode.AllOrNone && invalid > 0)
            return new(false, $"Nothing was imported: {Rows(invalid)} still {(invalid == 1 ? "has" : "have")} problems, and you chose all or none. Fix them, or import the valid rows only.", 0);
        // The composer's rule: with approvals applying to this member, a dated row is submitted for approval, not scheduled.
        var approvalMode = await approvals.ModeAsync(ct);
        var scheduling = SchedulingAction(approvalMode);
        if (valid.Any(c => c.PublishAt is not null) && !workspace.May(scheduling))
            return new(false, Permissions.Refusal(scheduling), 0);
        // The plan's own check over the whole set, as the composer asks it (the checker's per-row view must agree).
        var instants = valid.Where(c => c.PublishAt is not null).Select(c => c.PublishAt!.Value).ToList();
        var allowed = instants.Count > 0 ? await plans.MayScheduleAsync(instants, null, ct) : await plans.MayChangeAsync(ct);
        if (allowed.Allowed && instants.Count > 0)
            allowed = await plans.MayPostToAsync(valid.Where(c => c.PublishAt is not null && c.AccountId is not null).Select(c => c.AccountId!.Value), ct);
        if (!allowed.Allowed) return new(false, "Nothing was imported: " + allowed.Reason, 0);

        var now = time.GetUtcNow();
        var zone = TimeZoneInfo.FindSystemTimeZoneById(workspace.Current.TimeZoneId);
        var fileName = session.File.FileName;
        var record = session.ImportedHereId is { } hereId
            ? await db.Set<PostImportFile>().FirstAsync(f => f.Id == hereId, ct)
            : db.Set<PostImportFile>().Add(new PostImportFile
            {
                Sha256 = session.File.Sha256, FileName = fileName, ImportedAt = now,
                ImportedByUserId = workspace.UserId!, ImportedByName = workspace.UserName ?? workspace.UserId!,
            }).Entity;
        record.PostCount += valid.Count;
        var posts = new List<Post>();
        var submitted = new List<Post>();
        foreach (var row in valid)
        {
            var post = new Post { WorkspaceId = workspace.Current.Id, CompositionId = Guid.CreateVersion7(), AccountId = row.AccountId!.Value, CreatedAt = now, CreatedByUserId = workspace.UserId! };
            ComposeService.Apply(post, row.Input!, row.Input!.Targets[0], row.Verdict!, now);
            db.Set<Post>().Add(post);
            posts.Add(post);
            activity.Record(db, workspace.Current.Id, ActivityKinds.PostCreated, $"Post imported from {fileName} row {row.Number}", post.Id, post.AccountId);
            // Pending approval: the submission is its timeline event (with the import named in the activity entry above).
            if (approvals.Submit(post, approvalMode, postWhenApproved: false))
            {
                submitted.Add(post);
                continue;
            }
            db.Set<PostEvent>().Add(new PostEvent
            {
                PostId = post.Id, At = now,
                Kind = post.Status == PostStatus.Draft ? "draft" : "scheduled",
                Message = post.PublishAt is { } at
                    ? $"Imported from {fileName} (row {row.Number}); scheduled for {TimeZoneInfo.ConvertTime(at, zone).ToString("ddd d MMM yyyy HH:mm", CultureInfo.InvariantCulture)} ({zone.Id})."
                    : $"Imported from {fileName} (row {row.Number}) as a draft.",
            });
        }
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);

        session.ImportedHereId = record.Id;
        foreach (var row in valid) session.ImportedRows.Add(row.Number);
        foreach (var post in posts)
        {
            // A pending post keeps its trigger, as from the composer: at its minute the engine refuses it if still pending.
            if (post.Status is PostStatus.Scheduled or PostStatus.PendingApproval) await scheduler.ScheduleAsync(post, ct);
            await live.ChangedAsync(post.WorkspaceId, "post", post.Id.ToString(), ct);
        }
        await approvals.TellApproversAsync(submitted, ct);
        session.Checks = session.Checks.Where(c => !c.IsValid).ToList();
        var left = session.Checks.Count;
        return new(true, $"Imported {Rows(valid.Count, "post")} from {fileName}." +
            (submitted.Count > 0 ? $" {(submitted.Count == valid.Count ? (submitted.Count == 1 ? "It waits" : "They wait") : $"{submitted.Count} of them {(submitted.Count == 1 ? "waits" : "wait")}")} for approval before {(submitted.Count == 1 ? "it is" : "they are")} published." : "") +
            (left > 0 ? $" {Rows(left)} with problems {(left == 1 ? "is" : "are")} still below: fix and import {(left == 1 ? "it" : "them")}, or leave {(left == 1 ? "it" : "them")} out." : ""), valid.Count);
    }

    public static string RepeatQuestion(PostImportFile previous) =>
        $"This file was already imported on {previous.ImportedAt.UtcDateTime.ToString("d MMM yyyy HH:mm", CultureInfo.InvariantCulture)} UTC by {previous.ImportedByName} " +
        $"({Rows(previous.PostCount, "post")}). Importing it again creates those posts a second time.";

    private async Task PullNewAsync(ImportSession session, IEnumerable<ImportRow> rows, CancellationToken ct)
    {
        var addresses = rows.SelectMany(r => r[PostsCsv.Media].Split(PostsCsv.MediaSeparator, StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            .Where(a => a.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
            .Distinct(StringComparer.Ordinal)
            .Where(a => !session.Pulled.ContainsKey(a) && !session.PullFailures.ContainsKey(a))
            .ToList();
        foreach (var address in addresses)
        {
            var pull = await puller.PullAsync(address, ct);
            if (pull.MediaId is { } id) session.Pulled[address] = id;
            else session.PullFailures[address] = pull.Error!;
        }
    }

    private async Task<ImportSnapshot> SnapshotAsync(ImportSession session, CancellationToken ct)
    {
        var context = await compose.LoadContextAsync(freshCreatorInfo: false, ct);
        // Per-account access: a member limited to some accounts cannot import to the others (they are "not connected" to them).
        context = context with { Accounts = context.Accounts.Where(a => workspace.MayUseAccount(a.Id)).ToList() };
        var zone = TimeZoneInfo.FindSystemTimeZoneById(context.TimeZoneId);
        var local = TimeZoneInfo.ConvertTime(context.Now, zone);
        // From the day before this month began (in UTC terms), so the month allowance and today's cap see every post.
        var since = new DateTimeOffset(new DateTime(local.Year, local.Month, 1), TimeSpan.Zero).AddDays(-2);
        var planned = await db.Set<Post>().AsNoTracking()
            .Where(p => p.PublishAt != null && p.PublishAt >= since)
            .Select(p => new PlannedPost(p.AccountId, p.PublishAt!.Value, p.Status))
            .ToListAsync(ct);
        var scheduling = SchedulingAction(await approvals.ModeAsync(ct));
        return new ImportSnapshot
        {
            Compose = context,
            Planned = planned,
            Standing = await plans.StandingAsync(ct),
            Publishing = publishing.Value,
            MayCompose = workspace.May(StudioAction.ComposePost),
            MaySchedule = workspace.May(scheduling),
            ComposeRefusal = Permissions.Refusal(StudioAction.ComposePost),
            ScheduleRefusal = Permissions.Refusal(scheduling),
            Pulled = session.Pulled,
            PullFailures = session.PullFailures,
        };
    }

    /// <summary>What a dated row asks of the member: scheduling, or submitting for approval when approvals apply to them.</summary>
    private StudioAction SchedulingAction(Approvals.ApprovalMode mode) =>
        Approvals.ApprovalRules.NeedsApproval(mode, workspace.Role) ? StudioAction.SubmitForApproval : StudioAction.SchedulePost;

    private static string Rows(int count, string word = "row") => count == 1 ? $"1 {word}" : $"{count} {word}s";
}
