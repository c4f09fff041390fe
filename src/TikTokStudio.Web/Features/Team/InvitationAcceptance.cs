using Microsoft.EntityFrameworkCore;
using TikTokStudio.Web.Data;
using TikTokStudio.Web.Features.Workspaces;

namespace TikTokStudio.Web.Features.Team;

public enum InvitationState
{
    Pending,
    /// <summary>No invitation has this token (mistyped, or replaced by a resend).</summary>
    Unknown,
    Expired,
    Revoked,
    AlreadyUsed,
}

/// <summary>What the accept page shows before anyone acts: the workspace, the role and the address it was sent to.</summary>
public sealed record InvitationPreview(InvitationState State, string? WorkspaceName = null, WorkspaceRole Role = default, string? Email = null, Guid WorkspaceId = default);

public enum AcceptOutcome
{
    Joined,
    /// <summary>The signed-in user's address is not the invited one.</summary>
    WrongEmail,
    Unusable,
    /// <summary>The workspace's plan has no free seat now (it filled up, or was downgraded, after the invitation was sent).</summary>
    WorkspaceFull,
}

public sealed record AcceptResult(AcceptOutcome Outcome, string Message, Guid? WorkspaceId = null);

/// <summary>
/// Reads and accepts invitations by their token. Used outside any workspace (the person is not a member yet), so it
/// reads across the tenant filter, by the token's hash only.
/// </summary>
public sealed class InvitationAcceptance(StudioDbContext db, WorkspaceContext workspaceContext, TimeProvider time, Activity.ActivityRecorder activity,
    Billing.PlanEntitlements plans)
{
    public async Task<InvitationPreview> PreviewAsync(string? token, CancellationToken ct = default)
    {
        var invitation = await FindAsync(token, ct);
        if (invitation is null) return new(InvitationState.Unknown);
        var name = await db.Workspaces.Where(w => w.Id == invitation.WorkspaceId).Select(w => w.Name).FirstAsync(ct);
        return new(StateOf(invitation), name, invitation.Role, invitation.Email, invitation.WorkspaceId);
    }

    /// <summary>Makes <paramref name="userId"/> a member with the invited role and switches them to the workspace.</summary>
    public async Task<AcceptResult> AcceptAsync(string? token, string userId, CancellationToken ct = default)
    {
        var invitation = await FindAsync(token, ct);
        if (invitation is null) return new(AcceptOutcome.Unusable, Explain(InvitationState.Unknown));
        var state = StateOf(invitation);
        if (state != InvitationState.Pending) return new(AcceptOutcome.Unusable, Explain(state));
        var user = await db.Users.FirstAsync(u => u.Id == userId, ct);
        if (!string.Equals(user.Email, invitation.Email, StringComparison.OrdinalIgnoreCase))
            return new(AcceptOutcome.WrongEmail, $"This invitation was sent to {invitation.Email}, but you are signed in as {user.Email}. Sign out and sign in (or sign up) with {invitation.Email} to accept it.");

        var now = time.GetUtcNow();
        // A caller that creates the account in the same step (sign-up through Google) already holds the transaction.
        await using var transaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        // Claiming the row with a conditional update makes a second use of the same link (even at the same moment) fail.
        var claimed = await db.Set<Invitation>().IgnoreQueryFilters()
            .Where(i => i.Id == invitation.Id && i.AcceptedAt == null && i.RevokedAt == null && i.ExpiresAt > now)
            .ExecuteUpdateAsync(set => set.SetProperty(i => i.AcceptedAt, now).SetProperty(i => i.AcceptedByUserId, userId), ct);
        if (claimed == 0) return new(AcceptOutcome.Unusable, Explain(InvitationState.AlreadyUsed));
        // The request may be resolved to the person's own workspace: the new membership is written as the inviting one's.
        var inviting = await db.Workspaces.AsNoTracking().FirstAsync(w => w.Id == invitation.WorkspaceId, ct);
        using var actingForInviting = workspaceContext.ActFor(inviting);
        var alreadyMember = await db.Memberships.IgnoreQueryFilters().AnyAsync(m => m.UserId == userId && m.WorkspaceId == invitation.WorkspaceId, ct);
        if (!alreadyMember)
        {
            // The seat was free when the invitation was sent; the plan may have filled or shrunk since. Returning here
            // leaves the transaction uncommitted, so the claim is rolled back and the link still works once there is room.
            if (await plans.MayAddMemberAsync(1, ct) is { Allowed: false } full)
                return new(AcceptOutcome.WorkspaceFull,
                    $"{inviting.Name} has no free seat on its plan right now, so you cannot join yet: {full.Reason} " +
                    "Ask the workspace's Owner to make room or upgrade the plan, then open this invitation link again.");
            db.Memberships.Add(new Membership { UserId = userId, WorkspaceId = invitation.WorkspaceId, Role = invitation.Role, CreatedAt = now, LastActiveAt = now });
            // The joiner is the actor; a person who only just registered has no workspace yet, so their name is set here.
            workspaceContext.UserName ??= user.Email;
            activity.Record(db, invitation.WorkspaceId, Activity.ActivityKinds.MemberJoined,
                $"{user.Email} joined as {invitation.Role} (invited by email).", subjectId: userId);
        }
        user.CurrentWorkspaceId = invitation.WorkspaceId;
        // They read the link in that mailbox: the address is proven.
        user.EmailConfirmed = true;
        await db.SaveChangesAsync(ct);
        if (transaction is not null) await transaction.CommitAsync(ct);
        var name = inviting.Name;
        return new(AcceptOutcome.Joined, alreadyMember ? $"You already were a member of {name}; it is now your current workspace." : $"You joined {name} as {invitation.Role}.", invitation.WorkspaceId);
    }

    /// <summary>The accept page's address for a token (also the return address that carries an invitation through Google).</summary>
    public static string AcceptPath(string? token) => "/invitations/accept?token=" + Uri.EscapeDataString(token ?? "");

    /// <summary>The invitation token a return address carries, when it is the accept page's; null for any other address.</summary>
    public static string? TokenFromReturnUrl(string? returnUrl)
    {
        if (string.IsNullOrEmpty(returnUrl)) return null;
        var question = returnUrl.IndexOf('?');
        var path = (question < 0 ? returnUrl : returnUrl[..question]).TrimStart('~').TrimStart('/');
        if (!string.Equals(path, "invitations/accept", StringComparison.OrdinalIgnoreCase) || question < 0) return null;
        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(returnUrl[question..]);
        return query.TryGetValue("token", out var token) && !string.IsNullOrWhiteSpace(token) ? token.ToString() : null;
    }

    public static string Explain(InvitationState state) => state switch
    {
        InvitationState.Expired => "This invitation has expired (links work for 7 days). Ask whoever invited you to resend it.",
        InvitationState.Revoked => "This invitation was revoked. Ask the workspace's Owner or an Admin for a new one.",
        InvitationState.AlreadyUsed => "This invitation was already accepted. Sign in to open the workspace.",
        InvitationState.Unknown => "This invitation link is not valid: it may be mistyped, or a newer email replaced it.",
        _ => "",
    };

    private InvitationState StateOf(Invitation invitation) =>
        invitation.AcceptedAt is not null ? InvitationState.AlreadyUsed
        : invitation.RevokedAt is not null ? InvitationState.Revoked
        : invitation.ExpiresAt <= time.GetUtcNow() ? InvitationState.Expired
        : InvitationState.Pending;

    private async Task<Invitation?> FindAsync(string? token, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(token) || token.Length > 100) return null;
        var hash = Invitation.HashOf(token.Trim());
        return await db.Set<Invitation>().IgnoreQueryFilters().AsNoTracking().FirstOrDefaultAsync(i => i.TokenHash == hash, ct);
    }
}
