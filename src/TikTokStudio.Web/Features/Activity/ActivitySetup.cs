using Microsoft.EntityFrameworkCore;
using Quartz;
using TikTokStudio.Web.Data;

namespace TikTokStudio.Web.Features.Activity;

public static class ActivitySetup
{
    public static IServiceCollection AddActivity(this IServiceCollection services)
    {
        services.AddScoped<ActivityLog>();
        services.AddScoped<ActivityRetention>();
        return services;
    }

    /// <summary>
    /// The CSV of the filtered log. A plain GET (cookie auth, workspace resolved per request): it changes nothing, so no
    /// antiforgery; without the right it is a 403 with the table's sentence.
    /// </summary>
    public static IEndpointRouteBuilder MapActivity(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/app/activity.csv", async (HttpRequest request, ActivityLog log, HttpResponse response, TimeProvider time, CancellationToken ct) =>
        {
            var filter = ActivityFilter.Parse(key => request.Query[key]);
            var bytes = await log.CsvAsync(filter, ct);
            if (bytes is null) return Results.Text(ActivityLog.Refusal, "text/plain; charset=utf-8", statusCode: StatusCodes.Status403Forbidden);
            response.Headers.CacheControl = "no-store";
            return Results.File(bytes, "text/csv; charset=utf-8", $"activity-{time.GetUtcNow():yyyy-MM-dd}.csv");
        }).RequireAuthorization();
        return endpoints;
    }

    public static void ScheduleJobs(IQuartzBuilder quartz)
    {
        quartz.AddJob<ActivityRetentionJob>(job => job.WithIdentity(ActivityRetentionJob.Key).StoreDurably());
        quartz.AddTrigger(trigger => trigger
            .ForJob(ActivityRetentionJob.Key)
            .WithIdentity("activity-retention-daily", "activity")
            .StartAt(DateTimeOffset.UtcNow.AddMinutes(5))
            .WithSimpleSchedule(schedule => schedule.WithInterval(ActivityRetentionJob.Interval).RepeatForever()));
    }
}

/// <summary>Once a day: deletes the entries older than <see cref="ActivityEntry.Retention"/>, in every workspace.</summary>
[DisallowConcurrentExecution]
public sealed class ActivityRetentionJob(ActivityRetention retention) : IJob
{
    public static readonly JobKey Key = new("activity-retention", "activity");
    public static readonly TimeSpan Interval = TimeSpan.FromDays(1);

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default) =>
        await retention.RunAsync(cancellationToken);
}

/// <summary>
/// The only code that deletes activity entries: those past <see cref="ActivityEntry.Retention"/> (at least a year, as
/// promised). It acts for every workspace, so it reads across the tenant filter on purpose.
/// </summary>
public sealed partial class ActivityRetention(StudioDbContext db, TimeProvider time, ILogger<ActivityRetention> logger)
{
    public async Task<int> RunAsync(CancellationToken ct)
    {
        var cutoff = time.GetUtcNow() - ActivityEntry.Retention;
        var deleted = await db.Set<ActivityEntry>().IgnoreQueryFilters().Where(e => e.At < cutoff).ExecuteDeleteAsync(ct);
        if (deleted > 0) LogDeleted(logger, deleted, cutoff);
        return deleted;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted {Count} activity entries older than {Cutoff}")]
    private static partial void LogDeleted(ILogger logger, int count, DateTimeOffset cutoff);
}
