using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using TikTokStudio.Web.Leases;
using TikTokStudio.Web.Live;

namespace TikTokStudio.Web.Data;

public static class DatabaseSetup
{
    /// <summary>
    /// The database, as a factory (components make one short context per operation: a circuit lives for hours) and
    /// as a scoped context for handlers and endpoints. Scoped, because every context reads the scope's workspace.
    /// <c>Database:Provider</c> chooses SQLite (default) or PostgreSQL; either way everything asks for
    /// <see cref="StudioDbContext"/> and <c>IDbContextFactory&lt;StudioDbContext&gt;</c>.
    /// </summary>
    public static IServiceCollection AddStudioDatabase(this IServiceCollection services, IConfiguration configuration, string dataDirectory)
    {
        var settings = DatabaseSettings.From(configuration, dataDirectory);
        services.AddSingleton(settings);
        services.AddStudioLeases(configuration, settings);
        if (!settings.IsPostgres)
        {
            services.AddDbContextFactory<StudioDbContext>(o => o.UseSqlite(settings.ConnectionString).AddInterceptors(SqliteWriters.BusyTimeout.Instance), ServiceLifetime.Scoped);
            return services;
        }

        // One pool for EF, the leases, the live-event listener and the health check.
        services.AddSingleton(_ => new NpgsqlDataSourceBuilder(settings.ConnectionString).Build());
        services.AddDbContextFactory<PostgresStudioDbContext>(
            (sp, o) => o.UseNpgsql(sp.GetRequiredService<NpgsqlDataSource>()), ServiceLifetime.Scoped);
        services.AddScoped<StudioDbContext>(sp => sp.GetRequiredService<PostgresStudioDbContext>());
        services.AddScoped<IDbContextFactory<StudioDbContext>>(sp =>
            new UpcastFactory(sp.GetRequiredService<IDbContextFactory<PostgresStudioDbContext>>()));
        // Every instance must read the cookies and tokens another one protected: the key ring lives in the database.
        // (Registered after the composition root's file-system repository, so this one is the repository in use.)
        services.AddDataProtection().PersistKeysToDbContext<StudioDbContext>();
        // Live events of the other instances (LISTEN/NOTIFY on the same database).
        services.AddSingleton<PostgresLiveEvents>();
        services.AddHostedService(sp => sp.GetRequiredService<PostgresLiveEvents>());
        return services;
    }

    private sealed class UpcastFactory(IDbContextFactory<PostgresStudioDbContext> inner) : IDbContextFactory<StudioDbContext>
    {
        public StudioDbContext CreateDbContext() => inner.CreateDbContext();
    }
}
