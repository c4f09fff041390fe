using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TikTokStudio.Tests.Infrastructure;
using TikTokStudio.Web.Data;
using TikTokStudio.Web.Features.Media;
using TikTokStudio.Web.Features.Media.Checks;
using TikTokStudio.Web.Features.Media.Conversions;
using TikTokStudio.Web.Features.Team;
using TikTokStudio.Web.Features.Workspaces;

namespace TikTokStudio.Tests.Features.Media.Conversions;

/// <summary>
/// Frames and TikTok-ready copies end to end on the app: tus upload, ffmpeg, the Quartz job, the library rows and files.
/// Fixtures are made by ffmpeg in the run (FfmpegFixtures); build.sh installs ffmpeg.
/// </summary>
public sealed class MediaConversionTests(StudioAppFactoryFixture fixture) : IClassFixture<StudioAppFactoryFixture>
{
    private readonly StudioAppFactory app = fixture.App;

    private sealed record Member(string UserId, Workspace Workspace, TusTestClient Tus);

    private async Task<Member> MemberAsync()
    {
        Assert.True(FfmpegFixtures.Available, "These tests need Debian's ffmpeg (build.sh installs it).");
        var (user, workspace) = await app.CreateUserAsync();
        return new(user.Id, workspace, await TusTestClient.SignInAsync(app, user.Email!));
    }

    private async Task<MediaFile> UploadAsync(Member member, byte[] bytes, string name, string type)
    {
        var location = await member.Tus.UploadAsync(bytes, name, type);
        return await FileAsync(TusTestClient.IdOf(location));
    }

    private async Task<MediaFile> FileAsync(Guid id)
    {
        using var scope = app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<StudioDbContext>().Set<MediaFile>().IgnoreQueryFilters().AsNoTracking().SingleAsync(m => m.Id == id);
    }

    private Task<ConversionOutcome> StartAsync(Member member, Guid mediaId, ConversionChoices choices) =>
        app.Services.AsUserAsync(member.UserId, sp => sp.GetRequiredService<ConversionService>().StartAsync(mediaId, choices, CancellationToken.None));

    private async Task<MediaConversion> ConversionAsync(Guid id)
    {
        using var scope = app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<StudioDbContext>().Set<MediaConversion>().IgnoreQueryFilters().AsNoTracking().SingleAsync(c => c.Id == id);
    }

