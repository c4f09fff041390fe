using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Scalar.AspNetCore;
using TikTokStudio.Web.Data;
using TikTokStudio.Web.Features.Analytics;
using TikTokStudio.Web.Features.Connections;
using TikTokStudio.Web.Features.Media.Tus;
using TikTokStudio.Web.Features.Posts.Calendar;
using TikTokStudio.Web.Features.Posts.Publish;
using TikTokStudio.Web.Features.Workspaces;

namespace TikTokStudio.Web.Features.Api;

/// <summary>The REST API's composition: services, the /api/v1 pipeline branch, the endpoints, OpenAPI and the reference page.</summary>
public static class ApiEndpoints
{
    public const string ReferencePath = "/api/reference";

    public static IServiceCollection AddStudioApi(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        services.AddOptions<ApiOptions>().Bind(configuration.GetSection(ApiOptions.SectionName));
        services.AddScoped<ApiKeyService>();
        services.AddScoped<PostsResource>();
        services.AddScoped<MediaResource>();
        services.AddSingleton<ApiRateLimiter>();
        services.AddHostedService<IdempotencyCleanup>();
        services.AddOpenApi("v1", o =>
        {
            o.ShouldInclude = description => description.RelativePath?.StartsWith("api/v1/", StringComparison.Ordinal) == true;
            o.AddDocumentTransformer((document, _, _) =>
            {
                document.Info.Title = "TikTok Studio API";
                document.Info.Description = "Schedule and publish TikTok posts with an API key (Authorization: Bearer tts_live_...). "
                    + "Errors are RFC 9457 problem details; POST, PATCH and DELETE take an Idempotency-Key.";
                return Task.CompletedTask;
            });
        });
        return services;
    }

    /// <summary>The /api/v1 branch of the pipeline (after the app's own authentication, which it overrides with the key).</summary>
    public static IApplicationBuilder UseStudioApi(this IApplicationBuilder app) =>
        app.UseWhen(http => http.Request.Path.StartsWithSegments(ApiMiddleware.Prefix), branch => branch.UseMiddleware<ApiMiddleware>());

    public static IEndpointRouteBuilder MapStudioApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapOpenApi("/api/{documentName}/openapi.json").ExcludeFromDescription();
        endpoints.MapScalarApiReference(ReferencePath, (o, http) =>
        {
            o.WithTitle("TikTok Studio API").WithOpenApiRoutePattern("/api/{documentName}/openapi.json");
            // Scalar's page starts itself with an inline script; our Content-Security-Policy runs no inline script
            // without a nonce, so each page gets a fresh one, in its script tags and in the policy.
            o.Nonce = Security.SecuritySetup.AllowScriptNonce(http);
            // Scalar's default fonts come from its CDN, which the policy (font-src 'self') refuses. Its toolbar (with a
            // "Deploy" offer for Scalar's cloud), its AI agent and its telemetry would call out of this server's
            // origin too: a self-hosted reference shows the document and nothing else.
            o.DisableDefaultFonts().HideDeveloperTools().DisableAgent().DisableTelemetry().DisableMcp();
        });

        var api = endpoints.MapGroup(ApiMiddleware.Prefix).DisableAntiforgery();

        // Uploads by tus with the API key: the app's own tus endpoint, without the cookie's antiforgery (the key is the proof).
        api.MapGroup("/media").WithTags("Media").MapTusUploads();

        api.MapGet("/accounts", ListAccountsAsync).WithName("ListAccounts").WithTags("Accounts").Produces<ApiList<ApiAccount>>();
        api.MapGet("/accounts/{id:guid}", GetAccountAsync).WithName("GetAccount").WithTags("Accounts").Produces<ApiAccount>().ProducesProblem(404);
        api.MapGet("/accounts/{id:guid}/analytics", async (Guid id, WorkspaceContext workspace, AnalyticsQueries analytics, HttpContext http) =>
            !workspace.MayUseAccount(id) || await analytics.AccountAsync(id, http.RequestAborted) is not { } result
                ? ApiProblems.NotFound().Result(http) : Json(result)).WithName("GetAccountAnalytics").WithTags("Accounts").ProducesProblem(404);

