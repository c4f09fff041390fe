using System.Net;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TikTokStudio.Tests.Infrastructure;
using TikTokStudio.Web.Data;
using TikTokStudio.Web.Features.Media;
using TikTokStudio.Web.Features.Media.Checks;
using TikTokStudio.Web.Features.Media.Probing;
using TikTokStudio.Web.Features.Workspaces;

namespace TikTokStudio.Tests.Features.Media;

public sealed class MediaUploadTests : IClassFixture<StudioAppFactoryFixture>
{
    private readonly StudioAppFactory app;

    public MediaUploadTests(StudioAppFactoryFixture fixture) => app = fixture.App;

    private async Task<(TusTestClient Tus, Workspace Workspace)> SignedInEditorAsync()
    {
        var (user, workspace) = await app.CreateUserAsync();
        return (await TusTestClient.SignInAsync(app, user.Email!), workspace);
    }

    [Fact]
    public async Task Options_Advertises_Tus_Version_Extensions_And_Max_Size()
    {
        var (tus, _) = await SignedInEditorAsync();

        var response = await tus.OptionsAsync();

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal("1.0.0", response.Headers.GetValues("Tus-Version").Single());
        Assert.Equal("creation,termination,expiration", response.Headers.GetValues("Tus-Extension").Single());
        Assert.Equal("4294967296", response.Headers.GetValues("Tus-Max-Size").Single());
        Assert.Equal("1.0.0", response.Headers.GetValues("Tus-Resumable").Single());
    }

