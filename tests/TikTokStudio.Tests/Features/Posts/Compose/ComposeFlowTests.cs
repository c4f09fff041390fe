using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Quartz;
using TikTokStudio.Tests.Infrastructure;
using TikTokStudio.Web.Data;
using TikTokStudio.Web.Features.Connections;
using TikTokStudio.Web.Features.Media;
using TikTokStudio.Web.Features.Posts;
using TikTokStudio.Web.Features.Posts.Publish;
using TikTokStudio.Web.Features.Workspaces;

namespace TikTokStudio.Tests.Features.Posts.Compose;

/// <summary>The composer through the front door: real accounts from the emulated TikTok, posts saved and their triggers set.</summary>
public sealed class ComposeFlowTests : IClassFixture<RealServerFixture>
{
    private readonly StudioAppFactory app;

    public ComposeFlowTests(RealServerFixture server) => app = server.App;

    [Fact]
    public async Task Scheduling_To_Two_Accounts_Saves_One_Post_Each_With_A_Trigger_At_The_Local_Minute()
    {
        var (client, workspace) = await app.SignedInOwnerAsync();
        await EmulatedTikTok.ConnectAsync(client, "public_creator");
        await EmulatedTikTok.ConnectAsync(client, "quiet_creator");
        var accounts = (await app.RowsOfAsync<TikTokAccount>(workspace.Id)).OrderBy(a => a.DisplayName).ToList();
        var video = await AddVideoAsync(workspace.Id);
        var page = await client.GetStringAsync("/app/compose");
        var local = DateTime.UtcNow.AddDays(2).Date.AddHours(9);

        var response = await PostComposeAsync(client, page, new List<KeyValuePair<string, string>>
        {
            new("kind", "video"), new("video", video.Id.ToString()), new("title", "Launch day #coffee"),
            new("account", accounts[0].Id.ToString()), new($"privacy.{accounts[0].Id}", "PUBLIC_TO_EVERYONE"), new($"comment.{accounts[0].Id}", "on"),
            new("account", accounts[1].Id.ToString()), new($"privacy.{accounts[1].Id}", "SELF_ONLY"),
            new("scheduleAt", local.ToString("yyyy-MM-ddTHH:mm")), new("action", "schedule"),
        });

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var created = response.Headers.GetValues("HX-Redirect").Single();
        var posts = await app.RowsOfAsync<Post>(workspace.Id);
        Assert.Equal(2, posts.Count);
        Assert.All(posts, p => Assert.Equal(PostStatus.Scheduled, p.Status));
        var berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
        Assert.All(posts, p => Assert.Equal(local, TimeZoneInfo.ConvertTime(p.PublishAt!.Value, berlin).DateTime));
        Assert.Single(posts.Select(p => p.CompositionId).Distinct());
        var scheduler = await app.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        foreach (var post in posts)
        {
            var trigger = await scheduler.GetTrigger(PostScheduler.SlotTriggerFor(post.Id));
            Assert.NotNull(trigger);
            Assert.Equal(post.PublishAt!.Value, PostScheduler.SlotOf(trigger));
        }
        var justComposed = await client.GetStringAsync(created);
        Assert.Equal(2, justComposed.Split("data-testid=\"composed-post\"").Length - 1);
    }

    [Fact]
    public async Task An_Invalid_Composition_Is_Explained_And_Nothing_Is_Saved()
    {
        var (client, workspace) = await app.SignedInOwnerAsync();
        await EmulatedTikTok.ConnectAsync(client, "quiet_creator");
        var account = (await app.RowsOfAsync<TikTokAccount>(workspace.Id)).Single();
        var video = await AddVideoAsync(workspace.Id);
        var page = await client.GetStringAsync("/app/compose");

        var response = await PostComposeAsync(client, page, new List<KeyValuePair<string, string>>
        {
            new("kind", "video"), new("video", video.Id.ToString()),
            new("account", account.Id.ToString()), new($"comment.{account.Id}", "on"),
            new("disclosure", "on"), new("action", "now"),
        });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("Choose who can see this post on @quiet_creator.", html);
        Assert.Contains("@quiet_creator turned comments off on TikTok.", html);
        Assert.Contains("You need to indicate if your content promotes yourself, a third party, or both.", html);
        Assert.Empty(await app.RowsOfAsync<Post>(workspace.Id));
    }

