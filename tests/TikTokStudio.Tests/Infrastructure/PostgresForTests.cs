using Npgsql;

namespace TikTokStudio.Tests.Infrastructure;

/// <summary>
/// The PostgreSQL the tests use: <c>STUDIO_TEST_POSTGRES</c>, an admin connection string to a server on loopback
/// (./build.sh test starts Debian's PostgreSQL on a port of its own and sets it). Each test class (each app host)
/// gets a database of its own, dropped when it is done. Without it, the PostgreSQL test classes are skipped with the
/// reason, except under CI (CI=true), where they run and fail: a PostgreSQL that cannot start fails the run.
/// </summary>
public static class PostgresForTests
{
    public const string EnvironmentVariable = "STUDIO_TEST_POSTGRES";

    public static string? AdminConnectionString => Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } value ? value : null;

    public static bool UnderCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Why the PostgreSQL classes are skipped here; null when they run.</summary>
    public static string? SkipReason => AdminConnectionString is not null || UnderCi
        ? null
        : $"PostgreSQL is not available: {EnvironmentVariable} is not set. ./build.sh test installs and starts Debian's PostgreSQL and sets it; under CI these tests never skip.";

    /// <summary>A fresh, empty database; disposing it drops it (closing what still uses it).</summary>
    public static TestDatabase CreateDatabase(string owner)
    {
        var admin = AdminConnectionString ?? throw new InvalidOperationException(
            $"PostgreSQL tests need {EnvironmentVariable} (an admin connection string); under CI they never skip. Run ./build.sh test, which starts one.");
        var name = ("t_" + new string(owner.ToLowerInvariant().Where(char.IsAsciiLetterOrDigit).ToArray()))[..Math.Min(40, owner.Length + 2)]
            + "_" + Guid.NewGuid().ToString("N")[..10];
        using (var connection = new NpgsqlConnection(admin))
        {
            connection.Open();
            using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            create.ExecuteNonQuery();
        }
        return new TestDatabase(admin, name);
    }
}

public sealed class TestDatabase(string adminConnectionString, string name) : IDisposable
{
    public string Name { get; } = name;

    public string ConnectionString { get; } = new NpgsqlConnectionStringBuilder(adminConnectionString) { Database = name }.ConnectionString;

    public void Dispose()
    {
        NpgsqlConnection.ClearAllPools();
        using var connection = new NpgsqlConnection(adminConnectionString);
        connection.Open();
        using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)", connection);
        drop.ExecuteNonQuery();
    }
}
