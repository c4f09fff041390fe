using Microsoft.Extensions.Diagnostics.HealthChecks;
using Quartz;

namespace TikTokStudio.Web.Jobs;

/// <summary>
/// Quartz in the same process, on its own SQLite file in the data directory, so triggers survive restarts and
/// crashes (misfires fire on the next start). Features add their jobs and triggers through Quartz's own API.
/// </summary>
public static class JobsSetup
{
    /// <param name="features">Each feature's recurring jobs and triggers (one Quartz registration for the whole app).</param>
    public static IServiceCollection AddStudioJobs(this IServiceCollection services, string dataDirectory, params Action<IQuartzBuilder>[] features)
    {
        var connectionString = $"Data Source={Path.Combine(dataDirectory, "quartz.db")}";
        services.AddQuartz(q =>
        {
            q.UsePersistentStore(store =>
            {
                store.UseSqlite(connectionString);
                store.UseSerializer<Quartz.Impl.SystemTextJsonObjectSerializer>();
                store.ProvisionSchema();
            });
            foreach (var feature in features) feature(q);
        });
        services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
        return services;
    }
}

public sealed class SchedulerHealthCheck(ISchedulerFactory schedulers) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        return scheduler is not null && await scheduler.GetStatus(cancellationToken) == SchedulerStatus.Running
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy("The job scheduler is not running.");
    }
}
