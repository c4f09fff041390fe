using TikTokStudio.Web.Features.Workspaces;

namespace TikTokStudio.Web.Features.Team;

/// <summary>
/// Per-account access: a member below Admin can be limited to some of the workspace's TikTok accounts. The list is
/// stored on <see cref="Membership.AccountIds"/>; <see cref="WorkspaceResolver"/> turns it into
/// <see cref="WorkspaceContext.AccountScope"/>, and the database's query filter then hides every other account and its
/// posts from every page, feed, handler and CSV of that member (one place, so no screen can forget it).
/// </summary>
public static class AccountAccess
{
    /// <summary>At most this many accounts in one member's list (room for their ids in the column).</summary>
    public const int MaxAccounts = 100;
    public const int StoredMaxLength = MaxAccounts * 37;

    /// <summary>Owners and Admins manage the accounts themselves, so they always see all of them.</summary>
    public static bool AlwaysHasAll(WorkspaceRole role) => role >= WorkspaceRole.Admin;

    /// <summary>The accounts a member may use; null for all (no list, or a role that always has all).</summary>
    public static IReadOnlySet<Guid>? ScopeOf(WorkspaceRole role, string? stored)
    {
        if (AlwaysHasAll(role) || stored is null) return null;
        return stored.Split(',', StringSplitOptions.RemoveEmptyEntries)
            .Select(id => Guid.TryParse(id, out var parsed) ? parsed : (Guid?)null)
            .OfType<Guid>().ToHashSet();
    }

    public static string? Store(IReadOnlyCollection<Guid>? accountIds) =>
        accountIds is null ? null : string.Join(',', accountIds.Distinct().Order());
}
