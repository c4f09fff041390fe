using System.Globalization;
using Quartz;

namespace TikTokStudio.Web.Features.Posts.Publish;

/// <summary>
/// Derives a post's Quartz trigger from its row (the row is the truth). One job per post, keyed by the post id, so
/// [DisallowConcurrentExecution] means "never two runs of the same post at once"; its slot trigger fires shortly before
/// PublishAt and the run waits for it (a time in the past runs at once: "post now"), follow-up triggers resume it
/// (retries, polling, daily limits).
/// </summary>
public sealed class PostScheduler(ISchedulerFactory schedulers)
{
    public const string Group = "publish";
    public const string FollowUpGroup = "publish-run";

    /// <summary>The trigger's job data key holding the post's slot (the trigger itself fires <see cref="PublishingOptions.ArmAhead"/> earlier).</summary>
    public const string SlotKey = "slot";

    public static JobKey JobKeyFor(Guid postId) => new(postId.ToString("N"), Group);
    public static TriggerKey SlotTriggerFor(Guid postId) => new(postId.ToString("N"), Group);

    /// <summary>Creates or moves the post's trigger to <see cref="Post.PublishAt"/> (Scheduled posts; now or in the past publishes at once).</summary>
    public async Task ScheduleAsync(Post post, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(post);
        if (post.PublishAt is not { } at) throw new ArgumentException("A post needs PublishAt to be scheduled.", nameof(post));
        var scheduler = await schedulers.GetScheduler(ct);
        var job = JobBuilder.Create<PublishPostJob>()
            .WithIdentity(JobKeyFor(post.Id))
            .WithDescription("Publish one post")
            // A run cut short by a crash is fired again on the next start (the row says where it stopped).
            .RequestRecovery()
            .Build();
        var trigger = TriggerBuilder.Create()
            .WithIdentity(SlotTriggerFor(post.Id))
            .ForJob(job)
            // Fires ahead of the slot and waits for it in memory, so many posts due at one minute are all dispatched by then.
            .StartAt(at - PublishingOptions.ArmAhead)
            .UsingJobData(SlotKey, at.ToString("O", CultureInfo.InvariantCulture))
            // Late because the app was down: fire on start; PublishPost turns it into Missed past Publishing:MisfireGrace.
            .WithSimpleSchedule(s => s.WithMisfireInstruction(SimpleTriggerMisfireInstruction.FireNow))
            .Build();
        await scheduler.ScheduleJob(job, [trigger], ScheduleJobOptions.Replacing, ct);
    }

    /// <summary>Removes the post's job and every trigger of it (deleted or unscheduled posts).</summary>
    public async Task UnscheduleAsync(Guid postId, CancellationToken ct)
    {
        var scheduler = await schedulers.GetScheduler(ct);
        await scheduler.DeleteJob(JobKeyFor(postId), ct);
    }

    /// <summary>Runs the post again at <paramref name="at"/> (a follow-up trigger beside any existing one).</summary>
    public async Task RunAgainAsync(Guid postId, DateTimeOffset at, CancellationToken ct) =>
        await RunAgainAsync(await schedulers.GetScheduler(ct), postId, at, ct);

    internal static async Task RunAgainAsync(IScheduler scheduler, Guid postId, DateTimeOffset at, CancellationToken ct)
    {
        var jobKey = JobKeyFor(postId);
        // A unique key per follow-up: the trigger that is firing now completes and is deleted without touching it.
        var trigger = TriggerBuilder.Create()
            .WithIdentity($"{postId:N}-{Guid.NewGuid():N}", FollowUpGroup)
            .StartAt(at)
            .WithSimpleSchedule(s => s.WithMisfireInstruction(SimpleTriggerMisfireInstruction.FireNow));
        if (await scheduler.Exists(jobKey, ct))
        {
            await scheduler.ScheduleJob(trigger.ForJob(jobKey).Build(), new ScheduleJobOptions(), ct);
            return;
        }
        var job = JobBuilder.Create<PublishPostJob>().WithIdentity(jobKey).RequestRecovery().Build();
        await scheduler.ScheduleJob(job, trigger.ForJob(job).Build(), new ScheduleJobOptions(), ct);
    }

    /// <summary>The minute a slot trigger publishes at (null for follow-up triggers, which run when they fire).</summary>
    public static DateTimeOffset? SlotOf(ITrigger? trigger) =>
        trigger is not null && trigger.JobDataMap.TryGetString(SlotKey, out var value)
        && DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var slot) ? slot : null;

    /// <summary>True when the post's job has a trigger waiting or is running here.</summary>
    internal static async Task<bool> IsTrackedAsync(IScheduler scheduler, Guid postId, IReadOnlySet<JobKey> running, CancellationToken ct)
    {
        var jobKey = JobKeyFor(postId);
        if (running.Contains(jobKey)) return true;
        return (await scheduler.QueryTriggers(new TriggerQuery { Job = jobKey }, ct)).Items.Count > 0;
    }
}
