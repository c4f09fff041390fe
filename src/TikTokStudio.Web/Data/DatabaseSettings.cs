namespace TikTokStudio.Web.Data;

/// <summary>Which engine holds the data (configuration <c>Database:Provider</c>).</summary>
public enum DatabaseProvider
{
    /// <summary>The embedded default: one file in the data directory, one app process.</summary>
    Sqlite,

    /// <summary>Several app instances on one PostgreSQL (ConnectionStrings:Studio), Quartz clustered on it (architecture §9).</summary>
    Postgres,
}

/// <summary>
/// <c>Database:Provider</c> (Sqlite | Postgres) and <c>ConnectionStrings:Studio</c>. SQLite defaults to
/// <c>{data directory}/studio.db</c>; PostgreSQL needs the connection string.
/// </summary>
public sealed record DatabaseSettings(DatabaseProvider Provider, string ConnectionString)
{
    public const string ProviderKey = "Database:Provider";
    public const string ConnectionStringName = "Studio";

    public bool IsPostgres => Provider == DatabaseProvider.Postgres;

    public static DatabaseSettings From(IConfiguration configuration, string dataDirectory)
    {
        var provider = ParseProvider(configuration[ProviderKey]);
        var connectionString = configuration.GetConnectionString(ConnectionStringName);
        if (provider == DatabaseProvider.Sqlite)
        {
            return new(provider, string.IsNullOrWhiteSpace(connectionString)
                ? $"Data Source={Path.Combine(dataDirectory, "studio.db")}"
                : connectionString);
        }
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException(
                $"{ProviderKey} is Postgres, but ConnectionStrings:{ConnectionStringName} is empty (e.g. Host=db;Database=studio;Username=studio;Password=...).");
        }
        return new(provider, connectionString);
    }

    public static DatabaseProvider ParseProvider(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        null or "" or "sqlite" => DatabaseProvider.Sqlite,
        "postgres" or "postgresql" or "npgsql" => DatabaseProvider.Postgres,
        _ => throw new InvalidOperationException($"{ProviderKey} must be Sqlite or Postgres, not '{value}'."),
    };
}
