using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using TikTokStudio.Web.Data;
using TikTokStudio.Web.Features.Activity;

namespace TikTokStudio.Web.Features.Workspaces;

/// <summary>
/// How a component on a circuit does anything: each operation gets its own DI scope (so its own short DbContext),
/// with the workspace resolved afresh from the signed-in user's memberships. A circuit lives for hours and has no
/// request pipeline between a click and a handler, so this is where membership is re-checked on every action.
/// </summary>
public sealed class StudioOperations(IServiceScopeFactory scopes, AuthenticationStateProvider authentication, CircuitClientAddress clientAddress)
{
    /// <summary>
    /// Starts an operation for the workspace the page shows. Null when the user is signed out, is no longer a member of
    /// <paramref name="expectedWorkspaceId"/>, or has switched to another workspace meanwhile (the page is stale).
    /// </summary>
    public async Task<Operation?> BeginAsync(Guid? expectedWorkspaceId, CancellationToken ct = default)
    {
        var userId = await UserIdAsync();
        if (userId is null) return null;
        var scope = scopes.CreateAsyncScope();
        var workspace = scope.ServiceProvider.GetRequiredService<WorkspaceContext>();
        // The operation's scope is not the circuit's: the address captured when the circuit opened is carried over.
        workspace.ClientIp = clientAddress.Value;
        await WorkspaceResolver.ResolveAsync(userId, workspace, scope.ServiceProvider.GetRequiredService<StudioDbContext>(), ct,
            scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow());
        if (expectedWorkspaceId is { } expected && workspace.WorkspaceId != expected)
        {
            await scope.DisposeAsync();
            return null;
        }
        return new Operation(scope, workspace);
    }

    /// <summary>Resolves the circuit's own workspace (for the shell and for what components read directly).</summary>
    public async Task RefreshAsync(WorkspaceContext circuitWorkspace, CancellationToken ct = default)
    {
        var userId = await UserIdAsync();
        if (userId is null)
        {
            circuitWorkspace.Clear(null);
            return;
        }
        await using var scope = scopes.CreateAsyncScope();
        await WorkspaceResolver.ResolveAsync(userId, circuitWorkspace, scope.ServiceProvider.GetRequiredService<StudioDbContext>(), ct);
    }

    private async Task<string?> UserIdAsync()
    {
        var state = await authentication.GetAuthenticationStateAsync();
        return state.User.Identity?.IsAuthenticated == true ? state.User.FindFirstValue(ClaimTypes.NameIdentifier) : null;
    }
}

/// <summary>One action's services and its freshly checked workspace. Dispose it when the action is done.</summary>
public sealed class Operation(AsyncServiceScope scope, WorkspaceContext workspace) : IAsyncDisposable
{
    public WorkspaceContext Workspace { get; } = workspace;
    public T Get<T>() where T : notnull => scope.ServiceProvider.GetRequiredService<T>();
    public ValueTask DisposeAsync() => scope.DisposeAsync();
}
