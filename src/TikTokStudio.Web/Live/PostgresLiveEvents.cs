using System.Text.Json;
using System.Threading.Channels;
using Npgsql;
using TikTokStudio.Web.Leases;

namespace TikTokStudio.Web.Live;

/// <summary>
/// Live events across instances (architecture §9): every local change <see cref="LiveEventHub.Raised"/> is sent as a
/// PostgreSQL NOTIFY on <see cref="Channel"/> (ids only: workspace, entity, id, and the sending instance), and every
/// instance LISTENs and hands the others' events to its own subscribers (<see cref="LiveEventHub.DeliverAsync"/>), the
/// components of the circuits it hosts. Events are raised after the change is committed, and a NOTIFY is delivered
/// when its own statement commits, so a subscriber that re-reads always sees the change. Sends are batched (a
/// thousand posts moving at one minute are a few round trips, not thousands); a dropped listening connection is
/// re-opened, and a component's own slow refresh covers what was missed meanwhile.
/// </summary>
public sealed partial class PostgresLiveEvents(
    LiveEventHub hub, NpgsqlDataSource dataSource, InstanceIdentity instance, ILogger<PostgresLiveEvents> logger)
    : BackgroundService
{
    public const string Channel = "studio_live";

    private readonly Channel<LiveEvent> outbox = System.Threading.Channels.Channel.CreateUnbounded<LiveEvent>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Channel<LiveEvent> inbox = System.Threading.Channels.Channel.CreateUnbounded<LiveEvent>(new UnboundedChannelOptions { SingleReader = true });
    private readonly TaskCompletionSource listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes once this instance LISTENs (tests wait for it before raising on another instance).</summary>
    public Task Listening => listening.Task;

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        hub.Raised += EnqueueAsync;
        return base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        hub.Raised -= EnqueueAsync;
        outbox.Writer.TryComplete();
        await base.StopAsync(cancellationToken);
    }

    private Task EnqueueAsync(LiveEvent change)
    {
        outbox.Writer.TryWrite(change);
        return Task.CompletedTask;
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(SendAsync(stoppingToken), ListenAsync(stoppingToken), DeliverAsync(stoppingToken));

    private async Task SendAsync(CancellationToken ct)
    {
        var batch = new List<LiveEvent>();
        try
        {
            while (await outbox.Reader.WaitToReadAsync(ct))
            {
                batch.Clear();
                while (batch.Count < 100 && outbox.Reader.TryRead(out var change)) batch.Add(change);
                try
                {
                    await using var connection = await dataSource.OpenConnectionAsync(ct);
                    await using var command = connection.CreateCommand();
                    command.CommandText = "SELECT " + string.Join(", ", batch.Select((_, i) => $"pg_notify('{Channel}', @p{i})"));
                    for (var i = 0; i < batch.Count; i++) command.Parameters.AddWithValue($"p{i}", Serialize(batch[i]));
                    await command.ExecuteNonQueryAsync(ct);
                }
                catch (Exception e) when (e is NpgsqlException or InvalidOperationException or TimeoutException)
                {
                    LogSendFailed(logger, batch.Count, e.GetType().Name); // the other instances' slow refresh covers it
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    private async Task ListenAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync(ct);
                connection.Notification += (_, e) =>
                {
                    if (Parse(e.Payload) is { } change) inbox.Writer.TryWrite(change);
                };
                await using (var listen = connection.CreateCommand())
                {
                    listen.CommandText = $"LISTEN {Channel}";
                    await listen.ExecuteNonQueryAsync(ct);
                }
                listening.TrySetResult();
                while (!ct.IsCancellationRequested) await connection.WaitAsync(ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is NpgsqlException or InvalidOperationException or TimeoutException or IOException)
            {
                LogListenFailed(logger, e.GetType().Name);
                try { await Task.Delay(TimeSpan.FromSeconds(1), ct); }
                catch (OperationCanceledException) { return; }
            }
        }
    }

    private async Task DeliverAsync(CancellationToken ct)
    {
        try
        {
            await foreach (var change in inbox.Reader.ReadAllAsync(ct))
            {
                await hub.DeliverAsync(change);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    private string Serialize(LiveEvent change) =>
        JsonSerializer.Serialize(new Wire(instance.Id, change.WorkspaceId, change.Entity, change.Id));

    /// <summary>Another instance's event; null for our own (already delivered locally) and for anything malformed.</summary>
    private LiveEvent? Parse(string payload)
    {
        try
        {
            var wire = JsonSerializer.Deserialize<Wire>(payload);
            if (wire is null || wire.O == instance.Id || wire.E is null || wire.I is null) return null;
            return new LiveEvent(wire.W, wire.E, wire.I);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>What travels: origin instance, workspace, entity, id. Nothing else, ever.</summary>
    private sealed record Wire(string O, Guid W, string? E, string? I);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sending {Count} live event(s) to the other instances failed ({Error})")]
    private static partial void LogSendFailed(ILogger logger, int count, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Listening for the other instances' live events failed ({Error}); reconnecting")]
    private static partial void LogListenFailed(ILogger logger, string error);
}
