using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Quartz;
using TikTokStudio.Web.Data;

namespace TikTokStudio.Web.Features.Webhooks;

/// <summary>
/// Keeps the webhook tables from growing without end: finished deliveries older than
/// <see cref="WebhookOptions.DeliveryLogRetention"/> (their attempts go with them by cascade; pending ones are never
/// touched) and TikTok receipts older than <see cref="WebhookOptions.TikTokReceiptRetention"/>. For every workspace,
/// so it reads across the tenant filter on purpose.
/// </summary>
public sealed partial class WebhookRetention(StudioDbContext db, IOptions<WebhookOptions> options, TimeProvider time, ILogger<WebhookRetention> logger)
{
    public async Task<(int Deliveries, int Receipts)> RunAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var deliveryCutoff = now - options.Value.DeliveryLogRetention;
        var deliveries = await db.Set<WebhookDelivery>().IgnoreQueryFilters()
            .Where(d => d.State != WebhookDeliveryState.Pending && d.CreatedAt < deliveryCutoff)
            .ExecuteDeleteAsync(ct);
        var receiptCutoff = now - options.Value.TikTokReceiptRetention;
        var receipts = await db.Set<TikTokWebhookReceipt>().Where(r => r.ReceivedAt < receiptCutoff).ExecuteDeleteAsync(ct);
        if (deliveries + receipts > 0) LogDeleted(logger, deliveries, receipts);
        return (deliveries, receipts);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Webhook retention deleted {Deliveries} finished deliveries and {Receipts} TikTok receipts")]
    private static partial void LogDeleted(ILogger logger, int deliveries, int receipts);
}

/// <summary>Runs <see cref="WebhookRetention"/> once a day.</summary>
[DisallowConcurrentExecution]
public sealed class WebhookRetentionJob(WebhookRetention retention) : IJob
{
    public static readonly JobKey Key = new("webhook-retention", "webhooks");
    public static readonly TimeSpan Interval = TimeSpan.FromDays(1);

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default) =>
        await retention.RunAsync(cancellationToken);

    public static void Schedule(IQuartzBuilder quartz)
    {
        quartz.AddJob<WebhookRetentionJob>(job => job.WithIdentity(Key).StoreDurably());
        quartz.AddTrigger(trigger => trigger
            .ForJob(Key)
            .WithIdentity("webhook-retention-daily", "webhooks")
            .StartAt(DateTimeOffset.UtcNow.AddMinutes(7))
            .WithSimpleSchedule(schedule => schedule.WithInterval(Interval).RepeatForever()));
    }
}
