using System.Net;
using System.Net.Mail;
using Microsoft.EntityFrameworkCore;
using TikTokStudio.Web.Data;
using TikTokStudio.Web.Features.Activity;
using TikTokStudio.Web.Features.Billing;
using TikTokStudio.Web.Email;
using TikTokStudio.Web.Features.Workspaces;

namespace TikTokStudio.Web.Features.Team;

/// <param name="AccountIds">The accounts the member is limited to; null for all (always null for Owners and Admins).</param>
public sealed record TeamMember(string UserId, string Email, WorkspaceRole Role, DateTimeOffset Since, DateTimeOffset? LastActiveAt,
    IReadOnlySet<Guid>? AccountIds = null);

public sealed record PendingInvitation(Guid Id, string Email, WorkspaceRole Role, string InvitedBy, DateTimeOffset SentAt, DateTimeOffset ExpiresAt);

/// <summary>What a team action did, in words for the page's status line.</summary>
/// <param name="OverPlan">Refused by the plan's limits: the page shows it with the Upgrade button, not as a field error.</param>
public sealed record TeamResult(bool Done, string Message, bool OverPlan = false)
{
    public static TeamResult Refused(string why) => new(false, why);
    public static TeamResult RefusedByPlan(string why) => new(false, why, OverPlan: true);
}

