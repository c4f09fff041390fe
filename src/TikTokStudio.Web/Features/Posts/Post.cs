using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TikTokStudio.Web.Data;

namespace TikTokStudio.Web.Features.Posts;

public enum PostKind
{
    Video,
    Photo,
}

/// <summary>Where a post is in its life. The row is the truth; triggers and the UI are derived from it.</summary>
public enum PostStatus
{
    /// <summary>Saved, not scheduled; never published.</summary>
    Draft,
    /// <summary>Waiting for its minute; still editable.</summary>
    Scheduled,
    /// <summary>The engine is working on it (see <see cref="PublishStage"/>); no longer editable.</summary>
    Publishing,
    /// <summary>Live on the creator's profile (the public link may follow after TikTok's moderation).</summary>
    Published,
    /// <summary>Delivered to the creator's TikTok inbox as a draft; they finish it in the app.</summary>
    SentToInbox,
    /// <summary>TikTok refused it or it could not be sent; <see cref="Post.FailMessage"/> says why and what to do.</summary>
    Failed,
    /// <summary>The app was down too long past the slot; the user decides what happens.</summary>
    Missed,
    /// <summary>The outcome cannot be known (e.g. a crash right after asking TikTok to pull photos): check TikTok before reposting.</summary>
    Unconfirmed,
    /// <summary>The account needs a reconnect before this post can go out.</summary>
    WaitingForReconnect,
    /// <summary>TikTok's daily limit for the creator is reached; the post waits for the next possible slot.</summary>
    WaitingForDailyLimit,
    /// <summary>The account was disconnected; the post waits for a reconnect or a decision.</summary>
    Paused,
    /// <summary>Submitted by someone who needs approval (Features/Approvals); an approver approves it or asks for changes.</summary>
    PendingApproval,
    /// <summary>Its minute came while it was still pending, so it was not sent; a late approval may publish it now or at a new time.</summary>
    NotApprovedInTime,
}

/// <summary>The step inside <see cref="PostStatus.Publishing"/>.</summary>
public enum PublishStage
{
    None,
    Preflight,
    Init,
    Uploading,
    Processing,
}

/// <summary>
/// One post to one TikTok account. Posts composed together share a <see cref="CompositionId"/>.
/// </summary>
public sealed class Post : ITenantOwned
{
    public const int VideoCaptionMaxLength = 2200;
    public const int PhotoTitleMaxLength = 90;
    public const int PhotoDescriptionMaxLength = 4000;
    public const int MaxPhotos = 35;

    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid WorkspaceId { get; set; }
    public Guid CompositionId { get; set; }
    public Guid AccountId { get; set; }
    public PostKind Kind { get; set; }

    /// <summary>The video (Video posts).</summary>
    public Guid? VideoMediaId { get; set; }

    /// <summary>Ordered photo media ids, comma-separated (Photo posts, 1-35).</summary>
    public string PhotoMediaIds { get; set; } = "";
    public int PhotoCoverIndex { get; set; }

    /// <summary>Video caption (≤2,200 UTF-16 units) or photo title (≤90).</summary>
    public string Title { get; set; } = "";

    /// <summary>Photo description (≤4,000 UTF-16 units).</summary>
    public string? Description { get; set; }

    /// <summary>Chosen by the user from the creator's options; never defaulted. Null for drafts-to-inbox.</summary>
    public string? PrivacyLevel { get; set; }
    public bool AllowComment { get; set; }
    public bool AllowDuet { get; set; }
    public bool AllowStitch { get; set; }
    public bool DisclosureEnabled { get; set; }
    public bool YourBrand { get; set; }
    public bool BrandedContent { get; set; }
    public bool IsAiGenerated { get; set; }
    public bool AutoAddMusic { get; set; }
    public int? VideoCoverTimestampMs { get; set; }

    public PostStatus Status { get; set; }
    public PublishStage Stage { get; set; }

    /// <summary>The minute it goes out (UTC); null for drafts.</summary>
    public DateTimeOffset? PublishAt { get; set; }

