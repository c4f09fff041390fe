using Microsoft.Extensions.Diagnostics.HealthChecks;
using Quartz;
using TikTokStudio.Web.Data;

namespace TikTokStudio.Web.Jobs;

/// <summary>
/// Quartz in the same process on a persistent store, so triggers survive restarts and crashes (misfires fire on the
/// next start). On SQLite: its own file in the data directory, one process. On PostgreSQL: the same database as the
/// app, clustered (architecture §9): every instance is a node of one scheduler, a trigger fires on exactly one node,
/// and when a node stops checking in the others take over its triggers and recover its in-flight runs (jobs that
/// request recovery run again; PublishPost resumes from the row). Features add their jobs and triggers through
/// Quartz's own API.
/// </summary>
public static class JobsSetup
{
    /// <summary>How often a node writes its check-in row, and how late one may be before the others recover its work.</summary>
    public static readonly TimeSpan CheckinInterval = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan CheckinMisfireThreshold = TimeSpan.FromSeconds(15);

    /// <param name="features">Each feature's recurring jobs and triggers (one Quartz registration for the whole app).</param>
    public static IServiceCollection AddStudioJobs(this IServiceCollection services, string dataDirectory, params Action<IQuartzBuilder>[] features)
    {
        // AddStudioDatabase registered the settings as an instance; Quartz's registration needs them now, not at resolve time.
        var database = services.LastOrDefault(d => d.ServiceType == typeof(DatabaseSettings))?.ImplementationInstance as DatabaseSettings
            ?? new DatabaseSettings(DatabaseProvider.Sqlite, "");
        services.AddQuartz(q =>
        {
            q.UsePersistentStore(store =>
            {
                if (database.IsPostgres)
                {
                    store.UsePostgres(database.ConnectionString);
                    // Instance ids are generated per node ("AUTO"); nodes' clocks must agree within a second.
                    store.UseClustering(c =>
                    {
                        c.CheckinInterval = CheckinInterval;
                        c.CheckinMisfireThreshold = CheckinMisfireThreshold;
                    });
                }
                else
                {
                    store.UseSqlite($"Data Source={Path.Combine(dataDirectory, "quartz.db")}");
                }
                store.UseSerializer<Quartz.Impl.SystemTextJsonObjectSerializer>();
                // Every statement of Quartz's provisioning is CREATE ... IF NOT EXISTS; on PostgreSQL it runs under
                // the migration lock first (QuartzSchemaProvisioner), so two nodes starting together do not race.
                store.ProvisionSchema();
            });
            foreach (var feature in features) feature(q);
        });
        services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
        return services;
    }
}

/// <summary>Healthy when the scheduler runs; on a cluster it also reports the nodes and fails when this node's check-ins lag.</summary>
public sealed class SchedulerHealthCheck(ISchedulerFactory schedulers, TimeProvider time) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        if (scheduler is null || await scheduler.GetStatus(cancellationToken) != SchedulerStatus.Running)
            return HealthCheckResult.Unhealthy("The job scheduler is not running.");
        var metadata = await scheduler.GetMetadata(cancellationToken);
        if (!metadata.JobStoreClustered) return HealthCheckResult.Healthy("Scheduler running (one node).");

        var nodes = await scheduler.QueryClusterNodes(cancellationToken);
        var now = time.GetUtcNow();
        var data = new Dictionary<string, object>
        {
            ["instanceId"] = metadata.SchedulerInstanceId,
            ["nodes"] = nodes.Select(n => $"{n.InstanceId} ({n.State}, checked in {(now - n.LastCheckInUtc)?.TotalSeconds:0.#} s ago)").ToArray(),
        };
        var self = nodes.FirstOrDefault(n => n.IsCurrentNode);
        if (self?.LastCheckInUtc is not { } lastCheckIn || now - lastCheckIn > JobsSetup.CheckinMisfireThreshold)
            return HealthCheckResult.Unhealthy("This node is not checking in with the scheduler cluster; the other nodes will take over its work.", data: data);
        return HealthCheckResult.Healthy($"Clustered scheduler, {nodes.Count} node(s).", data);
    }
}
