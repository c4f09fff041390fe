using Bunit;
using TikTokStudio.Tests.Features.Posts.Compose;
using TikTokStudio.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using TikTokStudio.Web.Features.Media;
using TikTokStudio.Web.Features.Workspaces;

namespace TikTokStudio.Tests.Features.Media;

/// <summary>The upload area: what it shows as the browser module reports each file (the bytes themselves go to tus).</summary>
public sealed class MediaUploaderTests : StudioComponentTest
{
    [Fact]
    public async Task Progress_Is_Shown_Per_File_And_The_Status_Never_Lags_Behind()
    {
        var video = ComposerBuilder.Video();
        var photo = ComposerBuilder.Photo();
        var files = new Dictionary<Guid, MediaFile> { [video.Id] = video, [photo.Id] = photo };
        var uploaded = new List<MediaFile>();
        var cut = Render<MediaUploader>(p => p
            .Add(x => x.FindFile, id => Task.FromResult(files.GetValueOrDefault(id)))
            .Add(x => x.OnUploaded, f => uploaded.Add(f)));

        await cut.Instance.Added("a", "clip.mp4", 3_401_188);
        await cut.Instance.Added("b", "photo.jpg", 400_000);
        await cut.Instance.Progress("a", 1_048_576, 3_401_188);

        Assert.Equal("Uploading 2 files.", cut.Find("[data-testid=upload-status]").TextContent.Trim());
        Assert.Contains("1.0 MiB of 3.2 MiB (31%)", cut.Markup);

        await cut.Instance.Progress("a", 3_401_188, 3_401_188);
        Assert.Contains("Checking the file…", cut.Markup);
        await cut.Instance.Finished("a", video.Id.ToString(), false);
        await cut.Instance.Finished("b", photo.Id.ToString(), false);

        cut.WaitForAssertion(() => Assert.Equal("2 files uploaded. All uploads finished.", cut.Find("[data-testid=upload-status]").TextContent.Trim()));
        Assert.Equal([video, photo], uploaded);
        Assert.Equal(2, cut.FindAll("[data-testid=upload][data-state=Done]").Count);
        Assert.Contains(cut.FindAll("[data-check]"), c => c.TextContent.Contains("Passed") && c.TextContent.Contains("Frame rate"));
    }

    [Fact]
    public async Task A_Refused_File_Says_Why_In_Text()
    {
        var cut = Render<MediaUploader>();

        await cut.Instance.Added("z", "empty.mp4", 0);
        await cut.Instance.Failed("z", "\"empty.mp4\" is empty.", false);

        Assert.Equal("\"empty.mp4\" is empty.", cut.Find("[data-testid=upload-message]").TextContent.Trim());
        Assert.Equal("1 file not uploaded. All uploads finished.", cut.Find("[data-testid=upload-status]").TextContent.Trim());
    }

    [Theory]
    [InlineData(WorkspaceRole.Owner, true)]
    [InlineData(WorkspaceRole.Editor, false)]
    public async Task A_File_Over_The_Plans_Storage_Says_Why_With_The_Upgrade_For_The_Owner_Only(WorkspaceRole role, bool seesUpgrade)
    {
        var workspace = new WorkspaceContext();
        workspace.Resolve("user-1", new Workspace { Name = "Tiny Co", TimeZoneId = "UTC" }, role, []);
        Services.AddSingleton(workspace);
        var cut = Render<MediaUploader>();
        const string reason = "Starter allows 10.0 GiB of media; you use 9.9 GiB and this file is 300 MiB. Upgrade for more room, or delete files you no longer need.";

        await cut.Instance.Added("p", "long-take.mp4", 314_572_800);
        await cut.Instance.Failed("p", reason, true);

        var alert = cut.Find("[data-testid=upload] [data-testid=plan-limit]");
        Assert.Equal("alert", alert.GetAttribute("role"));
        Assert.Contains(reason, alert.TextContent);
        Assert.Empty(cut.FindAll("[data-testid=upload-message]"));
        Assert.Equal(seesUpgrade, cut.FindAll("[data-testid=plan-limit] a[href='/app/billing']").Count == 1);
        if (!seesUpgrade) Assert.Contains("ask them to upgrade", alert.TextContent);
    }

    [Fact]
    public async Task Identical_Bytes_Are_Pointed_To_The_File_Already_In_The_Library()
    {
        var existing = ComposerBuilder.Video();
        var cut = Render<MediaUploader>(p => p.Add(x => x.FindFile, id => Task.FromResult<MediaFile?>(id == existing.Id ? existing : null)));

        await cut.Instance.Added("c", "clip-copy.mp4", 2_000_000);
        await cut.Instance.Finished("c", existing.Id.ToString(), true);

        Assert.StartsWith("Identical to \"clip.mp4\", already in the library: that file is used, no second copy is kept.", cut.Find("[data-testid=upload-message]").TextContent.Trim());
    }

    [Fact]
    public void The_Limits_Are_Stated_Once_In_Binary_Units()
    {
        var cut = Render<MediaUploader>();

        Assert.Contains("up to 4.00 GiB", cut.Markup);
        Assert.Contains("up to 20.0 MiB", cut.Markup);
        Assert.Contains("1 MiB = 1,048,576 bytes", cut.Markup);
        Assert.Equal("Choose files to upload", cut.Find("input[type=file]").GetAttribute("aria-label"));
    }
}
