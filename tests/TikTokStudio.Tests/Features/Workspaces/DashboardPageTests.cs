using Bunit;
using Microsoft.Extensions.DependencyInjection;
using TikTokStudio.Tests.Infrastructure;
using TikTokStudio.Web.Data;
using TikTokStudio.Web.Features.Connections;
using TikTokStudio.Web.Features.Posts;
using TikTokStudio.Web.Features.Workspaces;
using TikTokStudio.Web.Live;

namespace TikTokStudio.Tests.Features.Workspaces;

public sealed class DashboardPageTests : StudioComponentTest
{
    [Fact]
    public async Task A_New_Workspace_Shows_The_Trial_And_Says_What_To_Do_First()
    {
        await using var app = new StudioAppFactory();
        var (user, _) = await app.CreateUserAsync(workspaceName: "Fresh Co");
        await SignInToApp(app, user.Id);

        var page = Render<DashboardPage>();

        page.WaitForAssertion(() => Assert.Equal("14 days left in your trial", page.Find("[data-testid=trial-days-left]").TextContent.Trim()));
        Assert.Equal("Fresh Co", page.Find("h1").TextContent.Trim());
        Assert.Contains("Connect one", page.Markup);
        Assert.Contains("Nothing scheduled", page.Markup);
    }

    [Fact]
    public async Task Upcoming_Posts_Appear_Live_When_The_Engine_Raises_A_Change()
    {
        await using var app = new StudioAppFactory();
        var (user, workspace) = await app.CreateUserAsync(workspaceName: "Live Co", timeZoneId: "UTC");
        await SignInToApp(app, user.Id);
        var page = Render<DashboardPage>();
        page.WaitForAssertion(() => Assert.Contains("Nothing scheduled", page.Markup));

        var postId = await AddScheduledPostAsync(app, workspace, user.Id, "Launch teaser #new");
        await app.Services.GetRequiredService<ILiveNotifier>().ChangedAsync(workspace.Id, "post", postId.ToString());

        page.WaitForAssertion(() =>
        {
            var upcoming = page.Find("[data-testid=upcoming]");
            Assert.Contains("Launch teaser #new", upcoming.TextContent);
            Assert.Contains("@brand", upcoming.TextContent);
            Assert.Equal($"/app/posts/{postId}", upcoming.QuerySelector("a")!.GetAttribute("href"));
        });
    }

    [Fact]
    public async Task Another_Workspaces_Change_Does_Not_Reach_The_Page()
    {
        await using var app = new StudioAppFactory();
        var (user, _) = await app.CreateUserAsync(workspaceName: "Mine");
        var (other, theirs) = await app.CreateUserAsync(workspaceName: "Theirs");
        await SignInToApp(app, user.Id);
        var page = Render<DashboardPage>();
        page.WaitForAssertion(() => Assert.Contains("Nothing scheduled", page.Markup));

        await AddScheduledPostAsync(app, theirs, other.Id, "Their secret plan");
        await app.Services.GetRequiredService<ILiveNotifier>().ChangedAsync(theirs.Id, "post", Guid.NewGuid().ToString());

        Assert.DoesNotContain("Their secret plan", page.Markup);
        Assert.Contains("Nothing scheduled", page.Markup);
    }

    private static async Task<Guid> AddScheduledPostAsync(StudioAppFactory app, Workspace workspace, string userId, string caption)
    {
        using var scope = app.Services.CreateScope();
        var context = scope.ServiceProvider.GetRequiredService<WorkspaceContext>();
        var db = scope.ServiceProvider.GetRequiredService<StudioDbContext>();
        using var _ = context.ActFor(workspace);
        var account = new TikTokAccount { OpenId = Guid.NewGuid().ToString(), DisplayName = "Brand", Username = "brand" };
        db.Add(account);
        var post = new Post
        {
            AccountId = account.Id, CompositionId = Guid.NewGuid(), Title = caption, Status = PostStatus.Scheduled,
            PublishAt = DateTimeOffset.UtcNow.AddDays(1), CreatedByUserId = userId,
        };
        db.Add(post);
        await db.SaveChangesAsync();
        return post.Id;
    }
}
