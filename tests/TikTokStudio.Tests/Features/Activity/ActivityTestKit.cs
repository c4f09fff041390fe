using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TikTokStudio.Tests.Infrastructure;
using TikTokStudio.Web.Data;
using TikTokStudio.Web.Features.Activity;
using TikTokStudio.Web.Features.Workspaces;

namespace TikTokStudio.Tests.Features.Activity;

/// <summary>Handler calls as a member on a circuit (with the circuit's client address), and the log's rows read back.</summary>
public static class ActivityTestKit
{
    /// <summary>The address the tests' circuits act from (a documentation range, never a real client).</summary>
    public const string Address = "203.0.113.42";

    public static async Task<T> ActAsync<T>(this StudioAppFactory app, string userId, Func<IServiceProvider, Task<T>> action, string? ip = Address)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var workspace = scope.ServiceProvider.GetRequiredService<WorkspaceContext>();
        workspace.ClientIp = ip;
        await WorkspaceResolver.ResolveAsync(userId, workspace, scope.ServiceProvider.GetRequiredService<StudioDbContext>(), CancellationToken.None);
        return await action(scope.ServiceProvider);
    }

    /// <summary>The workspace's entries, oldest first (the id breaks ties within one save).</summary>
    public static async Task<List<ActivityEntry>> EntriesAsync(this StudioAppFactory app, Guid workspaceId)
    {
        using var scope = app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<StudioDbContext>().Set<ActivityEntry>().IgnoreQueryFilters().AsNoTracking()
            .Where(e => e.WorkspaceId == workspaceId).OrderBy(e => e.Id).ToListAsync();
    }
}

/// <summary>Entries written straight into a workspace's log, for the readers' tests.</summary>
public static class ActivitySeed
{
    public static async Task<ActivityEntry> AddEntryAsync(this StudioAppFactory app, Guid workspaceId, DateTimeOffset at, string kind, string summary,
        ActorKind actorKind = ActorKind.User, string? actorId = "u", string actorName = "someone@example.com",
        Guid? postId = null, Guid? accountId = null, string? subjectId = null, string? ip = "192.0.2.1")
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<StudioDbContext>();
        var entry = new ActivityEntry
        {
            WorkspaceId = workspaceId, At = at, Kind = kind, Summary = summary, ActorKind = actorKind, ActorId = actorId, ActorName = actorName,
            PostId = postId, AccountId = accountId, SubjectId = subjectId, Ip = ip,
        };
        db.Set<ActivityEntry>().Add(entry);
        await db.SaveChangesAsync();
        return entry;
    }
}
