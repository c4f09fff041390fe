using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TikTokStudio.Web.Data;
using TikTokStudio.Web.Features.Workspaces;

namespace TikTokStudio.Web.Features.Activity;

/// <summary>Who did something: a signed-in member, an API key, or the app itself (the publishing engine, a job).</summary>
public enum ActorKind { User, ApiKey, System }

/// <summary>
/// One line of the workspace's activity log: who did what, when, from which address. Append-only: nothing updates or
/// deletes a row (the retention job may delete rows older than <see cref="Retention"/>).
/// </summary>
public sealed class ActivityEntry : ITenantOwned
{
    public const int SummaryMaxLength = 1000;

    /// <summary>Entries are kept at least this long.</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromDays(400);

    public long Id { get; set; }
    public Guid WorkspaceId { get; set; }
    public DateTimeOffset At { get; set; }

    /// <summary>One of <see cref="ActivityKinds"/>, e.g. <c>post.scheduled</c>.</summary>
    public required string Kind { get; set; }

    public ActorKind ActorKind { get; set; }

    /// <summary>The user's id or the API key's id; null for <see cref="ActorKind.System"/>.</summary>
    public string? ActorId { get; set; }

    /// <summary>The actor's name when it acted (a member's email, a key's name), so the log reads well after renames.</summary>
    public required string ActorName { get; set; }

    /// <summary>The client address of the request or circuit that acted; null for the system.</summary>
    public string? Ip { get; set; }

    public Guid? PostId { get; set; }
    public Guid? AccountId { get; set; }

    /// <summary>Another subject: a member's user id, an invitation, a media file, a webhook endpoint...</summary>
    public string? SubjectId { get; set; }

    /// <summary>What happened in plain language, with what changed ("Caption and privacy changed").</summary>
    public required string Summary { get; set; }
}

internal sealed class ActivityEntryConfiguration : IEntityTypeConfiguration<ActivityEntry>
{
    public void Configure(EntityTypeBuilder<ActivityEntry> builder)
    {
        builder.Property(e => e.Kind).HasMaxLength(48);
        builder.Property(e => e.ActorKind).HasConversion<string>().HasMaxLength(8);
        builder.Property(e => e.ActorId).HasMaxLength(64);
        builder.Property(e => e.ActorName).HasMaxLength(256);
        builder.Property(e => e.Ip).HasMaxLength(64);
        builder.Property(e => e.SubjectId).HasMaxLength(64);
        builder.Property(e => e.Summary).HasMaxLength(ActivityEntry.SummaryMaxLength);
        builder.HasIndex(e => new { e.WorkspaceId, e.At });
        builder.HasIndex(e => new { e.PostId, e.At });
        builder.HasOne<Workspace>().WithMany().HasForeignKey(e => e.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
    }
}
