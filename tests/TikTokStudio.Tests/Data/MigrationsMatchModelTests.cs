using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TikTokStudio.Web.Data;

namespace TikTokStudio.Tests.Data;

/// <summary>
/// One model, two migrations sets (SQLite in Data/Migrations, PostgreSQL in Data/Migrations/Postgres): both must be up
/// to date with it. The contexts come from the app's own composition root (Identity's options shape the model), built
/// but not started, so no database is touched.
/// </summary>
public sealed class MigrationsMatchModelTests : IDisposable
{
    private readonly string dataDirectory = Path.Combine(Path.GetTempPath(), "tiktok-studio-tests", Guid.NewGuid().ToString("N"));
    private readonly List<IDisposable> apps = [];

    [Fact]
    public void The_Sqlite_Migrations_Match_The_Model()
    {
        using var db = Context(DatabaseProvider.Sqlite);

        Assert.False(db.Database.HasPendingModelChanges(), "The model changed without a SQLite migration: dotnet ef migrations add <Name> --context StudioDbContext --output-dir Data/Migrations");
        Assert.NotEmpty(db.Database.GetMigrations());
    }

    [Fact]
    public void The_Postgres_Migrations_Match_The_Model()
    {
        using var db = Context(DatabaseProvider.Postgres);

        Assert.IsType<PostgresStudioDbContext>(db);
        Assert.False(db.Database.HasPendingModelChanges(), "The model changed without a PostgreSQL migration (see Data/README.md)");
        Assert.NotEmpty(db.Database.GetMigrations());
    }

    [Fact]
    public void Both_Sets_Describe_The_Same_Tables_Columns_And_Keys()
    {
        using var sqlite = Context(DatabaseProvider.Sqlite);
        using var postgres = Context(DatabaseProvider.Postgres);

        var fromSqlite = Shape(sqlite);
        var fromPostgres = Shape(postgres);

        Assert.NotEmpty(fromSqlite);
        Assert.Equal(fromSqlite, fromPostgres);
    }

    /// <summary>The snapshot model of a migrations set, as "table.column nullability" and key/index lines (no store types: those are the provider's).</summary>
    private static List<string> Shape(StudioDbContext db)
    {
        var snapshot = db.GetService<IMigrationsAssembly>().ModelSnapshot!.Model;
        var model = db.GetService<IModelRuntimeInitializer>().Initialize(((IMutableModel)snapshot).FinalizeModel());
        var lines = new List<string>();
        foreach (var table in model.GetRelationalModel().Tables)
        {
            foreach (var column in table.Columns) lines.Add($"{table.Name}.{column.Name} {(column.IsNullable ? "null" : "not null")}");
            if (table.PrimaryKey is { } pk) lines.Add($"{table.Name} pk({string.Join(",", pk.Columns.Select(c => c.Name))})");
            foreach (var index in table.Indexes) lines.Add($"{table.Name} index {index.Name} ({string.Join(",", index.Columns.Select(c => c.Name))}){(index.IsUnique ? " unique" : "")}");
            foreach (var fk in table.ForeignKeyConstraints) lines.Add($"{table.Name} fk {fk.Name}");
        }
        lines.Sort(StringComparer.Ordinal);
        return lines;
    }

    private StudioDbContext Context(DatabaseProvider provider)
    {
        var builder = Microsoft.AspNetCore.Builder.WebApplication.CreateBuilder(new Microsoft.AspNetCore.Builder.WebApplicationOptions { EnvironmentName = "Production" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:DataDirectory"] = dataDirectory,
            [DatabaseSettings.ProviderKey] = provider.ToString(),
            ["ConnectionStrings:" + DatabaseSettings.ConnectionStringName] = provider == DatabaseProvider.Postgres ? "Host=localhost;Database=model_check" : null,
        });
        builder.Logging.ClearProviders();
        TikTokStudio.Web.StudioBuilder.AddStudio(builder);
        var app = builder.Build();
        apps.Add(app);
        var scope = app.Services.CreateScope();
        apps.Add(scope);
        return scope.ServiceProvider.GetRequiredService<StudioDbContext>();
    }

    public void Dispose()
    {
        foreach (var app in Enumerable.Reverse(apps)) app.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(dataDirectory, recursive: true); } catch (IOException) { }
    }
}
