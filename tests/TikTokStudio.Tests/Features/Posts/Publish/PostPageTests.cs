using System.Net;
using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TikTokStudio.Tests.Features.Posts.Calendar;
using TikTokStudio.Tests.Infrastructure;
using TikTokStudio.Web.Data;
using TikTokStudio.Web.Features.Posts;
using TikTokStudio.Web.Features.Posts.Publish;
using TikTokStudio.Web.Features.Workspaces;
using TikTokStudio.Web.Live;

namespace TikTokStudio.Tests.Features.Posts.Publish;

/// <summary>The post page on the circuit: what is sent, the actions a role may take, and live progress.</summary>
public sealed class PostPageTests : StudioComponentTest
{
    [Fact]
    public async Task The_Page_Shows_Everything_That_Will_Be_Sent_And_The_Actions_Of_An_Editor()
    {
        await using var app = new StudioAppFactory();
        var member = await PostsTestData.SignedInAsync(app, timeZoneId: "Europe/Berlin");
        var account = await PostsTestData.AddAccountAsync(app, member.Workspace.Id, "brand");
        var post = await PostsTestData.AddPostAsync(app, member, account, PostStatus.Scheduled, PostsTestData.At("Europe/Berlin", 2027, 3, 4, 9, 30),
            title: "Spring launch #new\nSecond line", configure: p => { p.PrivacyLevel = "SELF_ONLY"; p.AllowComment = true; p.IsAiGenerated = true; });
        await SignInToApp(app, member.User.Id);

        var page = Render<PostPage>(p => p.Add(x => x.Id, post.Id));

        page.WaitForAssertion(() => Assert.Contains("Spring launch #new\nSecond line", page.Find("[data-testid=post-caption]").TextContent));
        Assert.Equal("@brand", page.Find("[data-testid=post-account]").TextContent.Trim());
        Assert.Equal("Only me", page.Find("[data-testid=post-privacy]").TextContent.Trim());
        Assert.Contains("Thursday 4 March 2027, 09:30 (Europe/Berlin)", page.Find("[data-testid=post-when]").TextContent);
        Assert.Contains("Allowed: comments", page.Markup);
        var actions = page.Find("[data-testid=post-actions]");
        Assert.Equal($"/app/compose?edit={post.Id}", actions.QuerySelector("a")!.GetAttribute("href"));
        Assert.Contains("Cancel schedule", actions.TextContent);
        Assert.Contains("Duplicate", actions.TextContent);
        Assert.DoesNotContain("Try again now", actions.TextContent);
    }

    [Fact]
    public async Task A_Viewer_Sees_The_Post_Without_Any_Action()
    {
        await using var app = new StudioAppFactory();
        var owner = await PostsTestData.SignedInAsync(app);
        var account = await PostsTestData.AddAccountAsync(app, owner.Workspace.Id, "brand");
        var post = await PostsTestData.AddPostAsync(app, owner, account, PostStatus.Failed, DateTimeOffset.UtcNow.AddHours(-1),
            configure: p => { p.FailCode = "api:internal_error"; p.FailMessage = "TikTok had a problem. What to do: Retry."; });
        var viewer = await PostsTestData.MemberOfAsync(app, owner.Workspace, WorkspaceRole.Viewer);
        await SignInToApp(app, viewer.User.Id);

        var page = Render<PostPage>(p => p.Add(x => x.Id, post.Id));

        page.WaitForAssertion(() => Assert.Equal("internal_error", page.Find("[data-testid=failure-code]").TextContent.Trim()));
        Assert.Empty(page.FindAll("[data-testid=post-actions]"));
    }

    [Fact]
    public async Task Upload_Progress_And_The_Published_Link_Appear_Live_Without_A_Reload()
    {
        await using var app = new StudioAppFactory();
        var member = await PostsTestData.SignedInAsync(app);
        var account = await PostsTestData.AddAccountAsync(app, member.Workspace.Id, "brand");
        var post = await PostsTestData.AddPostAsync(app, member, account, PostStatus.Scheduled, DateTimeOffset.UtcNow.AddMinutes(1));
        await SignInToApp(app, member.User.Id);
        var page = Render<PostPage>(p => p.Add(x => x.Id, post.Id));
        page.WaitForAssertion(() => Assert.Contains("queued", page.Find("[data-testid=post-status]").TextContent));

        await ChangeAsync(app, post.Id, p => { p.Status = PostStatus.Publishing; p.Stage = PublishStage.Uploading; p.TotalBytes = 8_000_000; p.UploadedBytes = 2_000_000; });
        page.WaitForAssertion(() => Assert.Equal("Uploading 25%", page.Find("[data-testid=post-status]").TextContent.Trim()), TimeSpan.FromSeconds(1));

        await ChangeAsync(app, post.Id, p => { p.Status = PostStatus.Published; p.Stage = PublishStage.None; p.PublicUrl = "https://www.tiktok.com/@brand/video/7"; });
        page.WaitForAssertion(() => Assert.Equal("https://www.tiktok.com/@brand/video/7", page.Find("[data-testid=public-link]").GetAttribute("href")), TimeSpan.FromSeconds(1));
        Assert.Empty(page.FindAll("[data-testid=post-actions] a"));
    }

