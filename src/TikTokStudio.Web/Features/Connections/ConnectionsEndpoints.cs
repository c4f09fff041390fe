using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using TikTokStudio.TikTok.Auth;
using TikTokStudio.TikTok.Errors;
using TikTokStudio.Web.Data;
using TikTokStudio.Web.Features.Posts.Publish;
using TikTokStudio.Web.Features.Workspaces;
using TikTokStudio.Web.Htmx;

namespace TikTokStudio.Web.Features.Connections;

public static partial class ConnectionsEndpoints
{
    public const string CallbackPath = "/app/connections/callback";

    public static IEndpointRouteBuilder MapConnections(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/app/connections").RequireAuthorization().WithAntiforgeryValidation();

        group.MapPost("/connect", async (HttpContext http, WorkspaceContext workspace, ConnectTikTok connect, TikTokAppSettings app) =>
        {
            if (!workspace.Can(WorkspaceRole.Admin)) return OnlyAdmins();
            var redirectUri = app.RedirectUri ?? $"{http.Request.Scheme}://{http.Request.Host}{CallbackPath}";
            var authorize = await connect.StartAsync(redirectUri, http.RequestAborted);
            return Results.Redirect(app.BrowserAuthorizeUrl(authorize, new Uri($"{http.Request.Scheme}://{http.Request.Host}")).AbsoluteUri);
        });

        group.MapGet("/callback", async (string? state, string? code, string? error, WorkspaceContext workspace, ConnectTikTok connect, HttpContext http) =>
        {
            if (!workspace.Can(WorkspaceRole.Admin)) return Results.Redirect("/app/connections?failed=" + ConnectFailure.WrongUserOrWorkspace);
            var result = await connect.CompleteAsync(state, code, error, http.RequestAborted);
            return Results.Redirect(result.Account is { } account
                ? $"/app/connections?connected={account.Id}"
                : $"/app/connections?failed={result.Failure}");
        });

        group.MapGet("/{id:guid}/row", async (Guid id, StudioDbContext db, HttpContext http) =>
        {
            var account = await db.Set<TikTokAccount>().AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, http.RequestAborted);
            if (account is null) return Results.NotFound();
            http.Response.VaryOnHtmx();
            return new RazorComponentResult<AccountRow>(new { Account = account });
        });

        group.MapPost("/{id:guid}/mode", async (Guid id, [FromForm] bool preferDrafts, StudioDbContext db, WorkspaceContext workspace,
            TikTokAppSettings app, HttpContext http) =>
        {
            if (!workspace.Can(WorkspaceRole.Admin)) return OnlyAdmins();
            var account = await db.Set<TikTokAccount>().FirstOrDefaultAsync(a => a.Id == id, http.RequestAborted);
            if (account is null) return Results.NotFound();
            if (!account.CanSwitchMode(app.Audited))
                return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: account.ModeReason(app.Audited));
            account.PreferDrafts = preferDrafts;
            await db.SaveChangesAsync(http.RequestAborted);
            http.Response.VaryOnHtmx();
            return new RazorComponentResult<AccountRow>(new { Account = account });
        });

        group.MapPost("/{id:guid}/disconnect", async (Guid id, StudioDbContext db, WorkspaceContext workspace, TokenProtector protector,
            TikTokAuthClient auth, AccountConnectionPosts posts, TimeProvider time, ILoggerFactory loggers, HttpContext http) =>
        {
            if (!workspace.Can(WorkspaceRole.Admin)) return OnlyAdmins();
            var account = await db.Set<TikTokAccount>().FirstOrDefaultAsync(a => a.Id == id, http.RequestAborted);
            if (account is null) return Results.NotFound();
            if (protector.TryUnprotect(account.ProtectedAccessToken) is { } accessToken)
            {
                try { await auth.RevokeAsync(accessToken, http.RequestAborted); }
                catch (Exception e) when (e is TikTokApiException or HttpRequestException)
                {
                    // The tokens are deleted here either way; TikTok expires an unrevoked access token within 24 h.
                    LogRevokeFailed(loggers.CreateLogger(nameof(ConnectionsEndpoints)), id, e.GetType().Name);
                }
            }
            account.ProtectedAccessToken = null;
            account.ProtectedRefreshToken = null;
            account.AccessTokenExpiresAt = null;
            account.RefreshTokenExpiresAt = null;
            account.TokenVersion++;
            account.Status = ConnectionStatus.Disconnected;
            account.DisconnectedAt = time.GetUtcNow();
            await db.SaveChangesAsync(http.RequestAborted);
            var paused = await posts.PauseAsync(account.Id, http.RequestAborted);
            return http.NavigateTo($"/app/connections?disconnected={account.Id}&paused={paused}");
        });

        return endpoints;
    }

    private static IResult OnlyAdmins() =>
        Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Only the workspace's Owner and Admins can connect, change or disconnect TikTok accounts.");

    [LoggerMessage(Level = LogLevel.Warning, Message = "Revoking the TikTok token of account {AccountId} failed ({Error}); the stored tokens are deleted anyway")]
    private static partial void LogRevokeFailed(ILogger logger, Guid accountId, string error);
}
