using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace TikTokStudio.Web.Features.Media.Conversions;

/// <summary>
/// This instance's conversion slots (Media:MaxConcurrentConversions, default 1 on a 2-core machine) and the runs it
/// holds, so a cancel clicked on this instance stops ffmpeg at once (other instances see the row's CancelRequested).
/// </summary>
public sealed class ConversionSlots(IOptions<MediaOptions> options)
{
    private readonly SemaphoreSlim slots = new(Math.Max(1, options.Value.MaxConcurrentConversions));
    private readonly ConcurrentDictionary<Guid, CancellationTokenSource> running = new();

    /// <summary>Takes a slot without waiting; false when all are busy (the job comes back later instead of holding a thread).</summary>
    public bool TryEnter() => slots.Wait(0);

    public void Leave() => slots.Release();

    public bool IsRunningHere(Guid conversionId) => running.ContainsKey(conversionId);

    public void Register(Guid conversionId, CancellationTokenSource cancel) => running[conversionId] = cancel;

    public void Unregister(Guid conversionId) => running.TryRemove(conversionId, out _);

    /// <summary>Cancels a run of this instance; false when it runs elsewhere (or not at all).</summary>
    public bool Cancel(Guid conversionId)
    {
        if (!running.TryGetValue(conversionId, out var cancel)) return false;
        try { cancel.Cancel(); } catch (ObjectDisposedException) { return false; }
        return true;
    }
}
