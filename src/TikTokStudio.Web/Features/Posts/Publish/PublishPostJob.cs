using Quartz;

namespace TikTokStudio.Web.Features.Posts.Publish;

/// <summary>
/// Thin on purpose: runs <see cref="PublishPost.RunAsync"/> for the post its key names, records an unexpected failure,
/// and schedules the follow-up run the state machine asked for. One job per post, never two runs of it at once.
/// </summary>
[DisallowConcurrentExecution]
public sealed partial class PublishPostJob(IServiceScopeFactory scopes, TimeProvider time, ILogger<PublishPostJob> logger) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        if (!Guid.TryParseExact(context.JobDetail.Key.Name, "N", out var postId)) return;
        PublishRunResult result;
        try
        {
            // A slot trigger fires ahead of its minute (PublishingOptions.ArmAhead): wait for the minute itself.
            if (PostScheduler.SlotOf(context.Trigger) is { } slot && slot - time.GetUtcNow() is { Ticks: > 0 } early)
            {
                await Task.Delay(early, time, cancellationToken);
            }
            using var scope = scopes.CreateScope();
            result = await scope.ServiceProvider.GetRequiredService<PublishPost>().RunAsync(postId, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutting down: the row says where it stopped; resume as soon as the app is back.
            LogStopped(logger, postId);
            result = PublishRunResult.At(DateTimeOffset.UtcNow);
        }
        catch (Exception e)
        {
            LogCrashed(logger, postId, e);
            try
            {
                using var scope = scopes.CreateScope();
                result = await scope.ServiceProvider.GetRequiredService<PublishPost>().RecordUnexpectedAsync(postId, e, CancellationToken.None);
            }
            catch (Exception inner)
            {
                LogCrashed(logger, postId, inner);
                result = PublishRunResult.At(DateTimeOffset.UtcNow.AddMinutes(1)); // the reconcile job is the backstop
            }
        }

        if (result.NextRunAt is { } at)
        {
            try
            {
                await PostScheduler.RunAgainAsync(context.Scheduler, postId, at, CancellationToken.None);
            }
            catch (Exception e) when (e is SchedulerException or ObjectDisposedException)
            {
                LogFollowUpNotScheduled(logger, postId, e.GetType().Name); // the reconcile job resumes it
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Publishing post {PostId} failed unexpectedly")]
    private static partial void LogCrashed(ILogger logger, Guid postId, Exception e);

    [LoggerMessage(Level = LogLevel.Information, Message = "Publishing post {PostId} stopped for shutdown; it resumes on start")]
    private static partial void LogStopped(ILogger logger, Guid postId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The follow-up run of post {PostId} could not be scheduled ({Error})")]
    private static partial void LogFollowUpNotScheduled(ILogger logger, Guid postId, string error);
}

/// <summary>What a run asks for next: nothing (the row is terminal or waits for a person) or another run at a time.</summary>
public sealed record PublishRunResult(DateTimeOffset? NextRunAt)
{
    public static readonly PublishRunResult Done = new((DateTimeOffset?)null);
    public static PublishRunResult At(DateTimeOffset at) => new(at);
}
