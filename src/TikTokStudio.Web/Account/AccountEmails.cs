using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using TikTokStudio.Web.Data;
using TikTokStudio.Web.Email;

namespace TikTokStudio.Web.Account;

/// <summary>Emails that tell an account's owner what someone else tried: a sign-up with their address, a lockout.</summary>
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

    private async Task<string> ResetLinkAsync(ApplicationUser owner, EmailLinks links)
    {
        var code = WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(await users.GeneratePasswordResetTokenAsync(owner)));
        return links.For("Account/ResetPassword", new Dictionary<string, object?> { ["code"] = code });
    }
}
