using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using TikTokStudio.Emulators.TikTok.Webhooks;

namespace TikTokStudio.Emulators.TikTok;

/// <summary>
/// The emulator's own JSON control API under <c>_emulator/</c>: reset, clock, creator flags, direct token issue,
/// scripted faults, the record of received posts, refresh grants and webhook deliveries, the creator finishing an inbox
/// draft and a public post being taken down.
/// </summary>
public static class ControlEndpoints
{
    public static void Map(RouteGroupBuilder tiktok)
    {
        var control = tiktok.MapGroup("/_emulator");

        control.MapPost("/reset", (TikTokEmulatorState state, TikTokWebhookSender webhooks) =>
        {
            state.Reset();
            webhooks.Clear();
            return Results.Json(new { reset = true }, WireJson.Options);
        });

        control.MapGet("/clock", (TikTokEmulatorState state) => Results.Json(Clock(state), WireJson.Options));

        control.MapPost("/clock/advance", async (HttpContext context, TikTokEmulatorState state) =>
        {
            var body = await WireJson.TryReadAsync<AdvanceClockRequest>(context.Request);
            if (body is null || body.Seconds < 0) return Problem("Send {\"seconds\": N} with N >= 0.");
            state.Clock.Advance(TimeSpan.FromSeconds(body.Seconds));
            return Results.Json(Clock(state), WireJson.Options);
        });

        control.MapGet("/creators", (TikTokEmulatorState state) =>
        {
            lock (state.Gate) return Results.Json(state.Creators.Select(CreatorView.Of).ToList(), WireJson.Options);
        });

        control.MapPost("/creators/generate", async (HttpContext context, TikTokEmulatorState state) =>
        {
            var body = await WireJson.TryReadAsync<GenerateCreatorsRequest>(context.Request);
            if (body is null || body.Count is < 1 or > 100_000) return Problem("Send {\"count\": N} with 1 <= N <= 100000.");
            return Results.Json(new { usernames = state.GenerateCreators(body.Count) }, WireJson.Options);
        });

        control.MapPost("/creators/{username}", async (string username, HttpContext context, TikTokEmulatorState state) =>
        {
            var flags = await WireJson.TryReadAsync<CreatorFlagsRequest>(context.Request);
            if (flags is null) return Problem("Send a JSON object of creator flags.");
            lock (state.Gate)
            {
                if (!state.CreatorsByUsername.TryGetValue(username, out var c)) return Results.NotFound();
                c.IsPrivate = flags.IsPrivate ?? c.IsPrivate;
                c.CommentDisabled = flags.CommentDisabled ?? c.CommentDisabled;
                c.DuetDisabled = flags.DuetDisabled ?? c.DuetDisabled;
                c.StitchDisabled = flags.StitchDisabled ?? c.StitchDisabled;
                c.MaxVideoPostDurationSec = flags.MaxVideoPostDurationSec ?? c.MaxVideoPostDurationSec;
                c.Banned = flags.Banned ?? c.Banned;
                c.AtDailyCap = flags.AtDailyCap ?? c.AtDailyCap;
                c.AppVersion = flags.AppVersion ?? c.AppVersion;
                c.PostsToday = flags.PostsToday ?? c.PostsToday;
                return Results.Json(CreatorView.Of(c), WireJson.Options);
            }
        });

        control.MapPost("/creators/{username}/tokens", async (string username, HttpContext context, TikTokEmulatorState state) =>
        {
            var body = await WireJson.TryReadAsync<IssueTokensRequest>(context.Request) ?? new IssueTokensRequest();
            lock (state.Gate)
            {
                if (!state.CreatorsByUsername.TryGetValue(username, out var creator)) return Results.NotFound();
                var app = state.FindApp(body.ClientKey ?? state.Options.ClientKey);
                if (app is null) return Problem("Unknown client_key.");
                var requested = (body.Scopes ?? string.Join(',', AuthorizeEndpoints.KnownScopes))
                    .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                if (requested.Any(s => !AuthorizeEndpoints.KnownScopes.Contains(s))) return Problem("Unknown scope.");
                var scopes = requested.Prepend("user.info.basic").Distinct()
                    .Where(s => !creator.UploadOnly || s is "user.info.basic" or "video.upload").ToList();
                var (access, _) = state.IssueGrant(app.ClientKey, creator, scopes);
                return Results.Json(Api.Token(state, access), WireJson.Options);
            }
        });

        control.MapPost("/faults", async (HttpContext context, TikTokEmulatorState state) =>
        {
            var body = await WireJson.TryReadAsync<FaultsRequest>(context.Request);
            if (body is null) return Problem("Send a JSON object of faults.");
            lock (state.Gate)
            {
                var f = state.Faults;
                f.FailNextChunkPuts = body.FailNextChunkPuts ?? f.FailNextChunkPuts;
                f.NextInitStatus = body.NextInitStatus ?? f.NextInitStatus;
                f.NextFailReason = body.NextFailReason ?? f.NextFailReason;
                if (body.ProcessingDelayMs is { } p) f.ProcessingDelay = TimeSpan.FromMilliseconds(p);
                if (body.ModerationDelayMs is { } m) f.ModerationDelay = TimeSpan.FromMilliseconds(m);
                if (body.HoldNextRefreshMs is { } h) f.HoldNextRefresh = h > 0 ? TimeSpan.FromMilliseconds(h) : null;
                return Results.Json(new FaultsView(f.FailNextChunkPuts, f.NextInitStatus, f.ProcessingDelay.TotalMilliseconds,
                    f.ModerationDelay.TotalMilliseconds, f.NextFailReason, f.HoldNextRefresh?.TotalMilliseconds), WireJson.Options);
            }
        });

        // Totals for benchmarks and the cluster tests; /refreshes below lists each refresh grant.
        control.MapGet("/stats", (TikTokEmulatorState state) =>
        {
            lock (state.Gate)
                return Results.Json(new StatsView(state.Counters.RateLimited,
                    state.Refreshes.Count(r => r.Outcome == "ok"), state.Refreshes.Count(r => r.Outcome != "ok")), WireJson.Options);
        });

        control.MapGet("/refreshes", (TikTokEmulatorState state) =>
        {
            lock (state.Gate) return Results.Json(state.Refreshes.Select(RefreshRecordView.Of).ToList(), WireJson.Options);
        });

        control.MapGet("/posts", (TikTokEmulatorState state) =>
        {
            lock (state.Gate) return Results.Json(state.Posts.Select(p => PostRecordView.Of(p, state.Now)).ToList(), WireJson.Options);
        });

        MapWebhooks(control);

        control.MapPost("/posts/{publishId}/complete-inbox", async (string publishId, HttpContext context, TikTokEmulatorState state) =>
        {
            // The human page posts a plain form and expects to be sent back; tests post JSON and read JSON.
            var fromForm = context.Request.HasFormContentType;
            string? privacy = fromForm
                ? (await context.Request.ReadFormAsync(context.RequestAborted))["privacy_level"].ToString()
                : (await WireJson.TryReadAsync<CompleteInboxRequest>(context.Request))?.PrivacyLevel;
            lock (state.Gate)
            {
                if (!state.PostsByPublishId.TryGetValue(publishId, out var post)) return Results.NotFound();
                if (post.Evaluate(state.Now).Status != PostStatus.SendToUserInbox)
                    return Results.Json(new { error = "The post is not a draft waiting in the creator's inbox." }, WireJson.Options, statusCode: 409);
                privacy = string.IsNullOrEmpty(privacy) ? post.Creator.PrivacyLevelOptions[0] : privacy;
                if (!post.Creator.PrivacyLevelOptions.Contains(privacy)) return Problem("privacy_level is not one of the creator's options.");
                post.InboxCompletedAt = state.Now;
                post.InboxPrivacyLevel = privacy;
                return fromForm
                    ? Results.Redirect(EmulatorUrls.Base(context) + "#" + Uri.EscapeDataString(post.Creator.Username), permanent: false, preserveMethod: false)
                    : Results.Json(PostRecordView.Of(post, state.Now), WireJson.Options);
            }
        });
    }