    [Fact]
    public async Task Upload_In_Two_Parts_Completes_And_The_File_Is_Ready_With_What_Its_Bytes_Say()
    {
        var (tus, workspace) = await SignedInEditorAsync();
        var bytes = MediaFixtures.Bytes("valid-720x1280-30fps.mp4");
        var half = bytes.Length / 2;

        var created = await tus.CreateAsync(bytes.Length, "holiday.mp4", "video/mp4");
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.True(created.Headers.Contains("Upload-Expires"));
        var location = created.Headers.Location!.OriginalString;
        Assert.StartsWith("/app/media/uploads/", location);

        var first = await tus.PatchAsync(location, 0, bytes.AsMemory(0, half));
        Assert.Equal(HttpStatusCode.NoContent, first.StatusCode);
        Assert.Equal(half, TusTestClient.OffsetOf(first));

        var head = await tus.HeadAsync(location);
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal(half, TusTestClient.OffsetOf(head));
        Assert.Equal(bytes.Length.ToString(), head.Headers.GetValues("Upload-Length").Single());
        Assert.Equal("no-store", head.Headers.CacheControl!.ToString());

        var second = await tus.PatchAsync(location, half, bytes.AsMemory(half));
        Assert.Equal(HttpStatusCode.NoContent, second.StatusCode);
        Assert.Equal(bytes.Length, TusTestClient.OffsetOf(second));

        var file = await FindAsync(TusTestClient.IdOf(location));
        Assert.Equal(MediaStatus.Ready, file.Status);
        Assert.Equal(workspace.Id, file.WorkspaceId);
        Assert.Equal((MediaKind.Video, MediaContainer.Mp4, "H.264"), (file.Kind, file.Container, file.Codec));
        Assert.Equal((720, 1280, 30.0), (file.Width, file.Height, file.FrameRate));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), file.Sha256);
        Assert.Null(file.ExpiresAt);
        Assert.True(file.CanBePosted);
        Assert.All(file.Checks, c => Assert.Equal(CheckOutcome.Pass, c.Outcome));
        Assert.Equal(3000, file.DurationMs);
        Assert.Equal(bytes, await File.ReadAllBytesAsync(Path.Combine(app.DataDirectory, file.StoragePath)));
        Assert.StartsWith($"media/{workspace.Id:N}/", file.StoragePath);

        var library = System.Net.WebUtility.HtmlDecode(await tus.Http.GetStringAsync("/app/media"));
        Assert.Contains("data-testid=\"media-library\"", library);
        Assert.Contains("holiday.mp4", library);
        Assert.Contains("Ready to post", library);
        Assert.Contains("720 × 1280 px", library);
    }

    [Fact]
    public async Task A_Part_At_The_Wrong_Offset_Is_A_Conflict_And_Changes_Nothing()
    {
        var (tus, _) = await SignedInEditorAsync();
        var bytes = MediaFixtures.Bytes("small-320x240.mp4");
        var location = await tus.StartAsync(bytes, "small.mp4", "video/mp4");
        await tus.PatchAsync(location, 0, bytes.AsMemory(0, 1000));

        var wrong = await tus.PatchAsync(location, 500, bytes.AsMemory(500, 1000));

        Assert.Equal(HttpStatusCode.Conflict, wrong.StatusCode);
        Assert.Contains("does not match the 1000 bytes received so far", await wrong.Content.ReadAsStringAsync());
        Assert.Equal(1000, TusTestClient.OffsetOf(await tus.HeadAsync(location)));
    }

    [Fact]
    public async Task A_Dropped_Connection_Keeps_What_Arrived_And_The_Upload_Resumes_From_The_Offset()
    {
        var (tus, _) = await SignedInEditorAsync();
        var bytes = MediaFixtures.Bytes("clip.mov");
        var location = await tus.StartAsync(bytes, "clip.mov", "video/quicktime");

        using (var drop = new CancellationTokenSource(TimeSpan.FromSeconds(1)))
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => tus.PatchAsync(location, 0, new DroppingContent(bytes, 20_000), drop.Token));
        }

        var offset = await EventuallyAsync(async () => TusTestClient.OffsetOf(await tus.HeadAsync(location)), 20_000);
        Assert.Equal(20_000, offset);
        var resumed = await tus.PatchAsync(location, offset, bytes.AsMemory((int)offset));
        Assert.Equal(HttpStatusCode.NoContent, resumed.StatusCode);
        var file = await FindAsync(TusTestClient.IdOf(location));
        Assert.Equal(MediaStatus.Ready, file.Status);
        Assert.Equal(MediaContainer.Mov, file.Container);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), file.Sha256);
    }

    [Fact]
    public async Task A_Second_Writer_Is_Told_The_Upload_Is_Locked_While_The_First_Is_Writing()
    {
        var (tus, _) = await SignedInEditorAsync();
        var bytes = MediaFixtures.Bytes("small-320x240.mp4");
        var location = await tus.StartAsync(bytes, "busy.mp4", "video/mp4");
        using var drop = new CancellationTokenSource();
        var stalled = tus.PatchAsync(location, 0, new DroppingContent(bytes, 1000), drop.Token);
        await EventuallyAsync(async () => TusTestClient.OffsetOf(await tus.HeadAsync(location)), 1000L);

        var second = await tus.PatchAsync(location, 0, bytes);

        Assert.Equal((HttpStatusCode)423, second.StatusCode);
        await drop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => stalled);
    }

    [Fact]
    public async Task A_Part_With_More_Bytes_Than_Declared_Is_Refused_And_Nothing_Is_Written()
    {
        var (tus, _) = await SignedInEditorAsync();
        var bytes = MediaFixtures.Bytes("photo-800x600.webp");
        var location = await tus.StartAsync(bytes, "short.webp", "image/webp");

        var response = await tus.PatchAsync(location, 0, bytes.Concat(new byte[10]).ToArray());

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(0, TusTestClient.OffsetOf(await tus.HeadAsync(location)));
    }

    [Fact]
    public async Task Termination_Deletes_The_Upload_And_Its_Bytes()
    {
        var (tus, _) = await SignedInEditorAsync();
        var bytes = MediaFixtures.Bytes("small-320x240.mp4");
        var location = await tus.StartAsync(bytes, "gone.mp4", "video/mp4");
        await tus.PatchAsync(location, 0, bytes.AsMemory(0, 4000));
        var path = Path.Combine(app.DataDirectory, (await FindAsync(TusTestClient.IdOf(location))).StoragePath);
        Assert.True(File.Exists(path));

        var deleted = await tus.DeleteAsync(location);

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await tus.HeadAsync(location)).StatusCode);
        Assert.False(File.Exists(path));
        Assert.Null(await FindOrNullAsync(TusTestClient.IdOf(location)));
    }

    [Theory]
    [InlineData(4L * 1024 * 1024 * 1024 + 1, "huge.mp4", "video/mp4", "\"huge.mp4\" is 4.00 GiB: TikTok accepts videos up to 4 GiB.")]
    [InlineData(25L * 1024 * 1024, "big.jpg", "image/jpeg", "\"big.jpg\" is 25.0 MiB: TikTok accepts photos up to 20 MiB.")]
    public async Task Declared_Size_Over_The_Limit_Is_Refused_With_A_Reason_And_Nothing_Is_Stored(long length, string name, string type, string message)
    {
        var (tus, workspace) = await SignedInEditorAsync();

        var response = await tus.CreateAsync(length, name, type);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(message, await response.Content.ReadAsStringAsync());
        await AssertNothingStoredAsync(workspace.Id);
    }

    [Theory]
    [InlineData("report.pdf", "application/pdf", "\"report.pdf\" (application/pdf) is not a file TikTok accepts: upload an MP4, MOV or WebM video, or a JPEG or WebP photo.")]
    [InlineData("movie.avi", null, "\"movie.avi\" is not a file TikTok accepts: upload an MP4, MOV or WebM video, or a JPEG or WebP photo.")]
    public async Task A_Declared_Type_TikTok_Does_Not_Take_Is_Refused(string name, string? type, string message)
    {
        var (tus, workspace) = await SignedInEditorAsync();

        var response = await tus.CreateAsync(1000, name, type);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal(message, await response.Content.ReadAsStringAsync());
        await AssertNothingStoredAsync(workspace.Id);
    }

    [Fact]
    public async Task Bytes_That_Are_No_Video_Or_Image_Are_Refused_Whatever_The_Name_Says()
    {
        var (tus, _) = await SignedInEditorAsync();
        var bytes = MediaFixtures.Bytes("not-media.mp4");
        var location = await tus.StartAsync(bytes, "not-media.mp4", "video/mp4");

        var response = await tus.PatchAsync(location, 0, bytes);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("\"not-media.mp4\": This file is not a video or image TikTok accepts.", await response.Content.ReadAsStringAsync());
        var file = await FindAsync(TusTestClient.IdOf(location));
        Assert.Equal(MediaStatus.Rejected, file.Status);
        Assert.False(file.CanBePosted);
        Assert.False(File.Exists(Path.Combine(app.DataDirectory, file.StoragePath)));
        Assert.Contains("This file is not a video or image TikTok accepts.", await tus.Http.GetStringAsync("/app/media"));
    }

    [Fact]
    public async Task A_Png_Named_Jpg_Is_Stored_As_Png_And_Cannot_Be_Posted()
    {
        var (tus, _) = await SignedInEditorAsync();
        var bytes = MediaFixtures.Bytes("png-renamed.jpg");

        var location = await tus.UploadAsync(bytes, "photo.jpg", "image/jpeg");

        var file = await FindAsync(TusTestClient.IdOf(location));
        Assert.Equal((MediaStatus.Ready, MediaContainer.Png, "image/png"), (file.Status, file.Container, file.ContentType));
        Assert.False(file.CanBePosted);
        Assert.Contains(file.Checks, c => c is { Name: "Photo format", Outcome: CheckOutcome.Fail, Reason: "PNG: TikTok accepts JPEG or WebP photos" });
    }

    [Fact]
    public async Task A_20_Fps_Video_Is_Ready_But_Cannot_Be_Posted_And_The_Library_Says_Why()
    {
        var (tus, _) = await SignedInEditorAsync();

        var location = await tus.UploadAsync(MediaFixtures.Bytes("too-slow-20fps.mp4"), "slow.mp4", "video/mp4");

        var file = await FindAsync(TusTestClient.IdOf(location));
        Assert.Equal(MediaStatus.Ready, file.Status);
        Assert.False(file.CanBePosted);
        var page = System.Net.WebUtility.HtmlDecode(await tus.Http.GetStringAsync("/app/media"));
        Assert.Contains("Cannot be posted", page);
        Assert.Contains("20 fps: TikTok accepts 23-60 fps", page);
        Assert.Contains("data-testid=\"upload-zone\"", page);
    }

    [Fact]
    public async Task Another_Workspace_Cannot_See_Resume_Delete_Or_Download_An_Upload()
    {
        var (owner, _) = await SignedInEditorAsync();
        var (stranger, _) = await SignedInEditorAsync();
        var bytes = MediaFixtures.Bytes("photo-800x600.webp");
        var unfinished = await owner.StartAsync(bytes, "secret-draft.webp", "image/webp");
        await owner.PatchAsync(unfinished, 0, bytes.AsMemory(0, 100));
        var finished = await owner.UploadAsync(bytes, "secret.webp", "image/webp");
        var finishedId = TusTestClient.IdOf(finished);

        Assert.Equal(HttpStatusCode.NotFound, (await stranger.HeadAsync(unfinished)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.PatchAsync(unfinished, 100, bytes.AsMemory(100))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.DeleteAsync(unfinished)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.DeleteAsync(finished)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.Http.GetAsync($"/app/media/{finishedId}/content")).StatusCode);
        Assert.DoesNotContain("secret", await stranger.Http.GetStringAsync("/app/media"));

        Assert.Equal(100, TusTestClient.OffsetOf(await owner.HeadAsync(unfinished)));
        var content = await owner.Http.GetAsync($"/app/media/{finishedId}/content");
        Assert.Equal(HttpStatusCode.OK, content.StatusCode);
        Assert.Equal("image/webp", content.Content.Headers.ContentType!.MediaType);
        Assert.Equal(bytes, await content.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Without_The_Antiforgery_Header_Create_Patch_And_Delete_Are_Refused()
    {
        var (tus, workspace) = await SignedInEditorAsync();
        var bytes = MediaFixtures.Bytes("photo-1080x1350.jpg");
        var location = await tus.StartAsync(bytes, "photo.jpg", "image/jpeg");
        var forged = tus.WithoutAntiforgery();

        var create = await forged.CreateAsync(bytes.Length, "forged.jpg", "image/jpeg");
        var patch = await forged.PatchAsync(location, 0, bytes);
        var delete = await forged.DeleteAsync(location);

        Assert.Equal(HttpStatusCode.BadRequest, create.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, patch.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, delete.StatusCode);
        Assert.Equal(0, TusTestClient.OffsetOf(await tus.HeadAsync(location)));
        using var scope = app.Services.CreateScope();
        var names = await scope.ServiceProvider.GetRequiredService<StudioDbContext>().Set<MediaFile>().IgnoreQueryFilters()
            .Where(m => m.WorkspaceId == workspace.Id).Select(m => m.OriginalFileName).ToListAsync();
        Assert.Equal(["photo.jpg"], names);
    }

    [Fact]
    public async Task Requests_Without_Tus_Resumable_Are_Refused_With_412()
    {
        var (tus, _) = await SignedInEditorAsync();
        var request = new HttpRequestMessage(HttpMethod.Post, TusTestClient.Endpoint);
        request.Headers.Add("Upload-Length", "10");
        request.Headers.Add("RequestVerificationToken", tus.Token);

        var response = await tus.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.PreconditionFailed, response.StatusCode);
        Assert.Equal("1.0.0", response.Headers.GetValues("Tus-Version").Single());
    }

    [Fact]
    public async Task A_Viewer_Cannot_Upload()
    {
        var (_, workspace) = await app.CreateUserAsync();
        var (viewer, _) = await app.CreateUserAsync();
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<StudioDbContext>();
            db.Memberships.Add(new Membership { UserId = viewer.Id, WorkspaceId = workspace.Id, Role = WorkspaceRole.Viewer, CreatedAt = DateTimeOffset.UtcNow });
            (await db.Users.SingleAsync(u => u.Id == viewer.Id)).CurrentWorkspaceId = workspace.Id;
            await db.SaveChangesAsync();
        }
        var tus = await TusTestClient.SignInAsync(app, viewer.Email!);

        var response = await tus.CreateAsync(1000, "clip.mp4", "video/mp4");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("Only the Owner, Admins, Editors and Contributors of this workspace can upload media.", await response.Content.ReadAsStringAsync());
        Assert.DoesNotContain("data-testid=\"upload-zone\"", await tus.Http.GetStringAsync("/app/media"));
    }

    [Fact]
    public async Task Deleting_A_Finished_File_Removes_The_Row_And_Its_Bytes_And_Says_So()
    {
        var (user, _) = await app.CreateUserAsync();
        var tus = await TusTestClient.SignInAsync(app, user.Email!);
        var location = await tus.UploadAsync(MediaFixtures.Bytes("photo-1080x1350.jpg"), "to-delete.jpg", "image/jpeg");
        var id = TusTestClient.IdOf(location);
        var path = Path.Combine(app.DataDirectory, (await FindAsync(id)).StoragePath);

        var result = await app.Services.AsUserAsync(user.Id, scope => scope.GetRequiredService<MediaService>().DeleteAsync(id, CancellationToken.None));

        Assert.True(result.Deleted);
        Assert.Equal("\"to-delete.jpg\" was deleted.", result.Message);
        Assert.Null(await FindOrNullAsync(id));
        Assert.False(File.Exists(path));
    }

    [Fact]
    public async Task Uploading_Identical_Bytes_Again_Points_To_The_Existing_File_Instead_Of_Keeping_A_Second_Copy()
    {
        var (tus, workspace) = await SignedInEditorAsync();
        var bytes = MediaFixtures.Bytes("photo-1080x1350.jpg");
        var first = TusTestClient.IdOf(await tus.UploadAsync(bytes, "cover.jpg", "image/jpeg"));

        var location = await tus.StartAsync(bytes, "cover-again.jpg", "image/jpeg");
        var response = await tus.PatchAsync(location, 0, bytes);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(first.ToString(), response.Headers.GetValues("Media-Id").Single());
        Assert.Equal("1", response.Headers.GetValues("Media-Duplicate").Single());
        Assert.Null(await FindOrNullAsync(TusTestClient.IdOf(location)));
        using var scope = app.Services.CreateScope();
        var files = await scope.ServiceProvider.GetRequiredService<StudioDbContext>().Set<MediaFile>().IgnoreQueryFilters()
            .Where(m => m.WorkspaceId == workspace.Id).ToListAsync();
        Assert.Equal([first], files.Select(f => f.Id));
        // One copy of the bytes (beside it only the kept file's own frames).
        Assert.Single(Directory.GetFiles(Path.Combine(app.DataDirectory, "media", workspace.Id.ToString("N"))), f => !f.EndsWith(".jpg", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_New_Upload_Says_Which_Library_File_It_Became()
    {
        var (tus, _) = await SignedInEditorAsync();
        var bytes = MediaFixtures.Bytes("photo-800x600.webp");
        var location = await tus.StartAsync(bytes, "new.webp", "image/webp");

        var response = await tus.PatchAsync(location, 0, bytes);

        Assert.Equal(TusTestClient.IdOf(location).ToString(), response.Headers.GetValues("Media-Id").Single());
        Assert.False(response.Headers.Contains("Media-Duplicate"));
    }

    [Fact]
    public async Task Anonymous_Requests_Cannot_Reach_Uploads_Or_Content()
    {
        var client = app.CreateBrowserLikeClient();
        var request = new HttpRequestMessage(HttpMethod.Post, TusTestClient.Endpoint);
        request.Headers.Add("Tus-Resumable", "1.0.0");
        request.Headers.Add("Upload-Length", "10");

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Account/Login", response.Headers.Location!.PathAndQuery, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The server notices a dropped request a moment after the client gives up: poll until the value settles.</summary>
    private static async Task<T> EventuallyAsync<T>(Func<Task<T>> read, T expected)
    {
        var value = await read();
        for (var i = 0; i < 50 && !EqualityComparer<T>.Default.Equals(value, expected); i++)
        {
            await Task.Delay(100);
            value = await read();
        }
        return value;
    }

    private async Task AssertNothingStoredAsync(Guid workspaceId)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<StudioDbContext>();
        Assert.False(await db.Set<MediaFile>().IgnoreQueryFilters().AnyAsync(m => m.WorkspaceId == workspaceId));
        var folder = Path.Combine(app.DataDirectory, "media", workspaceId.ToString("N"));
        Assert.True(!Directory.Exists(folder) || Directory.GetFiles(folder).Length == 0);
    }

    private async Task<MediaFile> FindAsync(Guid id) => await FindOrNullAsync(id) ?? throw new Xunit.Sdk.XunitException($"No media file {id}.");

    private async Task<MediaFile?> FindOrNullAsync(Guid id)
    {
        using var scope = app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<StudioDbContext>().Set<MediaFile>().IgnoreQueryFilters().AsNoTracking()
            .SingleOrDefaultAsync(m => m.Id == id);
    }
}
