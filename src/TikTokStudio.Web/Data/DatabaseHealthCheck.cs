using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace TikTokStudio.Web.Data;

public sealed class DatabaseHealthCheck(StudioDbContext db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        await db.Database.CanConnectAsync(cancellationToken)
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy("The database cannot be opened.");
}