    [Fact]
    public async Task Cancelling_The_Schedule_Makes_The_Post_A_Draft_And_Retrying_A_Failure_Schedules_It_Now()
    {
        await using var app = new StudioAppFactory();
        var member = await PostsTestData.SignedInAsync(app);
        var account = await PostsTestData.AddAccountAsync(app, member.Workspace.Id, "brand");
        var scheduled = await PostsTestData.AddPostAsync(app, member, account, PostStatus.Scheduled, DateTimeOffset.UtcNow.AddHours(2));
        var failed = await PostsTestData.AddPostAsync(app, member, account, PostStatus.Failed, DateTimeOffset.UtcNow.AddHours(-2),
            configure: p => { p.FailCode = "api:internal_error"; p.FailMessage = "TikTok had a problem."; });
        var published = await PostsTestData.AddPostAsync(app, member, account, PostStatus.Published, DateTimeOffset.UtcNow.AddHours(-3));

        using var scope = await ScopeOfAsync(app, member.User.Id);
        var details = scope.ServiceProvider.GetRequiredService<PostDetails>();
        var unscheduled = await details.UnscheduleAsync(scheduled.Id);
        var retried = await details.RetryAsync(failed.Id);
        var refused = await details.RetryAsync(published.Id);

        Assert.True(unscheduled.Done, unscheduled.Message);
        Assert.Equal(PostStatus.Draft, (await PostsTestData.FindPostAsync(app, scheduled.Id))!.Status);
        Assert.Null(await PostsTestData.TriggerTimeAsync(app, scheduled.Id));
        Assert.True(retried.Done, retried.Message);
        var again = (await PostsTestData.FindPostAsync(app, failed.Id))!;
        // Its trigger fires at once, so on a busy machine a run may already have taken the post on (and consumed the
        // trigger, or even failed it anew); either way the old failure is gone and the timeline says who sent it again.
        Assert.NotEqual("TikTok had a problem.", again.FailMessage);
        using (var read = app.Services.CreateScope())
        {
            Assert.Contains(await read.ServiceProvider.GetRequiredService<TikTokStudio.Web.Data.StudioDbContext>().Set<PostEvent>().IgnoreQueryFilters()
                .Where(e => e.PostId == failed.Id).ToListAsync(), e => e.Kind == PostEventKinds.Action && e.Message == "Sent again now by a team member.");
        }
        Assert.False(refused.Done);
        Assert.Equal("This post already reached TikTok.", refused.Message);
    }

    [Fact]
    public async Task A_Viewer_Cannot_Retry_Or_Unschedule_Through_The_Handler()
    {
        await using var app = new StudioAppFactory();
        var owner = await PostsTestData.SignedInAsync(app);
        var account = await PostsTestData.AddAccountAsync(app, owner.Workspace.Id, "brand");
        var post = await PostsTestData.AddPostAsync(app, owner, account, PostStatus.Scheduled, DateTimeOffset.UtcNow.AddHours(2));
        var viewer = await PostsTestData.MemberOfAsync(app, owner.Workspace, WorkspaceRole.Viewer);

        using var scope = await ScopeOfAsync(app, viewer.User.Id);
        var details = scope.ServiceProvider.GetRequiredService<PostDetails>();
        var result = await details.UnscheduleAsync(post.Id);

        Assert.False(result.Done);
        Assert.Equal("Only the Owner, Admins and Editors of this workspace can schedule or move posts.", result.Message);
        Assert.Equal(PostStatus.Scheduled, (await PostsTestData.FindPostAsync(app, post.Id))!.Status);
    }

    [Fact]
    public async Task Another_Workspaces_Post_Answers_404_Like_A_Post_That_Does_Not_Exist()
    {
        await using var app = new StudioAppFactory();
        var owner = await PostsTestData.SignedInAsync(app);
        var account = await PostsTestData.AddAccountAsync(app, owner.Workspace.Id, "brand");
        var post = await PostsTestData.AddPostAsync(app, owner, account, PostStatus.Scheduled, DateTimeOffset.UtcNow.AddHours(1), title: "Their secret plan");
        var stranger = await PostsTestData.SignedInAsync(app, workspaceName: "Stranger Co");

        var foreign = await stranger.Client.GetAsync($"/app/posts/{post.Id}");
        var missing = await stranger.Client.GetAsync($"/app/posts/{Guid.NewGuid()}");
        var own = await owner.Client.GetAsync($"/app/posts/{post.Id}");

        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        var foreignText = await foreign.Content.ReadAsStringAsync();
        Assert.DoesNotContain("Their secret plan", foreignText);
        Assert.Contains("This page does not exist", foreignText);
        Assert.Contains("This page does not exist", await missing.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Contains("Their secret plan", await own.Content.ReadAsStringAsync());
    }

    /// <summary>A scope whose workspace is the user's current one, with their role, as on the circuit.</summary>
    private static async Task<IServiceScope> ScopeOfAsync(StudioAppFactory app, string userId)
    {
        var scope = app.Services.CreateScope();
        await WorkspaceResolver.ResolveAsync(userId, scope.ServiceProvider.GetRequiredService<WorkspaceContext>(),
            scope.ServiceProvider.GetRequiredService<StudioDbContext>(), CancellationToken.None);
        return scope;
    }

    private static async Task ChangeAsync(StudioAppFactory app, Guid postId, Action<Post> change)
    {
        Guid workspaceId;
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<StudioDbContext>();
            var post = await db.Set<Post>().IgnoreQueryFilters().SingleAsync(p => p.Id == postId);
            change(post);
            post.Version++;
            await db.SaveChangesAsync();
            workspaceId = post.WorkspaceId;
        }
        await app.Services.GetRequiredService<ILiveNotifier>().ChangedAsync(workspaceId, "post", postId.ToString());
    }
}
