using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using TikTokStudio.EndToEndTests.Infrastructure;
using TikTokStudio.EndToEndTests.Pages;
using TikTokStudio.Web.Data;
using TikTokAccount = TikTokStudio.Web.Features.Connections.TikTokAccount;
using TikTokStudio.Web.Features.Media;
using TikTokStudio.Web.Features.Media.Probing;
using TikTokStudio.Web.Features.Posts;
using TikTokStudio.Web.Features.Posts.Publish;

namespace TikTokStudio.EndToEndTests.Features.Posts.Publish;

/// <summary>The app with small upload chunks, so the upload has parts to show progress between.</summary>
public sealed class PublishingLiveAppFixture() : LiveAppFixture(new()
{
    ["Publishing:ChunkSizeBytes"] = (5 * 1024 * 1024).ToString(),
    ["Publishing:ChunkRetryBaseDelay"] = "00:00:01",
});

[Trait("Category", "E2E")]
public sealed class PublishJourneyTests(PublishingLiveAppFixture app) : IClassFixture<PublishingLiveAppFixture>
{
    [Fact]
    public async Task A_Post_Scheduled_A_Minute_Ahead_Is_Watched_Going_Out_Live_Until_Its_Link_Appears()
    {
        var page = await Session.SignedInPageAsync(app, "Live Publish Co");
        var connections = new EndToEndTests.Pages.ConnectionsScreen(page);
        await connections.OpenAsync();
        await connections.ConnectAsync("public_creator");
        await Assertions.Expect(connections.Row("Pia Public")).ToBeVisibleAsync();
        var postId = await SchedulePostAsync(page, TimeSpan.FromMinutes(1));

        var post = new PostPage(page);
        await post.OpenAsync(postId);
        await Assertions.Expect(post.Status).ToContainTextAsync("Scheduled");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Launch day #studio", Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(post.Caption).ToHaveTextAsync("Launch day #studio");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Cancel schedule" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Edit" })).ToHaveAttributeAsync("href", $"/app/compose?edit={postId}");
        await Accessibility.AssertNoSeriousViolationsAsync(page);
        await page.ScreenshotAsync(new() { Path = LiveAppFixture.ScreenshotPath("post-scheduled"), FullPage = true });
        await page.EvaluateAsync("() => { window.__notReloaded = true; }");
        // Two refused chunk PUTs keep the upload on screen for a few seconds (the client retries them with backoff).
        using (var http = new HttpClient { BaseAddress = new Uri(app.BaseUrl) })
        {
            (await http.PostAsJsonAsync("/emulators/tiktok/_emulator/faults", new { fail_next_chunk_puts = 2 })).EnsureSuccessStatusCode();
        }

        await Assertions.Expect(post.Status).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^Uploading \d+%$"), new() { Timeout = 90_000 });
        await Assertions.Expect(post.UploadBar).ToBeVisibleAsync();
        await Assertions.Expect(post.UploadText).ToContainTextAsync("% uploaded");
        await Assertions.Expect(post.Events.Filter(new() { HasText = "Upload complete" })).ToHaveCountAsync(1, new() { Timeout = 60_000 });
        await Assertions.Expect(post.Status).ToHaveTextAsync("Published", new() { Timeout = 60_000 });
        await Assertions.Expect(post.PublicLink).ToHaveAttributeAsync("href", new System.Text.RegularExpressions.Regex(@"^https://www\.tiktok\.com/@public_creator/video/\d+$"), new() { Timeout = 60_000 });

        Assert.True(await page.EvaluateAsync<bool>("() => window.__notReloaded === true"), "the page updated itself without a reload");
        await Assertions.Expect(post.Events.Filter(new() { HasText = "Processing" }).Or(post.Events.Filter(new() { HasText = "processing" }))).Not.ToHaveCountAsync(0);
        await Accessibility.AssertNoSeriousViolationsAsync(page);
        await page.ScreenshotAsync(new() { Path = LiveAppFixture.ScreenshotPath("post-published-live"), FullPage = true });

        await page.SetViewportSizeAsync(390, 844);
        await post.OpenAsync(postId);
        await Assertions.Expect(post.PublicLink).ToBeVisibleAsync();
        await Accessibility.AssertNoHorizontalScrollAsync(page);
        await page.ScreenshotAsync(new() { Path = LiveAppFixture.ScreenshotPath("post-published-phone"), FullPage = true });

        await page.SetViewportSizeAsync(1280, 720);
        await AddNotificationAsync(postId, "Pre-flight problem for the next post: the video is longer than the creator's maximum. Trim the video or schedule it for another account.");
        await page.GotoAsync("/app/notifications");
        await Assertions.Expect(page.Locator("main[data-circuit=ready]")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Notifications", Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("notifications").Locator($"a[href='/app/posts/{postId}']").First).ToBeVisibleAsync();
        await Accessibility.AssertNoSeriousViolationsAsync(page);
        await page.ScreenshotAsync(new() { Path = LiveAppFixture.ScreenshotPath("notifications"), FullPage = true });
        await page.SetViewportSizeAsync(390, 844);
        await Accessibility.AssertNoHorizontalScrollAsync(page);
        await page.ScreenshotAsync(new() { Path = LiveAppFixture.ScreenshotPath("notifications-phone"), FullPage = true });
    }

    private async Task AddNotificationAsync(Guid postId, string message)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<StudioDbContext>();
        var post = await db.Set<Post>().IgnoreQueryFilters().SingleAsync(p => p.Id == postId);
        db.Add(new PostEvent { WorkspaceId = post.WorkspaceId, PostId = postId, At = DateTimeOffset.UtcNow, Kind = PostEventKinds.PreflightProblem, Message = message });
        await db.SaveChangesAsync();
    }

