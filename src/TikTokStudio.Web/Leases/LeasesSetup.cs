using TikTokStudio.TikTok.RateLimiting;
using TikTokStudio.Web.Data;

namespace TikTokStudio.Web.Leases;

public static class LeasesSetup
{
    /// <summary>
    /// What is "one at a time" (an account's publishing lane, its token refresh) and TikTok's per-token budgets.
    /// On PostgreSQL, several instances share the database, so both are rows there (<c>Leases:Mode</c> Database);
    /// on SQLite there is one process and they stay in memory (<c>InProcess</c>). Tests may choose Database on SQLite.
    /// </summary>
    public static IServiceCollection AddStudioLeases(this IServiceCollection services, IConfiguration configuration, DatabaseSettings database)
    {
        services.Configure<LeaseOptions>(configuration.GetSection(LeaseOptions.SectionName));
        services.AddSingleton<InstanceIdentity>();
        services.AddSingleton<StudioConnections>();
        services.AddSingleton<RefreshLocks>();
        var mode = configuration[$"{LeaseOptions.SectionName}:Mode"];
        var inDatabase = string.IsNullOrWhiteSpace(mode) ? database.IsPostgres : string.Equals(mode, "Database", StringComparison.OrdinalIgnoreCase);
        if (inDatabase)
        {
            services.AddSingleton<ILeases, DatabaseLeases>();
            // Registered before the TikTok client, whose own registration only adds the in-memory budget when none is there.
            services.AddSingleton<ITikTokRequestBudget, DatabaseRequestBudget>();
        }
        else
        {
            services.AddSingleton<ILeases, InProcessLeases>();
        }
        return services;
    }
}
