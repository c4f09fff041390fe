using Microsoft.AspNetCore.Components;
using MudBlazor;
using TikTokStudio.Web.Features.Workspaces;
using TikTokStudio.Web.Live;

namespace TikTokStudio.Web.Components;

/// <summary>
/// Base of the app's interactive pages and components. Everything they do goes through <see cref="RunAsync"/> or
/// <see cref="QueryAsync{T}"/> (a fresh scope and a fresh membership check per action), and they re-read what they
/// show when a live event of their workspace matches (<see cref="OnLive"/>).
/// </summary>
public abstract class StudioComponent : ComponentBase, IDisposable
{
    [Inject] protected StudioOperations Operations { get; set; } = default!;
    [Inject] protected WorkspaceContext Workspace { get; set; } = default!;
    [Inject] protected ILiveEvents LiveEvents { get; set; } = default!;
    [Inject] protected NavigationManager Navigation { get; set; } = default!;
    [Inject] protected ISnackbar Snackbar { get; set; } = default!;
    [Inject] private ILogger<StudioComponent> Log { get; set; } = default!;

    private readonly List<IDisposable> subscriptions = [];

    /// <summary>Runs one action in its own scope; false (with the user told) when access was lost or it failed.</summary>
    protected async Task<bool> RunAsync(Func<Operation, Task> action)
    {
        await using var operation = await Operations.BeginAsync(Workspace.WorkspaceId);
        if (operation is null)
        {
            AccessLost();
            return false;
        }
        try
        {
            await action(operation);
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            StudioComponentLog.ActionFailed(Log, GetType().Name, ex);
            Snackbar.Add("That did not work, and nothing was changed. Try again; if it keeps failing, the server log has the details.", Severity.Error);
            return false;
        }
    }

    /// <summary>Reads in its own scope; default when access was lost.</summary>
    protected async Task<T?> QueryAsync<T>(Func<Operation, Task<T>> query)
    {
        await using var operation = await Operations.BeginAsync(Workspace.WorkspaceId);
        if (operation is null)
        {
            AccessLost();
            return default;
        }
        return await query(operation);
    }

    /// <summary>
    /// Re-reads and re-renders when a change of this workspace matches. Reloads never overlap: changes that arrive
    /// during one are folded into one more reload after it.
    /// </summary>
    /// <param name="reloadRenders">The reload renders what it changed itself (a grid reading its page), so no second render after it.</param>
    protected void OnLive(Func<LiveEvent, bool> matches, Func<Task> reload, bool reloadRenders = false)
    {
        if (Workspace.WorkspaceId is not { } workspaceId) return;
        var gate = new ReloadGate(this, reload, reloadRenders);
        subscriptions.Add(LiveEvents.Subscribe(workspaceId, change => matches(change) ? gate.RequestAsync() : Task.CompletedTask));
    }

    private void AccessLost()
    {
        Snackbar.Add("You no longer have access to that workspace, or you switched workspace in another tab.", Severity.Warning);
        Navigation.NavigateTo("/app", forceLoad: true);
    }

    public virtual void Dispose()
    {
        foreach (var subscription in subscriptions) subscription.Dispose();
        subscriptions.Clear();
        GC.SuppressFinalize(this);
    }

    private sealed class ReloadGate(StudioComponent owner, Func<Task> reload, bool reloadRenders)
    {
        private int state; // 0 idle, 1 running, 2 running with another change waiting

        public Task RequestAsync()
        {
            if (Interlocked.CompareExchange(ref state, 1, 0) != 0)
            {
                Interlocked.Exchange(ref state, 2);
                return Task.CompletedTask;
            }
            // Off the raiser's thread: the circuit's dispatcher would otherwise run the reload inline when it is idle,
            // and the job that raised the change would re-read and re-render every open page in turn before going on.
            _ = Task.Run(() => owner.InvokeAsync(RunAsync));
            return Task.CompletedTask;
        }

        private async Task RunAsync()
        {
            try
            {
                do
                {
                    Interlocked.Exchange(ref state, 1);
                    await reload();
                    if (!reloadRenders) owner.StateHasChanged();
                } while (Interlocked.CompareExchange(ref state, 0, 1) != 1);
            }
            catch (Exception ex)
            {
                Interlocked.Exchange(ref state, 0);
                StudioComponentLog.ReloadFailed(owner.Log, owner.GetType().Name, ex);
            }
        }
    }
}

internal static partial class StudioComponentLog
{
    [LoggerMessage(Level = LogLevel.Error, Message = "An action on {Component} failed")]
    public static partial void ActionFailed(ILogger logger, string component, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A live reload of {Component} failed")]
    public static partial void ReloadFailed(ILogger logger, string component, Exception exception);
}
