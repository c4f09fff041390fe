using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TikTokStudio.Web.Data;
using TikTokStudio.Web.Features.Workspaces;

namespace TikTokStudio.Web.Features.Api;

/// <summary>
/// A workspace's key for the REST API. The secret is shown once and never stored: only its SHA-256 (a database copy
/// cannot be turned into working keys) and a short prefix so people can tell their keys apart.
/// </summary>
public sealed class ApiKey : ITenantOwned
{
    public const string SecretPrefix = "tts_live_";
    public const int NameMaxLength = 80;

    /// <summary>How many characters of the secret (after <see cref="SecretPrefix"/>) the list shows.</summary>
    public const int VisiblePrefixLength = 6;

    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid WorkspaceId { get; set; }
    public required string Name { get; set; }
    public WorkspaceRole Role { get; set; }

    /// <summary>Hex SHA-256 of the whole secret (<c>tts_live_...</c>).</summary>
    public required string SecretHash { get; set; }

    /// <summary>The start of the secret, e.g. <c>tts_live_Ab3xY9</c>, for recognising a key in the list.</summary>
    public required string Prefix { get; set; }

    /// <summary>Comma-separated ids of the accounts the key may use; empty means every account of the workspace.</summary>
    public string AccountIds { get; set; } = "";

    public required string CreatedByUserId { get; set; }
    public required string CreatedByName { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? ExpiresAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
    public string? RevokedByName { get; set; }
    public DateTimeOffset? LastUsedAt { get; set; }
    public string? LastUsedIp { get; set; }

    public IReadOnlySet<Guid>? AccountScope =>
        AccountIds.Length == 0 ? null : AccountIds.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(Guid.Parse).ToHashSet();

    public bool IsExpired(DateTimeOffset now) => ExpiresAt is { } at && at <= now;
    public bool IsActive(DateTimeOffset now) => RevokedAt is null && !IsExpired(now);

    public string State(DateTimeOffset now) => RevokedAt is not null ? "Revoked" : IsExpired(now) ? "Expired" : "Active";

    /// <summary>A new secret (shown once) and what is stored of it.</summary>
    public static (string Secret, string Hash, string Prefix) NewSecret()
    {
        var secret = SecretPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return (secret, HashOf(secret), secret[..(SecretPrefix.Length + VisiblePrefixLength)]);
    }

    public static string HashOf(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
}

internal sealed class ApiKeyConfiguration : IEntityTypeConfiguration<ApiKey>
{
    public void Configure(EntityTypeBuilder<ApiKey> builder)
    {
        builder.Property(k => k.Name).HasMaxLength(ApiKey.NameMaxLength);
        builder.Property(k => k.Role).HasConversion<string>().HasMaxLength(16);
        builder.Property(k => k.SecretHash).HasMaxLength(64);
        builder.HasIndex(k => k.SecretHash).IsUnique();
        builder.Property(k => k.Prefix).HasMaxLength(32);
        builder.Property(k => k.AccountIds).HasMaxLength(4000);
        builder.Property(k => k.CreatedByUserId).HasMaxLength(450);
        builder.Property(k => k.CreatedByName).HasMaxLength(256);
        builder.Property(k => k.RevokedByName).HasMaxLength(256);
        builder.Property(k => k.LastUsedIp).HasMaxLength(64);
        builder.HasOne<Workspace>().WithMany().HasForeignKey(k => k.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
    }
}

/// <summary>
/// The first response to one <c>Idempotency-Key</c> of one API key, kept for <see cref="Lifetime"/> and replayed to
/// every retry. The row is inserted (under its unique index) before the request runs, so of two concurrent requests
/// with the same key exactly one runs; the other waits for the stored result.
/// </summary>
public sealed class IdempotencyRecord : ITenantOwned
{
    public const int KeyMaxLength = 255;
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(24);

    public long Id { get; set; }
    public Guid WorkspaceId { get; set; }
    public Guid ApiKeyId { get; set; }
    public required string Key { get; set; }

    /// <summary>Hex SHA-256 of method, path and body: the same key with another request is a conflict.</summary>
    public required string RequestHash { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
    public int? StatusCode { get; set; }
    public string? ContentType { get; set; }
    public byte[]? Body { get; set; }

    /// <summary>The Location header of a 201, replayed with the body.</summary>
    public string? Location { get; set; }
}

internal sealed class IdempotencyRecordConfiguration : IEntityTypeConfiguration<IdempotencyRecord>
{
    public void Configure(EntityTypeBuilder<IdempotencyRecord> builder)
    {
        builder.Property(r => r.Key).HasMaxLength(IdempotencyRecord.KeyMaxLength);
        builder.Property(r => r.RequestHash).HasMaxLength(64);
        builder.Property(r => r.ContentType).HasMaxLength(128);
        builder.Property(r => r.Location).HasMaxLength(512);
        builder.HasIndex(r => new { r.ApiKeyId, r.Key }).IsUnique();
        builder.HasIndex(r => r.CreatedAt);
        builder.HasOne<ApiKey>().WithMany().HasForeignKey(r => r.ApiKeyId).OnDelete(DeleteBehavior.Cascade);
    }
}
