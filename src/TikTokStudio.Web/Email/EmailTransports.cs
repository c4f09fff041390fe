using System.Net;
using System.Net.Mail;
using Microsoft.Extensions.Options;
using TikTokStudio.Web.Data;

namespace TikTokStudio.Web.Email;

public sealed record EmailMessage(string To, string Subject, string HtmlBody);

/// <summary>Sends one email. SMTP when configured, otherwise the development outbox.</summary>
public interface IEmailTransport
{
    Task SendAsync(EmailMessage message, CancellationToken ct = default);
}

public sealed class SmtpOptions
{
    public const string SectionName = "Smtp";
    public string? Host { get; set; }
    public int Port { get; set; } = 587;
    public bool EnableSsl { get; set; } = true;
    public string? UserName { get; set; }
    public string? Password { get; set; }
    public string From { get; set; } = "TikTok Studio <no-reply@localhost>";

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Host);
}

public sealed partial class SmtpEmailTransport(IOptions<SmtpOptions> options, ILogger<SmtpEmailTransport> logger) : IEmailTransport
{
    public async Task SendAsync(EmailMessage message, CancellationToken ct = default)
    {
        var smtp = options.Value;
        using var client = new SmtpClient(smtp.Host, smtp.Port) { EnableSsl = smtp.EnableSsl };
        if (!string.IsNullOrEmpty(smtp.UserName))
        {
            client.Credentials = new NetworkCredential(smtp.UserName, smtp.Password);
        }
        using var mail = new MailMessage { From = new MailAddress(smtp.From), Subject = message.Subject, Body = message.HtmlBody, IsBodyHtml = true };
        mail.To.Add(message.To);
        await client.SendMailAsync(mail, ct);
        LogSent(logger, message.Subject);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Sent email \"{Subject}\" through SMTP")]
    private static partial void LogSent(ILogger logger, string subject);
}

public sealed partial class OutboxEmailTransport(StudioDbContext db, TimeProvider time, ILogger<OutboxEmailTransport> logger) : IEmailTransport
{
    public async Task SendAsync(EmailMessage message, CancellationToken ct = default)
    {
        db.OutboxEmails.Add(new OutboxEmail { To = message.To, Subject = message.Subject, HtmlBody = message.HtmlBody, CreatedAt = time.GetUtcNow() });
        await db.SaveChangesAsync(ct);
        LogStored(logger, message.Subject);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "SMTP is not configured: stored email \"{Subject}\" in the development outbox")]
    private static partial void LogStored(ILogger logger, string subject);
}
