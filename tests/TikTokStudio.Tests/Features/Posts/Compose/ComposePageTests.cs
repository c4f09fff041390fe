using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using TikTokStudio.Tests.Infrastructure;
using TikTokStudio.Web.Data;
using TikTokStudio.Web.Features.Connections;
using TikTokStudio.Web.Features.Media;
using TikTokStudio.Web.Features.Posts;
using TikTokStudio.Web.Features.Posts.Compose;
using TikTokStudio.Web.Live;

namespace TikTokStudio.Tests.Features.Posts.Compose;

/// <summary>/app/compose on the circuit against the real app: choosing, posting, uploads chosen automatically, live library.</summary>
public sealed class ComposePageTests : StudioComponentTest
{
    [Fact]
    public async Task Posting_Now_From_The_Page_Saves_A_Post_And_Opens_The_Just_Composed_Panel()
    {
        await using var app = new StudioAppFactory();
        var (user, workspace) = await app.CreateUserAsync();
        await SignInToApp(app, user.Id);
        var account = await AddAsync(app, workspace.Id, ComposerBuilder.UploadOnlyCreator());
        var video = await AddAsync(app, workspace.Id, ComposerBuilder.Video());
        var navigation = Services.GetRequiredService<NavigationManager>();
        var page = Render<ComposePageHarness>();
        page.WaitForAssertion(() => Assert.NotNull(page.Find($"[data-testid=videos] [data-media-id='{video.Id}'] input")));

        page.Find($"[data-testid=videos] [data-media-id='{video.Id}'] input").Click();
        page.WaitForAssertion(() => Assert.Equal(video.Id, page.FindComponent<ComposerForm>().Instance.Model.Input.VideoMediaId));
        page.Find($"[data-testid=target][data-account='{account.Id}'] input[type=checkbox]").Change(true);
        page.WaitForAssertion(() => Assert.Single(page.FindComponent<ComposerForm>().Instance.Model.Input.Targets));
        page.Find("button[data-testid=now-button]").Click();

        page.WaitForAssertion(() => Assert.Contains("/app/compose?created=", navigation.Uri));
        var post = Assert.Single(await app.RowsOfAsync<Post>(workspace.Id));
        Assert.Equal((video.Id, account.Id), (post.VideoMediaId, post.AccountId));
        // Queued for now: the engine picks it up at once (this account has no tokens, so it then waits for a reconnect).
        Assert.NotEqual(PostStatus.Draft, post.Status);
        Assert.NotNull(post.PublishAt);

        await DisposeComponentsAsync();
        navigation.NavigateTo($"/app/compose?created={post.CompositionId}");
        var after = Render<ComposePageHarness>();
        after.WaitForAssertion(() => Assert.Single(after.FindAll("[data-testid=composed-post]")));
        Assert.Contains("Uma Upload", after.Find("[data-testid=just-composed]").TextContent);
    }

    [Fact]
    public async Task An_Invalid_Submit_Shows_The_Servers_Reasons_And_Saves_Nothing()
    {
        await using var app = new StudioAppFactory();
        var (user, workspace) = await app.CreateUserAsync();
        await SignInToApp(app, user.Id);
        var page = Render<ComposePageHarness>();
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("button[data-testid=schedule-button]")));

        page.Find("button[data-testid=schedule-button]").Click();

        page.WaitForAssertion(() => Assert.Contains("This post cannot be saved yet", page.Find("[data-testid=errors]").TextContent));
        Assert.Contains("Choose at least one TikTok account.", page.Find("[data-testid=errors]").TextContent);
        Assert.Contains("Choose a video.", page.Find("[data-testid=errors]").TextContent);
        Assert.Empty(await app.RowsOfAsync<Post>(workspace.Id));
    }

    [Fact]
    public async Task A_File_Uploaded_In_The_Composer_Is_Chosen_Automatically()
    {
        await using var app = new StudioAppFactory();
        var (user, workspace) = await app.CreateUserAsync();
        await SignInToApp(app, user.Id);
        var page = Render<ComposePageHarness>();
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=upload-zone]")));

        var video = await AddAsync(app, workspace.Id, ComposerBuilder.Video());
        var uploader = page.FindComponent<MediaUploader>();
        await uploader.Instance.Added("k", "clip.mp4", video.SizeBytes);
        await uploader.Instance.Finished("k", video.Id.ToString(), false);

        page.WaitForAssertion(() => Assert.Equal(video.Id, page.FindComponent<ComposerForm>().Instance.Model.Input.VideoMediaId));
        Assert.Contains("Ready to post.", page.Find("[data-testid=upload-message]").TextContent);
        Assert.NotNull(page.Find("#preview-video"));
    }

    [Fact]
    public async Task A_Video_Finished_Elsewhere_Appears_In_The_Composer_Live_And_Typed_Text_Stays()
    {
        await using var app = new StudioAppFactory();
        var (user, workspace) = await app.CreateUserAsync();
        await SignInToApp(app, user.Id);
        var page = Render<ComposePageHarness>();
        page.WaitForAssertion(() => Assert.Contains("No videos in the library yet", page.Markup));
        page.Find("#title").Input("Keep me");

        var video = await AddAsync(app, workspace.Id, ComposerBuilder.Video());
        await app.Services.GetRequiredService<ILiveNotifier>().ChangedAsync(workspace.Id, MediaService.LiveEntity, video.Id.ToString());

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll($"[data-testid=videos] [data-media-id='{video.Id}']")));
        Assert.Equal("Keep me", page.FindComponent<ComposerForm>().Instance.Model.Input.Title);
    }

    [Fact]
    public async Task A_Post_That_Started_Publishing_Cannot_Be_Edited()
    {
        await using var app = new StudioAppFactory();
        var (user, workspace) = await app.CreateUserAsync();
        await SignInToApp(app, user.Id);
        var account = await AddAsync(app, workspace.Id, ComposerBuilder.UploadOnlyCreator());
        var post = await AddAsync(app, workspace.Id, new Post { AccountId = account.Id, CompositionId = Guid.NewGuid(), Status = PostStatus.Publishing, CreatedByUserId = user.Id, PublishAt = DateTimeOffset.UtcNow });

        Services.GetRequiredService<NavigationManager>().NavigateTo($"/app/compose?edit={post.Id}");
        var page = Render<ComposePageHarness>();

        page.WaitForAssertion(() => Assert.Contains("That post has started publishing or was deleted, so it can no longer be edited.", page.Markup));
        Assert.Equal("Compose", page.Find("h1").TextContent.Trim());
    }

    private static async Task<T> AddAsync<T>(StudioAppFactory app, Guid workspaceId, T row) where T : class, ITenantOwned
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<StudioDbContext>();
        row.WorkspaceId = workspaceId;
        db.Add(row);
        await db.SaveChangesAsync();
        return row;
    }
}
