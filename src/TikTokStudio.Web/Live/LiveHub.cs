using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using TikTokStudio.Web.Data;

namespace TikTokStudio.Web.Live;

/// <summary>
/// One hub for "something changed" signals. A connection joins only the group of the workspace its request resolved
/// (from membership, never from the client), so a browser hears only its own workspace.
/// </summary>
[Authorize]
public sealed class LiveHub : Hub
{
    public const string Path = "/hubs/live";

    public static string GroupFor(Guid workspaceId) => $"workspace:{workspaceId:N}";

    public override async Task OnConnectedAsync()
    {
        var scope = Context.GetHttpContext()?.RequestServices.GetService<ITenantScope>();
        if (scope?.WorkspaceId is not { } workspaceId)
        {
            Context.Abort();
            return;
        }
        await Groups.AddToGroupAsync(Context.ConnectionId, GroupFor(workspaceId));
        await base.OnConnectedAsync();
    }
}


/// <summary>Until every page listens on its circuit, the htmx pages still hear changes through the SignalR hub.</summary>
public sealed class LiveHubBridge(LiveEventHub events, IHubContext<LiveHub> hub) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        events.Raised += ForwardAsync;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        events.Raised -= ForwardAsync;
        return Task.CompletedTask;
    }

    private Task ForwardAsync(LiveEvent change) =>
        hub.Clients.Group(LiveHub.GroupFor(change.WorkspaceId)).SendAsync("changed", change.Entity, change.Id);
}
