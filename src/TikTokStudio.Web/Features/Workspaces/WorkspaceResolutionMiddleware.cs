using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using TikTokStudio.Web.Data;

namespace TikTokStudio.Web.Features.Workspaces;

/// <summary>
/// Resolves the signed-in user's current workspace from their memberships (never from anything the client sends
/// except the remembered choice, which is re-checked). Under /app a user without any membership is sent to create one.
/// </summary>
public sealed class WorkspaceResolutionMiddleware(RequestDelegate next)
{
    public const string CreateWorkspacePath = "/app/workspaces/new";

    public async Task InvokeAsync(HttpContext context, WorkspaceContext workspaceContext, StudioDbContext db)
    {
        var userId = context.User.FindFirstValue(ClaimTypes.NameIdentifier);
        workspaceContext.ClientIp = context.Connection.RemoteIpAddress?.ToString();
        if (userId is not null)
        {
            await WorkspaceResolver.ResolveAsync(userId, workspaceContext, db, context.RequestAborted,
                context.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow());
        }

        if (userId is not null && !workspaceContext.IsResolved
            && context.Request.Path.StartsWithSegments("/app")
            && !context.Request.Path.StartsWithSegments(CreateWorkspacePath))
        {
            context.Response.Redirect(CreateWorkspacePath);
            return;
        }

        await next(context);
    }
}

/// <summary>Chooses the user's current workspace from their memberships: the one they picked last, else the oldest.</summary>
public static class WorkspaceResolver
{
    /// <summary>How stale "last active" may get: writing it on every click would cost a write per read.</summary>
    public static readonly TimeSpan ActivityResolution = TimeSpan.FromMinutes(5);

    /// <param name="now">When given, the member's "last active" is brought up to it (at most every <see cref="ActivityResolution"/>).</param>
    public static async Task ResolveAsync(string userId, WorkspaceContext workspaceContext, StudioDbContext db, CancellationToken ct, DateTimeOffset? now = null)
    {
        // Memberships are read across workspaces on purpose: this is how the current one is chosen.
        var memberships = await db.Memberships.IgnoreQueryFilters().AsNoTracking()
            .Where(m => m.UserId == userId)
            .Select(m => new { m.Id, m.WorkspaceId, m.Role, m.Workspace!.Name, m.CreatedAt, m.LastActiveAt, m.AccountIds })
            .ToListAsync(ct);
        if (memberships.Count == 0)
        {
            workspaceContext.AccountScope = null;
            workspaceContext.Clear(userId);
            return;
        }

        var user = await db.Users.AsNoTracking().Where(u => u.Id == userId)
            .Select(u => new { u.CurrentWorkspaceId, u.Email }).FirstOrDefaultAsync(ct);
        var chosen = memberships.FirstOrDefault(m => m.WorkspaceId == user?.CurrentWorkspaceId)
            ?? memberships.OrderBy(m => m.CreatedAt).First();

        var workspace = await db.Workspaces.AsNoTracking().FirstAsync(w => w.Id == chosen.WorkspaceId, ct);
        if (now is { } at && (chosen.LastActiveAt is not { } last || at - last >= ActivityResolution))
        {
            await db.Memberships.IgnoreQueryFilters().Where(m => m.Id == chosen.Id)
                .ExecuteUpdateAsync(set => set.SetProperty(m => m.LastActiveAt, at), ct);
        }
        workspaceContext.Resolve(userId, workspace, chosen.Role,
            memberships.OrderBy(m => m.Name).Select(m => (m.WorkspaceId, m.Name, m.Role)).ToList());
        workspaceContext.UserName = user?.Email;
        workspaceContext.AccountScope = Features.Team.AccountAccess.ScopeOf(chosen.Role, chosen.AccountIds);
    }
}
