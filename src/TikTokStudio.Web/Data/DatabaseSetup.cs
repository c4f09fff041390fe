using Microsoft.EntityFrameworkCore;

namespace TikTokStudio.Web.Data;

public static class DatabaseSetup
{
    /// <summary>
    /// The database, as a factory (components make one short context per operation: a circuit lives for hours) and
    /// as a scoped context for handlers and endpoints. Scoped, because every context reads the scope's workspace.
    /// </summary>
    public static IServiceCollection AddStudioDatabase(this IServiceCollection services, string dataDirectory)
    {
        services.AddDbContextFactory<StudioDbContext>(
            o => o.UseSqlite($"Data Source={Path.Combine(dataDirectory, "studio.db")}"), ServiceLifetime.Scoped);
        return services;
    }
}
