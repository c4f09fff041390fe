using TikTokStudio.Web.Features.Media.Checks;
using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TikTokStudio.Tests.Infrastructure;
using TikTokStudio.Web.Data;
using TikTokStudio.Web.Features.Media;

namespace TikTokStudio.Tests.Features.Media;

/// <summary>A clock the test moves by hand (timers still run on the system clock).</summary>
public sealed class ManualTimeProvider(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset now = start;
    public override DateTimeOffset GetUtcNow() => now;
    public void Advance(TimeSpan by) => now += by;
}

/// <summary>A usage guard the test fills: a file listed here is "used by a scheduled post".</summary>
public sealed class TestMediaUsage : IMediaUsage
{
    public ConcurrentDictionary<Guid, string> InUse { get; } = new();
    public Task<string?> WhyInUseAsync(Guid mediaId, CancellationToken ct) => Task.FromResult(InUse.TryGetValue(mediaId, out var why) ? why : null);
}

/// <summary>One app host with a hand-moved clock, a 300 KB quota, a public base URL and a usage guard.</summary>
public sealed class MediaHostFixture : IDisposable
{
    public const long QuotaBytes = 300 * 1024;
    public const string PublicBaseUrl = "https://media.example.com/studio";

    public StudioAppFactory Factory { get; } = new();
    public WebApplicationFactory<Program> App { get; }
    public ManualTimeProvider Time { get; } = new(DateTimeOffset.UtcNow);
    public TestMediaUsage Usage { get; } = new();

    public MediaHostFixture()
    {
        App = Factory.WithWebHostBuilder(builder =>
        {
            builder.UseSetting("Media:WorkspaceQuotaBytes", QuotaBytes.ToString(System.Globalization.CultureInfo.InvariantCulture));
            builder.UseSetting("Media:PublicBaseUrl", PublicBaseUrl + "/");
            builder.ConfigureTestServices(services =>
            {
                services.AddSingleton<TimeProvider>(Time);
                services.AddSingleton<IMediaUsage>(Usage);
            });
        });
    }

    public void Dispose()
    {
        App.Dispose();
        Factory.Dispose();
    }
}

public sealed class MediaHostTests(MediaHostFixture fixture) : IClassFixture<MediaHostFixture>
{
    private WebApplicationFactory<Program> App => fixture.App;

