using Microsoft.Extensions.DependencyInjection;
using TikTokStudio.Web.Data;
using TikTokStudio.Web.Features.Media;
using TikTokStudio.Web.Features.Media.Probing;
using TikTokStudio.Web.Features.Posts;

namespace TikTokStudio.Tests.Features.Posts.Publish;

/// <summary>Photo carousels: TikTok pulls each photo from the app's expiring public URLs (in Development, over loopback).</summary>
public sealed class PhotoPostTests
{
    [Fact]
    public async Task A_Photo_Carousel_Is_Pulled_From_The_App_And_Published_From_The_Background_Job()
    {
        using var kit = new PublishTestKit();
        await kit.SignInAsync();
        var creator = await kit.NewCreatorAsync();
        var account = await kit.ConnectAsync(creator);
        var photos = new[] { await PhotoAsync(kit, "photo-1080x1350.jpg"), await PhotoAsync(kit, "photo-800x600.webp") };
        var post = await kit.PostAsync(account, video: null, change: p =>
        {
            p.Kind = PostKind.Photo;
            p.PhotoMediaIds = string.Join(',', photos.Select(f => f.Id));
            p.PhotoCoverIndex = 1;
            p.Title = "Two views";
            p.Description = "Morning light #coffee";
        });

        // No HTTP request is in flight here: the URLs come from the server's own address, as in the Quartz job.
        var done = await kit.RunToEndAsync(post.Id, maxWait: TimeSpan.FromSeconds(10));

        Assert.Equal(PostStatus.Published, done.Status);
        var atTikTok = Assert.Single(await kit.EmulatorPostsAsync(creator));
        Assert.Equal("PUBLISH_COMPLETE", atTikTok.Status);
        Assert.Null(atTikTok.FailReason);
    }

    private static async Task<MediaFile> PhotoAsync(PublishTestKit kit, string fixture)
    {
        var bytes = await File.ReadAllBytesAsync(Path.Combine(FixturesFolder(), fixture));
        using var scope = kit.App.Services.CreateScope();
        var storage = scope.ServiceProvider.GetRequiredService<MediaStorage>();
        var file = new MediaFile
        {
            WorkspaceId = kit.Workspace.Id, OriginalFileName = fixture, ContentType = fixture.EndsWith(".webp") ? "image/webp" : "image/jpeg",
            Kind = MediaKind.Photo, SizeBytes = bytes.Length, StoragePath = "", Status = MediaStatus.Ready,
            Container = fixture.EndsWith(".webp") ? MediaContainer.WebP : MediaContainer.Jpeg, Width = 1080, Height = 1350,
            CreatedAt = DateTimeOffset.UtcNow, CompletedAt = DateTimeOffset.UtcNow, UploadedByUserId = kit.UserId,
        };
        file.StoragePath = MediaStorage.RelativePathFor(kit.Workspace.Id, file.Id);
        var path = storage.FullPath(file);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllBytesAsync(path, bytes);
        var db = scope.ServiceProvider.GetRequiredService<StudioDbContext>();
        db.Add(file);
        await db.SaveChangesAsync();
        return file;
    }

    private static string FixturesFolder()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "TikTokStudio.sln"))) folder = folder.Parent;
        return Path.Combine(folder!.FullName, "tests", "TikTokStudio.Tests", "Features", "Media", "Fixtures");
    }
}
