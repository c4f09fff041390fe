using System.Globalization;
using Microsoft.EntityFrameworkCore;
using TikTokStudio.Web.Data;
using TikTokStudio.Web.Features.Connections;
using TikTokStudio.Web.Features.Posts;
using TikTokStudio.Web.Features.Posts.Calendar;
using TikTokStudio.Web.Features.Posts.Compose;
using TikTokStudio.Web.Features.Posts.List;
using TikTokStudio.Web.Features.Posts.Publish;
using TikTokStudio.Web.Features.Team;
using TikTokStudio.Web.Features.Workspaces;

namespace TikTokStudio.Web.Features.Api;

/// <summary>An API answer: a value with its status, or a problem.</summary>
public sealed record ApiOutcome<T>(T? Value, ApiProblem? Problem, int Status = 200)
{
    public static implicit operator ApiOutcome<T>(ApiProblem problem) => new(default, problem, problem.Status);
}

/// <summary>
/// The posts resource. Every write goes through the composer's own handlers and rule engine (ComposeService and
/// ComposeRules, PostMover, PostDetails, PostsActions): this class only maps JSON to <see cref="ComposeInput"/> and the
/// rules' field keys back to JSON paths. Posts of accounts outside the key's account limits are "not found".
/// </summary>
public sealed class PostsResource(
    StudioDbContext db, WorkspaceContext workspace, ComposeService compose, PostMover mover, PostDetails details,
    PostsActions actions, CalendarFeed calendar, TimeProvider time)
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 200;

    public async Task<ApiOutcome<ApiComposition>> CreateAsync(ApiPostRequest request, CancellationToken ct)
    {
        var targets = request.Accounts ?? [];
        var shape = ShapeErrors(request, targets, creating: true);
        if (shape.Count > 0) return ApiProblems.Validation("The request has fields that are missing or wrong.", Group(shape));
        var (action, schedule, scheduleError) = When(request);
        if (scheduleError is not null) return ApiProblems.Validation(scheduleError, Group([("publish_at", scheduleError)]));

        var input = new ComposeInput
        {
            Kind = request.Media?.PhotoIds is { Count: > 0 } ? PostKind.Photo : PostKind.Video,
            VideoMediaId = request.Media?.VideoId,
            PhotoMediaIds = request.Media?.PhotoIds ?? [],
            PhotoCoverIndex = request.Media?.CoverIndex ?? 0,
            VideoCoverTimestampMs = request.Media?.CoverTimestampMs,
            Title = request.Caption ?? "",
            Description = request.Description ?? "",
            Targets = targets.Select(t => new TargetChoice(t.Id!.Value, t.Privacy, t.AllowComment ?? false, t.AllowDuet ?? false, t.AllowStitch ?? false)).ToList(),
            DisclosureEnabled = request.Disclosure is { } d && (d.YourBrand == true || d.BrandedContent == true),
            YourBrand = request.Disclosure?.YourBrand ?? false,
            BrandedContent = request.Disclosure?.BrandedContent ?? false,
            IsAiGenerated = request.IsAiGenerated ?? false,
            AutoAddMusic = request.AutoAddMusic ?? false,
            ConfirmRepost = request.ConfirmRepost ?? false,
            Action = action,
            ScheduleLocal = schedule,
        };
        if (await PlannedLimitAsync(input, null, ct) is { } limited) return limited;
        var outcome = await compose.SubmitAsync(input, ct);
        if (outcome.Invalid is { } invalid) return Refusal(invalid.Verdict, input.Targets);
        var composition = await compose.CompositionAsync(outcome.CompositionId!.Value, ct);
        var posts = composition!.Posts.Select(p => ToApi(p)).ToList();
        var warnings = compose.Model(input, await compose.LoadContextAsync(false, ct), false).Verdict.Warnings;
        return new(new ApiComposition(composition.Id, posts, warnings), null, StatusCodes.Status201Created);
    }

    /// <summary>PATCH: fields that are sent replace the post's, the rest stay; only drafts and scheduled posts change.</summary>
    public async Task<ApiOutcome<ApiPost>> UpdateAsync(Guid id, ApiPostRequest request, CancellationToken ct)
    {
        var post = await FindAsync(id, ct);
        if (post is null) return ApiProblems.NotFound();
        var current = await compose.InputForEditAsync(id, ct);
        if (current is null) return ApiProblems.Conflict($"This post is {post.Status.ToString().ToLowerInvariant()}: only drafts and scheduled posts can be changed.");
        if (request.Accounts is { Count: > 1 } || request.Accounts is [{ Id: { } other }] && other != post.AccountId)
            return ApiProblems.Validation("A post belongs to one account; create a new post for another account.",
                Group([("accounts", "A post's account cannot be changed; leave accounts out or send only this post's account with its settings.")]));
        var oldTarget = current.Targets[0];
        var newTarget = request.Accounts is [{ } t] ? t : null;
        var (action, schedule, scheduleError) = request.PublishAt is null && request.Draft is null
            ? (post.Status == PostStatus.Draft ? ComposeAction.SaveDraft : ComposeAction.Schedule, current.ScheduleLocal, null)
            : When(request);
        if (scheduleError is not null) return ApiProblems.Validation(scheduleError, Group([("publish_at", scheduleError)]));
        var input = current with
        {
            VideoMediaId = request.Media?.VideoId ?? current.VideoMediaId,
            PhotoMediaIds = request.Media?.PhotoIds ?? current.PhotoMediaIds,
            Kind = request.Media is { } m ? (m.PhotoIds is { Count: > 0 } ? PostKind.Photo : m.VideoId is not null ? PostKind.Video : current.Kind) : current.Kind,
            PhotoCoverIndex = request.Media?.CoverIndex ?? current.PhotoCoverIndex,
            VideoCoverTimestampMs = request.Media?.CoverTimestampMs ?? current.VideoCoverTimestampMs,
            Title = request.Caption ?? current.Title,
            Description = request.Description ?? current.Description,
            Targets = [new TargetChoice(post.AccountId, newTarget?.Privacy ?? oldTarget.Privacy, newTarget?.AllowComment ?? oldTarget.AllowComment,
                newTarget?.AllowDuet ?? oldTarget.AllowDuet, newTarget?.AllowStitch ?? oldTarget.AllowStitch)],
            DisclosureEnabled = request.Disclosure is { } d ? d.YourBrand == true || d.BrandedContent == true : current.DisclosureEnabled,
            YourBrand = request.Disclosure?.YourBrand ?? current.YourBrand,
            BrandedContent = request.Disclosure?.BrandedContent ?? current.BrandedContent,
            IsAiGenerated = request.IsAiGenerated ?? current.IsAiGenerated,
            AutoAddMusic = request.AutoAddMusic ?? current.AutoAddMusic,
            ConfirmRepost = request.ConfirmRepost ?? true,
            Action = action,
            ScheduleLocal = schedule,
        };
        if (await PlannedLimitAsync(input, post.Id, ct) is { } limited) return limited;
        var outcome = await compose.SubmitAsync(input, ct);
        if (outcome.Invalid is { } invalid) return Refusal(invalid.Verdict, input.Targets);
        return new(ToApi((await FindAsync(id, ct))!), null);
    }

    public async Task<ApiOutcome<ApiPost>> RescheduleAsync(Guid id, ApiRescheduleRequest request, CancellationToken ct)
    {
        var post = await FindAsync(id, ct);
        if (post is null) return ApiProblems.NotFound();
        if (request.PublishAt is null or "now")
            return ApiProblems.Validation("Send publish_at: the new local time (with timezone) or an instant with its offset.", Group([("publish_at", "Required.")]));
        var (local, error) = WorkspaceLocal(request.PublishAt, request.Timezone);
        if (error is not null) return ApiProblems.Validation(error, Group([("publish_at", error)]));
        var result = await mover.MoveAsync(id, local, null, confirmOverLimit: false, ct);
        return result.Outcome switch
        {
            MoveOutcome.Moved => new ApiOutcome<ApiPost>(ToApi((await FindAsync(id, ct))!), null),
            MoveOutcome.Forbidden => (ApiOutcome<ApiPost>)ApiProblems.Forbidden(result.Message),
            MoveOutcome.NotFound => (ApiOutcome<ApiPost>)ApiProblems.NotFound(),
            MoveOutcome.Conflict => (ApiOutcome<ApiPost>)ApiProblems.Conflict(result.Message),
            MoveOutcome.NeedsConfirmation => (ApiOutcome<ApiPost>)ApiProblems.PlannedLimit(result.Warning ?? result.Message,
                await NextFreeDayAsync(post.AccountId, DateOnly.FromDateTime(DateTime.ParseExact(local!, "yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture)), post.Id, ct),
                Group([("publish_at", result.Warning ?? result.Message)])),
            _ => (ApiOutcome<ApiPost>)ApiProblems.Validation(result.Message, Group([("publish_at", result.Message)])),
        };
    }

    /// <summary>Cancel: the post stops being scheduled and is a draft again (nothing was sent to TikTok).</summary>
    public async Task<ApiOutcome<ApiPost>> CancelAsync(Guid id, CancellationToken ct)
    {
        var post = await FindAsync(id, ct);
        if (post is null) return ApiProblems.NotFound();
        if (post.Status == PostStatus.Draft) return new(ToApi(post), null);
        var result = await details.UnscheduleAsync(id, ct);
        if (!result.Done)
            return result.Message == Permissions.Refusal(StudioAction.SchedulePost) ? ApiProblems.Forbidden(result.Message) : ApiProblems.Conflict(result.Message);
        return new(ToApi((await FindAsync(id, ct))!), null);
    }

    public async Task<ApiOutcome<bool>> DeleteAsync(Guid id, CancellationToken ct)
    {
        var post = await FindAsync(id, ct);
        if (post is null) return ApiProblems.NotFound();
        var report = await actions.DeleteAsync([id], ct);
        if (report.IsError || report.Skipped.Count > 0)
            return report.Message == PostsActions.ViewerDeleteMessage ? ApiProblems.Forbidden(report.Message)
                : ApiProblems.Conflict(string.Join(" ", report.Skipped.DefaultIfEmpty(report.Message)));
        return new(true, null, StatusCodes.Status204NoContent);
    }

    public async Task<ApiPost?> GetAsync(Guid id, CancellationToken ct)
    {
        if (await FindAsync(id, ct) is null) return null;
        var view = await details.LoadAsync(id, ct);
        return view is null ? null : ToApi(view.Post, view.Events);
    }

    public async Task<ApiOutcome<ApiList<ApiPost>>> ListAsync(string? status, Guid? accountId, DateTimeOffset? from, DateTimeOffset? to,
        string? cursor, int? limit, CancellationToken ct)
    {
        var errors = new List<(string, string)>();
        var statuses = new List<PostStatus>();
        foreach (var name in (status ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (Enum.TryParse<PostStatus>(name.Replace("_", ""), ignoreCase: true, out var parsed)) statuses.Add(parsed);
            else errors.Add(("status", $"\"{name}\" is not a status. Use: {string.Join(", ", Enum.GetValues<PostStatus>().Select(Snake))}."));
        }
        var size = limit ?? DefaultPageSize;
        if (size is < 1 or > MaxPageSize) errors.Add(("limit", $"limit is 1 to {MaxPageSize}."));
        Guid? after = null;
        if (cursor is { Length: > 0 })
        {
            if (Guid.TryParse(cursor, out var c)) after = c;
            else errors.Add(("cursor", "This cursor was not made by this API: pass next_cursor from the previous page as it is."));
        }
        if (from is { } f && to is { } t && t <= f) errors.Add(("to", "to must be after from."));
        if (errors.Count > 0) return ApiProblems.Validation("Some query parameters are wrong.", Group(errors));

        var query = VisiblePosts();
        if (statuses.Count > 0) query = query.Where(p => statuses.Contains(p.Status));
        if (accountId is { } a) query = query.Where(p => p.AccountId == a);
        if (from is { } fromAt) query = query.Where(p => p.PublishAt >= fromAt);
        if (to is { } toAt) query = query.Where(p => p.PublishAt < toAt);
        // Newest first by id (version 7 GUIDs grow with time), so a page boundary never moves when posts are added.
        if (after is { } last) query = query.Where(p => p.Id.CompareTo(last) < 0);
        var page = await query.OrderByDescending(p => p.Id).Take(size + 1).ToListAsync(ct);
        var more = page.Count > size;
        if (more) page.RemoveAt(size);
        return new(new ApiList<ApiPost>(page.Select(p => ToApi(p)).ToList(), more ? page[^1].Id.ToString() : null), null);
    }

    /// <summary>Posts of the workspace that the key's account limits allow (the rest do not exist for it).</summary>
    public IQueryable<Post> VisiblePosts()
    {
        var query = db.Set<Post>().AsNoTracking();
        if (workspace.AccountScope is { } scope)
        {
            var ids = scope.ToList();
            query = query.Where(p => ids.Contains(p.AccountId));
        }
        return query;
    }

    private Task<Post?> FindAsync(Guid id, CancellationToken ct) => VisiblePosts().FirstOrDefaultAsync(p => p.Id == id, ct);

    private List<(string, string)> ShapeErrors(ApiPostRequest request, IReadOnlyList<ApiPostTarget> targets, bool creating)
    {
        var errors = new List<(string, string)>();
        if (creating && targets.Count == 0) errors.Add(("accounts", "Send at least one account: accounts: [{\"id\": \"...\", \"privacy\": \"...\"}]."));
        for (var i = 0; i < targets.Count; i++)
        {
            if (targets[i].Id is not { } accountId) errors.Add(($"accounts[{i}].id", "Required: the account's id (GET /api/v1/accounts)."));
            // Outside the key's limits an account is as unknown as another workspace's.
            else if (!workspace.MayUseAccount(accountId)) errors.Add(($"accounts[{i}].id", "There is no such account in this workspace."));
        }
        if (targets.Where(t => t.Id is not null).GroupBy(t => t.Id).Any(g => g.Count() > 1)) errors.Add(("accounts", "An account is listed twice."));
        if (request.Media is { VideoId: not null, PhotoIds.Count: > 0 }) errors.Add(("media", "Send either video_id or photo_ids, not both."));
        return errors;
    }

    /// <summary>What the request asks for: a draft, now, or a time (as the workspace-local string the composer takes).</summary>
    private (ComposeAction Action, string? ScheduleLocal, string? Error) When(ApiPostRequest request)
    {
        if (request.Draft == true)
        {
            if (request.PublishAt is null) return (ComposeAction.SaveDraft, null, null);
            if (request.PublishAt == "now") return (default, null, "A draft has no \"now\": leave publish_at out or send a time to date the draft.");
            var (draftLocal, draftError) = WorkspaceLocal(request.PublishAt, request.Timezone);
            return (ComposeAction.SaveDraft, draftLocal, draftError);
        }
        if (request.PublishAt is null) return (default, null, "Send publish_at (a time, or \"now\"), or draft: true.");
        if (request.PublishAt == "now") return (ComposeAction.PostNow, null, null);
        var (local, error) = WorkspaceLocal(request.PublishAt, request.Timezone);
        return (ComposeAction.Schedule, local, error);
    }

    /// <summary>
    /// <paramref name="publishAt"/> as the composer's input: "yyyy-MM-ddTHH:mm" in the workspace's zone. It is either an
    /// instant with its offset (2026-12-24T09:00:00Z) or a wall-clock time in <paramref name="timezone"/> (IANA; default
    /// the workspace's), which may fall in a daylight-saving gap (refused) or overlap (the first occurrence).
    /// </summary>
    private (string? Local, string? Error) WorkspaceLocal(string publishAt, string? timezone)
    {
        var workspaceZone = workspace.Current.TimeZoneId;
        DateTimeOffset instant;
        var hasOffset = publishAt.EndsWith('Z') || publishAt.EndsWith('z') || System.Text.RegularExpressions.Regex.IsMatch(publishAt, @"[+-]\d\d:?\d\d$");
        if (hasOffset)
        {
            if (timezone is not null) return (null, "Send either an instant with an offset or a local time with timezone, not both.");
            if (!DateTimeOffset.TryParse(publishAt, CultureInfo.InvariantCulture, DateTimeStyles.None, out instant))
                return (null, $"\"{publishAt}\" is not an ISO 8601 time.");
        }
        else
        {
            var zoneId = timezone ?? workspaceZone;
            if (!TimeZoneInfo.TryFindSystemTimeZoneById(zoneId, out _)) return (null, $"\"{zoneId}\" is not an IANA time zone (e.g. Europe/Berlin, America/New_York).");
            if (!DateTime.TryParseExact(publishAt, ["yyyy-MM-ddTHH:mm", "yyyy-MM-ddTHH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
                return (null, $"\"{publishAt}\" is not a local time like 2026-12-24T09:00 (or an instant like 2026-12-24T08:00:00Z, or \"now\").");
            var (at, error, _) = ComposeRules.ToInstant(local, zoneId);
            if (error is not null) return (null, error);
            instant = at;
        }
        if (instant.Second != 0 || instant.Millisecond != 0) return (null, "Posts are scheduled to the minute: send a time with 0 seconds.");
        var inWorkspace = TimeZoneInfo.ConvertTime(instant, TimeZoneInfo.FindSystemTimeZoneById(workspaceZone));
        var text = inWorkspace.ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture);
        // The composer reads the wall-clock time back in the workspace's zone; an hour that happens twice there would move it.
        if (ComposeRules.ToInstant(inWorkspace.DateTime, workspaceZone).Instant != instant)
            return (null, $"That instant is in the hour the workspace's time zone ({workspaceZone}) repeats; choose another minute.");
        return (text, null);
    }

    /// <summary>TikTok's per-creator daily limits are planned, not discovered: a post that would exceed one is refused with when the account has room.</summary>
    private async Task<ApiProblem?> PlannedLimitAsync(ComposeInput input, Guid? replacing, CancellationToken ct)
    {
        if (input.Action == ComposeAction.SaveDraft) return null;
        var zone = TimeZoneInfo.FindSystemTimeZoneById(workspace.Current.TimeZoneId);
        var day = input.Action == ComposeAction.PostNow || input.ScheduleLocal is null
            ? DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), zone).DateTime)
            : DateOnly.ParseExact(input.ScheduleLocal[..10], "yyyy-MM-dd", CultureInfo.InvariantCulture);
        var errors = new List<(string, string)>();
        DateTimeOffset? next = null;
        for (var i = 0; i < input.Targets.Count; i++)
        {
            var account = await db.Set<TikTokAccount>().AsNoTracking().FirstOrDefaultAsync(a => a.Id == input.Targets[i].AccountId, ct);
            if (account is null) continue;
            var load = await calendar.LoadAsync(account, day, replacing ?? Guid.Empty, ct);
            if (DailyLimits.WarningForOneMore(load) is not { } warning) continue;
            errors.Add(($"accounts[{i}]", warning));
            var free = await NextFreeDayAsync(account.Id, day, replacing ?? Guid.Empty, ct);
            if (free is { } f && (next is null || f > next)) next = f;
        }
        return errors.Count == 0 ? null
            : ApiProblems.PlannedLimit("An account already has as many posts planned that day as TikTok allows; next_available_at says when all of them have room.", next, Group(errors));
    }

    private async Task<DateTimeOffset?> NextFreeDayAsync(Guid accountId, DateOnly day, Guid except, CancellationToken ct)
    {
        var account = await db.Set<TikTokAccount>().AsNoTracking().FirstOrDefaultAsync(a => a.Id == accountId, ct);
        if (account is null) return null;
        var zone = TimeZoneInfo.FindSystemTimeZoneById(workspace.Current.TimeZoneId);
        for (var candidate = day.AddDays(1); candidate <= day.AddDays(60); candidate = candidate.AddDays(1))
        {
            var load = await calendar.LoadAsync(account, candidate, except, ct);
            if (load.Count < load.Cap)
            {
                var midnight = candidate.ToDateTime(TimeOnly.MinValue);
                return new DateTimeOffset(midnight, zone.GetUtcOffset(midnight)).ToUniversalTime();
            }
        }
        return null;
    }

    /// <summary>The composer's refusal as problem details: a role refusal is 403, the plan's limit and rule failures 422 per field.</summary>
    private static ApiProblem Refusal(ComposeVerdict verdict, IReadOnlyList<TargetChoice> targets)
    {
        var refusals = Permissions.Actions.Select(Permissions.Refusal).ToHashSet();
        if (verdict.Errors.FirstOrDefault(e => refusals.Contains(e.Message)) is { Message: { } refused }) return ApiProblems.Forbidden(refused);
        if (verdict.Errors.FirstOrDefault(e => e.Field == ComposeService.PlanErrorField) is { Message: { } overPlan })
            return ApiProblems.PlanLimit(overPlan, Billing.PlanPermission.UpgradeUrl);
        var errors = verdict.Errors.Select(e => (FieldOf(e.Field, targets), e.Message)).ToList();
        return ApiProblems.Validation(verdict.Errors.Count == 1 ? verdict.Errors[0].Message : $"{verdict.Errors.Count} problems: see errors.", Group(errors));
    }

    /// <summary>The composer's field keys (privacy.{accountId}...) as JSON paths of the request (accounts[1].privacy...).</summary>
    public static string FieldOf(string key, IReadOnlyList<TargetChoice> targets)
    {
        var dot = key.IndexOf('.');
        if (dot > 0 && Guid.TryParse(key[(dot + 1)..], out var accountId))
        {
            var index = targets.ToList().FindIndex(t => t.AccountId == accountId);
            var at = index < 0 ? "accounts" : $"accounts[{index}]";
            return key[..dot] switch
            {
                "account" => at,
                "privacy" => at + ".privacy",
                "comment" => at + ".allow_comment",
                "duet" => at + ".allow_duet",
                "stitch" => at + ".allow_stitch",
                var other => at + "." + other,
            };
        }
        return key switch
        {
            "title" => "caption",
            "schedule" => "publish_at",
            "cover" => "media.cover_index",
            "repost" => "confirm_repost",
            ComposeService.PlanErrorField => "plan",
            _ => key,
        };
    }

    public static IReadOnlyDictionary<string, string[]> Group(IEnumerable<(string Field, string Message)> errors) =>
        errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Message).Distinct().ToArray());

    public static string Snake(PostStatus status) => System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(status.ToString());

    public static ApiPost ToApi(Post post, IReadOnlyList<PostEvent>? events = null)
    {
        var failure = FailureView.Of(post);
        return new ApiPost(
            post.Id, post.CompositionId, post.AccountId,
            post.Kind.ToString().ToLowerInvariant(), Snake(post.Status),
            System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(post.Stage.ToString()),
            post.Title, post.Description,
            new ApiPostMedia(post.VideoMediaId, post.Kind == PostKind.Photo ? post.Photos : null, post.Kind == PostKind.Photo ? post.PhotoCoverIndex : null, post.VideoCoverTimestampMs),
            post.PrivacyLevel, post.AllowComment, post.AllowDuet, post.AllowStitch,
            new ApiDisclosure(post.YourBrand, post.BrandedContent), post.IsAiGenerated,
            post.PublishAt, post.PublicUrl,
            post.TotalBytes > 0 ? (int)(post.UploadedBytes * 100 / post.TotalBytes) : null,
            failure is null ? null : new ApiFailure(failure.Code, failure.Kind, failure.Explanation, failure.WhatToDo),
            post.Version, post.CreatedAt, post.UpdatedAt,
            events?.Select(e => new ApiPostEvent(e.At, e.Kind, e.Message)).ToList());
    }
}
