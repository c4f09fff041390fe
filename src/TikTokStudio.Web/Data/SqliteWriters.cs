using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace TikTokStudio.Web.Data;

/// <summary>
/// SQLite lets one connection write at a time. When a second one tries, Microsoft.Data.Sqlite blocks its thread for
/// 150 ms and tries again (<c>SqliteDataReader.NextResult</c>), so 32 publishes saving at once spent most of a burst
/// asleep (bench/README, "SQLite writers, profiled"). Two remedies, both for the SQLite provider only:
/// <list type="bullet">
/// <item>Saves queue for their file's turn in this process (<see cref="WaitTurnAsync"/>), asynchronously and without a
/// thread held, so they never meet a locked database among themselves.</item>
/// <item>Every connection sets <c>busy_timeout</c>, so the writes outside that queue (set-based updates, explicit
/// transactions) and other processes wait inside SQLite, which retries within milliseconds rather than 150 ms.</item>
/// </list>
/// The file is in write-ahead-log mode (<see cref="UseWriteAheadLog"/>): readers (every open page) neither wait for a
/// writer nor hold one up.
/// </summary>
public static class SqliteWriters
{
    /// <summary>How long SQLite itself retries a busy database before it reports it.</summary>
    public const int BusyTimeoutMilliseconds = 10_000;

    private static readonly ConcurrentDictionary<string, SemaphoreSlim> Turns = new(StringComparer.Ordinal);

    /// <summary>
    /// This save's turn at its SQLite file, or null when it needs none: another provider, or a save inside an explicit
    /// transaction (that transaction may already hold SQLite's write lock; queueing it behind a save that waits for the
    /// same lock would deadlock, so it keeps SQLite's own waiting).
    /// </summary>
    public static async ValueTask<IDisposable?> WaitTurnAsync(DbContext db, CancellationToken ct)
    {
        if (TurnOf(db) is not { } turn) return null;
        await turn.WaitAsync(ct);
        return new Release(turn);
    }

    /// <summary>The same for a synchronous save.</summary>
    public static IDisposable? WaitTurn(DbContext db)
    {
        if (TurnOf(db) is not { } turn) return null;
        turn.Wait();
        return new Release(turn);
    }

    /// <summary>Write-ahead logging is a property of the file; set once at start-up, after the migrations.</summary>
    public static void UseWriteAheadLog(DbContext db)
    {
        if (db.Database.IsSqlite()) db.Database.ExecuteSqlRaw("PRAGMA journal_mode=WAL;");
    }

    private static SemaphoreSlim? TurnOf(DbContext db)
    {
        if (!db.Database.IsSqlite() || db.Database.CurrentTransaction is not null) return null;
        var file = db.Database.GetDbConnection().DataSource;
        return Turns.GetOrAdd(file, _ => new SemaphoreSlim(1, 1));
    }

    private sealed class Release(SemaphoreSlim turn) : IDisposable
    {
        private int released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref released, 1) == 0) turn.Release();
        }
    }

    /// <summary>Sets <c>busy_timeout</c> on every connection EF opens (pooled connections keep it; setting it again is free).</summary>
    public sealed class BusyTimeout : DbConnectionInterceptor
    {
        public static readonly BusyTimeout Instance = new();

        private static readonly string Pragma = $"PRAGMA busy_timeout = {BusyTimeoutMilliseconds};";

        public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

        public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            Apply(connection);
            return Task.CompletedTask;
        }

        public static void Apply(DbConnection connection)
        {
            if (connection is not SqliteConnection) return;
            using var command = connection.CreateCommand();
            command.CommandText = Pragma;
            command.ExecuteNonQuery();
        }
    }
}
