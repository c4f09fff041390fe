using System.Security.Claims;
using Bunit;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using TikTokStudio.Web.Data;
using TikTokStudio.Web.Features.Activity;
using TikTokStudio.Web.Features.Workspaces;
using TikTokStudio.Web.Live;

namespace TikTokStudio.Tests.Infrastructure;

/// <summary>
/// bunit with MudBlazor. <see cref="SignInToApp"/> wires a component to a real app (WebApplicationFactory, SQLite):
/// the component's operations run the app's own handlers on its database, as the signed-in user, and it hears the
/// app's live events. Leaf components that only take parameters need none of that.
/// </summary>
public abstract class StudioComponentTest : BunitContext, IAsyncLifetime
{
    Task IAsyncLifetime.InitializeAsync() => Task.CompletedTask;

    // MudBlazor's services only dispose asynchronously: dispose the whole context that way before xunit's Dispose.
    async Task IAsyncLifetime.DisposeAsync() => await DisposeAsync();

    protected StudioComponentTest()
    {
        Services.AddMudServices();
        JSInterop.Mode = JSRuntimeMode.Loose;
    }

    /// <summary>The client address of the test's circuit (a documentation range).</summary>
    protected const string CircuitAddress = "198.51.100.7";

    /// <summary>Signs <paramref name="userId"/> in and resolves their current workspace, as the app shell does on a circuit.</summary>
    protected async Task<WorkspaceContext> SignInToApp(StudioAppFactory app, string userId, string userName = "user@example.com")
    {
        var authorization = AddAuthorization();
        authorization.SetAuthorized(userName);
        authorization.SetClaims(new Claim(ClaimTypes.NameIdentifier, userId));

        var workspace = new WorkspaceContext();
        using (var scope = app.Services.CreateScope())
        {
            await WorkspaceResolver.ResolveAsync(userId, workspace, scope.ServiceProvider.GetRequiredService<StudioDbContext>(), CancellationToken.None);
        }
        var appScopes = app.Services.GetRequiredService<IServiceScopeFactory>();
        Services.AddSingleton(workspace);
        // The circuit's address as if its connection came from CircuitAddress, so tests can see it in the activity log.
        var connection = new Microsoft.AspNetCore.Http.DefaultHttpContext();
        connection.Connection.RemoteIpAddress = System.Net.IPAddress.Parse(CircuitAddress);
        var address = new CircuitClientAddress(new Microsoft.AspNetCore.Http.HttpContextAccessor { HttpContext = connection });
        address.Capture();
        Services.AddScoped(sp => new StudioOperations(appScopes, sp.GetRequiredService<AuthenticationStateProvider>(), address));
        Services.AddSingleton(app.Services.GetRequiredService<ILiveEvents>());
        Services.AddSingleton(app.Services.GetRequiredService<TimeProvider>());
        Services.AddSingleton<IDbContextFactory<StudioDbContext>>(new WorkspaceDbFactory(appScopes, workspace));
        // Anything else a component asks for comes from one scope of the app, disposed with the test.
        var fallback = app.Services.CreateAsyncScope();
        appScopesToDispose.Add(fallback);
        Services.AddFallbackServiceProvider(fallback.ServiceProvider);
        return workspace;
    }

    private readonly List<AsyncServiceScope> appScopesToDispose = [];

    protected override async ValueTask DisposeAsyncCore()
    {
        await base.DisposeAsyncCore();
        foreach (var scope in appScopesToDispose) await scope.DisposeAsync();
    }

    /// <summary>Contexts for the signed-in workspace, for components that read through IDbContextFactory.</summary>
    private sealed class WorkspaceDbFactory(IServiceScopeFactory scopes, WorkspaceContext workspace) : IDbContextFactory<StudioDbContext>
    {
        public StudioDbContext CreateDbContext()
        {
            var scope = scopes.CreateScope();
            var options = scope.ServiceProvider.GetRequiredService<DbContextOptions<StudioDbContext>>();
            return new StudioDbContext(options, workspace);
        }
    }
}
