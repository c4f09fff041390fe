using Quartz;

namespace TikTokStudio.Web.Features.Posts.Publish;

public static class PublishingSetup
{
    public static IServiceCollection AddPublishing(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<PublishingOptions>(configuration.GetSection(PublishingOptions.SectionName));
        services.AddSingleton<PublishGate>();
        services.AddSingleton<PublishHooks>();
        services.AddScoped<PostScheduler>();
        services.AddScoped<AccountConnectionPosts>();
        services.AddScoped<PublishPost>();
        services.AddScoped<PublishingReconciler>();
        services.AddScoped<NotificationsFeed>();
        services.AddScoped<PostDetails>();
        return services;
    }

    public static void ScheduleJobs(IQuartzBuilder quartz)
    {
        // Publishing needs more than Quartz's default 10 workers (a thousand posts may fall on one minute); the
        // engine's own gate bounds how many upload at once.
        quartz.UseDefaultThreadPool(pool => pool.MaxConcurrency = PublishingOptions.MaxConcurrentRuns);
        // Acquire due triggers in batches: firing them one store round trip at a time made a thousand posts due at one
        // minute start up to ~25 s late (bench/README.md, fan-out).
        quartz.ConfigureScheduler(scheduler => scheduler.MaxBatchSize = PublishingOptions.TriggerBatchSize);
        quartz.AddJob<ReconcilePublishingJob>(job => job.WithIdentity(ReconcilePublishingJob.Key).StoreDurably());
        quartz.AddTrigger(trigger => trigger
            .ForJob(ReconcilePublishingJob.Key)
            .WithIdentity("reconcile-publishing-every-minute", "publishing")
            .StartAt(DateTimeOffset.UtcNow.AddSeconds(10))
            .WithSimpleSchedule(schedule => schedule.WithInterval(ReconcilePublishingJob.Interval).RepeatForever()
                .WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount)));
    }

    public static IEndpointRouteBuilder MapPublishing(this IEndpointRouteBuilder endpoints) => PublishEndpoints.Map(endpoints);
}
