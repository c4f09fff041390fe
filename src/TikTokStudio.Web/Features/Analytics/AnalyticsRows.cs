using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TikTokStudio.Web.Data;

namespace TikTokStudio.Web.Features.Analytics;

/// <summary>An account's profile stats (Display API user.info, scope user.info.stats) at one instant.</summary>
public sealed class AccountSnapshot : ITenantOwned
{
    public long Id { get; set; }
    public Guid WorkspaceId { get; set; }
    public Guid AccountId { get; set; }
    public DateTimeOffset At { get; set; }
    public long Followers { get; set; }
    public long Following { get; set; }
    public long Likes { get; set; }
    public long Videos { get; set; }
}

/// <summary>One of our published posts' counts (Display API video.query) at one instant.</summary>
public sealed class PostSnapshot : ITenantOwned
{
    public long Id { get; set; }
    public Guid WorkspaceId { get; set; }
    public Guid PostId { get; set; }
    public Guid AccountId { get; set; }

    /// <summary>TikTok's video id: 19 digits, kept as text (a double would round it).</summary>
    public required string VideoId { get; set; }

    public DateTimeOffset At { get; set; }
    public long Views { get; set; }
    public long Likes { get; set; }
    public long Comments { get; set; }
    public long Shares { get; set; }
}

/// <summary>What the snapshot job last found for an account: when it read it, and which scopes analytics lack.</summary>
public sealed class AccountAnalyticsStatus : ITenantOwned
{
    public Guid AccountId { get; set; }
    public Guid WorkspaceId { get; set; }

    /// <summary>Comma-separated scopes analytics need and the account has not granted (or TikTok refused).</summary>
    public string MissingScopes { get; set; } = "";

    public DateTimeOffset? LastAccountSnapshotAt { get; set; }
    public DateTimeOffset? LastPostsSnapshotAt { get; set; }

    /// <summary>The last failure in plain words (TikTok fault, reconnect needed); null after a good run.</summary>
    public string? LastProblem { get; set; }
    public DateTimeOffset? LastProblemAt { get; set; }

    public IReadOnlyList<string> Missing => MissingScopes.Split(',', StringSplitOptions.RemoveEmptyEntries);
}

internal sealed class AccountSnapshotConfiguration : IEntityTypeConfiguration<AccountSnapshot>
{
    public void Configure(EntityTypeBuilder<AccountSnapshot> builder) => builder.HasIndex(s => new { s.AccountId, s.At });
}

internal sealed class PostSnapshotConfiguration : IEntityTypeConfiguration<PostSnapshot>
{
    public void Configure(EntityTypeBuilder<PostSnapshot> builder)
    {
        builder.Property(s => s.VideoId).HasMaxLength(32);
        builder.HasIndex(s => new { s.PostId, s.At });
        builder.HasIndex(s => new { s.AccountId, s.At });
    }
}

internal sealed class AccountAnalyticsStatusConfiguration : IEntityTypeConfiguration<AccountAnalyticsStatus>
{
    public void Configure(EntityTypeBuilder<AccountAnalyticsStatus> builder)
    {
        builder.HasKey(s => s.AccountId);
        builder.Property(s => s.MissingScopes).HasMaxLength(200);
        builder.Property(s => s.LastProblem).HasMaxLength(500);
        builder.Ignore(s => s.Missing);
    }
}
