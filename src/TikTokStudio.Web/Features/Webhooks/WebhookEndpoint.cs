using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TikTokStudio.Web.Data;
using TikTokStudio.Web.Features.Workspaces;

namespace TikTokStudio.Web.Features.Webhooks;

/// <summary>
/// A receiver of the workspace's events. The signing secret is stored only encrypted (<see cref="ProtectedSecret"/>)
/// and shown once, when it is made.
/// </summary>
public sealed class WebhookEndpoint : ITenantOwned
{
    public const int UrlMaxLength = 2048;
    public const int DescriptionMaxLength = 300;

    /// <summary>The value of <see cref="Events"/> that subscribes to every event, including ones added later.</summary>
    public const string AllEvents = "*";

    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid WorkspaceId { get; set; }
    public required string Url { get; set; }
    public string Description { get; set; } = "";

    /// <summary><see cref="AllEvents"/>, or event types separated by commas.</summary>
    public string Events { get; set; } = AllEvents;

    public bool Enabled { get; set; } = true;

    /// <summary>The whsec_ secret under Data Protection (<see cref="WebhookSecrets"/>).</summary>
    public required string ProtectedSecret { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>When the current run of failed attempts began; null after a success.</summary>
    public DateTimeOffset? FailingSince { get; set; }

    /// <summary>Set when the app turned the endpoint off (a 410, or failures for days), with why; cleared when a person turns it on.</summary>
    public DateTimeOffset? DisabledAt { get; set; }
    public string? DisabledReason { get; set; }

    public bool SubscribesTo(string type) => IsSubscribed(Events, type);

    public IReadOnlyList<string> EventList => Events == AllEvents ? [] : Events.Split(',', StringSplitOptions.RemoveEmptyEntries);

    public static bool IsSubscribed(string events, string type) =>
        events == AllEvents || events.Split(',', StringSplitOptions.RemoveEmptyEntries).Contains(type, StringComparer.Ordinal);
}

internal sealed class WebhookEndpointConfiguration : IEntityTypeConfiguration<WebhookEndpoint>
{
    public void Configure(EntityTypeBuilder<WebhookEndpoint> builder)
    {
        builder.Property(e => e.Url).HasMaxLength(WebhookEndpoint.UrlMaxLength);
        builder.Property(e => e.Description).HasMaxLength(WebhookEndpoint.DescriptionMaxLength);
        builder.Property(e => e.Events).HasMaxLength(2000);
        builder.Property(e => e.ProtectedSecret).HasMaxLength(1000);
        builder.Property(e => e.DisabledReason).HasMaxLength(500);
        builder.Ignore(e => e.EventList);
        builder.HasOne<Workspace>().WithMany().HasForeignKey(e => e.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
    }
}