    [Fact]
    public async Task A_Draft_Can_Be_Saved_Incomplete_Then_Deleted()
    {
        var (client, workspace) = await app.SignedInOwnerAsync();
        await EmulatedTikTok.ConnectAsync(client, "public_creator");
        var account = (await app.RowsOfAsync<TikTokAccount>(workspace.Id)).Single();
        var page = await client.GetStringAsync("/app/compose");

        var saved = await PostComposeAsync(client, page, new List<KeyValuePair<string, string>>
        {
            new("kind", "video"), new("title", "Idea for next week"), new("account", account.Id.ToString()), new("action", "draft"),
        });
        var draft = (await app.RowsOfAsync<Post>(workspace.Id)).Single();
        var delete = new HttpRequestMessage(HttpMethod.Post, "/app/posts/bulk-delete") { Content = new FormUrlEncodedContent([new("ids", draft.Id.ToString())]) };
        delete.Headers.Add("RequestVerificationToken", StudioAppFactory.AntiforgeryMetaOf(page));
        delete.Headers.Add("HX-Request", "true");
        var deleted = await client.SendAsync(delete);

        Assert.Equal(HttpStatusCode.NoContent, saved.StatusCode);
        Assert.Equal(PostStatus.Draft, draft.Status);
        Assert.Null(draft.PublishAt);
        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        Assert.Empty(await app.RowsOfAsync<Post>(workspace.Id));
    }

    [Fact]
    public async Task Editing_A_Scheduled_Post_Moves_Its_Trigger()
    {
        var (client, workspace) = await app.SignedInOwnerAsync();
        await EmulatedTikTok.ConnectAsync(client, "public_creator");
        var account = (await app.RowsOfAsync<TikTokAccount>(workspace.Id)).Single();
        var video = await AddVideoAsync(workspace.Id);
        var page = await client.GetStringAsync("/app/compose");
        var first = DateTime.UtcNow.AddDays(3).Date.AddHours(8);
        var fields = new List<KeyValuePair<string, string>>
        {
            new("kind", "video"), new("video", video.Id.ToString()), new("account", account.Id.ToString()),
            new($"privacy.{account.Id}", "SELF_ONLY"), new("scheduleAt", first.ToString("yyyy-MM-ddTHH:mm")), new("action", "schedule"),
        };
        await PostComposeAsync(client, page, fields);
        var post = (await app.RowsOfAsync<Post>(workspace.Id)).Single();

        var editPage = await client.GetStringAsync($"/app/compose?edit={post.Id}");
        var later = first.AddHours(5);
        fields[^2] = new("scheduleAt", later.ToString("yyyy-MM-ddTHH:mm"));
        fields.Add(new("editPostId", post.Id.ToString()));
        var response = await PostComposeAsync(client, editPage, fields);

        Assert.Contains("Edit post", editPage);
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var edited = (await app.RowsOfAsync<Post>(workspace.Id)).Single();
        Assert.Equal(post.Id, edited.Id);
        Assert.Equal(post.PublishAt!.Value.AddHours(5), edited.PublishAt);
        var trigger = await (await app.Services.GetRequiredService<ISchedulerFactory>().GetScheduler()).GetTrigger(PostScheduler.SlotTriggerFor(post.Id));
        Assert.Equal(edited.PublishAt, PostScheduler.SlotOf(trigger));
    }

    [Fact]
    public async Task The_Composer_Reads_Creator_Info_Fresh_And_Blocks_A_Capped_Creator()
    {
        var (client, workspace) = await app.SignedInOwnerAsync();
        await EmulatedTikTok.ConnectAsync(client, "capped_creator");

        var page = await client.GetStringAsync("/app/compose");

        Assert.Contains("TikTok says this creator cannot post right now", page);
        var account = (await app.RowsOfAsync<TikTokAccount>(workspace.Id)).Single();
        Assert.NotNull(account.CreatorCannotPostReason);
    }

    [Fact]
    public async Task A_Viewer_Cannot_Compose()
    {
        var client = await app.SignedInViewerAsync();
        var page = await client.GetStringAsync("/app/compose");

        var response = await PostComposeAsync(client, page, [new("kind", "video"), new("action", "draft")]);

        Assert.Contains("Viewers cannot compose posts.", page);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    private static Task<HttpResponseMessage> PostComposeAsync(HttpClient client, string page, List<KeyValuePair<string, string>> fields)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/app/compose/submit") { Content = new FormUrlEncodedContent(fields) };
        request.Headers.Add("RequestVerificationToken", StudioAppFactory.AntiforgeryMetaOf(page));
        request.Headers.Add("HX-Request", "true");
        return client.SendAsync(request);
    }

    private async Task<MediaFile> AddVideoAsync(Guid workspaceId)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<StudioDbContext>();
        var video = ComposerBuilder.Video();
        video.WorkspaceId = workspaceId;
        db.Set<MediaFile>().Add(video);
        await db.SaveChangesAsync();
        return video;
    }

}
