using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace TikTokStudio.Web.Features.Posts.Publish;

/// <summary>
/// Planning, not discovering: at most one post per account between pre-flight and the end of its upload (TikTok's
/// per-token budgets and daily caps are per creator), and a bounded number overall so a thousand posts due at the same
/// minute do not open a thousand uploads. In-process: several instances would need a database lease instead.
/// </summary>
public sealed class PublishGate(IOptions<PublishingOptions> options)
{
    private readonly ConcurrentDictionary<Guid, SemaphoreSlim> accounts = new();
    private readonly SemaphoreSlim global = new(Math.Max(1, options.Value.MaxConcurrentPublishes));

    /// <summary>Enters the account's lane (waiting at most <paramref name="wait"/>) and then a global slot; null when the account is busy.</summary>
    public async Task<IDisposable?> TryEnterAsync(Guid accountId, TimeSpan wait, CancellationToken ct)
    {
        var lane = accounts.GetOrAdd(accountId, _ => new SemaphoreSlim(1, 1));
        if (!await lane.WaitAsync(wait, ct)) return null;
        try
        {
            await global.WaitAsync(ct);
        }
        catch
        {
            lane.Release();
            throw;
        }
        return new Lease(lane, global);
    }

    private sealed class Lease(SemaphoreSlim lane, SemaphoreSlim global) : IDisposable
    {
        private int disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref disposed, 1) != 0) return;
            global.Release();
            lane.Release();
        }
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
