using System.Security.Cryptography;

namespace TikTokStudio.Emulators.TikTok;

public static class PostStatus
{
    public const string ProcessingUpload = "PROCESSING_UPLOAD";
    public const string ProcessingDownload = "PROCESSING_DOWNLOAD";
    public const string SendToUserInbox = "SEND_TO_USER_INBOX";
    public const string PublishComplete = "PUBLISH_COMPLETE";
    public const string Failed = "FAILED";
}

/// <summary>
/// A post as TikTok received it. Its status is never stored: <see cref="Evaluate"/> derives it from timestamps and the
/// emulator clock, so advancing the clock moves posts along without background timers.
/// </summary>
public sealed class EmulatedPost
{
    public required string PublishId { get; init; }
    public required string ClientKey { get; init; }
    public required EmulatedCreator Creator { get; init; }
    public required bool IsDirect { get; init; }
    public required string MediaType { get; init; }   // VIDEO or PHOTO
    public required string Source { get; init; }      // FILE_UPLOAD or PULL_FROM_URL
    public required DateTimeOffset CreatedAt { get; init; }
    public required TimeSpan ProcessingDelay { get; init; }
    public required TimeSpan ModerationDelay { get; init; }
    public required long PostId { get; init; }

    /// <summary>The consent the post was made under; revoking it before processing ends fails the post with auth_removed.</summary>
    public TokenGrant? Grant { get; init; }

    public string Mode => IsDirect ? "DIRECT_POST" : "MEDIA_UPLOAD";
    public string? Title { get; init; }
    public string? Description { get; init; }
    public string? PrivacyLevel { get; init; }
    public bool? DisableComment { get; init; }
    public bool? DisableDuet { get; init; }
    public bool? DisableStitch { get; init; }
    public bool? BrandContentToggle { get; init; }
    public bool? BrandOrganicToggle { get; init; }
    public bool? IsAigc { get; init; }
    public bool? AutoAddMusic { get; init; }
    public long? VideoCoverTimestampMs { get; init; }
    public string? VideoUrl { get; init; }
    public IReadOnlyList<string> PhotoImages { get; init; } = [];
    public int? PhotoCoverIndex { get; init; }

    /// <summary>A fail_reason scripted through the control API, applied when processing ends.</summary>
    public string? ScriptedFailReason { get; init; }

    public UploadSession? Upload { get; init; }

    /// <summary>When every byte arrived (upload) or the pull finished (success or failure).</summary>
    public DateTimeOffset? TransferCompletedAt { get; set; }
    public string? TransferFailReason { get; set; }
    public long TransferredBytes { get; set; }
    public string? Sha256Hex { get; set; }

    public bool Cancelled { get; set; }
    public CancellationTokenSource? PullCancellation { get; set; }

    public DateTimeOffset? InboxCompletedAt { get; set; }
    public string? InboxPrivacyLevel { get; set; }

    /// <summary>When the public post was taken down (removed by the creator or by moderation): no public id from then on.</summary>
    public DateTimeOffset? TakenDownAt { get; set; }

    /// <summary>The webhook events already announced for this post (each at most once, apart from TikTok's duplicates).</summary>
    public HashSet<string> AnnouncedEvents { get; } = new(StringComparer.Ordinal);

    /// <summary>The publish_type TikTok's webhooks carry: INBOX_SHARE for upload mode (tiktok-api.md §9.3).</summary>
    public string PublishType => IsDirect ? "DIRECT_PUBLISH" : "INBOX_SHARE";

    public PostView Evaluate(DateTimeOffset now)
    {
        if (Cancelled) return new(PostStatus.Failed, "publish_cancelled", []);
        var processing = Source == "FILE_UPLOAD" ? PostStatus.ProcessingUpload : PostStatus.ProcessingDownload;
        if (TransferCompletedAt is not { } transferred)
        {
            return Grant?.RevokedAt is not null ? new(PostStatus.Failed, "auth_removed", []) : new(processing, null, []);
        }
        if (TransferFailReason is not null) return new(PostStatus.Failed, TransferFailReason, []);
        var processedAt = transferred + ProcessingDelay;
        if (Grant?.RevokedAt is { } revoked && revoked < processedAt) return new(PostStatus.Failed, "auth_removed", []);
        if (now < processedAt) return new(processing, null, []);
        if (ScriptedFailReason is not null) return new(PostStatus.Failed, ScriptedFailReason, []);
        if (IsDirect)
        {
            // Only a public post passes into the public feed, and only after moderation.
            var visible = PrivacyLevel == "PUBLIC_TO_EVERYONE" && now >= processedAt + ModerationDelay && !IsTakenDown(now);
            return new(PostStatus.PublishComplete, null, visible ? [PostId] : []);
        }
        if (InboxCompletedAt is not { } completed) return new(PostStatus.SendToUserInbox, null, []);
        var draftVisible = InboxPrivacyLevel == "PUBLIC_TO_EVERYONE" && now >= completed + ModerationDelay && !IsTakenDown(now);
        return new(PostStatus.PublishComplete, null, draftVisible ? [PostId] : []);
    }

    private bool IsTakenDown(DateTimeOffset now) => TakenDownAt is { } down && now >= down;
}

public sealed record PostView(string Status, string? FailReason, IReadOnlyList<long> PublicPostIds)
{
    public bool IsTerminal => Status is PostStatus.Failed or PostStatus.PublishComplete or PostStatus.SendToUserInbox;
}

/// <summary>The FILE_UPLOAD plan agreed at init and the progress of its PUT chunks.</summary>
public sealed class UploadSession : IDisposable
{
    public required string UploadId { get; init; }
    public required string UploadToken { get; init; }
    public required long VideoSize { get; init; }
    public required long ChunkSize { get; init; }
    public required int TotalChunkCount { get; init; }
    public required DateTimeOffset ExpiresAt { get; init; }
    public string? FilePath { get; init; }

    public long ReceivedBytes { get; set; }
    public int NextChunkIndex { get; set; }

    /// <summary>A PUT is streaming into this session; a concurrent one is refused.</summary>
    public bool Busy { get; set; }

    /// <summary>SHA-256 of the bytes committed so far; each chunk hashes into a clone so a broken chunk can be retried.</summary>
    public IncrementalHash Hash { get; set; } = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    public bool Complete => ReceivedBytes == VideoSize;

    public long ChunkStart(int index) => index * ChunkSize;
    public long ChunkEnd(int index) => index == TotalChunkCount - 1 ? VideoSize - 1 : (index + 1) * ChunkSize - 1;

    public void Dispose() => Hash.Dispose();
}