    private async Task<MediaConversion> WaitUntilAsync(Guid id, Func<MediaConversion, bool> done, int seconds = 60)
    {
        var until = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var conversion = await ConversionAsync(id);
            if (done(conversion)) return conversion;
            Assert.True(DateTime.UtcNow < until, $"Conversion still {conversion.Status} at {conversion.Percent}%");
            await Task.Delay(100);
        }
    }

    private async Task<MediaFile> CopyWithFramesAsync(Guid id)
    {
        var until = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var file = await FileAsync(id);
            if (file.HasThumbnail && file.HasStrip) return file;
            Assert.True(DateTime.UtcNow < until, "The copy has no frames 30 s after it was ready.");
            await Task.Delay(100);
        }
    }

    private string TempFolder => Path.Combine(app.Services.GetRequiredService<MediaStorage>().MediaDirectory, "converting");

    private bool TempFolderEmpty => !Directory.Exists(TempFolder) || !Directory.EnumerateFiles(TempFolder).Any();

    [Fact]
    public async Task Ready_Videos_And_Photos_Get_Frames_Served_Only_To_Their_Workspace_Counted_And_Deleted_With_Them()
    {
        var member = await MemberAsync();
        var video = await UploadAsync(member, FfmpegFixtures.Bytes("fps20.mp4"), "clip.mp4", "video/mp4");
        var photo = await UploadAsync(member, MediaFixtures.Bytes("photo-800x600.webp"), "photo.webp", "image/webp");
        var storage = app.Services.GetRequiredService<MediaStorage>();

        Assert.True(video.HasThumbnail);
        Assert.True(video.HasStrip);
        Assert.True(photo.HasThumbnail);
        Assert.False(photo.HasStrip);
        Assert.Equal(new FileInfo(storage.ThumbnailPath(video)).Length + new FileInfo(storage.StripPath(video)).Length, video.ThumbnailBytes);

        var poster = await member.Tus.Http.GetAsync($"/app/media/{video.Id}/thumbnail");
        Assert.Equal(HttpStatusCode.OK, poster.StatusCode);
        Assert.Equal("image/jpeg", poster.Content.Headers.ContentType!.MediaType);
        var jpeg = await poster.Content.ReadAsByteArrayAsync();
        Assert.Equal([0xFF, 0xD8], jpeg[..2]);
        Assert.Equal(HttpStatusCode.OK, (await member.Tus.Http.GetAsync($"/app/media/{video.Id}/strip")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await member.Tus.Http.GetAsync($"/app/media/{photo.Id}/thumbnail")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await member.Tus.Http.GetAsync($"/app/media/{photo.Id}/strip")).StatusCode);

        var stranger = await MemberAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.Tus.Http.GetAsync($"/app/media/{video.Id}/thumbnail")).StatusCode);

        var used = await app.Services.AsUserAsync(member.UserId, sp => sp.GetRequiredService<MediaService>().UsedBytesAsync(CancellationToken.None));
        Assert.Equal(video.SizeBytes + video.ThumbnailBytes + photo.SizeBytes + photo.ThumbnailBytes, used);

        var library = WebUtility.HtmlDecode(await member.Tus.Http.GetStringAsync("/app/media"));
        Assert.Contains($"src=\"/app/media/{video.Id}/thumbnail\"", library);

        var deleted = await app.Services.AsUserAsync(member.UserId, sp => sp.GetRequiredService<MediaService>().DeleteAsync(video.Id, CancellationToken.None));
        Assert.True(deleted.Deleted);
        Assert.False(File.Exists(storage.ThumbnailPath(video)));
        Assert.False(File.Exists(storage.StripPath(video)));
    }

    public static TheoryData<string, string, ConversionFit, int?, string> Refused => new()
    {
        { "fps20.mp4", "video/mp4", ConversionFit.Keep, null, MediaChecks.FrameRateName },
        { "hevc.mov", "video/quicktime", ConversionFit.Keep, null, MediaChecks.CodecName },
        { "landscape.mp4", "video/mp4", ConversionFit.Crop, null, MediaChecks.ResolutionName },
        { "landscape.mp4", "video/mp4", ConversionFit.Pad, null, MediaChecks.ResolutionName },
        { "long.mp4", "video/mp4", ConversionFit.Keep, 3, MediaChecks.DurationName },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task Each_Fixture_Is_Converted_Through_The_Job_Into_A_Linked_Copy_That_Passes_Every_Check(
        string fixtureName, string type, ConversionFit fit, int? creatorMaxSec, string changedCheck)
    {
        var member = await MemberAsync();
        var source = await UploadAsync(member, FfmpegFixtures.Bytes(fixtureName), fixtureName, type);

        var started = await StartAsync(member, source.Id, new ConversionChoices(fit, TrimStartMs: 1000, creatorMaxSec));
        Assert.True(started.Done, started.Message);
        var conversion = await WaitUntilAsync(started.ConversionId!.Value, c => !c.IsActive);

        Assert.Equal(ConversionStatus.Succeeded, conversion.Status);
        Assert.Equal(100, conversion.Percent);
        var copy = await FileAsync(conversion.ResultMediaId!.Value);
        Assert.Equal(source.Id, copy.ConvertedFromId);
        Assert.Equal(member.Workspace.Id, copy.WorkspaceId);
        Assert.Equal(("H.264", "video/mp4"), (copy.Codec, copy.ContentType));
        // Its frames follow the Succeeded row (the copy is usable first).
        Assert.True((await CopyWithFramesAsync(copy.Id)).HasThumbnail);
        Assert.DoesNotContain(MediaChecks.Evaluate(copy.ToProbe()!, creatorMaxSec), c => c.Outcome == CheckOutcome.Fail);
        Assert.True(copy.CanBePosted);
        Assert.True(TempFolderEmpty);
        if (fit != ConversionFit.Keep) Assert.Equal(9.0 / 16, (double)copy.Width!.Value / copy.Height!.Value, 0.01);
        if (creatorMaxSec is { } max) Assert.InRange(copy.DurationMs!.Value, max * 1000 - 100, max * 1000 + 100);
        Assert.True(fixtureName != "fps20.mp4" || copy.FrameRate == 30);
        _ = changedCheck;
    }

    [Fact]
    public async Task Cancel_Mid_Way_Kills_Ffmpeg_And_Leaves_Nothing_While_The_Next_In_Line_Waits_Then_Runs()
    {
        var member = await MemberAsync();
        var slow = await UploadAsync(member, FfmpegFixtures.Bytes("slow.mp4"), "slow.mp4", "video/mp4");
        var next = await UploadAsync(member, FfmpegFixtures.Bytes("fps20.mp4"), "next.mp4", "video/mp4");
        var filesBefore = (await app.RowsOfAsync<MediaFile>(member.Workspace.Id)).Count;

        var first = await StartAsync(member, slow.Id, new());
        var second = await StartAsync(member, next.Id, new());
        Assert.True(first.Done && second.Done);
        await WaitUntilAsync(first.ConversionId!.Value, c => c.Status == ConversionStatus.Running && c.Percent > 0);

        var line = await app.Services.AsUserAsync(member.UserId, sp => sp.GetRequiredService<ConversionService>().LatestBySourceAsync(CancellationToken.None));
        Assert.Equal((ConversionStatus.Queued, 2), (line[next.Id].Conversion.Status, line[next.Id].QueuePosition));
        Assert.True(Directory.EnumerateFiles(TempFolder).Any()); // the half file exists only in the temporary folder

        var cancelled = await app.Services.AsUserAsync(member.UserId, sp => sp.GetRequiredService<ConversionService>().CancelAsync(first.ConversionId!.Value, CancellationToken.None));
        Assert.True(cancelled.Done, cancelled.Message);
        var stopped = await WaitUntilAsync(first.ConversionId!.Value, c => !c.IsActive, seconds: 15);
        Assert.Equal(ConversionStatus.Cancelled, stopped.Status);
        Assert.Null(stopped.ResultMediaId);

        var done = await WaitUntilAsync(second.ConversionId!.Value, c => !c.IsActive);
        Assert.Equal(ConversionStatus.Succeeded, done.Status);
        Assert.Equal(filesBefore + 1, (await app.RowsOfAsync<MediaFile>(member.Workspace.Id)).Count); // only the second copy
        Assert.True(TempFolderEmpty);
    }

    [Fact]
    public async Task A_Run_Cut_Off_By_A_Crash_Starts_Again_Cleanly_After_A_Restart()
    {
        var member = await MemberAsync();
        var source = await UploadAsync(member, FfmpegFixtures.Bytes("fps20.mp4"), "crashed.mp4", "video/mp4");
        // What a killed process leaves: the row Running with an old heartbeat, half a file in the temporary folder, no trigger.
        var conversion = new MediaConversion
        {
            WorkspaceId = member.Workspace.Id, SourceMediaId = source.Id, Status = ConversionStatus.Running, Attempts = 1, Percent = 40,
            MaxDurationSec = MediaChecks.ApiMaxDurationSec, RequestedByUserId = member.UserId,
            CreatedAt = app.Clock.GetUtcNow().AddMinutes(-5), StartedAt = app.Clock.GetUtcNow().AddMinutes(-5), HeartbeatAt = app.Clock.GetUtcNow().AddMinutes(-4),
        };
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<StudioDbContext>();
            db.Add(conversion);
            await db.SaveChangesAsync();
        }
        var half = app.Services.GetRequiredService<MediaStorage>().ConversionTempPath(conversion.Id);
        Directory.CreateDirectory(Path.GetDirectoryName(half)!);
        await File.WriteAllBytesAsync(half, new byte[4096]);

        using (var scope = app.Services.CreateScope())
        {
            Assert.Equal(1, await scope.ServiceProvider.GetRequiredService<ConversionRecovery>().RecoverAsync(CancellationToken.None));
        }
        var done = await WaitUntilAsync(conversion.Id, c => !c.IsActive);

        Assert.Equal(ConversionStatus.Succeeded, done.Status);
        Assert.Equal(2, done.Attempts);
        Assert.False(File.Exists(half));
        var copies = (await app.RowsOfAsync<MediaFile>(member.Workspace.Id)).Where(m => m.ConvertedFromId == source.Id).ToList();
        Assert.Single(copies);
        Assert.True(copies[0].CanBePosted);
    }

    [Fact]
    public async Task What_Cannot_Be_Fixed_Is_Refused_With_Its_Reason_And_Nothing_Is_Queued()
    {
        var member = await MemberAsync();
        var tiny = await UploadAsync(member, FfmpegFixtures.Bytes("tiny.mp4"), "tiny.mp4", "video/mp4");

        var refused = await StartAsync(member, tiny.Id, new());

        Assert.False(refused.Done);
        Assert.Contains("smaller than TikTok's 360 px minimum", refused.Message);
        Assert.Empty(await app.RowsOfAsync<MediaConversion>(member.Workspace.Id));
    }

    [Fact]
    public async Task Another_Workspaces_File_Or_Conversion_Is_Not_Found_And_Viewers_Cannot_Convert()
    {
        var owner = await MemberAsync();
        var source = await UploadAsync(owner, FfmpegFixtures.Bytes("fps20.mp4"), "mine.mp4", "video/mp4");
        var stranger = await MemberAsync();

        var started = await StartAsync(stranger, source.Id, new());
        Assert.False(started.Done);
        Assert.Equal("That file is not in this workspace's library.", started.Message);

        var mine = await StartAsync(owner, source.Id, new());
        var cancel = await app.Services.AsUserAsync(stranger.UserId, sp => sp.GetRequiredService<ConversionService>().CancelAsync(mine.ConversionId!.Value, CancellationToken.None));
        Assert.False(cancel.Done);
        Assert.Equal("That conversion is not in this workspace.", cancel.Message);

        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<StudioDbContext>();
            db.Memberships.Add(new Membership { UserId = stranger.UserId, WorkspaceId = owner.Workspace.Id, Role = WorkspaceRole.Viewer });
            (await db.Users.SingleAsync(u => u.Id == stranger.UserId)).CurrentWorkspaceId = owner.Workspace.Id;
            await db.SaveChangesAsync();
        }
        var asViewer = await StartAsync(stranger, source.Id, new());
        Assert.False(asViewer.Done);
        Assert.Equal(Permissions.Refusal(StudioAction.UploadMedia), asViewer.Message);
        await WaitUntilAsync(mine.ConversionId!.Value, c => !c.IsActive);
    }
}

