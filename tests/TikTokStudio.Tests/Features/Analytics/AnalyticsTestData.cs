using Microsoft.Extensions.DependencyInjection;
using TikTokStudio.Tests.Features.Connections;
using TikTokStudio.Tests.Infrastructure;
using TikTokStudio.Web.Data;
using TikTokStudio.Web.Features.Analytics;
using TikTokStudio.Web.Features.Connections;
using TikTokStudio.Web.Features.Posts;
using TikTokStudio.Web.Features.Workspaces;

namespace TikTokStudio.Tests.Features.Analytics;

/// <summary>Published posts and snapshots written straight into a workspace (the job has its own tests).</summary>
public static class AnalyticsTestData
{
    public static async Task<TikTokAccount> AccountAsync(StudioAppFactory app, Workspace workspace, string username = "pia", Action<TikTokAccount>? configure = null) =>
        await ConnectionsTestData.AddAccountAsync(app, workspace, "Pia " + username, username, configure);

    /// <summary>A published post with a snapshot every 4 hours up to <paramref name="hoursRead"/>, views growing by <paramref name="viewsPerHour"/>.</summary>
    public static async Task<Post> PublishedPostAsync(StudioAppFactory app, Workspace workspace, TikTokAccount account, string userId,
        DateTimeOffset publishedAt, int hoursRead, long viewsPerHour, string title = "Launch day")
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<StudioDbContext>();
        using var _ = scope.ServiceProvider.GetRequiredService<WorkspaceContext>().ActFor(workspace);
        var post = new Post
        {
            AccountId = account.Id, CompositionId = Guid.NewGuid(), Kind = PostKind.Video, Title = title, PrivacyLevel = "PUBLIC_TO_EVERYONE",
            Status = PostStatus.Published, PublishAt = publishedAt, CompletedAt = publishedAt, CreatedAt = publishedAt, UpdatedAt = publishedAt,
            PublicPostId = "73" + Random.Shared.NextInt64(100_000_000_000_000_000, 999_999_999_999_999_999).ToString()[..17], CreatedByUserId = userId,
        };
        db.Add(post);
        for (var hour = 0; hour <= hoursRead; hour += 4)
        {
            var views = hour * viewsPerHour;
            db.Add(new PostSnapshot
            {
                PostId = post.Id, AccountId = account.Id, VideoId = post.PublicPostId, At = publishedAt.AddHours(hour),
                Views = views, Likes = views / 10, Comments = views / 100, Shares = views / 200,
            });
        }
        await db.SaveChangesAsync();
        return post;
    }

    public static async Task FollowersAsync(StudioAppFactory app, Workspace workspace, TikTokAccount account, DateTimeOffset from, int days, long start, long perDay)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<StudioDbContext>();
        using var _ = scope.ServiceProvider.GetRequiredService<WorkspaceContext>().ActFor(workspace);
        for (var day = 0; day <= days; day++)
            db.Add(new AccountSnapshot { AccountId = account.Id, At = from.AddDays(day), Followers = start + day * perDay, Following = 10, Likes = 100, Videos = 3 });
        await db.SaveChangesAsync();
    }
}
