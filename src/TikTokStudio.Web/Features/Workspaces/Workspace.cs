using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TikTokStudio.Web.Data;
using TikTokStudio.Web.Features.Approvals;

namespace TikTokStudio.Web.Features.Workspaces;

/// <summary>A team's space: its accounts, posts and members. The tenant boundary.</summary>
public sealed class Workspace
{
    public const int NameMaxLength = 80;
    public const int TrialDays = 14;

    public Guid Id { get; set; } = Guid.CreateVersion7();
    public required string Name { get; set; }

    /// <summary>IANA zone in which this workspace enters and reads schedule times.</summary>
    public required string TimeZoneId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset TrialEndsAt { get; set; }

    /// <summary>Who needs an approver before a post is scheduled (Features/Approvals).</summary>
    public ApprovalMode Approvals { get; set; }
}

/// <summary>
/// Ordered from least to most trusted (nobody grants a role above their own). Stored by name, so inserting one is safe.
/// What each may do is <see cref="Team.Permissions"/>.
/// </summary>
public enum WorkspaceRole
{
    Viewer = 0,
    /// <summary>Composes and uploads; never publishes or schedules without an approver.</summary>
    Contributor = 1,
    Editor = 2,
    Admin = 3,
    Owner = 4,
}

/// <summary>A user's place in a workspace.</summary>
public sealed class Membership : ITenantOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid WorkspaceId { get; set; }
    public Workspace? Workspace { get; set; }
    public required string UserId { get; set; }
    public WorkspaceRole Role { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When this member last opened the notifications: the bell counts what came after.</summary>
    public DateTimeOffset? NotificationsSeenAt { get; set; }

    /// <summary>The last request or circuit action of this member here, to the nearest few minutes (the team page shows it).</summary>
    public DateTimeOffset? LastActiveAt { get; set; }

    /// <summary>
    /// The TikTok accounts this member may see and post to, as comma-separated ids; null means every account (also those
    /// connected later). Ignored for Owners and Admins, who always have all (see <see cref="Team.AccountAccess"/>).
    /// </summary>
    public string? AccountIds { get; set; }
}

internal sealed class WorkspaceConfiguration : IEntityTypeConfiguration<Workspace>
{
    public void Configure(EntityTypeBuilder<Workspace> builder)
    {
        builder.Property(w => w.Name).HasMaxLength(Workspace.NameMaxLength);
        builder.Property(w => w.TimeZoneId).HasMaxLength(64);
        builder.Property(w => w.Approvals).HasConversion<string>().HasMaxLength(16);
    }
}

internal sealed class MembershipConfiguration : IEntityTypeConfiguration<Membership>
{
    public void Configure(EntityTypeBuilder<Membership> builder)
    {
        builder.HasIndex(m => new { m.UserId, m.WorkspaceId }).IsUnique();
        builder.HasOne(m => m.Workspace).WithMany().HasForeignKey(m => m.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<ApplicationUser>().WithMany().HasForeignKey(m => m.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(m => m.Role).HasConversion<string>().HasMaxLength(16);
        builder.Property(m => m.AccountIds).HasMaxLength(Team.AccountAccess.StoredMaxLength);
    }
}
