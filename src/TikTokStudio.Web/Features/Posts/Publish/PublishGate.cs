using Microsoft.Extensions.Options;
using TikTokStudio.Web.Leases;

namespace TikTokStudio.Web.Features.Posts.Publish;

/// <summary>
/// Planning, not discovering: at most one post per TikTok creator between pre-flight and the end of its upload
/// (TikTok's per-token budgets and daily caps are per creator, and the daily-cap and pending-inbox counts are read
/// from our rows inside the lane, so they are exact). The lane is a lease (<see cref="ILeases"/>): a row with an
/// expiry and a fencing token on PostgreSQL, so two instances never work on one creator at once.
/// Inside a lane, this instance bounds what costs it most: inits in flight (<c>Publishing:MaxConcurrentInits</c>) and
/// uploads (<c>Publishing:MaxConcurrentPublishes</c>), each only for as long as that step lasts, so a post waiting for
/// its minute or for TikTok's processing holds neither.
/// </summary>
public sealed class PublishGate(ILeases leases, IOptions<PublishingOptions> options)
{
    private readonly SemaphoreSlim uploads = new(Math.Max(1, options.Value.MaxConcurrentPublishes));
    private readonly SemaphoreSlim inits = new(Math.Max(1, options.Value.MaxConcurrentInits));

    /// <summary>Enters the creator's lane, waiting at most <paramref name="wait"/>; null when another post of the creator holds it.</summary>
    public async Task<PublishLane?> TryEnterAsync(string creatorOpenId, TimeSpan wait, CancellationToken ct) =>
        await leases.TryAcquireAsync(LeaseNames.PublishLane(creatorOpenId), wait, ct) is { } lease ? new PublishLane(lease) : null;

    /// <summary>One of this instance's upload slots, for the duration of one upload.</summary>
    public async Task<IDisposable> UploadSlotAsync(CancellationToken ct)
    {
        await uploads.WaitAsync(ct);
        return new Slot(uploads);
    }

    /// <summary>One of this instance's init slots, for the duration of one init.</summary>
    public async Task<IDisposable> InitSlotAsync(CancellationToken ct)
    {
        await inits.WaitAsync(ct);
        return new Slot(inits);
    }

    private sealed class Slot(SemaphoreSlim semaphore) : IDisposable
    {
        private int released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref released, 1) == 0) semaphore.Release();
        }
    }
}

/// <summary>A creator's lane, held: confirm it before an irreversible step (init), release it by disposing.</summary>
public sealed class PublishLane(ILease lease) : IAsyncDisposable
{
    public long FencingToken => lease.FencingToken;

    /// <summary>Renews the lease; false when it expired and another instance took the lane meanwhile.</summary>
    public Task<bool> ConfirmAsync(CancellationToken ct) => lease.ConfirmAsync(ct);

    public ValueTask DisposeAsync() => lease.DisposeAsync();
}

/// <summary>Points in a publish run where tests simulate a crash (throw or cancel). Production leaves the delegates null.</summary>
public enum PublishCheckpoint
{
    /// <summary>InitRequestedAt is saved; TikTok has not been asked yet.</summary>
    InitRequestSaved,
    /// <summary>TikTok answered the init; the publish_id is not saved yet.</summary>
    InitAnswered,
    /// <summary>publish_id and upload URL are saved; no byte sent.</summary>
    PublishIdSaved,
    /// <summary>Every byte is with TikTok and that is saved.</summary>
    UploadCompleted,
    /// <summary>A status fetch answered.</summary>
    StatusFetched,
}

/// <summary>Test seams of <see cref="PublishPost"/> (a singleton; tests set the delegates).</summary>
public sealed class PublishHooks
{
    public Func<PublishCheckpoint, Post, ValueTask>? At { get; set; }

    /// <summary>Called with the bytes TikTok has taken so far (post id, bytes), from the upload's thread.</summary>
    public Action<Guid, long>? OnUploadProgress { get; set; }

    internal ValueTask AtAsync(PublishCheckpoint checkpoint, Post post) => At?.Invoke(checkpoint, post) ?? ValueTask.CompletedTask;
}
