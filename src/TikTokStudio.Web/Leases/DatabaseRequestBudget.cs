using System.Collections.Concurrent;
using TikTokStudio.TikTok.RateLimiting;

namespace TikTokStudio.Web.Leases;

/// <summary>
/// TikTok's per-token budgets shared by every instance, as rows of <c>RequestBudgetSlots</c>: N slots per token and
/// endpoint (N = the documented per-minute limit). A call takes the slot used longest ago, and only if that was at
/// least a window ago, in one conditional UPDATE; two instances racing for one slot cannot both win it (the loser's
/// row check fails and it tries the next), so N calls never fall inside one window, whoever sends them.
/// The window is TikTok's minute plus <see cref="Margin"/>: the slot is stamped before the request leaves, TikTok
/// stamps it when it arrives.
/// </summary>
public sealed class DatabaseRequestBudget(StudioConnections connections, TimeProvider time) : ITikTokRequestBudget
{
    public static readonly TimeSpan Margin = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan Window = TikTokRateLimiter.Window + Margin;

    private const string TakeSql = """
        UPDATE "RequestBudgetSlots" SET "UsedAtMs" = @now
        WHERE "Key" = @key AND "UsedAtMs" <= @cutoff AND "Slot" = (
            SELECT "Slot" FROM "RequestBudgetSlots" WHERE "Key" = @key AND "UsedAtMs" <= @cutoff ORDER BY "UsedAtMs", "Slot" LIMIT 1)
        RETURNING "Slot"
        """;

    private const string OldestSql = """SELECT MIN("UsedAtMs"), COUNT(*) FROM "RequestBudgetSlots" WHERE "Key" = @key""";

    private readonly ConcurrentDictionary<string, byte> provisioned = new();

    public TimeProvider Time => time;

    public async ValueTask<TimeSpan> TryAcquireAsync(string accessToken, TikTokEndpoint endpoint, CancellationToken cancellationToken = default)
    {
        var key = KeyOf(accessToken, endpoint);
        await EnsureSlotsAsync(key, TikTokRateLimiter.LimitFor(endpoint), cancellationToken);
        // A lost race for the oldest slot is tried again on the next one; a full window answers with its wait.
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var now = time.GetUtcNow().ToUnixTimeMilliseconds();
            await using var connection = await connections.OpenAsync(cancellationToken);
            await using (var take = StudioConnections.Command(connection, TakeSql,
                ("now", now), ("key", key), ("cutoff", now - (long)Window.TotalMilliseconds)))
            {
                if (await take.ExecuteScalarAsync(cancellationToken) is { } slot and not DBNull) return TimeSpan.Zero;
            }
            var wait = await WaitAsync(connection, key, TikTokRateLimiter.LimitFor(endpoint), now, cancellationToken);
            if (wait > TimeSpan.Zero) return wait;
        }
        return TimeSpan.FromMilliseconds(50);
    }

    public async ValueTask<TimeSpan> GetWaitTimeAsync(string accessToken, TikTokEndpoint endpoint, CancellationToken cancellationToken = default)
    {
        var key = KeyOf(accessToken, endpoint);
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await WaitAsync(connection, key, TikTokRateLimiter.LimitFor(endpoint), time.GetUtcNow().ToUnixTimeMilliseconds(), cancellationToken);
    }

    public async ValueTask MarkExhaustedAsync(string accessToken, TikTokEndpoint endpoint, CancellationToken cancellationToken = default)
    {
        var key = KeyOf(accessToken, endpoint);
        await EnsureSlotsAsync(key, TikTokRateLimiter.LimitFor(endpoint), cancellationToken);
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var command = StudioConnections.Command(connection, """UPDATE "RequestBudgetSlots" SET "UsedAtMs" = @now WHERE "Key" = @key""",
            ("now", time.GetUtcNow().ToUnixTimeMilliseconds()), ("key", key));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<TimeSpan> WaitAsync(System.Data.Common.DbConnection connection, string key, int limit, long now, CancellationToken ct)
    {
        await using var command = StudioConnections.Command(connection, OldestSql, ("key", key));
        await using var reader = await command.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct) || reader.IsDBNull(0) || reader.GetInt64(1) < limit) return TimeSpan.Zero;
        var freeAt = reader.GetInt64(0) + (long)Window.TotalMilliseconds;
        return freeAt <= now ? TimeSpan.Zero : TimeSpan.FromMilliseconds(freeAt - now);
    }

    /// <summary>The token's N slots exist from its first call on (created by whichever instance gets there first).</summary>
    private async Task EnsureSlotsAsync(string key, int limit, CancellationToken ct)
    {
        if (provisioned.ContainsKey(key)) return;
        var values = string.Join(", ", Enumerable.Range(0, limit).Select(i => $"(@key, {i}, 0)"));
        await using var connection = await connections.OpenAsync(ct);
        await using var command = StudioConnections.Command(connection,
            $"""INSERT INTO "RequestBudgetSlots" ("Key", "Slot", "UsedAtMs") VALUES {values} ON CONFLICT DO NOTHING""", ("key", key));
        await command.ExecuteNonQueryAsync(ct);
        if (provisioned.Count > 100_000) provisioned.Clear(); // tokens rotate daily; the set only saves a round trip
        provisioned.TryAdd(key, 0);
    }

    private static string KeyOf(string accessToken, TikTokEndpoint endpoint) => $"{TikTokRateLimiter.HashToken(accessToken)}:{(int)endpoint}";
}
