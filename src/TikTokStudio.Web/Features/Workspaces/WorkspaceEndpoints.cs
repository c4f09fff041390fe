using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using TikTokStudio.Web.Data;
using TikTokStudio.Web.Htmx;

namespace TikTokStudio.Web.Features.Workspaces;

public static class WorkspaceEndpoints
{
    public static IEndpointRouteBuilder MapWorkspaces(this IEndpointRouteBuilder endpoints)
    {
        var app = endpoints.MapGroup("/app").RequireAuthorization().WithAntiforgeryValidation();

        app.MapPost("/workspaces", async ([FromForm] string? name, [FromForm] string? timeZoneId, HttpContext http,
            UserManager<ApplicationUser> users, WorkspaceService workspaces) =>
        {
            var problems = WorkspaceService.Validate(name, timeZoneId);
            if (problems.Count > 0)
            {
                return FormWithErrors("app/workspaces", name, timeZoneId, problems, "Create workspace");
            }
            var user = await users.GetUserAsync(http.User) ?? throw new InvalidOperationException("Signed-in user not found.");
            await workspaces.CreateAsync(user, name!, timeZoneId!, http.RequestAborted);
            return http.NavigateTo("/app");
        });

        app.MapPost("/workspaces/switch", async ([FromForm] Guid workspaceId, HttpContext http, WorkspaceService workspaces) =>
        {
            var userId = http.User.FindFirstValue(ClaimTypes.NameIdentifier)!;
            return await workspaces.SwitchAsync(userId, workspaceId, http.RequestAborted)
                ? http.NavigateTo("/app")
                : Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "You are not a member of that workspace.");
        });

        app.MapPost("/settings/workspace", async ([FromForm] string? name, [FromForm] string? timeZoneId,
            WorkspaceContext context, StudioDbContext db, HttpContext http) =>
        {
            if (!context.Can(WorkspaceRole.Admin))
            {
                return Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Only the Owner and Admins can change workspace settings.");
            }
            var problems = WorkspaceService.Validate(name, timeZoneId);
            if (problems.Count > 0)
            {
                return FormWithErrors("app/settings/workspace", name, timeZoneId, problems, "Save");
            }
            var workspace = await db.Workspaces.FirstAsync(w => w.Id == context.Current.Id, http.RequestAborted);
            workspace.Name = name!.Trim();
            workspace.TimeZoneId = timeZoneId!;
            await db.SaveChangesAsync(http.RequestAborted);
            http.Response.VaryOnHtmx();
            return new RazorComponentResult<WorkspaceForm>(new
            {
                Action = "app/settings/workspace", Name = workspace.Name, TimeZoneId = workspace.TimeZoneId, Saved = true,
            });
        });

        return endpoints;
    }

    private static IResult FormWithErrors(string action, string? name, string? timeZoneId, IReadOnlyList<string> errors, string submitText) =>
        new RazorComponentResult<WorkspaceForm>(new { Action = action, Name = name, TimeZoneId = timeZoneId, Errors = errors, SubmitText = submitText })
        {
            StatusCode = StatusCodes.Status422UnprocessableEntity,
        };
}