        api.MapPost("/media", (HttpContext http, MediaResource media) => WithBodyAsync<ApiMediaPullRequest>(http, async body =>
                await media.PullAsync(body, http.RequestAborted) is var r ? Answer(http, (r.Value, r.Problem, r.Status), v => $"{ApiMiddleware.Prefix}/media/{v.Id}") : null!))
            .WithName("PullMedia").WithTags("Media").Accepts<ApiMediaPullRequest>("application/json").Produces<ApiMedia>(201).ProducesProblem(422);
        api.MapGet("/media/{id:guid}", async (Guid id, MediaResource media, HttpContext http) =>
            await media.GetAsync(id, http.RequestAborted) is { } file ? Json(file) : ApiProblems.NotFound().Result(http))
            .WithName("GetMedia").WithTags("Media").Produces<ApiMedia>().ProducesProblem(404);

        api.MapPost("/posts", (HttpContext http, PostsResource posts) => WithBodyAsync<ApiPostRequest>(http, async body =>
                Answer(http, await posts.CreateAsync(body, http.RequestAborted), v => v.Posts.Count == 1 ? $"{ApiMiddleware.Prefix}/posts/{v.Posts[0].Id}" : null)))
            .WithName("CreatePost").WithTags("Posts").Accepts<ApiPostRequest>("application/json").Produces<ApiComposition>(201).ProducesProblem(422);
        api.MapGet("/posts", async (HttpContext http, PostsResource posts, string? status, Guid? account_id, DateTimeOffset? from, DateTimeOffset? to, string? cursor, int? limit) =>
            Answer(http, await posts.ListAsync(status, account_id, from, to, cursor, limit, http.RequestAborted)))
            .WithName("ListPosts").WithTags("Posts").Produces<ApiList<ApiPost>>().ProducesProblem(422);
        api.MapGet("/posts/{id:guid}", async (Guid id, PostsResource posts, HttpContext http) =>
            await posts.GetAsync(id, http.RequestAborted) is { } post ? Json(post) : ApiProblems.NotFound().Result(http))
            .WithName("GetPost").WithTags("Posts").Produces<ApiPost>().ProducesProblem(404);
        api.MapPatch("/posts/{id:guid}", (Guid id, HttpContext http, PostsResource posts) => WithBodyAsync<ApiPostRequest>(http, async body =>
                Answer(http, await posts.UpdateAsync(id, body, http.RequestAborted))))
            .WithName("UpdatePost").WithTags("Posts").Accepts<ApiPostRequest>("application/json").Produces<ApiPost>().ProducesProblem(404).ProducesProblem(409).ProducesProblem(422);
        api.MapPost("/posts/{id:guid}/reschedule", (Guid id, HttpContext http, PostsResource posts) => WithBodyAsync<ApiRescheduleRequest>(http, async body =>
                Answer(http, await posts.RescheduleAsync(id, body, http.RequestAborted))))
            .WithName("ReschedulePost").WithTags("Posts").Accepts<ApiRescheduleRequest>("application/json").Produces<ApiPost>().ProducesProblem(404).ProducesProblem(422);
        api.MapPost("/posts/{id:guid}/cancel", async (Guid id, HttpContext http, PostsResource posts) =>
            Answer(http, await posts.CancelAsync(id, http.RequestAborted)))
            .WithName("CancelPost").WithTags("Posts").Produces<ApiPost>().ProducesProblem(404).ProducesProblem(409);
        api.MapDelete("/posts/{id:guid}", async (Guid id, HttpContext http, PostsResource posts) =>
            await posts.DeleteAsync(id, http.RequestAborted) is { Problem: { } problem } ? problem.Result(http) : Results.NoContent())
            .WithName("DeletePost").WithTags("Posts").Produces(204).ProducesProblem(404).ProducesProblem(409);
        api.MapGet("/posts/{id:guid}/analytics", async (Guid id, PostsResource posts, AnalyticsQueries analytics, HttpContext http) =>
            await posts.GetAsync(id, http.RequestAborted) is null || await analytics.PostAsync(id, http.RequestAborted) is not { } result
                ? ApiProblems.NotFound("No such post, or it has no results yet (only published posts have).").Result(http) : Json(result))
            .WithName("GetPostAnalytics").WithTags("Posts").ProducesProblem(404);

