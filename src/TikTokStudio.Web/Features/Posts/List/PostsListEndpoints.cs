using Microsoft.AspNetCore.Http.HttpResults;
using TikTokStudio.Web.Features.Workspaces;
using TikTokStudio.Web.Htmx;

namespace TikTokStudio.Web.Features.Posts.List;

/// <summary>
/// /app/posts fragments and the list's own actions. Deleting one post from a row goes through the bulk endpoint (a
/// bulk of one, so the list keeps its filters); cancel and retry reuse the publishing endpoints.
/// </summary>
public static class PostsListEndpoints
{
    public static IEndpointRouteBuilder Map(IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/app/posts").RequireAuthorization().WithAntiforgeryValidation();

        // The results for a filter or page; htmx pushes the bookmarkable page URL.
        group.MapGet("/table", (HttpContext http) =>
        {
            var filter = PostsFilter.FromQuery(http.Request.Query);
            http.Response.VaryOnHtmx();
            if (http.Request.IsHtmx()) http.Response.Headers["HX-Push-Url"] = filter.PageUrl();
            return new RazorComponentResult<PostsResults>(new { Filter = filter });
        });

        group.MapGet("/{id:guid}/row", async (Guid id, PostsList list, WorkspaceContext workspace, HttpContext http) =>
        {
            http.Response.VaryOnHtmx();
            // A deleted post (or one of another workspace) swaps its row away: 200 with nothing, since htmx swaps errors too.
            if (await list.RowAsync(id, http.RequestAborted) is not { } row) return Results.Content("", "text/html");
            return new RazorComponentResult<PostRow>(new
            {
                Post = row.Post, Account = row.Account, TimeZoneId = workspace.Current.TimeZoneId, CanEdit = workspace.Can(WorkspaceRole.Editor),
            });
        });

        group.MapPost("/bulk-delete", async (HttpContext http, PostsActions actions) =>
        {
            var form = await http.Request.ReadFormAsync(http.RequestAborted);
            var filter = PostsFilter.FromForm(form);
            if (!actions.CanEdit) return Refused(http, filter, PostsActions.ViewerDeleteMessage);
            var ids = form["ids"].Select(v => Guid.TryParse(v, out var id) ? id : Guid.Empty).Where(id => id != Guid.Empty).Distinct().ToList();
            var report = await actions.DeleteAsync(ids, http.RequestAborted);
            return ListResult(http, filter, report);
        });

        group.MapPost("/{id:guid}/duplicate", async (Guid id, HttpContext http, PostsActions actions) =>
        {
            var form = http.Request.HasFormContentType ? await http.Request.ReadFormAsync(http.RequestAborted) : null;
            var filter = form is null ? new PostsFilter() : PostsFilter.FromForm(form);
            if (!actions.CanEdit) return Refused(http, filter, PostsActions.ViewerDuplicateMessage);
            var (copy, _) = await actions.DuplicateAsync(id, http.RequestAborted);
            if (copy is null) return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "This post is not in this workspace.");
            if (!http.Request.IsHtmx()) return Results.Redirect($"/app/compose?edit={copy.Id}");
            return ListResult(http, filter, new ActionReport("Duplicated as a new draft without a date.", [], CreatedPostId: copy.Id));
        });

        return endpoints;
    }

    private static IResult ListResult(HttpContext http, PostsFilter filter, ActionReport report)
    {
        if (!http.Request.IsHtmx()) return Results.Redirect(filter.PageUrl());
        http.Response.VaryOnHtmx();
        return new RazorComponentResult<PostsResults>(new { Filter = filter, Report = report });
    }

    /// <summary>403 with the reason: as the list fragment for htmx (it swaps error responses), as problem details otherwise.</summary>
    private static IResult Refused(HttpContext http, PostsFilter filter, string message)
    {
        if (!http.Request.IsHtmx()) return Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: message);
        http.Response.VaryOnHtmx();
        return new RazorComponentResult<PostsResults>(new { Filter = filter, Report = new ActionReport(message, [], IsError: true) })
        {
            StatusCode = StatusCodes.Status403Forbidden,
        };
    }
}
