using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TikTokStudio.Tests.Features.Posts.Compose;
using TikTokStudio.Tests.Infrastructure;
using TikTokStudio.Web.Data;
using TikTokStudio.Web.Features.Connections;
using TikTokStudio.Web.Features.Media;
using TikTokStudio.Web.Features.Posts;

namespace TikTokStudio.Tests.Features.Posts;

public sealed class PostMediaUsageTests : IClassFixture<StudioAppFactoryFixture>
{
    private readonly StudioAppFactory app;

    public PostMediaUsageTests(StudioAppFactoryFixture fixture) => app = fixture.App;

    [Theory]
    [InlineData(PostStatus.Scheduled, false)]
    [InlineData(PostStatus.Draft, false)]
    [InlineData(PostStatus.Published, true)]
    public async Task A_File_Used_By_A_Post_That_Has_Not_Gone_Out_Cannot_Be_Deleted(PostStatus status, bool deletable)
    {
        var (user, workspace) = await app.CreateUserAsync(workspaceName: "Usage Co");
        Guid mediaId;
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<StudioDbContext>();
            var account = ComposerBuilder.PublicCreator();
            account.WorkspaceId = workspace.Id;
            var video = ComposerBuilder.Video();
            video.WorkspaceId = workspace.Id;
            video.UploadedByUserId = user.Id;
            db.AddRange(account, video);
            db.Add(new Post
            {
                WorkspaceId = workspace.Id, AccountId = account.Id, VideoMediaId = video.Id, Status = status, CreatedByUserId = user.Id,
                PublishAt = new DateTimeOffset(2030, 5, 3, 8, 0, 0, TimeSpan.Zero),
            });
            await db.SaveChangesAsync();
            mediaId = video.Id;
        }
        var client = await app.SignInAsync(user.Email!);
        // The library's delete and the tus termination are the same handler (MediaService.DeleteAsync).
        var request = new HttpRequestMessage(HttpMethod.Delete, $"/app/media/uploads/{mediaId}");
        request.Headers.Add("RequestVerificationToken", StudioAppFactory.AntiforgeryMetaOf(await client.GetStringAsync("/app")));
        request.Headers.Add("Tus-Resumable", "1.0.0");

        var response = await client.SendAsync(request);

        using var check = app.Services.CreateScope();
        var stillThere = await check.ServiceProvider.GetRequiredService<StudioDbContext>().Set<MediaFile>().IgnoreQueryFilters().AnyAsync(m => m.Id == mediaId);
        Assert.Equal(!deletable, stillThere);
        if (!deletable)
        {
            Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
            Assert.Contains($"is used by a {PostStatusBadge.Label(status).ToLowerInvariant()} post", WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()));
        }
    }
}
