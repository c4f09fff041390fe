using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using TikTokStudio.Tests.Features.Posts.Compose;
using TikTokStudio.Tests.Infrastructure;
using TikTokStudio.Web.Data;
using TikTokStudio.Web.Features.Media;
using TikTokStudio.Web.Features.Posts;
using TikTokStudio.Web.Features.Workspaces;
using TikTokStudio.Web.Live;

namespace TikTokStudio.Tests.Features.Media;

/// <summary>/app/media on the circuit, against the real app: the library, delete behind a confirm dialog, live updates.</summary>
public sealed class MediaPageTests : StudioComponentTest
{
    [Fact]
    public async Task Delete_Asks_First_Then_Removes_The_File_And_Says_So()
    {
        await using var app = new StudioAppFactory();
        var (user, workspace) = await app.CreateUserAsync();
        await SignInToApp(app, user.Id);
        var photo = await AddAsync(app, workspace.Id, ComposerBuilder.Photo("cover.jpg"));
        var page = RenderPage();
        page.WaitForAssertion(() => Assert.NotNull(page.Find($"[data-media-id='{photo.Id}']")));

        page.Find("button[aria-label='Delete cover.jpg']").Click();
        page.WaitForAssertion(() => Assert.Contains("Delete \"cover.jpg\"? This cannot be undone.", page.Markup));
        page.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == "Delete").Click();

        page.WaitForAssertion(() => Assert.Equal("\"cover.jpg\" was deleted.", page.Find("[data-testid=media-outcome] .mud-alert-message").TextContent.Trim()));
        Assert.Empty(page.FindAll($"[data-media-id='{photo.Id}']"));
        Assert.Empty(await app.RowsOfAsync<MediaFile>(workspace.Id));
    }

    [Fact]
    public async Task A_File_A_Pending_Post_Uses_Is_Not_Deleted_And_The_Reason_Is_Shown()
    {
        await using var app = new StudioAppFactory();
        var (user, workspace) = await app.CreateUserAsync();
        await SignInToApp(app, user.Id);
        var video = await AddAsync(app, workspace.Id, ComposerBuilder.Video());
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<StudioDbContext>();
            var account = ComposerBuilder.PublicCreator();
            account.WorkspaceId = workspace.Id;
            db.Add(account);
            db.Add(new Post { WorkspaceId = workspace.Id, AccountId = account.Id, VideoMediaId = video.Id, Status = PostStatus.Scheduled, CreatedByUserId = user.Id, PublishAt = DateTimeOffset.UtcNow.AddDays(2) });
            await db.SaveChangesAsync();
        }
        var page = RenderPage();
        page.WaitForAssertion(() => Assert.NotNull(page.Find($"[data-media-id='{video.Id}']")));

        page.Find("button[aria-label='Delete clip.mp4']").Click();
        page.WaitForAssertion(() => Assert.Contains("This cannot be undone.", page.Markup));
        page.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == "Delete").Click();

        page.WaitForAssertion(() => Assert.StartsWith("\"clip.mp4\" was not deleted:", page.Find("[data-testid=media-outcome] .mud-alert-message").TextContent.Trim()));
        Assert.Single(await app.RowsOfAsync<MediaFile>(workspace.Id));
    }

    [Fact]
    public async Task Keeping_The_File_In_The_Dialog_Changes_Nothing()
    {
        await using var app = new StudioAppFactory();
        var (user, workspace) = await app.CreateUserAsync();
        await SignInToApp(app, user.Id);
        await AddAsync(app, workspace.Id, ComposerBuilder.Photo("keep.jpg"));
        var page = RenderPage();
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("button[aria-label='Delete keep.jpg']")));

        page.Find("button[aria-label='Delete keep.jpg']").Click();
        page.WaitForAssertion(() => Assert.Contains("This cannot be undone.", page.Markup));
        page.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == "Keep it").Click();

        page.WaitForAssertion(() => Assert.DoesNotContain("This cannot be undone.", page.Markup));
        Assert.Single(await app.RowsOfAsync<MediaFile>(workspace.Id));
        Assert.Empty(page.FindAll("[data-testid=media-outcome]"));
    }

    [Fact]
    public async Task A_File_Finished_Elsewhere_Appears_Live_With_Its_Checks()
    {
        await using var app = new StudioAppFactory();
        var (user, workspace) = await app.CreateUserAsync();
        await SignInToApp(app, user.Id);
        var page = RenderPage();
        page.WaitForAssertion(() => Assert.Contains("No media yet", page.Markup));

        var video = await AddAsync(app, workspace.Id, ComposerBuilder.Video(fps: 20));
        await app.Services.GetRequiredService<ILiveNotifier>().ChangedAsync(workspace.Id, MediaService.LiveEntity, video.Id.ToString());

        page.WaitForAssertion(() => Assert.Contains("20 fps: TikTok accepts 23-60 fps", page.Find($"[data-media-id='{video.Id}']").TextContent));
        Assert.Contains("Cannot be posted", page.Find($"[data-media-id='{video.Id}']").TextContent);
    }

    [Fact]
    public async Task Viewers_Can_Look_But_Not_Upload_Or_Delete()
    {
        await using var app = new StudioAppFactory();
        var (_, workspace) = await app.CreateUserAsync(workspaceName: "Owned");
        var (viewer, _) = await app.CreateUserAsync(workspaceName: "Viewer's own");
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<StudioDbContext>();
            db.Memberships.Add(new Membership { UserId = viewer.Id, WorkspaceId = workspace.Id, Role = WorkspaceRole.Viewer });
            db.Users.Single(u => u.Id == viewer.Id).CurrentWorkspaceId = workspace.Id;
            await db.SaveChangesAsync();
        }
        await AddAsync(app, workspace.Id, ComposerBuilder.Photo("seen.jpg"));
        await SignInToApp(app, viewer.Id);

        var page = RenderPage();

        page.WaitForAssertion(() => Assert.Contains("seen.jpg", page.Markup));
        Assert.Contains("Editors, Admins and the Owner can upload and delete media.", page.Markup);
        Assert.Empty(page.FindAll("[data-testid=upload-zone]"));
        Assert.Empty(page.FindAll("button[aria-label^='Delete']"));
    }

    private IRenderedComponent<MediaPageHarness> RenderPage() => Render<MediaPageHarness>();

    private static async Task<MediaFile> AddAsync(StudioAppFactory app, Guid workspaceId, MediaFile file)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<StudioDbContext>();
        file.WorkspaceId = workspaceId;
        file.Sha256 = Guid.NewGuid().ToString("N");
        db.Add(file);
        await db.SaveChangesAsync();
        return file;
    }
}
