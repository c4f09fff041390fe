namespace TikTokStudio.Web.Features.Posts.Publish;

/// <summary>Configuration section <c>Publishing</c>: how the engine plans around TikTok's limits and the machine's.</summary>
public sealed class PublishingOptions
{
    public const string SectionName = "Publishing";

    /// <summary>A post missed while the app was down still goes out when it is less than this late; later it becomes Missed.</summary>
    public TimeSpan MisfireGrace { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long before the slot the pre-flight check runs (token, creator, limits, media).</summary>
    public TimeSpan PreflightLead { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Posts between pre-flight and the end of their upload at once, across all accounts (one per account at most).</summary>
    public int MaxConcurrentPublishes { get; set; } = 32;

    /// <summary>Preferred FILE_UPLOAD chunk size in bytes (5,242,880..64,000,000); null uses the planner's default.</summary>
    public long? ChunkSizeBytes { get; set; }

    /// <summary>Direct posts per creator per 24 h we plan for (TikTok says about 15; shared by every app).</summary>
    public int DailyPostCap { get; set; } = 15;

    /// <summary>Drafts waiting in a creator's inbox per 24 h (TikTok: 5).</summary>
    public int PendingInboxCap { get; set; } = 5;

    /// <summary>How long a published post (or an inbox draft) is watched for its public post id.</summary>
    public TimeSpan PublicIdWatchWindow { get; set; } = TimeSpan.FromHours(48);

    /// <summary>How long one job run polls processing before handing over to a later trigger (frees the worker thread).</summary>
    public TimeSpan InlinePollLimit { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// When the next run polls again after a run used up <see cref="InlinePollLimit"/>. TikTok's webhook (when it comes)
    /// starts a run at once, so this is the fallback.
    /// </summary>
    public TimeSpan PollHandOverDelay { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Longest wait between two status polls while processing.</summary>
    public TimeSpan PollMaxDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>First wait before re-sending a failed chunk (doubles each time).</summary>
    public TimeSpan ChunkRetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Runs that end in a transient fault before the post is given up (Failed, or Unconfirmed when TikTok may have it).</summary>
    public int MaxAttempts { get; set; } = 8;

    /// <summary>Whether the minute-by-minute reconcile job runs (tests that drive runs by hand turn it off).</summary>
    public bool ReconcileEnabled { get; set; } = true;

    /// <summary>
    /// How long before its slot a post's trigger fires; the run then waits in memory until the slot. Quartz on SQLite
    /// dispatches about 80 triggers a second (every fire is a serialized store round trip), so a thousand posts due at
    /// one minute would otherwise start up to 12 s late (bench/README.md, fan-out).
    /// </summary>
    public static readonly TimeSpan ArmAhead = TimeSpan.FromSeconds(20);

    /// <summary>Triggers Quartz acquires per store round trip.</summary>
    public const int TriggerBatchSize = 64;

    /// <summary>
    /// Quartz runs at once (all jobs of the app share them). Runs armed ahead mostly wait for their slot, which costs a
    /// pending task, not a thread; publishing itself holds at most <see cref="MaxConcurrentPublishes"/>.
    /// </summary>
    public const int MaxConcurrentRuns = 2048;
}
