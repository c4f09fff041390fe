using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using TikTokStudio.Web.Data;
using TikTokStudio.Web.Features.Workspaces;

namespace TikTokStudio.Web.Account.Google;

public enum ExternalSignInResult
{
    /// <summary>The login was already linked: signed in.</summary>
    SignedIn,
    /// <summary>A new account, its first workspace and trial were created, and the person is signed in.</summary>
    Created,
    RequiresTwoFactor,
    LockedOut,
    /// <summary>The linked account may not sign in yet (its email is not confirmed).</summary>
    NotAllowed,
    /// <summary>The provider shared no email address.</summary>
    NoEmail,
    /// <summary>The provider has not verified the address: nothing is created or linked.</summary>
    Unverified,
    /// <summary>An account has this (verified) address: nothing happens until its owner proves it is theirs.</summary>
    ExistingAccount,
    WrongPassword,
    Failed,
    /// <summary>Signed in (or a new account created) through an invitation: now a member of the inviting workspace.</summary>
    JoinedInvitation,
    /// <summary>Through an invitation that cannot be used, or with a Google address that is not the invited one: nothing changed.</summary>
    InvitationRefused,
}

/// <summary>What happened, and for an existing account what the page can offer (a password form, the emailed link).</summary>
public sealed record ExternalSignInOutcome(ExternalSignInResult Result, string? Email = null, bool HasPassword = false, bool LinkEmailed = false, string? Problem = null);

