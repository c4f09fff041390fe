using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using TikTokStudio.Tests.Features.Media;
using TikTokStudio.Tests.Infrastructure;
using TikTokStudio.Web.Features.Api;
using TikTokStudio.Web.Features.Media;
using static TikTokStudio.Tests.Features.Api.ApiTestKit;

namespace TikTokStudio.Tests.Features.Api;

/// <summary>A stand-in for a remote media host on loopback: the file, a redirect to it, and a redirect to a file:// URL.</summary>
internal sealed class MediaHost : IAsyncDisposable
{
    private readonly WebApplication app;
    public Uri Address { get; }

    private MediaHost(WebApplication app, Uri address) => (this.app, Address) = (app, address);

    public static async Task<MediaHost> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var video = MediaFixtures.Bytes("valid-720x1280-30fps.mp4");
        app.MapGet("/files/launch.mp4", () => Results.Bytes(video, "video/mp4"));
        app.MapGet("/go", () => Results.Redirect("/files/launch.mp4"));
        app.MapGet("/sneaky", () => Results.Redirect("file:///etc/passwd"));
        // Announces the whole video, sends half of it, then drops the connection.
        app.MapGet("/files/cut.mp4", async (HttpContext context) =>
        {
            context.Response.ContentType = "video/mp4";
            context.Response.ContentLength = video.Length;
            await context.Response.Body.WriteAsync(video.AsMemory(0, video.Length / 2));
            await context.Response.Body.FlushAsync();
            // Dropped once the client has the headers and the first half: a reset sooner could beat the headers there.
            await Task.Delay(TimeSpan.FromSeconds(2));
            context.Abort();
        });
        // Streams the video without saying its length (chunked).
        app.MapGet("/files/unsized.mp4", async (HttpContext context) =>
        {
            context.Response.ContentType = "video/mp4";
            await context.Response.Body.WriteAsync(video);
        });
        await app.StartAsync();
        var address = new Uri(app.Urls.First());
        return new MediaHost(app, address);
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();
}

public sealed class ApiMediaTests(StudioAppFactoryFixture fixture) : IClassFixture<StudioAppFactoryFixture>
{
    private readonly StudioAppFactory app = fixture.App;

    [Fact]
    public async Task A_Video_Uploaded_By_Tus_With_The_Key_Is_Checked_And_Readable_By_Id()
    {
        var seat = await SeatAsync(app);
        var bytes = MediaFixtures.Bytes("valid-720x1280-30fps.mp4");

        using var create = new HttpRequestMessage(HttpMethod.Post, "/api/v1/media/uploads");
        create.Headers.Add("Tus-Resumable", "1.0.0");
        create.Headers.Add("Upload-Length", bytes.Length.ToString());
        create.Headers.Add("Upload-Metadata", $"filename {Convert.ToBase64String(Encoding.UTF8.GetBytes("launch.mp4"))},filetype {Convert.ToBase64String(Encoding.UTF8.GetBytes("video/mp4"))}");
        var created = await seat.Client.SendAsync(create);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.StartsWith("/api/v1/media/uploads/", created.Headers.Location!.OriginalString);
        using var patch = new HttpRequestMessage(HttpMethod.Patch, created.Headers.Location);
        patch.Headers.Add("Tus-Resumable", "1.0.0");
        patch.Headers.Add("Upload-Offset", "0");
        patch.Content = new ByteArrayContent(bytes);
        patch.Content.Headers.ContentType = new MediaTypeHeaderValue("application/offset+octet-stream");
        var done = await seat.Client.SendAsync(patch);
        Assert.Equal(HttpStatusCode.NoContent, done.StatusCode);
        var id = done.Headers.GetValues("Media-Id").Single();

        var (response, media) = await GetAsync(seat.Client, $"/api/v1/media/{id}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ready", media.GetProperty("status").GetString());
        Assert.True(media.GetProperty("can_be_posted").GetBoolean());
        Assert.NotEmpty(media.GetProperty("checks").EnumerateArray());
        var (withoutKey, _) = await GetAsync(ClientFor(app, null), $"/api/v1/media/{id}");
        Assert.Equal(HttpStatusCode.Unauthorized, withoutKey.StatusCode);
    }

    [Fact]
    public async Task A_Url_Pull_Follows_A_Redirect_Then_Checks_The_File_Like_An_Upload()
    {
        await using var host = await MediaHost.StartAsync();
        var seat = await SeatAsync(app);

        var (response, media) = await PostAsync(seat.Client, "/api/v1/media", new { url = new Uri(host.Address, "/go").ToString() });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("launch.mp4", media.GetProperty("file_name").GetString());
        Assert.Equal("ready", media.GetProperty("status").GetString());
        Assert.Equal($"/api/v1/media/{media.GetProperty("id").GetString()}", response.Headers.Location!.OriginalString);
        Assert.Single(await app.RowsOfAsync<MediaFile>(seat.Workspace.Id));
    }

    [Fact]
    public async Task A_Redirect_To_Another_Scheme_Is_Checked_Again_And_Refused()
    {
        await using var host = await MediaHost.StartAsync();
        var seat = await SeatAsync(app);

        var (response, problem) = await PostAsync(seat.Client, "/api/v1/media", new { url = new Uri(host.Address, "/sneaky").ToString() });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("file://", problem.GetProperty("errors").GetProperty("url")[0].GetString());
        Assert.Empty(await app.RowsOfAsync<MediaFile>(seat.Workspace.Id));
    }

    [Theory]
    [InlineData("/files/cut.mp4", "stopped after")]
    [InlineData("/files/unsized.mp4", "did not say how big the file is")]
    public async Task A_Pull_That_Cannot_Be_Checked_Or_Arrives_Cut_Short_Leaves_Nothing_In_The_Library(string path, string why)
    {
        await using var host = await MediaHost.StartAsync();
        var seat = await SeatAsync(app);

        var (response, problem) = await PostAsync(seat.Client, "/api/v1/media", new { url = new Uri(host.Address, path).ToString() });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains(why, problem.GetProperty("errors").GetProperty("url")[0].GetString());
        // Not even an unfinished upload holding the workspace's storage until it expires.
        Assert.Empty(await app.RowsOfAsync<MediaFile>(seat.Workspace.Id));
    }
}

/// <summary>As in Production: private addresses refused, https only.</summary>
public sealed class ApiMediaSsrfTests : IDisposable
{
    private readonly StudioAppFactory app = new(settings: new() { ["Media:UrlPull:AllowPrivateAddresses"] = "false" });

    public void Dispose() => app.Dispose();

    [Theory]
    [InlineData("http://example.com/video.mp4", "only https")]
    [InlineData("https://127.0.0.1/video.mp4", "loopback")]
    [InlineData("https://localhost/video.mp4", "loopback")]
    [InlineData("https://169.254.169.254/latest/meta-data", "link-local")]
    [InlineData("https://[::1]/video.mp4", "loopback")]
    [InlineData("not a url", "not a web address")]
    public async Task A_Pull_To_A_Private_Address_Or_Without_Https_Is_Refused_Before_Connecting(string url, string why)
    {
        var seat = await SeatAsync(app);

        var (response, problem) = await PostAsync(seat.Client, "/api/v1/media", new { url });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains(why, problem.GetProperty("errors").GetProperty("url")[0].GetString());
        Assert.Empty(await app.RowsOfAsync<MediaFile>(seat.Workspace.Id));
    }
}
