using Microsoft.Extensions.Options;

namespace TikTokStudio.Web.Leases;

/// <summary>Configuration section <c>Leases</c>.</summary>
public sealed class LeaseOptions
{
    public const string SectionName = "Leases";

    /// <summary>How long a lease outlives its holder's last renewal (a dead instance's leases free themselves after this).</summary>
    public TimeSpan Ttl { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often a waiting caller tries again.</summary>
    public TimeSpan RetryInterval { get; set; } = TimeSpan.FromMilliseconds(200);
}

/// <summary>
/// Leases as rows of <c>Leases</c> (PostgreSQL, or SQLite in tests), one atomic statement each:
/// <list type="bullet">
/// <item>take: an upsert that succeeds only when the row is new or expired, and then adds one to its fencing token;</item>
/// <item>renew/confirm: an update that succeeds only while the row still carries this holder's token;</item>
/// <item>release: the same, setting the expiry to 0 (the row stays, so the token keeps growing).</item>
/// </list>
/// A held lease is renewed every third of its time to live until it is released; times are the app's TimeProvider.
/// </summary>
public sealed partial class DatabaseLeases(StudioConnections connections, InstanceIdentity instance, TimeProvider time,
    IOptions<LeaseOptions> options, ILogger<DatabaseLeases> logger) : ILeases
{
    private const string TakeSql = """
        INSERT INTO "Leases" ("Name", "Holder", "Token", "ExpiresAtMs") VALUES (@name, @holder, 1, @expires)
        ON CONFLICT ("Name") DO UPDATE SET "Holder" = excluded."Holder", "Token" = "Leases"."Token" + 1, "ExpiresAtMs" = excluded."ExpiresAtMs"
        WHERE "Leases"."ExpiresAtMs" <= @now
        RETURNING "Token"
        """;

    private const string RenewSql = """UPDATE "Leases" SET "ExpiresAtMs" = @expires WHERE "Name" = @name AND "Token" = @token AND "Holder" = @holder""";

    private TimeSpan Ttl => options.Value.Ttl;
    private TimeProvider Clock => time;
    private ILogger Log => logger;

    private long NowMs => time.GetUtcNow().ToUnixTimeMilliseconds();

    public async Task<ILease?> TryAcquireAsync(string name, TimeSpan wait, CancellationToken ct)
    {
        var deadline = time.GetUtcNow() + wait;
        while (true)
        {
            if (await TryTakeAsync(name, ct) is { } token)
            {
                LogTaken(logger, name, token);
                return new Held(this, name, token);
            }
            var left = deadline - time.GetUtcNow();
            if (left <= TimeSpan.Zero) return null;
            await Task.Delay(left < options.Value.RetryInterval ? left : options.Value.RetryInterval, time, ct);
        }
    }

    private async Task<long?> TryTakeAsync(string name, CancellationToken ct)
    {
        var now = NowMs;
        await using var connection = await connections.OpenAsync(ct);
        await using var command = StudioConnections.Command(connection, TakeSql,
            ("name", name), ("holder", instance.Id), ("expires", now + (long)Ttl.TotalMilliseconds), ("now", now));
        return await command.ExecuteScalarAsync(ct) is { } token and not DBNull ? Convert.ToInt64(token) : null;
    }

    /// <summary>Extends the lease (or, with <paramref name="release"/>, ends it); false when another holder has it now.</summary>
    private async Task<bool> RenewAsync(string name, long token, bool release, CancellationToken ct)
    {
        await using var connection = await connections.OpenAsync(ct);
        await using var command = StudioConnections.Command(connection, RenewSql,
            ("expires", release ? 0L : NowMs + (long)Ttl.TotalMilliseconds), ("name", name), ("token", token), ("holder", instance.Id));
        return await command.ExecuteNonQueryAsync(ct) == 1;
    }

    private sealed class Held : ILease
    {
        private readonly DatabaseLeases owner;
        private readonly CancellationTokenSource stop = new();
        private readonly Task renewing;
        private volatile bool lost;
        private int released;

        public Held(DatabaseLeases owner, string name, long token)
        {
            this.owner = owner;
            Name = name;
            FencingToken = token;
            renewing = RenewWhileHeldAsync();
        }

        public string Name { get; }
        public long FencingToken { get; }

        public async Task<bool> ConfirmAsync(CancellationToken ct)
        {
            if (lost || Volatile.Read(ref released) != 0) return false;
            if (!await owner.RenewAsync(Name, FencingToken, release: false, ct)) lost = true;
            return !lost;
        }

        private async Task RenewWhileHeldAsync()
        {
            var every = owner.Ttl / 3;
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    await Task.Delay(every, owner.Clock, stop.Token);
                    if (!await owner.RenewAsync(Name, FencingToken, release: false, stop.Token))
                    {
                        lost = true;
                        LogLost(owner.Log, Name, FencingToken);
                        return;
                    }
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                catch (Exception e)
                {
                    // The database is unreachable for a moment: try again; if it stays away, the lease expires.
                    LogRenewFailed(owner.Log, Name, e.GetType().Name);
                }
            }
        }

        public async ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref released, 1) != 0) return;
            await stop.CancelAsync();
            await renewing;
            stop.Dispose();
            if (lost) return;
            try
            {
                await owner.RenewAsync(Name, FencingToken, release: true, CancellationToken.None);
            }
            catch (Exception e)
            {
                LogRenewFailed(owner.Log, Name, e.GetType().Name); // it expires by itself
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Lease {Name} taken (fencing token {Token})")]
    private static partial void LogTaken(ILogger logger, string name, long token);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lease {Name} (fencing token {Token}) was lost: it expired and was taken over")]
    private static partial void LogLost(ILogger logger, string name, long token);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Renewing or releasing lease {Name} failed ({Error})")]
    private static partial void LogRenewFailed(ILogger logger, string name, string error);
}