    private async Task<TusTestClient> SignInAsync()
    {
        using var scope = App.Services.CreateScope();
        var email = $"media-{Guid.NewGuid():N}@example.com";
        var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<ApplicationUser>>();
        var user = new ApplicationUser { UserName = email, Email = email, EmailConfirmed = true };
        Assert.True((await users.CreateAsync(user, StudioAppFactory.Password)).Succeeded);
        await scope.ServiceProvider.GetRequiredService<TikTokStudio.Web.Features.Workspaces.WorkspaceService>().CreateAsync(user, "Media Co", "UTC");

        var client = App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var form = await client.GetStringAsync("/Account/Login");
        var response = await client.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login",
            ["__RequestVerificationToken"] = StudioAppFactory.AntiforgeryFieldOf(form),
            ["Input.Email"] = email,
            ["Input.Password"] = StudioAppFactory.Password,
        }));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return new TusTestClient(client, StudioAppFactory.AntiforgeryMetaOf(await client.GetStringAsync("/app/media")));
    }

    private async Task<MediaFile?> FindAsync(Guid id)
    {
        using var scope = App.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<StudioDbContext>().Set<MediaFile>().IgnoreQueryFilters().AsNoTracking()
            .SingleOrDefaultAsync(m => m.Id == id);
    }

    [Fact]
    public async Task An_Unfinished_Upload_Expires_After_24_Hours_And_Is_Cleaned_Away()
    {
        var tus = await SignInAsync();
        var bytes = MediaFixtures.Bytes("small-320x240.mp4");
        var created = await tus.CreateAsync(bytes.Length, "abandoned.mp4", "video/mp4");
        var location = created.Headers.Location!.OriginalString;
        Assert.Equal(fixture.Time.GetUtcNow().AddHours(24).ToString("R"), created.Headers.GetValues("Upload-Expires").Single());
        await tus.PatchAsync(location, 0, bytes.AsMemory(0, 5000));
        var id = TusTestClient.IdOf(location);
        var path = Path.Combine(fixture.Factory.DataDirectory, (await FindAsync(id))!.StoragePath);

        using (var scope = App.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<MediaCleanup>().RemoveExpiredAsync(CancellationToken.None);
        }
        Assert.NotNull(await FindAsync(id)); // not yet expired

        fixture.Time.Advance(TimeSpan.FromHours(24) + TimeSpan.FromMinutes(1));
        Assert.Equal(HttpStatusCode.Gone, (await tus.HeadAsync(location)).StatusCode);
        Assert.Equal(HttpStatusCode.Gone, (await tus.PatchAsync(location, 5000, bytes.AsMemory(5000))).StatusCode);
        using (var scope = App.Services.CreateScope())
        {
            Assert.True(await scope.ServiceProvider.GetRequiredService<MediaCleanup>().RemoveExpiredAsync(CancellationToken.None) >= 1);
        }

        Assert.Null(await FindAsync(id));
        Assert.False(File.Exists(path));
        Assert.Equal(HttpStatusCode.NotFound, (await tus.HeadAsync(location)).StatusCode);
    }

    [Fact]
    public async Task An_Upload_Past_The_Workspace_Quota_Is_Refused_With_What_Is_Used()
    {
        var tus = await SignInAsync();
        var location = await tus.UploadAsync(MediaFixtures.Bytes("clip.mov"), "clip.mov", "video/quicktime"); // 56 KB
        // Its frames count too (when ffmpeg made them).
        var clip = (await FindAsync(TusTestClient.IdOf(location)))!;

        var response = await tus.CreateAsync(260 * 1024, "next.mp4", "video/mp4");

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal($"\"next.mp4\" (260.0 KiB) does not fit: this workspace uses {MediaChecks.Size(clip.SizeBytes + clip.ThumbnailBytes)} of its 300.0 KiB storage. Delete files you no longer need and try again.",
            await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Created, (await tus.CreateAsync(200 * 1024, "fits.mp4", "video/mp4")).StatusCode);
    }

    [Fact]
    public async Task A_File_Used_By_A_Post_Is_Not_Deleted_And_The_Reason_Is_Shown()
    {
        var tus = await SignInAsync();
        var location = await tus.UploadAsync(MediaFixtures.Bytes("photo-800x600.webp"), "cover.webp", "image/webp");
        var id = TusTestClient.IdOf(location);
        fixture.Usage.InUse[id] = "a post scheduled for 3 May, 10:00 uses it.";

        var terminate = await tus.DeleteAsync(location);

        Assert.Equal(HttpStatusCode.Conflict, terminate.StatusCode);
        Assert.Equal("\"cover.webp\" was not deleted: a post scheduled for 3 May, 10:00 uses it.", await terminate.Content.ReadAsStringAsync());
        Assert.NotNull(await FindAsync(id));
    }

    [Fact]
    public async Task Public_Url_Uses_The_Configured_Base_And_Serves_The_Photo_Anonymously()
    {
        var tus = await SignInAsync();
        var bytes = MediaFixtures.Bytes("photo-1080x1350.jpg");
        var id = TusTestClient.IdOf(await tus.UploadAsync(bytes, "public.jpg", "image/jpeg"));
        var urls = App.Services.GetRequiredService<MediaUrls>();

        Assert.True(urls.PhotoPostingAvailable);
        Assert.Null(urls.PhotoPostingReason);
        var url = urls.CreatePublicUrl(id, TimeSpan.FromHours(1));
        Assert.StartsWith(PublicBase(), url);
        var anonymous = App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        var response = await anonymous.GetAsync(url[(MediaHostFixture.PublicBaseUrl.Length)..]);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/jpeg", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal(bytes, await response.Content.ReadAsByteArrayAsync());
        Assert.DoesNotContain(id.ToString("N"), url);
    }

    [Fact]
    public async Task Public_Url_Stops_Working_When_It_Expires_Is_Tampered_With_Or_The_File_Is_Deleted()
    {
        var tus = await SignInAsync();
        var location = await tus.UploadAsync(MediaFixtures.Bytes("photo-800x600.webp"), "short-lived.webp", "image/webp");
        var id = TusTestClient.IdOf(location);
        var urls = App.Services.GetRequiredService<MediaUrls>();
        var anonymous = App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        var shortLived = urls.CreateToken(id, TimeSpan.FromSeconds(1));
        var longLived = urls.CreateToken(id, TimeSpan.FromHours(1));
        var tampered = longLived[..^3] + (longLived[^3] == 'A' ? 'B' : 'A') + longLived[^2..];

        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync(MediaUrls.PublicPathPrefix + shortLived)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync(MediaUrls.PublicPathPrefix + tampered)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync(MediaUrls.PublicPathPrefix + "not-a-token")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync(MediaUrls.PublicPathPrefix + Guid.NewGuid().ToString("N"))).StatusCode);

        await Task.Delay(TimeSpan.FromSeconds(1.5));
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync(MediaUrls.PublicPathPrefix + shortLived)).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await tus.DeleteAsync(location)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync(MediaUrls.PublicPathPrefix + longLived)).StatusCode);
    }

    [Fact]
    public async Task An_Unfinished_Upload_Has_No_Public_Url_Content()
    {
        var tus = await SignInAsync();
        var bytes = MediaFixtures.Bytes("photo-800x600.webp");
        var location = await tus.StartAsync(bytes, "half.webp", "image/webp");
        await tus.PatchAsync(location, 0, bytes.AsMemory(0, 100));
        var token = App.Services.GetRequiredService<MediaUrls>().CreateToken(TusTestClient.IdOf(location), TimeSpan.FromHours(1));

        var response = await App.CreateClient().GetAsync(MediaUrls.PublicPathPrefix + token);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private static string PublicBase() => MediaHostFixture.PublicBaseUrl + MediaUrls.PublicPathPrefix;
}
