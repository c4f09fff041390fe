using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using TikTokStudio.EndToEndTests.Infrastructure;
using TikTokStudio.EndToEndTests.Pages;
using TikTokStudio.Web.Data;
using TikTokStudio.Web.Features.Workspaces;

namespace TikTokStudio.EndToEndTests.Features.Media;

[Collection(LiveAppCollection.Name)]
[Trait("Category", "E2E")]
public sealed class MediaUploadJourneyTests(LiveAppFixture app)
{
    private const string Password = "Sup3r-secret!";

    [Fact]
    public async Task A_Valid_Video_Uploads_Through_The_Upload_Area_And_Passes_Every_Check()
    {
        var page = await SignedInPageAsync("Upload Brand");
        var media = new MediaLibraryPage(page);
        await media.OpenAsync();

        await media.UploadAsync(MediaLibraryPage.Fixture("valid-720x1280-30fps.mp4"));

        await Assertions.Expect(media.UploadStatus).ToHaveTextAsync("1 file uploaded. All uploads finished.");
        await Assertions.Expect(media.Upload("valid-720x1280-30fps.mp4")).ToContainTextAsync("Ready to post.");
        var card = media.Card("valid-720x1280-30fps.mp4");
        await Assertions.Expect(card).ToContainTextAsync("Ready to post");
        foreach (var (check, reason) in new[] { ("Container", "MP4"), ("Codec", "H.264"), ("Frame rate", "30 fps"), ("Resolution", "720 × 1280 px"), ("Duration", "0:03 long") })
        {
            await Assertions.Expect(media.Check("valid-720x1280-30fps.mp4", check)).ToContainTextAsync("Passed");
            await Assertions.Expect(media.Check("valid-720x1280-30fps.mp4", check)).ToContainTextAsync(reason);
        }
        await Accessibility.AssertNoSeriousViolationsAsync(page);
        await page.ScreenshotAsync(new() { Path = LiveAppFixture.ScreenshotPath("media-upload-valid"), FullPage = true });
        await page.SetViewportSizeAsync(390, 844);
        await Accessibility.AssertNoHorizontalScrollAsync(page);
        await page.ScreenshotAsync(new() { Path = LiveAppFixture.ScreenshotPath("media-upload-valid-phone"), FullPage = true });
    }

    [Fact]
    public async Task A_20_Fps_Video_Shows_The_Failing_Frame_Rate_Check_With_Its_Reason()
    {
        var page = await SignedInPageAsync("Slow Brand");
        var media = new MediaLibraryPage(page);
        await media.OpenAsync();

        await media.UploadAsync(MediaLibraryPage.Fixture("too-slow-20fps.mp4"));

        var frameRate = media.Check("too-slow-20fps.mp4", "Frame rate");
        await Assertions.Expect(frameRate).ToContainTextAsync("Failed");
        await Assertions.Expect(frameRate).ToContainTextAsync("20 fps: TikTok accepts 23-60 fps");
        await Assertions.Expect(media.Card("too-slow-20fps.mp4")).ToContainTextAsync("Cannot be posted");
        await page.ScreenshotAsync(new() { Path = LiveAppFixture.ScreenshotPath("media-upload-20fps"), FullPage = true });
    }

