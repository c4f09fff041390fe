using System.Globalization;
using TikTokStudio.Web.Features.Workspaces;
using TikTokStudio.Web.Features.Team;

namespace TikTokStudio.Web.Features.Posts.Calendar;

/// <summary>
/// The calendar's JSON feed. Moves are not HTTP: they go
/// through the page's circuit to <see cref="PostMover"/> (CalendarPage.razor).
/// </summary>
/// <remarks>
/// The feed stays plain HTTP (cookie auth, the workspace resolved per request, no-store) rather than going over the
/// circuit: it is streamed straight from the query into the response, the browser parses it off the circuit, and a
/// dense month never sits in a circuit's send buffer or blocks the clicks queued behind it.
/// </remarks>
public static class CalendarEndpoints
{
    public const string EventsPath = "/app/calendar/events";

    /// <summary>The longest range one feed request may ask for (FullCalendar's month grid is 42 days).</summary>
    public const int MaxRangeDays = 100;

    /// <summary>The most posts per day a capped request may ask for (a day view asks without a cap).</summary>
    public const int MaxPostsPerDay = 200;

    public static IServiceCollection AddCalendar(this IServiceCollection services)
    {
        services.AddScoped<CalendarFeed>();
        services.AddScoped<CalendarOverview>();
        services.AddScoped<PostMover>();
        return services;
    }

    public static IEndpointRouteBuilder MapCalendar(this IEndpointRouteBuilder endpoints)
    {
        // Read-only: nothing here changes state, so there is no antiforgery check to make.
        var group = endpoints.MapGroup("/app/calendar").RequireAuthorization();

        group.MapGet("/events", async (HttpRequest request, CalendarFeed feed, WorkspaceContext workspace) =>
        {
            var query = request.Query;
            if (CalendarFeed.ParseLocal(query["start"]) is not { } start || CalendarFeed.ParseLocal(query["end"]) is not { } end || end <= start)
                return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "start and end must be dates (yyyy-MM-dd or yyyy-MM-ddTHH:mm:ss), end after start.");
            if ((end - start).TotalDays > MaxRangeDays)
                return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: $"Ask for at most {MaxRangeDays} days at once.");
            int? perDay = null;
            if (!string.IsNullOrEmpty(query["perDay"]))
            {
                if (!int.TryParse(query["perDay"], NumberStyles.None, CultureInfo.InvariantCulture, out var cap) || cap is < 1 or > MaxPostsPerDay)
                    return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: $"perDay must be a whole number from 1 to {MaxPostsPerDay}.");
                perDay = cap;
            }
            // The page names the workspace it shows: after a switch in another tab the cookie's workspace is another
            // one, and its posts must not appear in a page that says it is this workspace's calendar.
            if (!string.IsNullOrEmpty(query["workspace"]) && (!Guid.TryParse(query["workspace"], out var shownWorkspace) || shownWorkspace != workspace.WorkspaceId))
                return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "You switched to another workspace in another tab. Reload the page to see its calendar.");
            Guid? account = Guid.TryParse(query["account"], out var accountId) ? accountId : null;
            var statuses = ParseStatuses(query["status"]);
            var response = request.HttpContext.Response;
            response.Headers.CacheControl = "no-store";
            response.ContentType = "application/json; charset=utf-8";
            await feed.WriteAsync(response.Body, start, end, account, statuses, workspace.May(StudioAction.SchedulePost), perDay, request.HttpContext.RequestAborted);
            return Results.Empty;
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