    /// <summary>Until the composer lands: the row and the trigger as the composer will make them.</summary>
    private async Task<Guid> SchedulePostAsync(IPage page, TimeSpan ahead)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<StudioDbContext>();
        var account = await db.Set<TikTokAccount>().IgnoreQueryFilters().Where(a => a.Username == "public_creator")
            .OrderByDescending(a => a.ConnectedAt).FirstAsync();
        var userId = account.ConnectedByUserId!;
        var storage = scope.ServiceProvider.GetRequiredService<MediaStorage>();
        var bytes = new byte[40_000_000];
        Random.Shared.NextBytes(bytes);
        var file = new MediaFile
        {
            WorkspaceId = account.WorkspaceId, OriginalFileName = "launch.mp4", ContentType = "video/mp4", Kind = MediaKind.Video,
            SizeBytes = bytes.Length, StoragePath = "", Status = MediaStatus.Ready, Container = MediaContainer.Mp4, Codec = "h264",
            DurationMs = 15_000, Width = 720, Height = 1280, FrameRate = 30, CreatedAt = DateTimeOffset.UtcNow, UploadedByUserId = userId,
        };
        file.StoragePath = MediaStorage.RelativePathFor(account.WorkspaceId, file.Id);
        Directory.CreateDirectory(Path.GetDirectoryName(storage.FullPath(file))!);
        await File.WriteAllBytesAsync(storage.FullPath(file), bytes);
        db.Add(file);
        var now = DateTimeOffset.UtcNow;
        var post = new Post
        {
            WorkspaceId = account.WorkspaceId, CompositionId = Guid.NewGuid(), AccountId = account.Id, Kind = PostKind.Video,
            VideoMediaId = file.Id, Title = "Launch day #studio", PrivacyLevel = "PUBLIC_TO_EVERYONE", AllowComment = true,
            Status = PostStatus.Scheduled, PublishAt = now + ahead, CreatedAt = now, UpdatedAt = now, CreatedByUserId = userId,
        };
        db.Add(post);
        await db.SaveChangesAsync();
        await scope.ServiceProvider.GetRequiredService<PostScheduler>().ScheduleAsync(post, CancellationToken.None);
        return post.Id;
    }
}

/// <summary>/app/posts/{id}: what is sent and the publishing timeline, live over the circuit.</summary>
public sealed class PostPage(IPage page)
{
    public async Task OpenAsync(Guid id)
    {
        await page.GotoAsync($"/app/posts/{id}");
        await Assertions.Expect(page.Locator("main[data-circuit=ready]")).ToBeVisibleAsync();
    }

    public ILocator Caption => page.GetByTestId("post-caption");
    public ILocator UploadBar => page.GetByRole(AriaRole.Progressbar, new() { Name = "Upload to TikTok" });
    public ILocator UploadText => page.GetByTestId("upload-progress");

    public ILocator Status => page.GetByTestId("post-status");
    public ILocator Events => page.GetByTestId("post-events").Locator("li");
    public ILocator PublicLink => page.GetByTestId("public-link");
}
