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

public sealed class NotificationsPageTests : StudioComponentTest
{
    [Fact]
    public async Task Each_Notification_Links_To_Its_Post_And_Opening_The_Page_Marks_Them_Seen()
    {
        await using var app = new StudioAppFactory();
        var member = await PostsTestData.SignedInAsync(app);
        var account = await PostsTestData.AddAccountAsync(app, member.Workspace.Id, "brand");
        var post = await PostsTestData.AddPostAsync(app, member, account, PostStatus.Failed, DateTimeOffset.UtcNow.AddHours(-1));
        await AddEventAsync(app, post, PostEventKinds.Failed, "TikTok refused the video.");
        await AddEventAsync(app, post, PostEventKinds.Action, "Not a notification.");
        var raised = new List<LiveEvent>();
        using var listening = app.Services.GetRequiredService<ILiveEvents>().Subscribe(member.Workspace.Id, e => { lock (raised) raised.Add(e); return Task.CompletedTask; });
        await SignInToApp(app, member.User.Id);

        var page = Render<NotificationsPage>();

        page.WaitForAssertion(() =>
        {
            var item = Assert.Single(page.FindAll("[data-testid=notifications] [data-kind]"));
            Assert.Equal(PostEventKinds.Failed, item.GetAttribute("data-kind"));
            Assert.Contains("TikTok refused the video.", item.TextContent);
            Assert.Contains("Failed", item.TextContent);
            Assert.Equal($"/app/posts/{post.Id}", (item.GetAttribute("href") ?? item.QuerySelector("a")?.GetAttribute("href")));
        });
        page.WaitForAssertion(() => { lock (raised) Assert.Contains(raised, e => e.Entity == NotificationsFeed.LiveEntity && e.Id == member.User.Id); });
        Assert.Equal(0, await UnreadAsync(app, member.User.Id));
    }

    [Fact]
    public async Task A_New_Notification_Appears_Live()
    {
        await using var app = new StudioAppFactory();
        var member = await PostsTestData.SignedInAsync(app);
        var account = await PostsTestData.AddAccountAsync(app, member.Workspace.Id, "brand");
        var post = await PostsTestData.AddPostAsync(app, member, account, PostStatus.SentToInbox, DateTimeOffset.UtcNow.AddHours(-1));
        await SignInToApp(app, member.User.Id);
        var page = Render<NotificationsPage>();
        page.WaitForAssertion(() => Assert.Contains("Nothing needs you", page.Markup));

        await AddEventAsync(app, post, PostEventKinds.Inbox, "The draft is waiting in the creator's inbox.");
        await app.Services.GetRequiredService<ILiveNotifier>().ChangedAsync(member.Workspace.Id, "post", post.Id.ToString());

        page.WaitForAssertion(() => Assert.Contains("The draft is waiting in the creator's inbox.", page.Find("[data-testid=notifications]").TextContent));
    }

    internal static async Task AddEventAsync(StudioAppFactory app, Post post, string kind, string message)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<StudioDbContext>();
        db.Set<PostEvent>().Add(new PostEvent { WorkspaceId = post.WorkspaceId, PostId = post.Id, Kind = kind, Message = message, At = DateTimeOffset.UtcNow });
        await db.SaveChangesAsync();
    }

    private static async Task<int> UnreadAsync(StudioAppFactory app, string userId)
    {
        using var scope = app.Services.CreateScope();
        await WorkspaceResolver.ResolveAsync(userId, scope.ServiceProvider.GetRequiredService<WorkspaceContext>(),
            scope.ServiceProvider.GetRequiredService<StudioDbContext>(), CancellationToken.None);
        return await scope.ServiceProvider.GetRequiredService<NotificationsFeed>().UnreadCountAsync();
    }
}