/// <summary>A server without ffmpeg (Media:FfmpegPath points at nothing): placeholders, and the fix explains why it cannot run.</summary>
public sealed class WithoutFfmpegTests : IDisposable
{
    private readonly StudioAppFactory app = new(settings: new() { ["Media:FfmpegPath"] = "/nonexistent/ffmpeg" });

    public void Dispose() => app.Dispose();

    [Fact]
    public async Task Uploads_Keep_Placeholders_And_The_Fix_Says_The_Server_Has_No_Ffmpeg()
    {
        var (user, _) = await app.CreateUserAsync();
        var tus = await TusTestClient.SignInAsync(app, user.Email!);
        var location = await tus.UploadAsync(MediaFixtures.Bytes("valid-720x1280-30fps.mp4"), "clip.mp4", "video/mp4");
        var id = TusTestClient.IdOf(location);

        var file = await app.Services.AsUserAsync(user.Id, sp => sp.GetRequiredService<MediaService>().FindAsync(id, CancellationToken.None));
        Assert.NotNull(file);
        Assert.Equal(MediaStatus.Ready, file.Status);
        Assert.False(file.HasThumbnail);
        Assert.Equal(0, file.ThumbnailBytes);
        Assert.Equal(HttpStatusCode.NotFound, (await tus.Http.GetAsync($"/app/media/{id}/thumbnail")).StatusCode);
        var library = await tus.Http.GetStringAsync("/app/media");
        Assert.Contains("data-thumb=\"placeholder\"", library);

        var started = await app.Services.AsUserAsync(user.Id, sp => sp.GetRequiredService<ConversionService>().StartAsync(id, new(ConversionFit.Pad), CancellationToken.None));
        Assert.False(started.Done);
        Assert.StartsWith("This server has no ffmpeg installed", started.Message);
    }
}
