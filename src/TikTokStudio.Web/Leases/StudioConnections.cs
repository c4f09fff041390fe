using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;
using TikTokStudio.Web.Data;

namespace TikTokStudio.Web.Leases;

/// <summary>Plain ADO.NET connections to the app's database, for the few statements that must be one atomic round trip.</summary>
public sealed class StudioConnections(DatabaseSettings settings, IServiceProvider services)
{
    private NpgsqlDataSource? dataSource;

    public DatabaseProvider Provider => settings.Provider;

    public async Task<DbConnection> OpenAsync(CancellationToken ct)
    {
        if (settings.IsPostgres)
        {
            dataSource ??= services.GetRequiredService<NpgsqlDataSource>();
            return await dataSource.OpenConnectionAsync(ct);
        }
        var connection = new SqliteConnection(settings.ConnectionString);
        await connection.OpenAsync(ct);
        SqliteWriters.BusyTimeout.Apply(connection);
        return connection;
    }

    public static DbCommand Command(DbConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }
        return command;
    }
}