/// <summary>
/// Sign-in and sign-up through an external login (Google). Only an address the provider has verified is used at all.
/// An account is never taken over by a matching address: the login is added to an existing account only after its
/// owner proves it, with the account's password or through the link we email to the account's address.
/// </summary>
public sealed partial class ExternalSignIn(
    SignInManager<ApplicationUser> signIn, UserManager<ApplicationUser> users, StudioDbContext db, WorkspaceService workspaces,
    AccountEmails emails, Features.Team.InvitationAcceptance invitations, ILogger<ExternalSignIn> logger)
{
    /// <summary>The external login's provider key, bound into the emailed link's token so it adds exactly that login.</summary>
    public static string LinkTokenPurpose(string provider, string providerKey) => $"LinkLogin:{provider}:{providerKey}";

    /// <summary>
    /// The callback: sign in when the login is linked, create the account when the address is new and verified. Through
    /// an invitation (<paramref name="invitationToken"/>) the Google address must be the invited one (else nothing
    /// happens at all), a new account joins the inviting workspace instead of getting its own, and a signed-in one joins it.
    /// </summary>
    public async Task<ExternalSignInOutcome> SignInOrSignUpAsync(ExternalLoginInfo info, string? timeZoneId, EmailLinks links, string? invitationToken = null)
    {
        var identity = GoogleSignInSetup.IdentityOf(info.Principal);
        if (invitationToken is not null && await InvitationRefusalAsync(invitationToken, identity) is { } refused) return refused;

        var signedIn = await signIn.ExternalLoginSignInAsync(info.LoginProvider, info.ProviderKey, isPersistent: false, bypassTwoFactor: false);
        if (signedIn.Succeeded && invitationToken is not null)
        {
            var member = await users.FindByLoginAsync(info.LoginProvider, info.ProviderKey);
            return member is null ? new(ExternalSignInResult.Failed) : await JoinAsync(invitationToken, member.Id);
        }
        if (Outcome(signedIn) is { } known) return known;

        if (identity.Email is null) return new(ExternalSignInResult.NoEmail);
        // An address Google has not verified proves nothing: refused the same way whether or not an account has it,
        // so this page never tells a stranger which addresses have accounts (sign-up does not either).
        if (!identity.EmailVerified) return new(ExternalSignInResult.Unverified);
        if (await users.FindByEmailAsync(identity.Email) is { } existing)
        {
            // Never signed in here: the page asks for proof instead (the password, or the link we email now).
            await SendLinkAsync(existing, info, links);
            LinkOffered(logger, info.LoginProvider);
            return new(ExternalSignInResult.ExistingAccount, existing.Email, await users.HasPasswordAsync(existing), LinkEmailed: true);
        }
        return await CreateAccountAsync(info, identity, TimeZones.OrUtc(timeZoneId), invitationToken);
    }

    /// <summary>
    /// Why an invitation cannot be accepted with this Google identity (unusable link, no or unverified address, another
    /// address than the invited one); null when it can. Checked before anything is signed in, created or linked.
    /// </summary>
    private async Task<ExternalSignInOutcome?> InvitationRefusalAsync(string token, ExternalIdentity identity)
    {
        var invitation = await invitations.PreviewAsync(token);
        if (invitation.State != Features.Team.InvitationState.Pending)
            return new(ExternalSignInResult.InvitationRefused, Problem: Features.Team.InvitationAcceptance.Explain(invitation.State));
        if (identity.Email is null) return new(ExternalSignInResult.NoEmail);
        if (!identity.EmailVerified) return new(ExternalSignInResult.Unverified);
        if (!string.Equals(identity.Email, invitation.Email, StringComparison.OrdinalIgnoreCase))
            return new(ExternalSignInResult.InvitationRefused, identity.Email, Problem:
                $"This invitation to {invitation.WorkspaceName} was sent to {invitation.Email}, but Google signed you in as {identity.Email}. "
                + $"Nothing was created or changed. Continue with the Google account of {invitation.Email}, or ask for an invitation to {identity.Email}.");
        return null;
    }

    /// <summary>An account that is signed in (or was just proven) accepts the invitation; the page then opens the workspace.</summary>
    public async Task<ExternalSignInOutcome> JoinAsync(string invitationToken, string userId)
    {
        var accepted = await invitations.AcceptAsync(invitationToken, userId);
        return accepted.Outcome == Features.Team.AcceptOutcome.Joined
            ? new(ExternalSignInResult.JoinedInvitation, Problem: accepted.Message)
            : new(ExternalSignInResult.InvitationRefused, Problem: accepted.Message);
    }

    /// <summary>What the page shows again after a wrong password: the existing account's address and whether it has a password.</summary>
    public async Task<ExternalSignInOutcome> DescribeExistingAsync(ExternalLoginInfo info)
    {
        var existing = await VerifiedOwnerOfAsync(info);
        return existing is null
            ? new(ExternalSignInResult.Failed)
            : new(ExternalSignInResult.ExistingAccount, existing.Email, await users.HasPasswordAsync(existing), LinkEmailed: true);
    }

    /// <summary>The owner proves the account with its password once; then the login is added and they are signed in.</summary>
    public async Task<ExternalSignInOutcome> LinkWithPasswordAsync(ExternalLoginInfo info, string password)
    {
        var user = await VerifiedOwnerOfAsync(info);
        if (user is null) return new(ExternalSignInResult.Failed, Problem: "There is no account with that address any more.");
        var check = await signIn.CheckPasswordSignInAsync(user, password, lockoutOnFailure: true);
        if (check.IsLockedOut) return new(ExternalSignInResult.LockedOut);
        if (check.IsNotAllowed) return new(ExternalSignInResult.NotAllowed);
        if (!check.Succeeded) return new(ExternalSignInResult.WrongPassword, user.Email, HasPassword: true, LinkEmailed: true);

        var added = await users.AddLoginAsync(user, info);
        if (!added.Succeeded) return new(ExternalSignInResult.Failed, Problem: string.Join(" ", added.Errors.Select(e => e.Description)));
        LoginLinked(logger, info.LoginProvider, "password");
        var signedIn = await signIn.ExternalLoginSignInAsync(info.LoginProvider, info.ProviderKey, isPersistent: false, bypassTwoFactor: false);
        return Outcome(signedIn) ?? new(ExternalSignInResult.Failed);
    }

    /// <summary>The emailed link: adds the login when the token matches this account, provider and key (and the security stamp).</summary>
    public async Task<IdentityResult> ConfirmLinkAsync(string userId, string provider, string providerKey, string encodedCode)
    {
        var user = await users.FindByIdAsync(userId);
        if (user is null) return IdentityResult.Failed(new IdentityError { Description = "This link does not match an account." });
        string code;
        try
        {
            code = Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(encodedCode));
        }
        catch (FormatException)
        {
            return IdentityResult.Failed(new IdentityError { Description = "This link is damaged: open it again from the email." });
        }
        if (!await users.VerifyUserTokenAsync(user, TokenOptions.DefaultProvider, LinkTokenPurpose(provider, providerKey), code))
            return IdentityResult.Failed(new IdentityError { Description = "This link is invalid, was already used, or has expired. Sign in with Google again to get a new one." });
        var scheme = (await signIn.GetExternalAuthenticationSchemesAsync()).FirstOrDefault(s => s.Name == provider);
        if (scheme is null) return IdentityResult.Failed(new IdentityError { Description = $"Signing in with {provider} is not available here." });
        var added = await users.AddLoginAsync(user, new UserLoginInfo(provider, providerKey, scheme.DisplayName ?? provider));
        if (!added.Succeeded) return added;
        // A new stamp spends the link (its token is bound to the old one), so it cannot add the login again later.
        await users.UpdateSecurityStampAsync(user);
        LoginLinked(logger, provider, "email link");
        return IdentityResult.Success;
    }

    /// <summary>The account whose address the provider has verified for this external login, if any.</summary>
    private async Task<ApplicationUser?> VerifiedOwnerOfAsync(ExternalLoginInfo info)
    {
        var identity = GoogleSignInSetup.IdentityOf(info.Principal);
        return identity is { Email: { } email, EmailVerified: true } ? await users.FindByEmailAsync(email) : null;
    }

    private static ExternalSignInOutcome? Outcome(SignInResult result) =>
        result.Succeeded ? new(ExternalSignInResult.SignedIn)
        : result.RequiresTwoFactor ? new(ExternalSignInResult.RequiresTwoFactor)
        : result.IsLockedOut ? new(ExternalSignInResult.LockedOut)
        : result.IsNotAllowed ? new(ExternalSignInResult.NotAllowed)
        : null;

    /// <summary>The new account (no password, email confirmed by the provider), its login and first workspace: all or nothing.</summary>
    private async Task<ExternalSignInOutcome> CreateAccountAsync(ExternalLoginInfo info, ExternalIdentity identity, string timeZoneId, string? invitationToken)
    {
        string? joined = null;
        await using (var transaction = await db.Database.BeginTransactionAsync())
        {
            var user = new ApplicationUser { UserName = identity.Email, Email = identity.Email, EmailConfirmed = true, TimeZoneId = timeZoneId };
            var created = await users.CreateAsync(user);
            if (created.Succeeded) created = await users.AddLoginAsync(user, info);
            if (!created.Succeeded)
            {
                return new(ExternalSignInResult.Failed, Problem: string.Join(" ", created.Errors.Select(e => e.Description)));
            }
            if (invitationToken is null)
            {
                await workspaces.CreateAsync(user, WorkspaceNameFor(identity), timeZoneId);
            }
            else
            {
                // Through an invitation: the account's only workspace is the inviting one (all or nothing with the account).
                var accepted = await invitations.AcceptAsync(invitationToken, user.Id);
                if (accepted.Outcome != Features.Team.AcceptOutcome.Joined) return new(ExternalSignInResult.InvitationRefused, Problem: accepted.Message);
                joined = accepted.Message;
            }
            await transaction.CommitAsync();
            AccountCreated(logger, info.LoginProvider);
            await signIn.SignInAsync(user, isPersistent: false, info.LoginProvider);
        }
        return joined is null ? new(ExternalSignInResult.Created) : new(ExternalSignInResult.JoinedInvitation, Problem: joined);
    }

    /// <summary>"Maya's workspace" from the given name (else the full name, else the address's local part), within the length limit.</summary>
    public static string WorkspaceNameFor(ExternalIdentity identity)
    {
        var who = new[] { identity.GivenName, identity.Name, identity.Email?.Split('@')[0] }
            .FirstOrDefault(n => !string.IsNullOrWhiteSpace(n))?.Trim() ?? "My";
        var name = who == "My" ? "My workspace" : $"{who}'s workspace";
        return name.Length <= Workspace.NameMaxLength ? name : name[..Workspace.NameMaxLength].TrimEnd();
    }

    private async Task SendLinkAsync(ApplicationUser user, ExternalLoginInfo info, EmailLinks links)
    {
        var token = await users.GenerateUserTokenAsync(user, TokenOptions.DefaultProvider, LinkTokenPurpose(info.LoginProvider, info.ProviderKey));
        var link = links.For("Account/ConfirmLoginLink", new Dictionary<string, object?>
        {
            ["userId"] = user.Id,
            ["provider"] = info.LoginProvider,
            ["key"] = info.ProviderKey,
            ["code"] = WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(token)),
        });
        var identity = GoogleSignInSetup.IdentityOf(info.Principal);
        await emails.SendLinkLoginAsync(user, info.ProviderDisplayName ?? info.LoginProvider, identity.Name, link);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "A new account signed up through {Provider} with its first workspace.")]
    private static partial void AccountCreated(ILogger logger, string provider);

    [LoggerMessage(Level = LogLevel.Information, Message = "A {Provider} sign-in matched an existing account's verified address; nothing was linked, a link was emailed to the account.")]
    private static partial void LinkOffered(ILogger logger, string provider);

    [LoggerMessage(Level = LogLevel.Information, Message = "A {Provider} login was added to an existing account after proof by {Proof}.")]
    private static partial void LoginLinked(ILogger logger, string provider, string proof);
}
