using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using TikTokStudio.Web.Data;
using TikTokStudio.Web.Features.Workspaces;

namespace TikTokStudio.Tests.Data;

/// <summary>Saves on one SQLite file take turns in the process, and the file is set up for many readers and one writer.</summary>
public sealed class SqliteWritersTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("sqlite-writers-").FullName;
    private readonly WritesInFlight writes = new();
    private readonly Scope scope = new();

    public SqliteWritersTests()
    {
        using var db = NewContext();
        db.Database.EnsureCreated();
        SqliteWriters.UseWriteAheadLog(db);
    }

    [Fact]
    public async Task Saves_From_Many_Contexts_At_Once_All_Land_One_At_A_Time()
    {
        var saves = Enumerable.Range(0, 32).Select(i => Task.Run(async () =>
        {
            await using var db = NewContext();
            db.Workspaces.Add(NewWorkspace($"W{i}"));
            await db.SaveChangesAsync();
        }));

        await Task.WhenAll(saves);

        await using var check = NewContext();
        Assert.Equal(32, await check.Workspaces.CountAsync());
        Assert.Equal(1, writes.MostAtOnce);
    }

    [Fact]
    public async Task A_Save_Inside_A_Transaction_Does_Not_Queue_Behind_A_Save_Waiting_For_That_Transaction()
    {
        await using var inTransaction = NewContext();
        await using var transaction = await inTransaction.Database.BeginTransactionAsync();
        inTransaction.Workspaces.Add(NewWorkspace("first"));
        await inTransaction.SaveChangesAsync(); // the transaction now holds SQLite's write lock

        // This save takes the process's turn and then waits inside SQLite for the transaction to end.
        var waiting = Task.Run(async () =>
        {
            await using var db = NewContext();
            db.Workspaces.Add(NewWorkspace("second"));
            await db.SaveChangesAsync();
        });
        await Task.Delay(300);

        inTransaction.Workspaces.Add(NewWorkspace("third"));
        var finishing = Task.Run(async () =>
        {
            await inTransaction.SaveChangesAsync();
            await transaction.CommitAsync();
        });
        await finishing.WaitAsync(TimeSpan.FromSeconds(8)); // queued behind "second" it would wait out SQLite's 10 s busy timeout
        await waiting.WaitAsync(TimeSpan.FromSeconds(30));

        await using var check = NewContext();
        Assert.Equal(["first", "second", "third"], (await check.Workspaces.Select(w => w.Name).ToListAsync()).Order());
    }

    [Fact]
    public async Task The_File_Keeps_A_Write_Ahead_Log_And_Every_Connection_Waits_Inside_Sqlite_When_Busy()
    {
        await using var db = NewContext();
        await db.Database.OpenConnectionAsync();
        var connection = db.Database.GetDbConnection();

        Assert.Equal("wal", await ScalarAsync(connection, "PRAGMA journal_mode;"));
        Assert.Equal(SqliteWriters.BusyTimeoutMilliseconds.ToString(), await ScalarAsync(connection, "PRAGMA busy_timeout;"));
    }

    private static async Task<string?> ScalarAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToString(await command.ExecuteScalarAsync());
    }

    private static Workspace NewWorkspace(string name) =>
        new() { Id = Guid.NewGuid(), Name = name, TimeZoneId = "UTC", CreatedAt = DateTimeOffset.UtcNow, TrialEndsAt = DateTimeOffset.UtcNow };

    private StudioDbContext NewContext() => new(
        new DbContextOptionsBuilder<StudioDbContext>()
            .UseSqlite($"Data Source={Path.Combine(directory, "studio.db")};Pooling=False")
            .AddInterceptors(SqliteWriters.BusyTimeout.Instance, writes)
            .Options,
        scope);

    public void Dispose()
    {
        try { Directory.Delete(directory, recursive: true); } catch (IOException) { }
    }

    /// <summary>Counts INSERTs running at the same moment.</summary>
    private sealed class WritesInFlight : DbCommandInterceptor
    {
        private int inFlight;
        private int mostAtOnce;

        public int MostAtOnce => Volatile.Read(ref mostAtOnce);

        public override async ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            await EnterAsync(command, cancellationToken);
            return result;
        }

        public override ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData, DbDataReader result,
            CancellationToken cancellationToken = default)
        {
            Exit(command);
            return ValueTask.FromResult(result);
        }

        public override async ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            await EnterAsync(command, cancellationToken);
            return result;
        }

        public override ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result,
            CancellationToken cancellationToken = default)
        {
            Exit(command);
            return ValueTask.FromResult(result);
        }

        private async Task EnterAsync(DbCommand command, CancellationToken ct)
        {
            if (!IsInsert(command)) return;
            var now = Interlocked.Increment(ref inFlight);
            int seen;
            while (now > (seen = Volatile.Read(ref mostAtOnce)) && Interlocked.CompareExchange(ref mostAtOnce, now, seen) != seen) { }
            await Task.Delay(5, ct); // widens the window in which another save could overlap
        }

        private void Exit(DbCommand command)
        {
            if (IsInsert(command)) Interlocked.Decrement(ref inFlight);
        }

        private static bool IsInsert(DbCommand command) => command.CommandText.Contains("INSERT", StringComparison.Ordinal);
    }

    private sealed class Scope : ITenantScope
    {
        public Guid? WorkspaceId => null;
    }
}
