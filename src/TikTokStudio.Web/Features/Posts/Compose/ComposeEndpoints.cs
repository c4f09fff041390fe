using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using TikTokStudio.Web.Data;
using TikTokStudio.Web.Features.Connections;
using TikTokStudio.Web.Features.Posts.Publish;
using TikTokStudio.Web.Features.Workspaces;
using TikTokStudio.Web.Htmx;
using TikTokStudio.Web.Live;

namespace TikTokStudio.Web.Features.Posts.Compose;

public static class ComposeEndpoints
{
    public static IEndpointRouteBuilder MapCompose(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/app").RequireAuthorization().WithAntiforgeryValidation();

        // Every change re-renders the form, so the rules (privacy options, disclosure, consent text) are the server's.
        group.MapPost("/compose/render", async (HttpRequest request, ComposeService compose) =>
        {
            var input = ComposeInput.From(await request.ReadFormAsync(request.HttpContext.RequestAborted));
            var context = await compose.LoadContextAsync(freshCreatorInfo: false, request.HttpContext.RequestAborted);
            request.HttpContext.Response.VaryOnHtmx();
            return new RazorComponentResult<ComposerForm>(new { Model = compose.Model(input, context, showErrors: false) });
        });

        group.MapPost("/compose/submit", async (HttpContext http, ComposeService compose, WorkspaceContext workspace) =>
        {
            if (!workspace.Can(WorkspaceRole.Editor))
                return Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Viewers cannot compose posts.");
            var input = ComposeInput.From(await http.Request.ReadFormAsync(http.RequestAborted));
            var outcome = await compose.SubmitAsync(input, http.RequestAborted);
            if (outcome.Invalid is { } invalid)
            {
                return new RazorComponentResult<ComposerForm>(new { Model = invalid }) { StatusCode = StatusCodes.Status422UnprocessableEntity };
            }
            return http.NavigateTo($"/app/compose?created={outcome.CompositionId}");
        });

        group.MapGet("/compose/composition/{id:guid}", async (Guid id, StudioDbContext db, WorkspaceContext workspace, HttpContext http) =>
        {
            var posts = await db.Set<Post>().AsNoTracking().Where(p => p.CompositionId == id).ToListAsync(http.RequestAborted);
            if (posts.Count == 0) return Results.NotFound();
            var accountIds = posts.Select(p => p.AccountId).ToList();
            var accounts = await db.Set<TikTokAccount>().AsNoTracking().Where(a => accountIds.Contains(a.Id)).ToDictionaryAsync(a => a.Id, http.RequestAborted);
            http.Response.VaryOnHtmx();
            return new RazorComponentResult<JustComposed>(new { CompositionId = id, Posts = posts, Accounts = accounts, TimeZoneId = workspace.Current.TimeZoneId });
        });

        return endpoints;
    }
}
