using Microsoft.Extensions.DependencyInjection;
using TikTokStudio.Web.Data;
using TikTokStudio.Web.Features.Workspaces;

namespace TikTokStudio.Tests.Infrastructure;

/// <summary>Calls a handler as a signed-in member would from a circuit: a fresh scope with the user's workspace resolved.</summary>
public static class AppMember
{
    public static async Task<T> AsUserAsync<T>(this IServiceProvider services, string userId, Func<IServiceProvider, Task<T>> action)
    {
        await using var scope = services.CreateAsyncScope();
        var workspace = scope.ServiceProvider.GetRequiredService<WorkspaceContext>();
        await WorkspaceResolver.ResolveAsync(userId, workspace, scope.ServiceProvider.GetRequiredService<StudioDbContext>(), CancellationToken.None);
        return await action(scope.ServiceProvider);
    }
}
