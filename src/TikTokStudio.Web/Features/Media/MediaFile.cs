using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TikTokStudio.Web.Data;
using TikTokStudio.Web.Features.Media.Checks;
using TikTokStudio.Web.Features.Media.Probing;

namespace TikTokStudio.Web.Features.Media;

public enum MediaStatus
{
    /// <summary>tus upload in progress; <see cref="MediaFile.ExpiresAt"/> says when it is abandoned.</summary>
    Uploading = 0,
    /// <summary>All bytes arrived and were probed; <see cref="MediaFile.Checks"/> say whether TikTok will take it.</summary>
    Ready = 1,
    /// <summary>The bytes were no video or image TikTok accepts; they were deleted, the row explains why.</summary>
    Rejected = 2,
}

/// <summary>A video or photo of a workspace's media library, uploaded with tus and checked against TikTok's rules.</summary>
public sealed class MediaFile : ITenantOwned
{
    public const int FileNameMaxLength = 255;

    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid WorkspaceId { get; set; }

    public required string OriginalFileName { get; set; }

    /// <summary>The declared type while uploading; the type read from the bytes once probed.</summary>
    public required string ContentType { get; set; }
    public MediaKind Kind { get; set; }

    /// <summary>The declared total length (tus Upload-Length); what is on disk so far is the upload offset.</summary>
    public long SizeBytes { get; set; }

    /// <summary>Relative to the data directory, with forward slashes: media/{workspace}/{id}.</summary>
    public required string StoragePath { get; set; }

    /// <summary>Lowercase hex SHA-256 of the complete file.</summary>
    public string? Sha256 { get; set; }

    public MediaStatus Status { get; set; }
    public string? RejectionReason { get; set; }

    public MediaContainer? Container { get; set; }
    public string? Codec { get; set; }
    public long? DurationMs { get; set; }
    public int? Width { get; set; }
    public int? Height { get; set; }
    public double? FrameRate { get; set; }

    /// <summary>The checks as evaluated at upload time (no creator chosen), JSON. Read them through <see cref="Checks"/>.</summary>
    public string? ChecksJson { get; set; }

    /// <summary>Stored beside the JSON so queries can pick postable files.</summary>
    public bool HasFailedCheck { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
    public required string UploadedByUserId { get; set; }

    /// <summary>A poster frame (video, ~1 s in) or downscaled preview (photo) exists beside the bytes.</summary>
    public bool HasThumbnail { get; set; }

    /// <summary>The cover picker's strip of frames exists beside a video's bytes.</summary>
    public bool HasStrip { get; set; }

    /// <summary>Bytes of the frames made from this file; counted in the workspace's quota with <see cref="SizeBytes"/>.</summary>
    public long ThumbnailBytes { get; set; }

    /// <summary>The library file this one is a TikTok-ready copy of (null for uploads). The source may since be deleted.</summary>
    public Guid? ConvertedFromId { get; set; }

    /// <summary>When an unfinished upload is given up and cleaned away; null once complete.</summary>
    public DateTimeOffset? ExpiresAt { get; set; }

    /// <summary>False for uploads in progress, rejected bytes and any file with a failing check: such a file cannot be scheduled.</summary>
    public bool CanBePosted => Status == MediaStatus.Ready && !HasFailedCheck;

    public IReadOnlyList<MediaCheck> Checks =>
        string.IsNullOrEmpty(ChecksJson) ? [] : JsonSerializer.Deserialize<List<MediaCheck>>(ChecksJson, JsonOptions) ?? [];

    public void SetChecks(IReadOnlyList<MediaCheck> checks)
    {
        ChecksJson = JsonSerializer.Serialize(checks, JsonOptions);
        HasFailedCheck = checks.Any(c => c.Outcome == CheckOutcome.Fail);
    }

    /// <summary>The stored probe, for re-evaluating the checks against a chosen creator's maximum duration.</summary>
    public MediaProbe? ToProbe() => Status != MediaStatus.Ready || Container is null ? null : new MediaProbe
    {
        Kind = Kind,
        Container = Container.Value,
        SizeBytes = SizeBytes,
        Codec = Codec,
        DurationMs = DurationMs,
        Width = Width,
        Height = Height,
        FrameRate = FrameRate,
    };

    internal static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };
}

internal sealed class MediaFileConfiguration : IEntityTypeConfiguration<MediaFile>
{
    public void Configure(EntityTypeBuilder<MediaFile> builder)
    {
        builder.ToTable("MediaFiles");
        builder.Ignore(m => m.Checks);
        builder.Ignore(m => m.CanBePosted);
        builder.Property(m => m.OriginalFileName).HasMaxLength(MediaFile.FileNameMaxLength);
        builder.Property(m => m.ContentType).HasMaxLength(100);
        builder.Property(m => m.StoragePath).HasMaxLength(300);
        builder.Property(m => m.Sha256).HasMaxLength(64);
        builder.Property(m => m.Codec).HasMaxLength(32);
        builder.Property(m => m.RejectionReason).HasMaxLength(500);
        builder.Property(m => m.UploadedByUserId).HasMaxLength(450);
        builder.Property(m => m.Kind).HasConversion<string>().HasMaxLength(16);
        builder.Property(m => m.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(m => m.Container).HasConversion<string>().HasMaxLength(16);
        builder.HasIndex(m => new { m.Status, m.ExpiresAt });
        builder.HasOne<Workspaces.Workspace>().WithMany().HasForeignKey(m => m.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
    }
}
