namespace TikTokStudio.Web.Features.Posts.Compose;

public enum ComposeAction
{
    SaveDraft,
    PostNow,
    Schedule,
}

/// <summary>The per-account choices of the composer (each creator has their own privacy options and settings).</summary>
public sealed record TargetChoice(Guid AccountId, string? Privacy, bool AllowComment, bool AllowDuet, bool AllowStitch);

/// <summary>What the composer form sent, parsed without judging it (<see cref="ComposeRules"/> judges).</summary>
public sealed record ComposeInput
{
    public PostKind Kind { get; init; } = PostKind.Video;
    public Guid? VideoMediaId { get; init; }
    public IReadOnlyList<Guid> PhotoMediaIds { get; init; } = [];
    public int PhotoCoverIndex { get; init; }
    public string Title { get; init; } = "";
    public string Description { get; init; } = "";
    public IReadOnlyList<TargetChoice> Targets { get; init; } = [];
    public bool DisclosureEnabled { get; init; }
    public bool YourBrand { get; init; }
    public bool BrandedContent { get; init; }
    public bool IsAiGenerated { get; init; }
    public bool AutoAddMusic { get; init; }
    public int? VideoCoverTimestampMs { get; init; }

    /// <summary>The user confirmed posting media that was already posted or scheduled to one of the accounts.</summary>
    public bool ConfirmRepost { get; init; }
    public ComposeAction Action { get; init; } = ComposeAction.Schedule;

    /// <summary>"yyyy-MM-ddTHH:mm" in the workspace's time zone, as a datetime-local input sends it.</summary>
    public string? ScheduleLocal { get; init; }

    /// <summary>Set when an existing draft or scheduled post is being edited.</summary>
    public Guid? EditPostId { get; init; }

    public TargetChoice? TargetFor(Guid accountId) => Targets.FirstOrDefault(t => t.AccountId == accountId);
}
