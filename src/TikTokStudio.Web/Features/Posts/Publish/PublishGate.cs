using Microsoft.Extensions.Options;
using TikTokStudio.Web.Leases;

namespace TikTokStudio.Web.Features.Posts.Publish;

/// <summary>
/// Planning, not discovering: at most one post per TikTok creator between pre-flight and the end of its upload
/// (TikTok's per-token budgets and daily caps are per creator, and the daily-cap and pending-inbox counts are read
/// from our rows inside the lane, so they are exact), and a bounded number overall in this instance so a thousand
/// posts due at the same minute do not open a thousand uploads. The lane is a lease (<see cref="ILeases"/>): a row
/// with an expiry and a fencing token on PostgreSQL, so two instances never work on one creator at once.
/// </summary>
public sealed class PublishGate(ILeases leases, IOptions<PublishingOptions> options)
{
    private readonly SemaphoreSlim global = new(Math.Max(1, options.Value.MaxConcurrentPublishes));

    /// <summary>Enters the creator's lane (waiting at most <paramref name="wait"/>) and then a global slot; null when the lane is busy.</summary>
    public async Task<PublishLane?> TryEnterAsync(string creatorOpenId, TimeSpan wait, CancellationToken ct)
    {
        var lease = await leases.TryAcquireAsync(LeaseNames.PublishLane(creatorOpenId), wait, ct);
        if (lease is null) return null;
        try
        {
            await global.WaitAsync(ct);
        }
        catch
        {
            await lease.DisposeAsync();
            throw;
        }
        return new PublishLane(lease, global);
    }
}

/// <summary>A creator's lane, held: confirm it before an irreversible step (init), release it by disposing.</summary>
public sealed class PublishLane(ILease lease, SemaphoreSlim global) : IAsyncDisposable
{
    private int disposed;

    public long FencingToken => lease.FencingToken;

    /// <summary>Renews the lease; false when it expired and another instance took the lane meanwhile.</summary>
    public Task<bool> ConfirmAsync(CancellationToken ct) => lease.ConfirmAsync(ct);

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0) return;
        global.Release();
        await lease.DisposeAsync();
    }
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
