using Quartz;

namespace TikTokStudio.Web.Features.Analytics;

public static class AnalyticsSetup
{
    public static IServiceCollection AddAnalytics(this IServiceCollection services)
    {
        services.AddScoped<TakeSnapshots>();
        services.AddScoped<AnalyticsQueries>();
        return services;
    }

    public static void ScheduleJobs(IQuartzBuilder quartz)
    {
        quartz.AddJob<SnapshotAnalyticsJob>(job => job.WithIdentity(SnapshotAnalyticsJob.Key).StoreDurably());
        quartz.AddTrigger(trigger => trigger
            .ForJob(SnapshotAnalyticsJob.Key)
            .WithIdentity("analytics-snapshots-every-30-minutes", "analytics")
            .StartAt(DateTimeOffset.UtcNow.AddMinutes(2))
            .WithSimpleSchedule(schedule => schedule.WithInterval(SnapshotSchedule.JobInterval).RepeatForever()));
    }
}
