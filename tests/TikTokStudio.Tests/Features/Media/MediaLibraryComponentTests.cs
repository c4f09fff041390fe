using Bunit;
using TikTokStudio.Tests.Infrastructure;
using TikTokStudio.Web.Features.Media;
using TikTokStudio.Web.Features.Media.Checks;
using TikTokStudio.Web.Features.Media.Probing;

namespace TikTokStudio.Tests.Features.Media;

public sealed class MediaLibraryComponentTests : StudioComponentTest
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

    private IRenderedComponent<MediaLibrary> RenderLibrary(bool canDelete, Action<MediaFile>? onDelete = null, params MediaFile[] files) =>
        Render<MediaLibrary>(p => p
            .Add(x => x.Files, files)
            .Add(x => x.UsedBytes, 3_401_188L)
            .Add(x => x.QuotaBytes, 20L * 1024 * 1024 * 1024)
            .Add(x => x.CanDelete, canDelete)
            .Add(x => x.OnDelete, f => onDelete?.Invoke(f)));

    [Fact]
    public void Cards_Name_Each_Check_Outcome_In_Words_And_Photos_Have_Alt_Text()
    {
        var video = Ready("slow.mp4", new MediaProbe { Kind = MediaKind.Video, Container = MediaContainer.Mp4, Codec = "H.264", FrameRate = 20, Width = 720, Height = 1280, DurationMs = 15_000, SizeBytes = 1000 });
        var photo = Ready("cover.jpg", new MediaProbe { Kind = MediaKind.Photo, Container = MediaContainer.Jpeg, Width = 1080, Height = 1350, SizeBytes = 1000 });

        var library = RenderLibrary(true, null, video, photo);

        var frameRate = library.Find($"[data-media-id='{video.Id}'] li[data-check='Frame rate']");
        Assert.Equal("Failed Frame rate: 20 fps: TikTok accepts 23-60 fps", Normalize(frameRate.TextContent));
        Assert.Contains("Cannot be posted", library.Find($"[data-media-id='{video.Id}']").TextContent);
        Assert.Equal("Video: slow.mp4, 0:15 · 720 × 1280", library.Find($"[data-media-id='{video.Id}'] [role=img]").GetAttribute("aria-label"));
        var image = library.Find($"[data-media-id='{photo.Id}'] img");
        Assert.Equal("Photo: cover.jpg", image.GetAttribute("alt"));
        Assert.Equal($"/app/media/{photo.Id}/content", image.GetAttribute("src"));
        Assert.Contains("Ready to post", library.Find($"[data-media-id='{photo.Id}']").TextContent);
        Assert.Equal(2, library.FindAll("button[aria-label^='Delete ']").Count);
        Assert.NotNull(library.Find($"[data-media-id='{video.Id}'] button[aria-label='Delete slow.mp4']"));
    }

    [Fact]
    public void Sizes_Use_The_One_Binary_Formatter()
    {
        var library = RenderLibrary(false);

        Assert.Equal("3.2 MiB of 20.00 GiB used", library.Find("[data-testid=media-quota]").TextContent.Trim());
    }

    [Fact]
    public void Delete_Hands_The_File_To_The_Page()
    {
        var photo = Ready("cover.jpg", new MediaProbe { Kind = MediaKind.Photo, Container = MediaContainer.Jpeg, Width = 1080, Height = 1350, SizeBytes = 1000 });
        MediaFile? asked = null;
        var library = RenderLibrary(true, f => asked = f, photo);

        library.Find("button[aria-label='Delete cover.jpg']").Click();

        Assert.Same(photo, asked);
    }

    [Fact]
    public void Viewers_See_No_Delete_Buttons_And_An_Empty_Library_Says_What_To_Do()
    {
        var empty = RenderLibrary(false);
        var photo = Ready("cover.jpg", new MediaProbe { Kind = MediaKind.Photo, Container = MediaContainer.Jpeg, Width = 1080, Height = 1350, SizeBytes = 1000 });
        var viewer = RenderLibrary(false, null, photo);

        Assert.Contains("No media yet", empty.Markup);
        Assert.Empty(viewer.FindAll("button"));
    }

    [Fact]
    public void A_Rejected_Upload_Shows_Its_Reason_As_Text()
    {
        var rejected = new MediaFile
        {
            OriginalFileName = "empty.mp4", ContentType = "video/mp4", StoragePath = "media/x/z", UploadedByUserId = "u",
            Status = MediaStatus.Rejected, Kind = MediaKind.Video, RejectionReason = "This file is not a video or image TikTok accepts.",
        };

        var library = RenderLibrary(false, null, rejected);

        var status = library.Find($"[data-media-id='{rejected.Id}'] [data-testid=media-status]");
        Assert.Contains("Rejected", status.TextContent);
        Assert.Contains("This file is not a video or image TikTok accepts.", status.TextContent);
    }

    private static string Normalize(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
