using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;
using Microsoft.Extensions.DependencyInjection;
using TikTokStudio.Tests.Features.Posts.Calendar;
using TikTokStudio.Tests.Features.Posts.Publish;
using TikTokStudio.Tests.Infrastructure;
using TikTokStudio.Web.Components.Layout;
using TikTokStudio.Web.Features.Posts;
using TikTokStudio.Web.Features.Posts.Publish;
using TikTokStudio.Web.Live;

namespace TikTokStudio.Tests.Components.Layout;

public sealed class NotificationsBellTests : StudioComponentTest
{
    [Fact]
    public async Task The_Bell_Counts_A_New_Notification_Live_And_Not_An_Ordinary_Event()
    {
        var (app, member, post) = await FailedPostAsync();
        await using var _ = app;
        var bell = Render<NotificationsBell>();
        bell.WaitForAssertion(() => Assert.Equal("Notifications: nothing new", Bell(bell).GetAttribute("aria-label")));

        await NotificationsPageTests.AddEventAsync(app, post, PostEventKinds.Action, "Sent again now by a team member.");
        await NotificationsPageTests.AddEventAsync(app, post, PostEventKinds.Failed, "TikTok refused the video.");
        await app.Services.GetRequiredService<ILiveNotifier>().ChangedAsync(member.Workspace.Id, "post", post.Id.ToString());

        bell.WaitForAssertion(() => Assert.Equal("Notifications: 1 new", Bell(bell).GetAttribute("aria-label")));
        Assert.Contains(">1<", bell.Find(".mud-badge").OuterHtml.Replace(" ", ""));
    }

    [Fact]
    public async Task A_Post_Change_Re_Renders_The_Bell_And_Not_The_Page_Under_The_Layout()
    {
        var (app, member, post) = await FailedPostAsync();
        await using var _ = app;
        var renders = new RenderCount();
        var layout = Render<StudioLayout>(p => p.Add(l => l.Body, (RenderFragment)(b =>
        {
            b.OpenComponent<CountingPage>(0);
            b.AddComponentParameter(1, nameof(CountingPage.Count), renders);
            b.CloseComponent();
        })));
        layout.WaitForAssertion(() => Assert.Equal("Notifications: nothing new", Bell(layout).GetAttribute("aria-label")));
        var before = renders.Value;

        await NotificationsPageTests.AddEventAsync(app, post, PostEventKinds.Failed, "TikTok refused the video.");
        await app.Services.GetRequiredService<ILiveNotifier>().ChangedAsync(member.Workspace.Id, "post", post.Id.ToString());

        layout.WaitForAssertion(() => Assert.Equal("Notifications: 1 new", Bell(layout).GetAttribute("aria-label")));
        Assert.Equal(before, renders.Value);
    }

    /// <summary>A signed-in member and a failed post of theirs with no notification recorded yet.</summary>
    private async Task<(StudioAppFactory App, Member Member, Post Post)> FailedPostAsync()
    {
        var app = new StudioAppFactory();
        var member = await PostsTestData.SignedInAsync(app);
        var account = await PostsTestData.AddAccountAsync(app, member.Workspace.Id, "brand");
        var post = await PostsTestData.AddPostAsync(app, member, account, PostStatus.Failed, DateTimeOffset.UtcNow.AddHours(-1));
        await SignInToApp(app, member.User.Id);
        return (app, member, post);
    }

    private static AngleSharp.Dom.IElement Bell(IRenderedComponent<IComponent> component) => component.Find("[data-testid=bell]");

    private sealed class RenderCount
    {
        public int Value;
    }

    /// <summary>Stands for the page in the layout's body and counts how often it renders.</summary>
    private sealed class CountingPage : ComponentBase
    {
        [Parameter] public RenderCount Count { get; set; } = default!;

        protected override void BuildRenderTree(RenderTreeBuilder builder)
        {
            Count.Value++;
            builder.AddContent(0, "page");
        }
    }
}