    // Publishing state, persisted at each step so a restart resumes instead of repeating.
    public DateTimeOffset? InitRequestedAt { get; set; }
    public string? PublishId { get; set; }
    public string? UploadUrl { get; set; }
    public DateTimeOffset? UploadUrlExpiresAt { get; set; }
    public long UploadedBytes { get; set; }
    public long TotalBytes { get; set; }
    public DateTimeOffset? UploadCompletedAt { get; set; }
    public string? PublicPostId { get; set; }
    public string? PublicUrl { get; set; }
    public string? FailCode { get; set; }
    public string? FailMessage { get; set; }

    /// <summary>How TikTok's error was classified (a <c>TikTokErrorClass</c> name); null for failures of our own.</summary>
    public string? FailClass { get; set; }

    /// <summary>TikTok's log id of the reply that failed the post: the handle TikTok's support asks for.</summary>
    public string? FailLogId { get; set; }
    public int Attempts { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public required string CreatedByUserId { get; set; }

    /// <summary>Optimistic concurrency: the engine and an editor never overwrite each other.</summary>
    public int Version { get; set; }

    // Approvals (Features/Approvals): who asked, who approved, and the content the approval covers.
    public DateTimeOffset? SubmittedAt { get; set; }
    public string? SubmittedByUserId { get; set; }
    public DateTimeOffset? ApprovedAt { get; set; }
    public string? ApprovedByUserId { get; set; }

    /// <summary>SHA-256 (hex) of what was approved (ApprovalRules.ContentHash); a different hash after an edit needs a new approval.</summary>
    public string? ApprovalHash { get; set; }

    public IReadOnlyList<Guid> Photos =>
        PhotoMediaIds.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(Guid.Parse).ToList();

    /// <summary>Scheduled and pending posts stay editable until publishing starts; drafts always.</summary>
    public bool IsEditable => Status is PostStatus.Draft or PostStatus.Scheduled or PostStatus.PendingApproval;

    public bool IsTerminal => Status is PostStatus.Published or PostStatus.SentToInbox or PostStatus.Failed or PostStatus.Unconfirmed;
}

/// <summary>One line of a post's publishing timeline.</summary>
public sealed class PostEvent : ITenantOwned
{
    public long Id { get; set; }
    public Guid WorkspaceId { get; set; }
    public Guid PostId { get; set; }
    public DateTimeOffset At { get; set; }
    public required string Kind { get; set; }
    public required string Message { get; set; }
}

internal sealed class PostConfiguration : IEntityTypeConfiguration<Post>
{
    public void Configure(EntityTypeBuilder<Post> builder)
    {
        builder.Property(p => p.Kind).HasConversion<string>().HasMaxLength(8);
        builder.Property(p => p.Status).HasConversion<string>().HasMaxLength(24);
        builder.Property(p => p.Stage).HasConversion<string>().HasMaxLength(16);
        builder.Property(p => p.Version).IsConcurrencyToken();
        builder.Property(p => p.Title).HasMaxLength(Post.VideoCaptionMaxLength);
        builder.Property(p => p.FailClass).HasMaxLength(32);
        builder.Property(p => p.FailLogId).HasMaxLength(128);
        builder.Property(p => p.ApprovalHash).HasMaxLength(64);
        builder.Property(p => p.SubmittedByUserId).HasMaxLength(450);
        builder.Property(p => p.ApprovedByUserId).HasMaxLength(450);
        builder.Property(p => p.Description).HasMaxLength(Post.PhotoDescriptionMaxLength);
        builder.HasIndex(p => new { p.Status, p.PublishAt });
        // Covers the calendar's month scan (CalendarFeed): a range of a workspace read as (Id, AccountId, Status,
        // PublishAt) from the index alone, without a table lookup per post.
        builder.HasIndex(p => new { p.WorkspaceId, p.PublishAt, p.AccountId, p.Status, p.Id });
        builder.HasIndex(p => p.AccountId);
        builder.HasIndex(p => p.CompositionId);
        // TikTok's webhooks name a post by its publish_id (Features/Webhooks/TikTokWebhookReceiver).
        builder.HasIndex(p => p.PublishId);
        builder.Ignore(p => p.Photos);
    }
}

internal sealed class PostEventConfiguration : IEntityTypeConfiguration<PostEvent>
{
    public void Configure(EntityTypeBuilder<PostEvent> builder)
    {
        builder.HasIndex(e => new { e.PostId, e.At });
        builder.Property(e => e.Kind).HasMaxLength(32);
        builder.Property(e => e.Message).HasMaxLength(1000);
    }
}
