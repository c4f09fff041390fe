using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using TikTokStudio.TikTok.Auth;
using TikTokStudio.TikTok.Errors;
using TikTokStudio.Web.Data;
using TikTokStudio.Web.Features.Connections;
using TikTokStudio.Web.Features.Posts;
using TikTokStudio.Web.Features.Posts.Publish;
using TikTokStudio.Web.Features.Team;

namespace TikTokStudio.Web.Features.Workspaces;

public sealed record DeletionResult(bool Deleted, string Message);

/// <summary>
/// Deletes the current workspace for good (Owner only, after typing its name): its scheduled posts stop (their
/// triggers are removed first), its TikTok tokens are revoked at TikTok where possible, then every row of the workspace
/// goes in one transaction: each tenant table, in foreign-key order, found from the model (so tables added later go too).
/// </summary>
public sealed partial class WorkspaceDeletion(
    StudioDbContext db, WorkspaceContext workspace, PostScheduler scheduler, TokenProtector protector, TikTokAuthClient auth,
    ILogger<WorkspaceDeletion> logger)
{
    public async Task<DeletionResult> DeleteAsync(string? typedName, CancellationToken ct = default)
    {
        if (!workspace.May(StudioAction.DeleteWorkspace)) return new(false, Permissions.Refusal(StudioAction.DeleteWorkspace));
        var current = workspace.Current;
        if (!string.Equals(typedName?.Trim(), current.Name, StringComparison.Ordinal))
            return new(false, $"Type the workspace's name, {current.Name}, exactly as shown to confirm. Nothing was deleted.");
        var id = current.Id;

        // Triggers first: a post must not start publishing while its rows are being removed.
        var postIds = await db.Set<Post>().IgnoreQueryFilters().Where(p => p.WorkspaceId == id).Select(p => p.Id).ToListAsync(ct);
        foreach (var postId in postIds) await scheduler.UnscheduleAsync(postId, ct);

        // Best effort: a token TikTok does not take back expires within a day, and its copy here is deleted below.
        var tokens = await db.Set<TikTokAccount>().IgnoreQueryFilters().AsNoTracking()
            .Where(a => a.WorkspaceId == id && a.ProtectedAccessToken != null).Select(a => new { a.Id, a.ProtectedAccessToken }).ToListAsync(ct);
        foreach (var account in tokens)
        {
            if (protector.TryUnprotect(account.ProtectedAccessToken) is not { } accessToken) continue;
            try { await auth.RevokeAsync(accessToken, ct); }
            catch (Exception e) when (e is TikTokApiException or HttpRequestException || (e is TaskCanceledException && !ct.IsCancellationRequested))
            {
                LogRevokeFailed(logger, account.Id, e.GetType().Name);
            }
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        foreach (var type in DeletionOrder(db.Model))
        {
            await (Task<int>)DeleteRowsMethod.MakeGenericMethod(type.ClrType).Invoke(null, [db, id, ct])!;
        }
        await db.Users.Where(u => u.CurrentWorkspaceId == id).ExecuteUpdateAsync(set => set.SetProperty(u => u.CurrentWorkspaceId, (Guid?)null), ct);
        await db.Workspaces.Where(w => w.Id == id).ExecuteDeleteAsync(ct);
        await transaction.CommitAsync(ct);
        LogDeleted(logger, id, postIds.Count);
        return new(true, $"{current.Name} was deleted with its posts, accounts, media records and members.");
    }

    /// <summary>Tenant tables, each after every tenant table that points at it (a self-reference does not count).</summary>
    internal static IReadOnlyList<IEntityType> DeletionOrder(IModel model)
    {
        var tenant = model.GetEntityTypes().Where(t => typeof(ITenantOwned).IsAssignableFrom(t.ClrType) && t.BaseType is null && !t.IsOwned()).ToList();
        var ordered = new List<IEntityType>();
        var left = new HashSet<IEntityType>(tenant);
        while (left.Count > 0)
        {
            var ready = left.Where(t => t.GetReferencingForeignKeys()
                .Select(fk => fk.DeclaringEntityType.GetRootType())
                .All(referrer => referrer == t || !left.Contains(referrer))).ToList();
            // A cycle would never finish: take the rest as they are (no such cycle exists in the model today).
            if (ready.Count == 0) ready = left.ToList();
            foreach (var type in ready)
            {
                ordered.Add(type);
                left.Remove(type);
            }
        }
        return ordered;
    }

    private static readonly MethodInfo DeleteRowsMethod = typeof(WorkspaceDeletion).GetMethod(nameof(DeleteRowsAsync), BindingFlags.NonPublic | BindingFlags.Static)!;

    private static Task<int> DeleteRowsAsync<T>(StudioDbContext db, Guid workspaceId, CancellationToken ct) where T : class, ITenantOwned =>
        db.Set<T>().IgnoreQueryFilters().Where(row => row.WorkspaceId == workspaceId).ExecuteDeleteAsync(ct);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Revoking the token of account {AccountId} failed ({Error}) while deleting its workspace")]
    private static partial void LogRevokeFailed(ILogger logger, Guid accountId, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted workspace {WorkspaceId} ({Posts} posts)")]
    private static partial void LogDeleted(ILogger logger, Guid workspaceId, int posts);
}
