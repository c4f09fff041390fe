using Microsoft.EntityFrameworkCore;
using TikTokStudio.TikTok.Upload;
using TikTokStudio.Web.Data;
using TikTokStudio.Web.Live;

namespace TikTokStudio.Web.Features.Posts.Publish;

/// <summary>
/// Receives the uploader's progress (many times a second, from its thread) and, at most four times a second, saves
/// UploadedBytes and tells the browsers. Saves through its own context with a targeted update, so the engine's
/// tracked row (and its Version) is left alone.
/// </summary>
internal sealed class UploadProgressSaver : IProgress<UploadProgress>, IAsyncDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    private readonly Guid postId;
    private readonly Guid workspaceId;
    private readonly IServiceScopeFactory scopes;
    private readonly ILiveNotifier live;
    private readonly PublishHooks hooks;
    private readonly CancellationTokenSource stop = new();
    private readonly Task loop;
    private long latest;
    private long saved;
    private int disposed;

    public UploadProgressSaver(Post post, IServiceScopeFactory scopes, ILiveNotifier live, PublishHooks hooks)
    {
        postId = post.Id;
        workspaceId = post.WorkspaceId;
        this.scopes = scopes;
        this.live = live;
        this.hooks = hooks;
        latest = saved = post.UploadedBytes;
        loop = Task.Run(LoopAsync);
    }

    /// <summary>The last value written to the row.</summary>
    public long Saved => Interlocked.Read(ref saved);

    public void Report(UploadProgress value)
    {
        Interlocked.Exchange(ref latest, value.BytesSent);
        hooks.OnUploadProgress?.Invoke(postId, value.BytesSent);
    }

    private async Task LoopAsync()
    {
        try
        {
            while (!stop.IsCancellationRequested)
            {
                await Task.Delay(Interval, stop.Token);
                await FlushAsync(CancellationToken.None);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task FlushAsync(CancellationToken ct)
    {
        var value = Interlocked.Read(ref latest);
        if (value == Interlocked.Read(ref saved)) return;
        try
        {
            using var scope = scopes.CreateScope();
            // Background work: the row names its workspace; read across the tenant filter on purpose.
            await scope.ServiceProvider.GetRequiredService<StudioDbContext>().Set<Post>().IgnoreQueryFilters()
                .Where(p => p.Id == postId)
                .ExecuteUpdateAsync(s => s.SetProperty(p => p.UploadedBytes, value), ct);
            Interlocked.Exchange(ref saved, value);
            await live.ChangedAsync(workspaceId, "post", postId.ToString(), ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Progress is a display; the upload itself goes on. The next tick tries again.
        }
    }

    /// <summary>Set when the upload finished: the engine's own save records the full size, so no last flush is needed.</summary>
    public bool Completed { get; set; }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0) return;
        await stop.CancelAsync();
        await loop;
        if (!Completed) await FlushAsync(CancellationToken.None);
        stop.Dispose();
    }
}
