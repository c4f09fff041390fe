using Microsoft.Extensions.DependencyInjection;
using TikTokStudio.Tests.Infrastructure;
using TikTokStudio.Web.Data;
using TikTokStudio.Web.Features.Connections;
using TikTokStudio.Web.Features.Posts;
using TikTokStudio.Web.Features.Workspaces;

namespace TikTokStudio.Tests.Features.Connections;

/// <summary>Accounts and posts written straight into a workspace, and handler calls made as a given member.</summary>
public static class ConnectionsTestData
{
    public const string AllScopes = "user.info.basic,user.info.profile,user.info.stats,video.list,video.publish,video.upload";

    public static async Task<TikTokAccount> AddAccountAsync(StudioAppFactory app, Workspace workspace, string displayName, string username,
        Action<TikTokAccount>? configure = null)
    {
        using var scope = app.Services.CreateScope();
        var context = scope.ServiceProvider.GetRequiredService<WorkspaceContext>();
        var db = scope.ServiceProvider.GetRequiredService<StudioDbContext>();
        using var _ = context.ActFor(workspace);
        var now = DateTimeOffset.UtcNow;
        var account = new TikTokAccount
        {
            OpenId = Guid.NewGuid().ToString(), DisplayName = displayName, Username = username, GrantedScopes = AllScopes,
            ConnectedAt = now, AccessTokenExpiresAt = now.AddHours(24), RefreshTokenExpiresAt = now.AddDays(365), LastRefreshedAt = now,
            PrivacyLevelOptions = "PUBLIC_TO_EVERYONE,MUTUAL_FOLLOW_FRIENDS,SELF_ONLY", CreatorNickname = displayName,
            MaxVideoPostDurationSec = 300, CreatorInfoCheckedAt = now,
        };
        configure?.Invoke(account);
        db.Add(account);
        await db.SaveChangesAsync();
        return account;
    }

    public static async Task<Post> AddScheduledPostAsync(StudioAppFactory app, Workspace workspace, Guid accountId, string userId)
    {
        using var scope = app.Services.CreateScope();
        var context = scope.ServiceProvider.GetRequiredService<WorkspaceContext>();
        var db = scope.ServiceProvider.GetRequiredService<StudioDbContext>();
        using var _ = context.ActFor(workspace);
        var post = new Post
        {
            AccountId = accountId, CompositionId = Guid.NewGuid(), Title = "Scheduled clip", Status = PostStatus.Scheduled,
            PublishAt = DateTimeOffset.UtcNow.AddDays(1), CreatedByUserId = userId, PrivacyLevel = "SELF_ONLY",
        };
        db.Add(post);
        await db.SaveChangesAsync();
        return post;
    }

    public static async Task UpdateAccountAsync(StudioAppFactory app, Guid accountId, Action<TikTokAccount> change)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<StudioDbContext>();
        var account = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(
            Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.IgnoreQueryFilters(db.Set<TikTokAccount>()), a => a.Id == accountId);
        change(account);
        await db.SaveChangesAsync();
    }

    /// <summary>A scope of the app acting as <paramref name="userId"/> in their current workspace, as an operation on the circuit does.</summary>
    public static async Task<AsyncServiceScope> AsMemberAsync(StudioAppFactory app, string userId)
    {
        var scope = app.Services.CreateAsyncScope();
        await WorkspaceResolver.ResolveAsync(userId, scope.ServiceProvider.GetRequiredService<WorkspaceContext>(),
            scope.ServiceProvider.GetRequiredService<StudioDbContext>(), CancellationToken.None);
        return scope;
    }

    public static async Task AddMemberAsync(StudioAppFactory app, string userId, Guid workspaceId, WorkspaceRole role)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<StudioDbContext>();
        db.Memberships.Add(new Membership { UserId = userId, WorkspaceId = workspaceId, Role = role, CreatedAt = DateTimeOffset.UtcNow });
        var user = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(db.Users, u => u.Id == userId);
        user.CurrentWorkspaceId = workspaceId;
        await db.SaveChangesAsync();
    }
}
