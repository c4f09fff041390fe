using Microsoft.EntityFrameworkCore;
using Quartz;
using TikTokStudio.Web.Data;

namespace TikTokStudio.Web.Features.Media.Conversions;

/// <summary>
/// At start: conversions a dead process left Running go back in line and every queued one has a trigger, so each
/// starts again from the beginning; temporary files no active conversion owns are deleted. On one SQLite process every
/// Running row at start is dead; on PostgreSQL only those whose heartbeat is stale (another node may be running one).
/// </summary>
public sealed partial class ConversionRecovery(StudioDbContext db, DatabaseSettings database, MediaStorage storage, ISchedulerFactory schedulers,
    TimeProvider time, ILogger<ConversionRecovery> logger)
{
    public async Task<int> RecoverAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        // Across workspaces on purpose: housekeeping of the instance, not a request for one workspace.
        var active = await db.Set<MediaConversion>().IgnoreQueryFilters()
            .Where(c => c.Status == ConversionStatus.Queued || c.Status == ConversionStatus.Running).ToListAsync(ct);
        var scheduler = await schedulers.GetScheduler(ct);
        var recovered = 0;
        foreach (var conversion in active)
        {
            var interrupted = false;
            if (conversion.Status == ConversionStatus.Running)
            {
                if (database.IsPostgres && conversion.HeartbeatAt is { } beat && now - beat < MediaConverter.StaleAfter) continue;
                conversion.Status = ConversionStatus.Queued;
                conversion.Percent = 0;
                interrupted = true;
                recovered++;
            }
            if (interrupted || !await scheduler.Exists(ConversionScheduler.KeyOf(conversion.Id), ct))
                await ConversionScheduler.RunAtAsync(scheduler, conversion.Id, now, ct);
        }
        await db.SaveChangesAsync(ct);

        var folder = Path.GetDirectoryName(storage.ConversionTempPath(Guid.Empty))!;
        if (Directory.Exists(folder))
        {
            var owned = active.Select(c => Path.GetFileName(storage.ConversionTempPath(c.Id))).ToHashSet();
            foreach (var stray in Directory.EnumerateFiles(folder).Where(f => !owned.Contains(Path.GetFileName(f)) || !database.IsPostgres))
            {
                try { File.Delete(stray); } catch (IOException) { }
            }
        }
        if (recovered > 0) LogRecovered(recovered);
        return recovered;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Count} interrupted media conversions go back in line")]
    private partial void LogRecovered(int count);
}

/// <summary>Runs <see cref="ConversionRecovery"/> once when the app starts.</summary>
public sealed partial class ConversionRecoveryService(IServiceScopeFactory scopes, ILogger<ConversionRecoveryService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<ConversionRecovery>().RecoverAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            LogFailed(ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Recovering interrupted media conversions failed")]
    private partial void LogFailed(Exception ex);
}
