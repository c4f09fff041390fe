using TikTokStudio.Web.Features.Workspaces;

namespace TikTokStudio.Web.Features.Team;

/// <summary>
/// Everything a member may or may not do, as one handler asks it (<see cref="WorkspaceContext.May"/>). Adding a value
/// here adds a row to <see cref="Permissions"/> and a probe to the matrix test, which fails until both exist.
/// </summary>
public enum StudioAction
{
    /// <summary>Save a post as a draft (new, duplicated, or an edit of a draft).</summary>
    ComposePost,
    /// <summary>Give a post a time at which the publishing engine sends it (compose, reschedule, unschedule).</summary>
    SchedulePost,
    /// <summary>Send a post to TikTok right away (Post now, send again).</summary>
    PublishNow,
    /// <summary>Change a post that is already scheduled.</summary>
    EditPost,
    DeletePost,
    UploadMedia,
    DeleteMedia,
    ManageConnections,
    ManageMembers,
    TransferOwnership,
    ManageSettings,
    /// <summary>See and change the plan, payment method and invoices (Stripe Checkout and portal).</summary>
    ManageBilling,
    /// <summary>
    /// Read the activity log (the page, a post's entries, the CSV). Editors and up: they are the ones who decide what goes
    /// out, so they need to see who changed what; the log also holds members' addresses and IPs, which Contributors and
    /// Viewers (often outside helpers) have no need to read.
    /// </summary>
    ViewActivity,
    /// <summary>Delete the whole workspace with its posts, accounts and members (the Settings page's danger zone).</summary>
    DeleteWorkspace,
    /// <summary>Send a post to an approver with its time (when the workspace's approvals apply to the member).</summary>
    SubmitForApproval,
    /// <summary>Approve a pending post, or send it back with a comment (never one's own).</summary>
    ApprovePost,
    /// <summary>Add, change, test and remove the workspace's outgoing webhook endpoints and see their delivery logs.</summary>
    ManageWebhooks,
    /// <summary>Create and revoke the workspace's REST API keys (a key never gets a role above its creator's).</summary>
    ManageApiKeys,
}

/// <summary>
/// The one table of who may do what. Handlers ask <see cref="WorkspaceContext.May"/>; components ask the same to hide
/// what would be refused. Contributors write and upload but never decide when (or whether) something goes out.
/// </summary>
public static class Permissions
{
    private const bool Y = true, N = false;

    private sealed record Row(StudioAction Action, bool Viewer, bool Contributor, bool Editor, bool Admin, bool Owner, string Doing);

    private static readonly Row[] Rows =
    [
        //                                   Viewer Contrib Editor Admin Owner   refused: "Only ... can ..."
        new(StudioAction.ComposePost,        N,     Y,      Y,     Y,    Y,      "compose posts"),
        new(StudioAction.SchedulePost,       N,     N,      Y,     Y,    Y,      "schedule or move posts"),
        new(StudioAction.PublishNow,         N,     N,      Y,     Y,    Y,      "post to TikTok right away"),
        new(StudioAction.EditPost,           N,     N,      Y,     Y,    Y,      "change scheduled posts"),
        new(StudioAction.DeletePost,         N,     N,      Y,     Y,    Y,      "delete posts"),
        new(StudioAction.UploadMedia,        N,     Y,      Y,     Y,    Y,      "upload media"),
        new(StudioAction.DeleteMedia,        N,     N,      Y,     Y,    Y,      "delete media"),
        new(StudioAction.ManageConnections,  N,     N,      N,     Y,    Y,      "connect, change or disconnect TikTok accounts"),
        new(StudioAction.ManageMembers,      N,     N,      N,     Y,    Y,      "invite, change or remove members"),
        new(StudioAction.TransferOwnership,  N,     N,      N,     N,    Y,      "hand over ownership"),
        new(StudioAction.ManageSettings,     N,     N,      N,     Y,    Y,      "change the workspace's settings"),
        new(StudioAction.ManageBilling,      N,     N,      N,     N,    Y,      "see and change billing"),
        new(StudioAction.ViewActivity,       N,     N,      Y,     Y,    Y,      "see the activity log"),
        new(StudioAction.DeleteWorkspace,    N,     N,      N,     N,    Y,      "delete the workspace"),
        new(StudioAction.SubmitForApproval,  N,     Y,      Y,     Y,    Y,      "submit posts for approval"),
        new(StudioAction.ApprovePost,        N,     N,      Y,     Y,    Y,      "approve posts or request changes"),
        new(StudioAction.ManageWebhooks,     N,     N,      N,     Y,    Y,      "manage webhooks"),
        new(StudioAction.ManageApiKeys,      N,     N,      N,     Y,    Y,      "create or revoke API keys"),
    ];

    private static readonly Dictionary<StudioAction, Row> ByAction = Rows.ToDictionary(r => r.Action);

    public static IReadOnlyList<WorkspaceRole> Roles { get; } = Enum.GetValues<WorkspaceRole>();
    public static IReadOnlyList<StudioAction> Actions { get; } = Enum.GetValues<StudioAction>();

    public static bool Allows(WorkspaceRole role, StudioAction action)
    {
        var row = ByAction.TryGetValue(action, out var found) ? found
            : throw new InvalidOperationException($"{action} has no row in the permission table.");
        return role switch
        {
            WorkspaceRole.Viewer => row.Viewer,
            WorkspaceRole.Contributor => row.Contributor,
            WorkspaceRole.Editor => row.Editor,
            WorkspaceRole.Admin => row.Admin,
            WorkspaceRole.Owner => row.Owner,
            _ => false,
        };
    }

    /// <summary>The sentence a refused member reads, naming the roles that may (from the table, so it never drifts).</summary>
    public static string Refusal(StudioAction action)
    {
        var allowed = Roles.Where(r => Allows(r, action)).Reverse()
            .Select(r => r == WorkspaceRole.Owner ? "the Owner" : r + "s").ToList();
        var who = allowed.Count switch
        {
            0 => "nobody",
            1 => allowed[0],
            _ => string.Join(", ", allowed[..^1]) + " and " + allowed[^1],
        };
        return $"Only {who} of this workspace can {ByAction[action].Doing}.";
    }
}
