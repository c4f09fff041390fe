using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TikTokStudio.Web.Data;

namespace TikTokStudio.Web.Features.Connections;

/// <summary>
/// One "Connect TikTok" click: the OAuth state (stored hashed), bound to the user and workspace that started it,
/// single use and short-lived, with the PKCE verifier kept encrypted until the callback.
/// </summary>
public sealed class ConnectAttempt : ITenantOwned
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid WorkspaceId { get; set; }
    public required string UserId { get; set; }
    public required string StateHash { get; set; }
    public string ProtectedCodeVerifier { get; set; } = "";
    public required string RedirectUri { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? UsedAt { get; set; }
}

internal sealed class ConnectAttemptConfiguration : IEntityTypeConfiguration<ConnectAttempt>
{
    public void Configure(EntityTypeBuilder<ConnectAttempt> builder)
    {
        builder.HasIndex(a => a.StateHash).IsUnique();
        builder.Property(a => a.StateHash).HasMaxLength(64);
    }
}
