using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using TikTokStudio.Web.Htmx;

namespace TikTokStudio.Web.Features.Workspaces;

public static class WorkspaceEndpoints
{
    public static IEndpointRouteBuilder MapWorkspaces(this IEndpointRouteBuilder endpoints)
    {
        var app = endpoints.MapGroup("/app").RequireAuthorization().WithAntiforgeryValidation();

        // The old htmx shell (AppLayout's WorkspaceSwitcher) still switches with this form post; the MudBlazor shell switches on the circuit.
        app.MapPost("/workspaces/switch", async ([FromForm] Guid workspaceId, HttpContext http, WorkspaceService workspaces) =>
        {
            var userId = http.User.FindFirstValue(ClaimTypes.NameIdentifier)!;
            return await workspaces.SwitchAsync(userId, workspaceId, http.RequestAborted)
                ? http.NavigateTo("/app")
                : Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "You are not a member of that workspace.");
        });

        return endpoints;
    }
}
