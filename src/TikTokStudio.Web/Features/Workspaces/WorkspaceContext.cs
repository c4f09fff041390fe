using TikTokStudio.Web.Data;
using TikTokStudio.Web.Features.Activity;
using TikTokStudio.Web.Features.Team;

namespace TikTokStudio.Web.Features.Workspaces;

/// <summary>
/// The request's workspace, resolved from the signed-in user's membership by <see cref="WorkspaceResolutionMiddleware"/>.
/// Scoped: one per request (or per job that enters a workspace).
/// </summary>
public sealed class WorkspaceContext : ITenantScope
{
    public string? UserId { get; private set; }
    public Workspace? Workspace { get; private set; }
    public WorkspaceRole? Role { get; private set; }

    /// <summary>Every workspace the user belongs to, for the switcher.</summary>
    public IReadOnlyList<(Guid Id, string Name, WorkspaceRole Role)> Available { get; private set; } = [];

    /// <summary>The member's display name for the activity log (their email), when resolved for a user.</summary>
    public string? UserName { get; set; }

    /// <summary>Set when an API key acts (the REST API): the key's id and name, for the activity log.</summary>
    public (Guid Id, string Name)? ApiKey { get; set; }

    /// <summary>The client address of the request, or of the circuit's first request, for the activity log.</summary>
    public string? ClientIp { get; set; }

    /// <summary>
    /// The TikTok accounts this member (or API key) may see and post to; null means every account of the workspace.
    /// Every query and handler that touches accounts or their posts asks <see cref="MayUseAccount"/> or filters by it.
    /// </summary>
    public IReadOnlySet<Guid>? AccountScope { get; set; }

    public bool MayUseAccount(Guid accountId) => AccountScope is null || AccountScope.Contains(accountId);

    /// <summary>Who is acting, for <see cref="ActivityRecorder"/>: an API key, else the user, else the system.</summary>
    public (ActorKind Kind, string? Id, string Name) Actor =>
        ApiKey is { } key ? (ActorKind.ApiKey, key.Id.ToString(), "API key " + key.Name)
        : UserId is { } userId ? (ActorKind.User, userId, UserName ?? userId)
        : (ActorKind.System, null, "TikTok Studio");

    public Guid? WorkspaceId => Workspace?.Id;
    public bool IsResolved => Workspace is not null;

    public Workspace Current => Workspace ?? throw new InvalidOperationException("No workspace was resolved for this request.");

    /// <summary>Whether the member may do <paramref name="action"/> here (the table is <see cref="Permissions"/>).</summary>
    public bool May(StudioAction action) => Role is { } role && Permissions.Allows(role, action);

    [Obsolete("Ask workspace.May(StudioAction.X): what each role may do is in Features/Team/Permissions.cs.", error: true)]
    public bool Can(WorkspaceRole atLeast) => throw new NotSupportedException();

    internal void Resolve(string userId, Workspace workspace, WorkspaceRole role,
        IReadOnlyList<(Guid Id, string Name, WorkspaceRole Role)> available)
    {
        UserId = userId;
        Workspace = workspace;
        Role = role;
        Available = available;
    }

    /// <summary>The user belongs to no workspace (any more).</summary>
    internal void Clear(string? userId)
    {
        UserId = userId;
        Workspace = null;
        Role = null;
        Available = [];
    }

    /// <summary>
    /// Acts for another workspace until disposed: background work for one workspace, or writing the first rows of a
    /// workspace that is being created. Callers must have checked the right to do so.
    /// </summary>
    public IDisposable ActFor(Workspace workspace)
    {
        var (previousWorkspace, previousRole, previousScope) = (Workspace, Role, AccountScope);
        Workspace = workspace;
        Role = null;
        // Work done for a workspace (jobs, a joiner's first rows) is not one member's: it sees every account there.
        AccountScope = null;
        return new Restore(() => (Workspace, Role, AccountScope) = (previousWorkspace, previousRole, previousScope));
    }

    private sealed class Restore(Action restore) : IDisposable
    {
        public void Dispose() => restore();
    }
}
