using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using TikTokStudio.Web.Data;

namespace TikTokStudio.Web.Features.Media;

/// <summary>Removes uploads that were not finished before their Upload-Expires time (rows and bytes), in every workspace.</summary>
public sealed partial class MediaCleanup(StudioDbContext db, MediaStorage storage, TimeProvider time, ILogger<MediaCleanup> logger)
{
    public async Task<int> RemoveExpiredAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        // Across workspaces on purpose: this is housekeeping, not a request acting for one workspace.
        var expired = await db.Set<MediaFile>().IgnoreQueryFilters()
            .Where(m => m.Status == MediaStatus.Uploading && m.ExpiresAt != null && m.ExpiresAt <= now)
            .ToListAsync(ct);
        foreach (var file in expired)
        {
            storage.Delete(file);
            db.Remove(file);
        }
        await db.SaveChangesAsync(ct);
        if (expired.Count > 0) LogRemoved(expired.Count);
        return expired.Count;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Removed {Count} expired media uploads")]
    private partial void LogRemoved(int count);
}

/// <summary>Runs <see cref="MediaCleanup"/> at start and every Media:CleanupInterval (on the app's TimeProvider).</summary>
public sealed partial class MediaCleanupService(IServiceScopeFactory scopes, IOptions<MediaOptions> options, TimeProvider time,
    ILogger<MediaCleanupService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.CleanupInterval, time);
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<MediaCleanup>().RemoveExpiredAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogFailed(ex);
            }
        }
        while (await WaitAsync(timer, stoppingToken));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken ct)
    {
        try { return await timer.WaitForNextTickAsync(ct); }
        catch (OperationCanceledException) { return false; }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cleaning expired media uploads failed; will retry")]
    private partial void LogFailed(Exception ex);
}
