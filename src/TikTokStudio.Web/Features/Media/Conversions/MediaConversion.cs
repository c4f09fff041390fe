using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TikTokStudio.Web.Data;

namespace TikTokStudio.Web.Features.Media.Conversions;

public enum ConversionStatus
{
    /// <summary>Waiting for its turn: earlier conversions of the workspace first, then a free slot on an instance.</summary>
    Queued = 0,
    /// <summary>ffmpeg is writing the copy to a temporary file; <see cref="MediaConversion.Percent"/> says how far.</summary>
    Running = 1,
    /// <summary>The copy is in the library (<see cref="MediaConversion.ResultMediaId"/>).</summary>
    Succeeded = 2,
    /// <summary>ffmpeg failed, timed out or the result could not be stored; <see cref="MediaConversion.Error"/> says why.</summary>
    Failed = 3,
    /// <summary>Someone cancelled it; nothing was added to the library.</summary>
    Cancelled = 4,
}

/// <summary>How a landscape or square picture goes into TikTok's 9:16 frame.</summary>
public enum ConversionFit
{
    /// <summary>Keep the picture's own shape (only scaled down when too large).</summary>
    Keep = 0,
    /// <summary>Cut the sides off so the picture fills 9:16.</summary>
    Crop = 1,
    /// <summary>Keep the whole picture and add black bars above and below.</summary>
    Pad = 2,
}

/// <summary>One "Make a TikTok-ready copy" request: its choices, its progress, and the copy it made.</summary>
public sealed class MediaConversion : ITenantOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid WorkspaceId { get; set; }
    public Guid SourceMediaId { get; set; }
    public Guid? ResultMediaId { get; set; }

    public ConversionStatus Status { get; set; }
    public ConversionFit Fit { get; set; }

    /// <summary>Where the kept part starts when the video is trimmed to <see cref="MaxDurationSec"/>.</summary>
    public long TrimStartMs { get; set; }

    /// <summary>The longest the copy may be: the chosen creator's maximum, or TikTok's 10 minutes.</summary>
    public int MaxDurationSec { get; set; }

    /// <summary>0-100, from ffmpeg's own -progress output (out_time against the copy's duration).</summary>
    public int Percent { get; set; }

    /// <summary>Runs started; a run interrupted by a crash or restart starts over from the beginning.</summary>
    public int Attempts { get; set; }

    /// <summary>Set by Cancel; the running job sees it at its next progress write (on whichever instance it runs).</summary>
    public bool CancelRequested { get; set; }

    public string? Error { get; set; }

    public required string RequestedByUserId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? StartedAt { get; set; }

    /// <summary>Written with each progress update: a Running row whose heartbeat is old was left by a dead process.</summary>
    public DateTimeOffset? HeartbeatAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }

    public bool IsActive => Status is ConversionStatus.Queued or ConversionStatus.Running;
}

internal sealed class MediaConversionConfiguration : IEntityTypeConfiguration<MediaConversion>
{
    public void Configure(EntityTypeBuilder<MediaConversion> builder)
    {
        builder.ToTable("MediaConversions");
        builder.Ignore(c => c.IsActive);
        builder.Property(c => c.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(c => c.Fit).HasConversion<string>().HasMaxLength(16);
        builder.Property(c => c.Error).HasMaxLength(1000);
        builder.Property(c => c.RequestedByUserId).HasMaxLength(450);
        builder.HasIndex(c => new { c.WorkspaceId, c.Status, c.CreatedAt });
        builder.HasIndex(c => c.SourceMediaId);
        builder.HasOne<Workspaces.Workspace>().WithMany().HasForeignKey(c => c.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
    }
}
