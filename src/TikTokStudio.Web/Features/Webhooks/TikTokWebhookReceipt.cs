using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace TikTokStudio.Web.Features.Webhooks;

/// <summary>
/// A webhook TikTok sent us, remembered so that a repeat is acknowledged and ignored (TikTok delivers at least once).
/// TikTok's envelope has no event id, so the key is the SHA-256 of the exact body: a repeat is byte-identical. Not
/// tenant-owned: TikTok's webhooks are for the whole app; the post they concern names its workspace.
/// </summary>
public sealed class TikTokWebhookReceipt
{
    public long Id { get; set; }
    public required string BodySha256 { get; set; }
    public required string Event { get; set; }
    public DateTimeOffset ReceivedAt { get; set; }
}

internal sealed class TikTokWebhookReceiptConfiguration : IEntityTypeConfiguration<TikTokWebhookReceipt>
{
    public void Configure(EntityTypeBuilder<TikTokWebhookReceipt> builder)
    {
        builder.Property(r => r.BodySha256).HasMaxLength(64);
        builder.Property(r => r.Event).HasMaxLength(64);
        builder.HasIndex(r => r.BodySha256).IsUnique();
        builder.HasIndex(r => r.ReceivedAt);
    }
}
