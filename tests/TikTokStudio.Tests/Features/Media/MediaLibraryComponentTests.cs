using Microsoft.Extensions.DependencyInjection;
using TikTokStudio.Tests.Infrastructure;
using TikTokStudio.Web.Features.Media;
using TikTokStudio.Web.Features.Media.Checks;
using TikTokStudio.Web.Features.Media.Probing;
using TikTokStudio.Web.Features.Workspaces;

namespace TikTokStudio.Tests.Features.Media;

public sealed class MediaLibraryComponentTests
{
    private static MediaFile Ready(string name, MediaProbe probe)
    {
        var file = new MediaFile
        {
            OriginalFileName = name, ContentType = probe.ContentType, StoragePath = "media/x/y", UploadedByUserId = "u",
            Status = MediaStatus.Ready, Kind = probe.Kind, Container = probe.Container, Codec = probe.Codec, SizeBytes = probe.SizeBytes,
            DurationMs = probe.DurationMs, Width = probe.Width, Height = probe.Height, FrameRate = probe.FrameRate,
        };
        file.SetChecks(MediaChecks.Evaluate(probe, null));
        return file;
    }

    private static Task<AngleSharp.Html.Dom.IHtmlDocument> RenderAsync(WorkspaceRole role, params MediaFile[] files) =>
        ComponentRenderer.RenderAsync<MediaLibrary>(services =>
        {
            var context = new WorkspaceContext();
            context.Resolve("user", new Workspace { Name = "W", TimeZoneId = "UTC" }, role, []);
            services.AddSingleton(context);
        }, new() { ["Files"] = files, ["UsedBytes"] = 1024L, ["QuotaBytes"] = 20L * 1024 * 1024 * 1024 });

    [Fact]
    public async Task Cards_Name_Each_Check_Outcome_In_Words_And_Photos_Have_Alt_Text()
    {
        var video = Ready("slow.mp4", new MediaProbe { Kind = MediaKind.Video, Container = MediaContainer.Mp4, Codec = "H.264", FrameRate = 20, Width = 720, Height = 1280, DurationMs = 15_000, SizeBytes = 1000 });
        var photo = Ready("cover.jpg", new MediaProbe { Kind = MediaKind.Photo, Container = MediaContainer.Jpeg, Width = 1080, Height = 1350, SizeBytes = 1000 });

        var doc = await RenderAsync(WorkspaceRole.Editor, video, photo);

        var library = doc.QuerySelector("#media-library")!;
        Assert.Equal("media:*", library.GetAttribute("data-live-topic"));
        Assert.Equal("live-refresh, media-changed from:body, every 60s", library.GetAttribute("hx-trigger"));
        var frameRate = doc.QuerySelector($"article[data-media-id='{video.Id}'] li[data-check='Frame rate']")!;
        Assert.Equal("Failed Frame rate: 20 fps: TikTok accepts 23-60 fps", Normalize(frameRate.TextContent));
        Assert.Contains("Cannot be posted", doc.QuerySelector($"article[data-media-id='{video.Id}']")!.TextContent);
        Assert.Equal("Video: slow.mp4, 0:15 · 720 × 1280", doc.QuerySelector($"article[data-media-id='{video.Id}'] [role=img]")!.GetAttribute("aria-label"));
        var image = doc.QuerySelector($"article[data-media-id='{photo.Id}'] img")!;
        Assert.Equal("Photo: cover.jpg", image.GetAttribute("alt"));
        Assert.Equal($"/app/media/{photo.Id}/content", image.GetAttribute("src"));
        Assert.Contains("Ready to post", doc.QuerySelector($"article[data-media-id='{photo.Id}']")!.TextContent);
        Assert.Equal(2, doc.QuerySelectorAll("button[hx-post$='/delete']").Length);
        Assert.Equal("Delete slow.mp4", doc.QuerySelector($"button[hx-post='/app/media/{video.Id}/delete']")!.GetAttribute("aria-label"));
    }

    [Fact]
    public async Task Viewers_See_No_Delete_Buttons_And_An_Empty_Library_Says_What_To_Do()
    {
        var empty = await RenderAsync(WorkspaceRole.Viewer);
        var photo = Ready("cover.jpg", new MediaProbe { Kind = MediaKind.Photo, Container = MediaContainer.Jpeg, Width = 1080, Height = 1350, SizeBytes = 1000 });
        var viewer = await RenderAsync(WorkspaceRole.Viewer, photo);

        Assert.Contains("No media yet", empty.Body!.TextContent);
        Assert.Empty(viewer.QuerySelectorAll("button"));
    }

    private static string Normalize(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