    private static void MapWebhooks(RouteGroupBuilder control)
    {
        control.MapGet("/webhooks", (TikTokWebhookSender webhooks, TikTokWebhookCallback callback) =>
            Results.Json(new WebhooksView(webhooks.Busy, callback.Url, webhooks.Deliveries.Select(WebhookDeliveryView.Of).ToList()), WireJson.Options));

        // The creator (or TikTok's moderation) takes a public post down: TikTok announces no_longer_publicaly_available.
        control.MapPost("/posts/{publishId}/take-down", (string publishId, TikTokEmulatorState state) =>
        {
            lock (state.Gate)
            {
                if (!state.PostsByPublishId.TryGetValue(publishId, out var post)) return Results.NotFound();
                if (post.Evaluate(state.Now).PublicPostIds.Count == 0)
                    return Results.Json(new { error = "The post is not publicly available." }, WireJson.Options, statusCode: 409);
                post.TakenDownAt = state.Now;
                return Results.Json(PostRecordView.Of(post, state.Now), WireJson.Options);
            }
        });
    }

    private static ClockView Clock(TikTokEmulatorState state) => new(state.Now, state.Clock.Offset.TotalSeconds);

    private static IResult Problem(string message) => Results.Json(new { error = message }, WireJson.Options, statusCode: 400);
}