/// <summary>
/// Members and invitations of the current workspace. Every change checks the permission table and the two rules it
/// cannot express: nobody grants (or touches someone holding) a role above their own, and a workspace always keeps an
/// Owner. Removed members lose access on their next action: every request and circuit operation re-reads membership.
/// </summary>
public sealed class TeamService(StudioDbContext db, WorkspaceContext workspace, IEmailTransport email, TimeProvider time, PlanEntitlements plans,
    ActivityRecorder activity)
{
    public const string LastOwnerMessage = "A workspace always keeps an Owner: make someone else Owner first (Transfer ownership).";
    public const string NotAMemberMessage = "That person is not a member of this workspace.";

    public async Task<IReadOnlyList<TeamMember>> MembersAsync(CancellationToken ct = default)
    {
        var rows = await db.Memberships.AsNoTracking()
            .Join(db.Users, m => m.UserId, u => u.Id, (m, u) => new { m.UserId, u.Email, m.Role, m.CreatedAt, m.LastActiveAt, m.AccountIds })
            .ToListAsync(ct);
        return rows.OrderByDescending(r => r.Role).ThenBy(r => r.Email)
            .Select(r => new TeamMember(r.UserId, r.Email ?? "", r.Role, r.CreatedAt, r.LastActiveAt, AccountAccess.ScopeOf(r.Role, r.AccountIds))).ToList();
    }

    /// <summary>Invitations not yet accepted, revoked or expired; managers only (they hold addresses of people who are not members).</summary>
    public async Task<IReadOnlyList<PendingInvitation>> PendingAsync(CancellationToken ct = default)
    {
        if (!workspace.May(StudioAction.ManageMembers)) return [];
        var now = time.GetUtcNow();
        var rows = await db.Set<Invitation>().AsNoTracking()
            .Where(i => i.AcceptedAt == null && i.RevokedAt == null && i.ExpiresAt > now)
            .GroupJoin(db.Users, i => i.InvitedByUserId, u => u.Id, (i, users) => new { i, users })
            .SelectMany(x => x.users.DefaultIfEmpty(), (x, u) => new { x.i, InvitedBy = u == null ? null : u.Email })
            .ToListAsync(ct);
        return rows.OrderByDescending(r => r.i.SentAt)
            .Select(r => new PendingInvitation(r.i.Id, r.i.Email, r.i.Role, r.InvitedBy ?? "a former member", r.i.SentAt, r.i.ExpiresAt)).ToList();
    }

    /// <summary>The workspace's accounts, for choosing a member's access (managers only, who always see all of them).</summary>
    public async Task<IReadOnlyList<Connections.TikTokAccount>> AccountsAsync(CancellationToken ct = default) =>
        workspace.May(StudioAction.ManageMembers)
            ? await db.Set<Connections.TikTokAccount>().AsNoTracking().OrderBy(a => a.DisplayName).ToListAsync(ct)
            : [];

    /// <summary>The roles this member may hand out (their own and below), for the invite and role pickers.</summary>
    public IReadOnlyList<WorkspaceRole> GrantableRoles() =>
        workspace.May(StudioAction.ManageMembers) && workspace.Role is { } own ? Permissions.Roles.Where(r => r <= own).Reverse().ToList() : [];

    /// <summary>
    /// Invites <paramref name="address"/> with <paramref name="role"/> and emails the link (<paramref name="linkFor"/>
    /// turns the token into the absolute accept URL). The one entry point for adding people: limits on members belong here.
    /// </summary>
    public async Task<TeamResult> InviteAsync(string? address, WorkspaceRole role, Func<string, string> linkFor, CancellationToken ct = default)
    {
        if (!workspace.May(StudioAction.ManageMembers)) return TeamResult.Refused(Permissions.Refusal(StudioAction.ManageMembers));
        if (Normalized(address) is not { } to) return TeamResult.Refused("Enter the email address to invite, such as name@example.com.");
        if (RefuseGrant(role) is { } refusal) return TeamResult.Refused(refusal);

        var alreadyMember = await db.Memberships.AsNoTracking()
            .Join(db.Users, m => m.UserId, u => u.Id, (m, u) => u.NormalizedEmail)
            .AnyAsync(e => e == to.ToUpperInvariant(), ct);
        if (alreadyMember) return TeamResult.Refused($"{to} is already a member of this workspace.");
        var now = time.GetUtcNow();
        if (await db.Set<Invitation>().AnyAsync(i => i.Email == to && i.AcceptedAt == null && i.RevokedAt == null && i.ExpiresAt > now, ct))
            return TeamResult.Refused($"{to} already has a pending invitation: resend or revoke it below.");
        // Pending invitations hold a seat: otherwise a Starter workspace could send ten and have all of them accepted.
        var pending = await db.Set<Invitation>().CountAsync(i => i.AcceptedAt == null && i.RevokedAt == null && i.ExpiresAt > now, ct);
        if (await plans.MayAddMemberAsync(1 + pending, ct) is { Allowed: false, Reason: var overLimit }) return TeamResult.RefusedByPlan(overLimit!);

        var (token, hash) = Invitation.NewToken();
        var invitation = new Invitation
        {
            Email = to, Role = role, InvitedByUserId = workspace.UserId!, TokenHash = hash,
            CreatedAt = now, SentAt = now, ExpiresAt = now + Invitation.Lifetime,
        };
        db.Add(invitation);
        Record(ActivityKinds.MemberInvited, $"Invited {to} as {role}.", invitation.Id.ToString());
        await db.SaveChangesAsync(ct);
        await SendAsync(invitation, linkFor(token), ct);
        return new(true, $"Invited {to} as {role}. The link in the email works for 7 days.");
    }

    /// <summary>A fresh link and 7 more days; the previous link stops working.</summary>
    public async Task<TeamResult> ResendAsync(Guid invitationId, Func<string, string> linkFor, CancellationToken ct = default)
    {
        if (!workspace.May(StudioAction.ManageMembers)) return TeamResult.Refused(Permissions.Refusal(StudioAction.ManageMembers));
        var invitation = await db.Set<Invitation>().FirstOrDefaultAsync(i => i.Id == invitationId, ct);
        if (invitation is null || invitation.AcceptedAt is not null || invitation.RevokedAt is not null)
            return TeamResult.Refused("This invitation was accepted or revoked meanwhile; the list now shows the current ones.");
        if (RefuseGrant(invitation.Role) is { } refusal) return TeamResult.Refused(refusal);
        var now = time.GetUtcNow();
        var (token, hash) = Invitation.NewToken();
        invitation.TokenHash = hash;
        invitation.SentAt = now;
        invitation.ExpiresAt = now + Invitation.Lifetime;
        Record(ActivityKinds.MemberInvited, $"Sent {invitation.Email} a new invitation link (as {invitation.Role}); the previous one stopped working.", invitation.Id.ToString());
        await db.SaveChangesAsync(ct);
        await SendAsync(invitation, linkFor(token), ct);
        return new(true, $"Sent {invitation.Email} a new link; the previous one no longer works.");
    }

    public async Task<TeamResult> RevokeAsync(Guid invitationId, CancellationToken ct = default)
    {
        if (!workspace.May(StudioAction.ManageMembers)) return TeamResult.Refused(Permissions.Refusal(StudioAction.ManageMembers));
        var invitation = await db.Set<Invitation>().FirstOrDefaultAsync(i => i.Id == invitationId, ct);
        if (invitation is null || invitation.AcceptedAt is not null)
            return TeamResult.Refused("This invitation was accepted or no longer exists; the list now shows the current ones.");
        if (invitation.RevokedAt is not null) return new(true, $"The invitation for {invitation.Email} was already revoked.");
        invitation.RevokedAt = time.GetUtcNow();
        Record(ActivityKinds.MemberInvitationRevoked, $"Revoked the invitation for {invitation.Email} ({invitation.Role}).", invitation.Id.ToString());
        await db.SaveChangesAsync(ct);
        return new(true, $"Revoked the invitation for {invitation.Email}: its link no longer works.");
    }

    public async Task<TeamResult> ChangeRoleAsync(string userId, WorkspaceRole role, CancellationToken ct = default)
    {
        if (!workspace.May(StudioAction.ManageMembers)) return TeamResult.Refused(Permissions.Refusal(StudioAction.ManageMembers));
        var member = await db.Memberships.FirstOrDefaultAsync(m => m.UserId == userId, ct);
        if (member is null) return TeamResult.Refused(NotAMemberMessage);
        if (RefuseGrant(role) is { } refusal) return TeamResult.Refused(refusal);
        if (member.Role > workspace.Role) return TeamResult.Refused($"Only an Owner can change the role of an {member.Role}.");
        if (member.Role == role) return new(true, $"{await EmailOfAsync(userId, ct)} already is {role}.");
        if (member.Role == WorkspaceRole.Owner && await IsLastOwnerAsync(member, ct)) return TeamResult.Refused(LastOwnerMessage);
        var before = member.Role;
        member.Role = role;
        var address = await EmailOfAsync(userId, ct);
        Record(ActivityKinds.MemberRoleChanged, $"Changed the role of {address} from {before} to {role}.", userId);
        await db.SaveChangesAsync(ct);
        return new(true, $"{address} is now {role} (was {before}).");
    }

    /// <summary>Removes a member, or the caller themself (leaving, which any role may do unless they are the last Owner).</summary>
    public async Task<TeamResult> RemoveAsync(string userId, CancellationToken ct = default)
    {
        var leaving = userId == workspace.UserId;
        if (!leaving && !workspace.May(StudioAction.ManageMembers)) return TeamResult.Refused(Permissions.Refusal(StudioAction.ManageMembers));
        var member = await db.Memberships.FirstOrDefaultAsync(m => m.UserId == userId, ct);
        if (member is null) return TeamResult.Refused(NotAMemberMessage);
        if (!leaving && member.Role > workspace.Role) return TeamResult.Refused($"Only an Owner can remove an {member.Role}.");
        if (member.Role == WorkspaceRole.Owner && await IsLastOwnerAsync(member, ct)) return TeamResult.Refused(LastOwnerMessage);
        var address = await EmailOfAsync(userId, ct);
        db.Memberships.Remove(member);
        Record(ActivityKinds.MemberRemoved, leaving ? $"{address} left the workspace (was {member.Role})." : $"Removed {address} (was {member.Role}).", userId);
        await db.SaveChangesAsync(ct);
        return new(true, leaving ? $"You left {workspace.Current.Name}." : $"Removed {address}: they lose access on their next click.");
    }

    /// <summary>
    /// Limits a member below Admin to <paramref name="accountIds"/> (null: all accounts, also those connected later).
    /// Owner and Admins only; an empty list is refused (a member who should see nothing should be removed instead).
    /// </summary>
    public async Task<TeamResult> SetAccountAccessAsync(string userId, IReadOnlyCollection<Guid>? accountIds, CancellationToken ct = default)
    {
        if (!workspace.May(StudioAction.ManageMembers)) return TeamResult.Refused(Permissions.Refusal(StudioAction.ManageMembers));
        var member = await db.Memberships.FirstOrDefaultAsync(m => m.UserId == userId, ct);
        if (member is null) return TeamResult.Refused(NotAMemberMessage);
        if (AccountAccess.AlwaysHasAll(member.Role))
            return TeamResult.Refused($"An {member.Role} always has every account: choose a role below Admin first to limit their access.");
        var address = await EmailOfAsync(userId, ct);
        // The manager's own view is unlimited (Admin and up), so this list is every account of the workspace.
        var accounts = await db.Set<Connections.TikTokAccount>().AsNoTracking().ToListAsync(ct);
        string summary;
        if (accountIds is null)
        {
            if (member.AccountIds is null) return new(true, $"{address} already has all accounts.");
            member.AccountIds = null;
            summary = $"Gave {address} access to all accounts, also those connected later.";
        }
        else
        {
            var chosen = accountIds.Distinct().ToList();
            if (chosen.Count == 0) return TeamResult.Refused("Choose at least one account, or “All accounts”. To take all access away, remove the member.");
            if (chosen.Count > AccountAccess.MaxAccounts) return TeamResult.Refused($"Choose at most {AccountAccess.MaxAccounts} accounts, or “All accounts”.");
            var known = accounts.Where(a => chosen.Contains(a.Id)).ToList();
            if (known.Count != chosen.Count) return TeamResult.Refused("One of the chosen accounts is not in this workspace any more; the list now shows the current ones.");
            var stored = AccountAccess.Store(chosen);
            if (stored == member.AccountIds) return new(true, $"{address} already has exactly these accounts.");
            // Only a new limit needs the plan's feature: widening to all accounts is always allowed, and limits set
            // before a downgrade keep applying (they only ever hide accounts).
            if (await plans.MayUseAsync(PlanFeatures.PerAccountAccess, ct) is { Allowed: false, Reason: var overPlan })
                return TeamResult.RefusedByPlan(overPlan!);
            member.AccountIds = stored;
            var names = known.Select(Posts.Compose.ComposeRules.Handle).Order(StringComparer.CurrentCultureIgnoreCase).ToList();
            summary = $"Limited {address} to {(names.Count == 1 ? "1 account" : $"{names.Count} accounts")}: {string.Join(", ", names)}.";
        }
        Record(ActivityKinds.MemberAccessChanged, summary, userId);
        await db.SaveChangesAsync(ct);
        return new(true, accountIds is null ? $"{address} now sees all accounts." : $"{address} now sees only the chosen accounts; the others are hidden from them on their next click.");
    }

    /// <summary>Makes another member the Owner; the current Owner stays on as Admin.</summary>
    public async Task<TeamResult> TransferOwnershipAsync(string userId, CancellationToken ct = default)
    {
        if (!workspace.May(StudioAction.TransferOwnership)) return TeamResult.Refused(Permissions.Refusal(StudioAction.TransferOwnership));
        if (userId == workspace.UserId) return TeamResult.Refused("Choose another member to become Owner.");
        var member = await db.Memberships.FirstOrDefaultAsync(m => m.UserId == userId, ct);
        if (member is null) return TeamResult.Refused(NotAMemberMessage);
        var own = await db.Memberships.FirstAsync(m => m.UserId == workspace.UserId, ct);
        var before = member.Role;
        member.Role = WorkspaceRole.Owner;
        own.Role = WorkspaceRole.Admin;
        var address = await EmailOfAsync(userId, ct);
        Record(ActivityKinds.OwnershipTransferred, $"Transferred ownership to {address} (was {before}); the previous Owner is now an Admin.", userId);
        await db.SaveChangesAsync(ct);
        return new(true, $"{address} is now the Owner; you are an Admin.");
    }

    private void Record(string kind, string summary, string subjectId) =>
        activity.Record(db, workspace.Current.Id, kind, summary, subjectId: subjectId);

    /// <summary>Null when the caller may hand out <paramref name="role"/>; else why not.</summary>
    private string? RefuseGrant(WorkspaceRole role)
    {
        if (!Enum.IsDefined(role)) return "Choose one of the roles in the list.";
        return workspace.Role is { } own && role > own ? $"You cannot give the {role} role: nobody grants a role above their own ({own})." : null;
    }

    private async Task<bool> IsLastOwnerAsync(Membership member, CancellationToken ct) =>
        !await db.Memberships.AnyAsync(m => m.Role == WorkspaceRole.Owner && m.Id != member.Id, ct);

    private async Task<string> EmailOfAsync(string userId, CancellationToken ct) =>
        await db.Users.Where(u => u.Id == userId).Select(u => u.Email).FirstOrDefaultAsync(ct) ?? "The member";

    private async Task SendAsync(Invitation invitation, string link, CancellationToken ct)
    {
        var inviter = await EmailOfAsync(invitation.InvitedByUserId, ct);
        var name = workspace.Current.Name;
        var html = $"""
            <p>{WebUtility.HtmlEncode(inviter)} invited you to <strong>{WebUtility.HtmlEncode(name)}</strong> on TikTok Studio as {invitation.Role}.</p>
            <p><a href="{WebUtility.HtmlEncode(link)}">Accept the invitation</a></p>
            <p>The link works until {invitation.ExpiresAt.UtcDateTime:d MMM yyyy HH:mm} UTC. If you did not expect it, ignore this email.</p>
            """;
        await email.SendAsync(new EmailMessage(invitation.Email, $"Join {name} on TikTok Studio", html), ct);
    }

    /// <summary>The address lower-cased, or null when it is not one.</summary>
    public static string? Normalized(string? address)
    {
        var trimmed = address?.Trim();
        if (string.IsNullOrEmpty(trimmed) || trimmed.Length > Invitation.EmailMaxLength) return null;
        return MailAddress.TryCreate(trimmed, out var parsed) && parsed.Address == trimmed && trimmed.Contains('.', StringComparison.Ordinal)
            ? trimmed.ToLowerInvariant() : null;
    }
}
