using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using TikTokStudio.Web.Data;
using TikTokStudio.Web.Email;

namespace TikTokStudio.Web.Account;

/// <summary>Emails that tell an account's owner what someone else tried: a sign-up with their address, a lockout, a new sign-in method.</summary>
public sealed class AccountEmails(UserManager<ApplicationUser> users, IEmailTransport transport)
{
    /// <summary>Someone tried to sign up with an address that has an account: tell its owner, show the stranger nothing.</summary>
    public async Task SendSignUpAttemptAsync(ApplicationUser owner, EmailLinks links)
    {
        var email = owner.Email ?? throw new InvalidOperationException("The account has no email address.");
        var resetLink = await ResetLinkAsync(owner, links);
        await transport.SendAsync(new EmailMessage(email, "Someone tried to sign up with your address",
            "<p>Someone tried to create a TikTok Studio account with this email address, which already has one.</p>" +
            $"<p>If it was you, <a href=\"{HtmlEncoder.Default.Encode(links.For("Account/Login", new Dictionary<string, object?>()))}\">sign in</a> " +
            $"or <a href=\"{HtmlEncoder.Default.Encode(resetLink)}\">choose a new password</a>. If not, ignore this email: nothing was changed.</p>"));
    }

    /// <summary>The account was locked after repeated wrong passwords: the owner can unlock it at once by choosing a new password.</summary>
    public async Task SendLockoutNoticeAsync(ApplicationUser owner, EmailLinks links)
    {
        var email = owner.Email ?? throw new InvalidOperationException("The account has no email address.");
        var minutes = (int)users.Options.Lockout.DefaultLockoutTimeSpan.TotalMinutes;
        var resetLink = await ResetLinkAsync(owner, links);
        await transport.SendAsync(new EmailMessage(email, "Your TikTok Studio sign-in is paused",
            $"<p>After several wrong passwords, signing in to your account is paused for {minutes} minutes.</p>" +
            $"<p>If that was not you, your password is still safe. To sign in right away, <a href=\"{HtmlEncoder.Default.Encode(resetLink)}\">choose a new password</a>: it unlocks the account.</p>"));
    }

    /// <summary>
    /// Someone signed in with an external account (Google) that has this address: the link adds that login, and says
    /// plainly that ignoring it changes nothing, since the owner may not be the one who tried.
    /// </summary>
    public async Task SendLinkLoginAsync(ApplicationUser owner, string providerName, string? externalName, string link)
    {
        var email = owner.Email ?? throw new InvalidOperationException("The account has no email address.");
        var provider = HtmlEncoder.Default.Encode(providerName);
        var who = string.IsNullOrWhiteSpace(externalName) ? "" : $" as {HtmlEncoder.Default.Encode(externalName)}";
        await transport.SendAsync(new EmailMessage(email, $"Add {providerName} sign-in to your TikTok Studio account",
            $"<p>Someone just tried to sign in to TikTok Studio with {provider}{who}, using this email address, which already has an account.</p>" +
            $"<p>If it was you, <a href=\"{HtmlEncoder.Default.Encode(link)}\">add {provider} sign-in to your account</a>. From then on, " +
            $"\u201cContinue with {provider}\u201d signs you in. The link works once, for one day.</p>" +
            "<p>If it was not you, ignore this email: nothing was changed, and nobody can sign in to your account without this link or your password.</p>"));
    }

    private async Task<string> ResetLinkAsync(ApplicationUser owner, EmailLinks links)
    {
        var code = WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(await users.GeneratePasswordResetTokenAsync(owner)));
        return links.For("Account/ResetPassword", new Dictionary<string, object?> { ["code"] = code });
    }
}
