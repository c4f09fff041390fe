using TikTokStudio.Web.Features.Workspaces;
using TikTokStudio.Web.Htmx;

namespace TikTokStudio.Web.Features.Posts.Publish;

/// <summary>
/// Retry and unschedule for the posts list while it is still on htmx (its rows post here with hx-swap="none"); the
/// post page calls <see cref="PostDetails"/> over the circuit. Refusals are problem details the list reads out.
/// </summary>
public static class PublishEndpoints
{
    public static IEndpointRouteBuilder Map(IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/app/posts").RequireAuthorization().WithAntiforgeryValidation();

        group.MapPost("/{id:guid}/retry", async (Guid id, PostDetails details, WorkspaceContext workspace, HttpContext http) =>
            Answer(workspace, await details.RetryAsync(id, http.RequestAborted)));

        group.MapPost("/{id:guid}/unschedule", async (Guid id, PostDetails details, WorkspaceContext workspace, HttpContext http) =>
            Answer(workspace, await details.UnscheduleAsync(id, http.RequestAborted)));

        return endpoints;
    }

    private static IResult Answer(WorkspaceContext workspace, PostActionResult result) =>
        result.Done ? Results.Ok(new { result.Message })
        : !workspace.Can(WorkspaceRole.Editor) ? Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: result.Message)
        : result.Message == PostDetails.NotFoundMessage ? Results.NotFound()
        : Results.Problem(statusCode: StatusCodes.Status409Conflict, title: result.Message);
}
