using Quartz;

namespace TikTokStudio.Web.Features.Media.Conversions;

/// <summary>
/// One Quartz job per conversion ("media-conversions"/{id}), requesting recovery so a run cut off by a crash
/// fires again on start (or on another node). Each run or re-run is a one-shot trigger of its own.
/// </summary>
public static class ConversionScheduler
{
    public const string Group = "media-conversions";

    public static JobKey KeyOf(Guid conversionId) => new(conversionId.ToString("N"), Group);

    public static async Task RunAtAsync(IScheduler scheduler, Guid conversionId, DateTimeOffset at, CancellationToken ct)
    {
        var key = KeyOf(conversionId);
        // A unique key per run: the trigger firing now completes and is deleted without touching the next one.
        var trigger = TriggerBuilder.Create()
            .WithIdentity($"{conversionId:N}-{Guid.NewGuid():N}", Group)
            .StartAt(at)
            .WithSimpleSchedule(s => s.WithMisfireInstruction(SimpleTriggerMisfireInstruction.FireNow));
        if (await scheduler.Exists(key, ct))
        {
            await scheduler.ScheduleJob(trigger.ForJob(key).Build(), new ScheduleJobOptions(), ct);
            return;
        }
        var job = JobBuilder.Create<ConvertMediaJob>().WithIdentity(key).RequestRecovery().Build();
        await scheduler.ScheduleJob(job, trigger.ForJob(job).Build(), new ScheduleJobOptions(), ct);
    }

    /// <summary>Removes the job and its triggers once the conversion is finished or cancelled before it ran.</summary>
    public static async Task ForgetAsync(IScheduler scheduler, Guid conversionId, CancellationToken ct) =>
        await scheduler.DeleteJob(KeyOf(conversionId), ct);
}

/// <summary>Thin: runs <see cref="MediaConverter.RunAsync"/> and schedules the next try when it was not this run's turn.</summary>
[DisallowConcurrentExecution]
public sealed class ConvertMediaJob(IServiceScopeFactory scopes, TimeProvider time) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        if (!Guid.TryParseExact(context.JobDetail.Key.Name, "N", out var conversionId)) return;
        ConversionRunResult result;
        await using (var scope = scopes.CreateAsyncScope())
        {
            result = await scope.ServiceProvider.GetRequiredService<MediaConverter>().RunAsync(conversionId, cancellationToken);
        }
        if (result.RunAgainAfter is { } delay)
            await ConversionScheduler.RunAtAsync(context.Scheduler, conversionId, time.GetUtcNow() + delay, CancellationToken.None);
        else
            await ConversionScheduler.ForgetAsync(context.Scheduler, conversionId, CancellationToken.None);
    }
}

/// <summary>Null: the conversion is finished (whatever the outcome); else try again after this long.</summary>
public sealed record ConversionRunResult(TimeSpan? RunAgainAfter)
{
    public static readonly ConversionRunResult Done = new((TimeSpan?)null);
    public static ConversionRunResult After(TimeSpan delay) => new(delay);
}
