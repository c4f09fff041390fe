using TikTokStudio.Web.Features.Workspaces;
using TikTokStudio.Web.Security;
using TikTokStudio.Web.Features.Team;

namespace TikTokStudio.Web.Features.Connections;

public static class ConnectionsEndpoints
{
    public const string CallbackPath = "/app/connections/callback";

    public static IEndpointRouteBuilder MapConnections(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/app/connections").RequireAuthorization().WithAntiforgeryValidation();

        group.MapPost("/connect", async (HttpContext http, WorkspaceContext workspace, ConnectTikTok connect, TikTokAppSettings app, Billing.PlanEntitlements plans) =>
        {
            if (!workspace.May(StudioAction.ManageConnections)) return OnlyAdmins();
            if (await plans.MayConnectAccountAsync(http.RequestAborted) is { Allowed: false })
                return Results.Redirect("/app/connections?failed=" + ConnectFailure.PlanLimit);
            var redirectUri = app.RedirectUri ?? $"{http.Request.Scheme}://{http.Request.Host}{CallbackPath}";
            var authorize = await connect.StartAsync(redirectUri, http.RequestAborted);
            return Results.Redirect(app.BrowserAuthorizeUrl(authorize, new Uri($"{http.Request.Scheme}://{http.Request.Host}")).AbsoluteUri);
        });

        group.MapGet("/callback", async (string? state, string? code, string? error, WorkspaceContext workspace, ConnectTikTok connect, HttpContext http) =>
        {
            if (!workspace.May(StudioAction.ManageConnections)) return Results.Redirect("/app/connections?failed=" + ConnectFailure.WrongUserOrWorkspace);
            var result = await connect.CompleteAsync(state, code, error, http.RequestAborted);
            return Results.Redirect(result.Account is { } account
                ? $"/app/connections?connected={account.Id}"
                : $"/app/connections?failed={result.Failure}");
        });

        return endpoints;
    }

    private static IResult OnlyAdmins() =>
        Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: AccountConnections.OnlyAdmins);
}
