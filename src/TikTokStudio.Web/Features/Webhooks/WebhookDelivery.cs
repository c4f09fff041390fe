using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TikTokStudio.Web.Data;

namespace TikTokStudio.Web.Features.Webhooks;

public enum WebhookDeliveryState { Pending, Delivered, Failed }

/// <summary>
/// One event for one endpoint: the outbox row. Written in the same transaction as the change it describes, with the
/// payload fixed then; the sender claims it (<see cref="ClaimedUntil"/>, <see cref="ClaimToken"/>) and sends it until
/// it is delivered or the retries run out.
/// </summary>
public sealed class WebhookDelivery : ITenantOwned
{
    public const int PayloadMaxLength = 64 * 1024;

    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid WorkspaceId { get; set; }
    public Guid EndpointId { get; set; }

    /// <summary>The event's id, the same for every endpoint it goes to and every attempt: the <c>webhook-id</c> header.</summary>
    public required string MessageId { get; set; }

    public required string EventType { get; set; }

    /// <summary>The JSON body exactly as sent: <c>{type, timestamp, data}</c>.</summary>
    public required string Payload { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public WebhookDeliveryState State { get; set; }

    /// <summary>Attempts made so far.</summary>
    public int Attempts { get; set; }

    /// <summary>When the next attempt is due (null once delivered or given up).</summary>
    public DateTimeOffset? NextAttemptAt { get; set; }

    public DateTimeOffset? ClaimedUntil { get; set; }
    public Guid? ClaimToken { get; set; }

    public DateTimeOffset? LastAttemptAt { get; set; }
    public int? LastStatusCode { get; set; }
    public DateTimeOffset? DeliveredAt { get; set; }

    /// <summary>Why the app stopped trying (retries used up, the endpoint turned off).</summary>
    public string? GaveUpReason { get; set; }
}

/// <summary>One HTTP attempt of a delivery, for the endpoint's delivery log.</summary>
public sealed class WebhookAttempt : ITenantOwned
{
    public const int ExcerptMaxLength = 1000;

    public long Id { get; set; }
    public Guid WorkspaceId { get; set; }
    public Guid DeliveryId { get; set; }
    public Guid EndpointId { get; set; }
    public int Number { get; set; }
    public DateTimeOffset At { get; set; }

    /// <summary>The receiver's HTTP status; null when no answer came (timeout, refused connection).</summary>
    public int? StatusCode { get; set; }

    /// <summary>The start of the receiver's answer, or what went wrong when there was none.</summary>
    public string? ResponseExcerpt { get; set; }

    public int DurationMs { get; set; }
}

internal sealed class WebhookDeliveryConfiguration : IEntityTypeConfiguration<WebhookDelivery>
{
    public void Configure(EntityTypeBuilder<WebhookDelivery> builder)
    {
        builder.Property(d => d.MessageId).HasMaxLength(64);
        builder.Property(d => d.EventType).HasMaxLength(48);
        builder.Property(d => d.Payload).HasMaxLength(WebhookDelivery.PayloadMaxLength);
        builder.Property(d => d.State).HasConversion<string>().HasMaxLength(12);
        builder.Property(d => d.GaveUpReason).HasMaxLength(500);
        // The sender's scan: due rows of every workspace.
        builder.HasIndex(d => new { d.State, d.NextAttemptAt });
        builder.HasIndex(d => new { d.EndpointId, d.CreatedAt });
        builder.HasOne<WebhookEndpoint>().WithMany().HasForeignKey(d => d.EndpointId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class WebhookAttemptConfiguration : IEntityTypeConfiguration<WebhookAttempt>
{
    public void Configure(EntityTypeBuilder<WebhookAttempt> builder)
    {
        builder.Property(a => a.ResponseExcerpt).HasMaxLength(WebhookAttempt.ExcerptMaxLength);
        builder.HasIndex(a => new { a.DeliveryId, a.Number });
        builder.HasOne<WebhookDelivery>().WithMany().HasForeignKey(a => a.DeliveryId).OnDelete(DeleteBehavior.Cascade);
    }
}
