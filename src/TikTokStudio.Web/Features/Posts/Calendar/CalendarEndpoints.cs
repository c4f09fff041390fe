using System.Globalization;
using TikTokStudio.Web.Features.Workspaces;
using TikTokStudio.Web.Htmx;

namespace TikTokStudio.Web.Features.Posts.Calendar;

/// <summary>The calendar's JSON feed and the drop endpoint.</summary>
public static class CalendarEndpoints
{
    public const string EventsPath = "/app/calendar/events";
    public static string MovePath(Guid id) => $"/app/calendar/posts/{id}/move";

    /// <summary>The longest range one feed request may ask for (FullCalendar's month grid is 42 days).</summary>
    public const int MaxRangeDays = 100;

    public static IServiceCollection AddCalendar(this IServiceCollection services)
    {
        services.AddScoped<CalendarFeed>();
        services.AddScoped<PostMover>();
        return services;
    }

    public static IEndpointRouteBuilder MapCalendar(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/app/calendar").RequireAuthorization().WithAntiforgeryValidation();

        group.MapGet("/events", async (HttpRequest request, CalendarFeed feed, WorkspaceContext workspace) =>
        {
            var query = request.Query;
            if (CalendarFeed.ParseLocal(query["start"]) is not { } start || CalendarFeed.ParseLocal(query["end"]) is not { } end || end <= start)
                return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "start and end must be dates (yyyy-MM-dd or yyyy-MM-ddTHH:mm:ss), end after start.");
            if ((end - start).TotalDays > MaxRangeDays)
                return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: $"Ask for at most {MaxRangeDays} days at once.");
            Guid? account = Guid.TryParse(query["account"], out var accountId) ? accountId : null;
            var statuses = ParseStatuses(query["status"]);
            var response = request.HttpContext.Response;
            response.Headers.CacheControl = "no-store";
            response.ContentType = "application/json; charset=utf-8";
            await feed.WriteAsync(response.Body, start, end, account, statuses, workspace.Can(WorkspaceRole.Editor), request.HttpContext.RequestAborted);
            return Results.Empty;
        });

        group.MapPost("/posts/{id:guid}/move", async (Guid id, HttpRequest request, PostMover mover) =>
        {
            var form = request.HasFormContentType ? await request.ReadFormAsync(request.HttpContext.RequestAborted) : null;
            int? version = int.TryParse(form?["version"], NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : null;
            var confirm = string.Equals(form?["confirm"], "true", StringComparison.OrdinalIgnoreCase);
            var result = await mover.MoveAsync(id, form?["start"], version, confirm, request.HttpContext.RequestAborted);
            return result.Outcome switch
            {
                MoveOutcome.Moved => Results.Json(new MoveResponse
                {
                    Moved = true, Message = result.Message, Version = result.Post!.Version, Start = result.StartLocal, Warning = result.Warning,
                }, CalendarJson.Default.MoveResponse),
                MoveOutcome.NeedsConfirmation => Results.Json(new MoveResponse
                {
                    Moved = false, NeedsConfirmation = true, Message = result.Message, Version = result.Post?.Version,
                }, CalendarJson.Default.MoveResponse),
                MoveOutcome.NotFound => Results.Problem(statusCode: StatusCodes.Status404NotFound, title: result.Message),
                MoveOutcome.Forbidden => Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: result.Message),
                MoveOutcome.Conflict => Results.Problem(statusCode: StatusCodes.Status409Conflict, title: result.Message),
                _ => Results.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: result.Message),
            };
        });

        return endpoints;
    }

    /// <summary>Status names, repeated or comma-separated ("Scheduled,Failed"); unknown names are ignored.</summary>
    public static IReadOnlySet<PostStatus> ParseStatuses(IEnumerable<string?> values)
    {
        var set = new HashSet<PostStatus>();
        foreach (var value in values)
        {
            foreach (var part in (value ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (Enum.TryParse<PostStatus>(part, ignoreCase: true, out var status) && Enum.IsDefined(status)) set.Add(status);
            }
        }
        return set;
    }
}
