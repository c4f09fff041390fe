using Microsoft.AspNetCore.Identity;
using TikTokStudio.Web.Data;

namespace TikTokStudio.Web.Email;

/// <summary>Identity's account emails. The links arrive HTML-encoded from the Identity pages.</summary>
public sealed class IdentityEmailSender(IEmailTransport transport) : IEmailSender<ApplicationUser>
{
    public Task SendConfirmationLinkAsync(ApplicationUser user, string email, string confirmationLink) =>
        transport.SendAsync(new EmailMessage(email, "Confirm your TikTok Studio account",
            $"<p>Welcome to TikTok Studio.</p><p><a href=\"{confirmationLink}\">Confirm your email address</a> to start your trial.</p>"));

    public Task SendPasswordResetLinkAsync(ApplicationUser user, string email, string resetLink) =>
        transport.SendAsync(new EmailMessage(email, "Reset your TikTok Studio password",
            $"<p><a href=\"{resetLink}\">Choose a new password</a>. If you did not ask for this, ignore this email.</p>"));

    public Task SendPasswordResetCodeAsync(ApplicationUser user, string email, string resetCode) =>
        transport.SendAsync(new EmailMessage(email, "Your TikTok Studio password reset code",
            $"<p>Your password reset code is <strong>{System.Net.WebUtility.HtmlEncode(resetCode)}</strong>.</p>"));
}
