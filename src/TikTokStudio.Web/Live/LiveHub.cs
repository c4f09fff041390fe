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

/// <summary>What jobs and endpoints call when an entity changed. Ids only, never markup: browsers re-fetch fragments.</summary>
public interface ILiveNotifier
{
    Task ChangedAsync(Guid workspaceId, string entity, string id, CancellationToken ct = default);
}

public sealed class LiveNotifier(IHubContext<LiveHub> hub) : ILiveNotifier
{
    public Task ChangedAsync(Guid workspaceId, string entity, string id, CancellationToken ct = default) =>
        hub.Clients.Group(LiveHub.GroupFor(workspaceId)).SendAsync("changed", entity, id, ct);
}
