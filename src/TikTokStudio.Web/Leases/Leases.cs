using System.Collections.Concurrent;

namespace TikTokStudio.Web.Leases;

/// <summary>
/// "At most one holder at a time" for a name (an account's publishing lane, an account's token refresh), across every
/// instance of the app. A lease has an expiry, renewed while it is held, so a dead instance's leases free themselves,
/// and a fencing token that grows with every new holder, so a holder that was paused past its expiry can tell
/// (<see cref="ILease.ConfirmAsync"/>) before it does something irreversible.
/// </summary>
public interface ILeases
{
    /// <summary>Takes the lease, waiting up to <paramref name="wait"/> for the current holder to let go; null when it did not.</summary>
    Task<ILease?> TryAcquireAsync(string name, TimeSpan wait, CancellationToken ct);
}

public interface ILease : IAsyncDisposable
{
    string Name { get; }

    /// <summary>Grows with every new holder of the name: a smaller token than the row's means the lease was taken over.</summary>
    long FencingToken { get; }

    /// <summary>Renews the lease and says whether it is still this holder's (false: expired and taken over, stop).</summary>
    Task<bool> ConfirmAsync(CancellationToken ct);
}

/// <summary>Lease names, in one place.</summary>
public static class LeaseNames
{
    /// <summary>One post per TikTok creator between pre-flight and the end of its upload (budgets and daily caps are the creator's).</summary>
    public static string PublishLane(string creatorOpenId) => "publish:" + creatorOpenId;

    /// <summary>One refresh-token rotation per account at a time: a lost rotation leaves only a dead refresh token.</summary>
    public static string TokenRefresh(Guid accountId) => $"refresh:{accountId:N}";
}

/// <summary>
/// One process (SQLite): a semaphore per name. The process holding it is the only one there is, so there is nothing
/// to expire; the fencing token still grows with every holder.
/// </summary>
public sealed class InProcessLeases : ILeases
{
    private readonly ConcurrentDictionary<string, Lane> lanes = new();

    public async Task<ILease?> TryAcquireAsync(string name, TimeSpan wait, CancellationToken ct)
    {
        var lane = lanes.GetOrAdd(name, _ => new Lane());
        if (!await lane.Gate.WaitAsync(wait, ct)) return null;
        return new Held(name, Interlocked.Increment(ref lane.Tokens), lane);
    }

    private sealed class Lane
    {
        public readonly SemaphoreSlim Gate = new(1, 1);
        public long Tokens;
    }

    private sealed class Held(string name, long token, Lane lane) : ILease
    {
        private int released;

        public string Name => name;
        public long FencingToken => token;

        public Task<bool> ConfirmAsync(CancellationToken ct) => Task.FromResult(Volatile.Read(ref released) == 0);

        public ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref released, 1) == 0) lane.Gate.Release();
            return ValueTask.CompletedTask;
        }
    }
}
