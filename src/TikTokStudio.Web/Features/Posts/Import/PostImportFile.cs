using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TikTokStudio.Web.Data;

namespace TikTokStudio.Web.Features.Posts.Import;

/// <summary>
/// A file that was imported: its content hash, so importing the same file again is noticed and asked about
/// (the same plan imported twice would double every post).
/// </summary>
public sealed class PostImportFile : ITenantOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid WorkspaceId { get; set; }

    /// <summary>SHA-256 of the file's bytes as uploaded (before any cell was fixed in the preview), lower-case hex.</summary>
    public required string Sha256 { get; set; }
    public required string FileName { get; set; }
    public required string ImportedByUserId { get; set; }
    public required string ImportedByName { get; set; }
    public DateTimeOffset ImportedAt { get; set; }
    public int PostCount { get; set; }
}

internal sealed class PostImportFileConfiguration : IEntityTypeConfiguration<PostImportFile>
{
    public void Configure(EntityTypeBuilder<PostImportFile> builder)
    {
        builder.Property(f => f.Sha256).HasMaxLength(64);
        builder.Property(f => f.FileName).HasMaxLength(260);
        builder.Property(f => f.ImportedByUserId).HasMaxLength(450);
        builder.Property(f => f.ImportedByName).HasMaxLength(256);
        builder.HasIndex(f => new { f.WorkspaceId, f.Sha256 });
    }
}