    [Fact]
    public async Task An_Upload_Cut_Off_By_A_Reload_Resumes_From_Its_Offset_When_The_Same_File_Is_Added_Again()
    {
        var page = await SignedInPageAsync("Resume Brand");
        var media = new MediaLibraryPage(page);
        var file = PaddedVideo(extraBytes: 17 * 1024 * 1024); // more than one 16 MiB tus chunk
        var cut = new TaskCompletionSource();
        await page.RouteAsync("**/app/media/uploads/*", async route =>
        {
            if (route.Request.Method == "PATCH" && route.Request.Headers.GetValueOrDefault("upload-offset") != "0")
            {
                cut.TrySetResult();
                await route.AbortAsync("connectionreset");
                return;
            }
            await route.ContinueAsync();
        });
        await media.OpenAsync();
        await media.UploadAsync(file);
        await cut.Task.WaitAsync(TimeSpan.FromSeconds(120)); // a 16 MiB part through Playwright's interception is slow on a busy machine

        await page.ReloadAsync();
        await page.Locator("main[data-circuit=ready]").WaitForAsync();
        await page.UnrouteAllAsync(new() { Behavior = UnrouteBehavior.IgnoreErrors });
        var sent = new List<string>();
        page.Request += (_, request) =>
        {
            if (request.Url.Contains("/app/media/uploads")) sent.Add($"{request.Method} {request.Headers.GetValueOrDefault("upload-offset")}");
        };
        await media.UploadAsync(file);

        var name = Path.GetFileName(file);
        await Assertions.Expect(media.Card(name)).ToContainTextAsync("Ready to post");
        await Assertions.Expect(media.Card(name)).ToHaveCountAsync(1);
        Assert.DoesNotContain(sent, s => s.StartsWith("POST", StringComparison.Ordinal));
        Assert.Contains($"PATCH {16 * 1024 * 1024}", sent);
        Assert.DoesNotContain("PATCH 0", sent);
        Directory.Delete(Path.GetDirectoryName(file)!, recursive: true);
    }

    [Fact]
    public async Task An_Empty_File_Is_Refused_With_The_Reason_In_Text_And_Deleting_Asks_First()
    {
        var page = await SignedInPageAsync("Empty Brand");
        var media = new MediaLibraryPage(page);
        await media.OpenAsync();
        var folder = Path.Combine(Path.GetTempPath(), "tiktok-studio-e2e-media", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var empty = Path.Combine(folder, "empty.mp4");
        await File.WriteAllBytesAsync(empty, []);

        await media.UploadAsync(empty, MediaLibraryPage.Fixture("photo-1080x1350.jpg"));

        await Assertions.Expect(media.Upload("empty.mp4")).ToContainTextAsync("\"empty.mp4\" is empty.");
        await Assertions.Expect(media.UploadStatus).ToHaveTextAsync("1 file uploaded, 1 file not uploaded. All uploads finished.");
        await Assertions.Expect(media.Card("photo-1080x1350.jpg")).ToContainTextAsync("Ready to post");

        await media.Card("photo-1080x1350.jpg").GetByRole(AriaRole.Button, new() { Name = "Delete photo-1080x1350.jpg" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await Assertions.Expect(dialog).ToContainTextAsync("This cannot be undone.");
        await Accessibility.AssertNoSeriousViolationsAsync(page);
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Delete", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("media-outcome")).ToContainTextAsync("\"photo-1080x1350.jpg\" was deleted.");
        await Assertions.Expect(media.Card("photo-1080x1350.jpg")).ToHaveCountAsync(0);
        Directory.Delete(folder, recursive: true);
    }

    /// <summary>The valid MP4 followed by a "free" box of zeros: still a valid MP4, just bigger.</summary>
    private static string PaddedVideo(int extraBytes)
    {
        var folder = Path.Combine(Path.GetTempPath(), "tiktok-studio-e2e-media", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, "long-take.mp4");
        using var output = File.Create(path);
        output.Write(File.ReadAllBytes(MediaLibraryPage.Fixture("valid-720x1280-30fps.mp4")));
        var header = new byte[8];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(header, (uint)(extraBytes + 8));
        "free"u8.CopyTo(header.AsSpan(4));
        output.Write(header);
        output.Write(new byte[extraBytes]);
        return path;
    }

    private async Task<IPage> SignedInPageAsync(string workspaceName)
    {
        using var scope = app.Services.CreateScope();
        var email = $"media-{Guid.NewGuid():N}@example.com";
        var user = new ApplicationUser { UserName = email, Email = email, EmailConfirmed = true };
        Assert.True((await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().CreateAsync(user, Password)).Succeeded);
        await scope.ServiceProvider.GetRequiredService<WorkspaceService>().CreateAsync(user, workspaceName, "UTC");

        var page = await app.NewPageAsync();
        await page.GotoAsync("/Account/Login");
        await new SignInPage(page).SignInAsync(email, Password);
        await page.WaitForURLAsync(new Regex("/app"));
        return page;
    }
}
