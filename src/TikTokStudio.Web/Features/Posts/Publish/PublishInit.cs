using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TikTokStudio.Web.Data;

namespace TikTokStudio.Web.Features.Posts.Publish;

/// <summary>
/// One init the app sent to TikTok (direct video, inbox video or photo), written in the same commit as the post's
/// InitRequestedAt, before TikTok is asked. TikTok counts an init toward the creator's daily posts (an inbox init
/// toward the pending drafts) whether or not its answer reached us, while the post's row keeps only its latest init:
/// after a crash between init and saving the publish_id the video is inited again, and a dead upload URL is replaced by
/// a new init. The per-creator daily planning counts these rows, so those first inits are not forgotten.
/// </summary>
public sealed class PublishInit : ITenantOwned
{
    public long Id { get; set; }
    public Guid WorkspaceId { get; set; }
    public Guid PostId { get; set; }
    public Guid AccountId { get; set; }

    /// <summary>TikTok counts per creator, across every app connection (and so every workspace) holding them.</summary>
    public required string OpenId { get; set; }

    public DateTimeOffset At { get; set; }

    /// <summary>A direct post (counts toward the daily posts); otherwise an inbox share (counts toward pending drafts).</summary>
    public bool Direct { get; set; }

    /// <summary>TikTok's answer, when it reached us.</summary>
    public string? PublishId { get; set; }

    /// <summary>TikTok answered with an error, or the call was never sent (our own budget): no post exists there.</summary>
    public bool Refused { get; set; }
}

internal sealed class PublishInitConfiguration : IEntityTypeConfiguration<PublishInit>
{
    public void Configure(EntityTypeBuilder<PublishInit> builder)
    {
        builder.ToTable("PublishInits");
        builder.Property(i => i.OpenId).HasMaxLength(128);
        builder.Property(i => i.PublishId).HasMaxLength(64);
        builder.HasIndex(i => new { i.OpenId, i.At });
        builder.HasIndex(i => i.PostId);
    }
}
