namespace TikTokStudio.Web.Email;

/// <summary>An email kept in the database when no SMTP server is configured (listed at /dev/outbox in Development).</summary>
public sealed class OutboxEmail
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public required string To { get; set; }
    public required string Subject { get; set; }
    public required string HtmlBody { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
