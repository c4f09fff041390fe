using System.Collections.Concurrent;

namespace TikTokStudio.Web.Live;

/// <summary>"Entity X of workspace W changed": ids only, never markup or data. Subscribers re-read what they show.</summary>
public sealed record LiveEvent(Guid WorkspaceId, string Entity, string Id);

/// <summary>What jobs and handlers call when an entity changed (after their change is saved).</summary>
public interface ILiveNotifier
{
    Task ChangedAsync(Guid workspaceId, string entity, string id, CancellationToken ct = default);
}

/// <summary>What components subscribe to, for their own workspace only. Dispose the subscription to leave.</summary>
public interface ILiveEvents
{
    IDisposable Subscribe(Guid workspaceId, Func<LiveEvent, Task> handler);
}

/// <summary>
/// The in-process event hub: jobs raise id-only events, components subscribed for that workspace re-query and
/// re-render over their circuit. <see cref="Deliver"/> is also the entry point for events that arrive from other
/// instances (see architecture.md §9), so a transport across instances only has to call it.
/// </summary>
public sealed class LiveEventHub(ILogger<LiveEventHub> log) : ILiveNotifier, ILiveEvents
{
    private readonly ConcurrentDictionary<Guid, ConcurrentDictionary<Subscription, byte>> subscribers = new();

    /// <summary>Raised for every local change, so a cross-instance transport can forward it.</summary>
    public event Func<LiveEvent, Task>? Raised;

    public async Task ChangedAsync(Guid workspaceId, string entity, string id, CancellationToken ct = default)
    {
        var change = new LiveEvent(workspaceId, entity, id);
        await DeliverAsync(change);
        if (Raised is null) return;
        foreach (var forward in Raised.GetInvocationList().Cast<Func<LiveEvent, Task>>()) await forward(change);
    }

    /// <summary>Hands an event to this instance's subscribers of its workspace. A failing subscriber never stops the others.</summary>
    public async Task DeliverAsync(LiveEvent change)
    {
        if (!subscribers.TryGetValue(change.WorkspaceId, out var forWorkspace)) return;
        foreach (var subscription in forWorkspace.Keys)
        {
            try
            {
                await subscription.Handler(change);
            }
            catch (Exception ex)
            {
                LiveLog.SubscriberFailed(log, change.Entity, ex);
            }
        }
    }

    public IDisposable Subscribe(Guid workspaceId, Func<LiveEvent, Task> handler)
    {
        var subscription = new Subscription(this, workspaceId, handler);
        subscribers.GetOrAdd(workspaceId, _ => new()).TryAdd(subscription, 0);
        return subscription;
    }

    /// <summary>How many subscriptions are open (for the circuits benchmark and tests).</summary>
    public int SubscriptionCount => subscribers.Values.Sum(s => s.Count);

    private void Remove(Subscription subscription)
    {
        if (subscribers.TryGetValue(subscription.WorkspaceId, out var forWorkspace)) forWorkspace.TryRemove(subscription, out _);
    }

    private sealed class Subscription(LiveEventHub hub, Guid workspaceId, Func<LiveEvent, Task> handler) : IDisposable
    {
        public Guid WorkspaceId { get; } = workspaceId;
        public Func<LiveEvent, Task> Handler { get; } = handler;
        public void Dispose() => hub.Remove(this);
    }
}

internal static partial class LiveLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "A live subscriber failed handling a {Entity} change")]
    public static partial void SubscriberFailed(ILogger logger, string entity, Exception exception);
}
