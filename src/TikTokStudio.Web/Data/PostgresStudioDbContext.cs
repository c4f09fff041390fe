using Microsoft.EntityFrameworkCore;

namespace TikTokStudio.Web.Data;

/// <summary>
/// The same model as <see cref="StudioDbContext"/> on PostgreSQL. A type of its own only so that EF keeps a second
/// migrations set (Data/Migrations/Postgres) next to the SQLite one; everything resolves it as StudioDbContext.
/// </summary>
public sealed class PostgresStudioDbContext(DbContextOptions<PostgresStudioDbContext> options, ITenantScope tenantScope)
    : StudioDbContext(options, tenantScope);