        api.MapGet("/calendar/{date}", CalendarDayAsync).WithName("GetCalendarDay").WithTags("Calendar").Produces<ApiCalendarDay>().ProducesProblem(422);
        return endpoints;
    }

    private static async Task<IResult> ListAccountsAsync(StudioDbContext db, WorkspaceContext workspace, TikTokAppSettings app, HttpContext http)
    {
        var accounts = (await db.Set<TikTokAccount>().AsNoTracking().OrderBy(a => a.DisplayName).ToListAsync(http.RequestAborted))
            .Where(a => workspace.MayUseAccount(a.Id)).Select(a => ToApi(a, app.Audited)).ToList();
        return Json(new ApiList<ApiAccount>(accounts, null));
    }

    private static async Task<IResult> GetAccountAsync(Guid id, StudioDbContext db, WorkspaceContext workspace, TikTokAppSettings app,
        CalendarFeed calendar, IOptions<PublishingOptions> publishing, HttpContext http)
    {
        var account = await db.Set<TikTokAccount>().AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, http.RequestAborted);
        if (account is null || !workspace.MayUseAccount(id)) return ApiProblems.NotFound().Result(http);
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow(),
            TimeZoneInfo.FindSystemTimeZoneById(workspace.Current.TimeZoneId)).DateTime);
        var load = await calendar.LoadAsync(account, today, Guid.Empty, http.RequestAborted);
        return Json(ToApi(account, app.Audited) with
        {
            Limits = new ApiAccountLimits(load.Cap, Snake(load.Kind.ToString()), load.Count, account.MaxVideoPostDurationSec, account.CreatorCannotPostReason),
            CreatorInfo = new ApiCreatorInfo(account.CreatorNickname, account.PrivacyOptions, account.CommentDisabled, account.DuetDisabled,
                account.StitchDisabled, account.CreatorInfoCheckedAt),
        });
    }

    private static async Task<IResult> CalendarDayAsync(string date, StudioDbContext db, WorkspaceContext workspace, CalendarFeed calendar,
        PostsResource posts, HttpContext http)
    {
        if (!DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            return ApiProblems.Validation("The date must look like 2026-12-24.", PostsResource.Group([("date", "Use yyyy-MM-dd.")])).Result(http);
        var zoneId = workspace.Current.TimeZoneId;
        var zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);
        var accounts = (await db.Set<TikTokAccount>().AsNoTracking().Where(a => a.Status == ConnectionStatus.Connected).OrderBy(a => a.DisplayName)
            .ToListAsync(http.RequestAborted)).Where(a => workspace.MayUseAccount(a.Id)).ToList();
        var limits = new List<ApiDayLimit>();
        foreach (var account in accounts)
        {
            var load = await calendar.LoadAsync(account, day, Guid.Empty, http.RequestAborted);
            limits.Add(new ApiDayLimit(account.Id, load.Handle, load.Count, load.Cap, Snake(load.Kind.ToString()), load.IsFull));
        }
        DateTimeOffset Bound(DateOnly d) { var local = d.ToDateTime(TimeOnly.MinValue); return new DateTimeOffset(local, zone.GetUtcOffset(local)).ToUniversalTime(); }
        var (from, to) = (Bound(day), Bound(day.AddDays(1)));
        var planned = await posts.VisiblePosts().Where(p => p.PublishAt >= from && p.PublishAt < to).OrderBy(p => p.PublishAt).ToListAsync(http.RequestAborted);
        return Json(new ApiCalendarDay(day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), zoneId, limits, planned.Select(p => PostsResource.ToApi(p)).ToList()));
    }

    public static ApiAccount ToApi(TikTokAccount account, bool appAudited) => new(
        account.Id, account.DisplayName, account.Username, account.AvatarUrl, Snake(account.Status.ToString()),
        Snake(account.Mode(appAudited).ToString()), account.ModeReason(appAudited), Snake(account.Health.ToString()), account.HealthReason, account.ConnectedAt);

    private static string Snake(string name) => JsonNamingPolicy.SnakeCaseLower.ConvertName(name);

    private static IResult Json<T>(T value, int status = 200) => Results.Json(value, ApiJson.Options, statusCode: status);

    private static IResult Answer<T>(HttpContext http, ApiOutcome<T> outcome, Func<T, string?>? location = null) =>
        Answer(http, (outcome.Value, outcome.Problem, outcome.Status), location);

    private static async Task<IResult> WithBodyAsync<T>(HttpContext http, Func<T, Task<IResult>> handle) where T : class
    {
        var (body, problem) = await ReadAsync<T>(http);
        return problem is not null ? problem.Result(http) : await handle(body!);
    }

    private static IResult Answer<T>(HttpContext http, (T? Value, ApiProblem? Problem, int Status) outcome, Func<T, string?>? location = null)
    {
        if (outcome.Problem is { } problem) return problem.Result(http);
        if (outcome.Status == StatusCodes.Status201Created && location?.Invoke(outcome.Value!) is { } url) http.Response.Headers.Location = url;
        return Json(outcome.Value, outcome.Status);
    }

    /// <summary>The JSON body, or the problem with it: not JSON (415), unreadable (400), or a field of the wrong type (422, by path).</summary>
    private static async Task<(T? Body, ApiProblem? Problem)> ReadAsync<T>(HttpContext http) where T : class
    {
        if (!http.Request.HasJsonContentType())
            return (null, ApiProblems.UnsupportedMediaType($"Send the body as JSON with Content-Type: application/json (not {(http.Request.ContentType is { Length: > 0 } t ? t : "nothing")})."));
        try
        {
            var body = await JsonSerializer.DeserializeAsync<T>(http.Request.Body, ApiJson.Options, http.RequestAborted);
            return body is null ? (null, ApiProblems.Malformed("The body is empty or null; send a JSON object.")) : (body, null);
        }
        // A value of the wrong type names its path; anything else (cut off, not JSON) is unreadable as a whole.
        catch (JsonException ex) when (ex.Path is { Length: > 1 } && ex.Message.StartsWith("The JSON value could not be converted", StringComparison.Ordinal))
        {
            var path = ex.Path.TrimStart('$', '.');
            return (null, ApiProblems.Validation($"{path} has the wrong type.", PostsResource.Group([(path, ex.Message.Split(" Path:")[0])])));
        }
        catch (JsonException ex)
        {
            return (null, ApiProblems.Malformed("The body is not valid JSON: " + ex.Message.Split(" Path:")[0]));
        }
    }
}

/// <summary>Removes idempotency records after their 24 hours (hourly), so the table holds one day of keys.</summary>
public sealed partial class IdempotencyCleanup(IServiceScopeFactory scopes, TimeProvider time, ILogger<IdempotencyCleanup> log) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        do
        {
            try
            {
                await RunOnceAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogFailed(log, ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<StudioDbContext>();
        var before = time.GetUtcNow() - IdempotencyRecord.Lifetime;
        return await db.Set<IdempotencyRecord>().IgnoreQueryFilters().Where(r => r.CreatedAt <= before).ExecuteDeleteAsync(ct);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Removing expired idempotency records failed; the next run tries again")]
    private static partial void LogFailed(ILogger logger, Exception ex);
}
