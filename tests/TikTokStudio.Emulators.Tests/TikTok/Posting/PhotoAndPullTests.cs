using System.Net;
using System.Security.Cryptography;
using TikTokStudio.Emulators.TikTok;

namespace TikTokStudio.Emulators.Tests.TikTok.Posting;

public sealed class PhotoAndPullTests
{
    private const string Content = "v2/post/publish/content/init/";

    [Fact]
    public async Task Photo_Direct_Post_Pulls_Every_Photo_And_Completes()
    {
        await using var emulator = await EmulatorHost.StartAsync();
        var token = await emulator.AccessTokenAsync("public_creator");

        var init = await emulator.PostAsync(Content, token,
            Payloads.Photos("DIRECT_POST", [emulator.Media("photo-1.jpg"), emulator.Media("photo-2.jpg")]));
        var publishId = init.Data.GetProperty("publish_id").GetString()!;
        var status = await emulator.WaitForStatusAsync(token, publishId);

        Assert.Equal(HttpStatusCode.OK, init.Status);
        Assert.StartsWith("p_pub_url~v2.", publishId);
        Assert.False(init.Data.TryGetProperty("upload_url", out _));
        Assert.Equal("PUBLISH_COMPLETE", status.GetProperty("status").GetString());
        Assert.Equal(4096, status.GetProperty("downloaded_bytes").GetInt64());
    }

    [Fact]
    public async Task Photo_That_Does_Not_Return_200_Fails_With_Photo_Pull_Failed()
    {
        await using var emulator = await EmulatorHost.StartAsync();
        var token = await emulator.AccessTokenAsync("public_creator");

        var init = await emulator.PostAsync(Content, token,
            Payloads.Photos("DIRECT_POST", [emulator.Media("photo-1.jpg"), emulator.Media("missing.jpg")]));
        var status = await emulator.WaitForStatusAsync(token, init.Data.GetProperty("publish_id").GetString()!);

        Assert.Equal("FAILED", status.GetProperty("status").GetString());
        Assert.Equal("photo_pull_failed", status.GetProperty("fail_reason").GetString());
    }

    [Fact]
    public async Task Photo_Media_Upload_Needs_Video_Upload_Scope_And_Ends_In_The_Inbox()
    {
        await using var emulator = await EmulatorHost.StartAsync();
        var publishOnly = await emulator.AccessTokenAsync("public_creator", "user.info.basic,video.publish");
        var uploader = await emulator.AccessTokenAsync("public_creator", "user.info.basic,video.upload");
        var photos = Payloads.Photos("MEDIA_UPLOAD", [emulator.Media("photo-3.jpg")], privacy: null);

        var refused = await emulator.PostAsync(Content, publishOnly, photos);
        var init = await emulator.PostAsync(Content, uploader, photos);
        var status = await emulator.WaitForStatusAsync(uploader, init.Data.GetProperty("publish_id").GetString()!);

        Assert.Equal(HttpStatusCode.Unauthorized, refused.Status);
        Assert.Equal("scope_not_authorized", refused.ErrorCode);
        Assert.Equal("SEND_TO_USER_INBOX", status.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Photo_Media_Upload_Fails_App_Version_Check_Below_31_8()
    {
        await using var emulator = await EmulatorHost.StartAsync();
        var token = await emulator.AccessTokenAsync("public_creator");
        await emulator.ControlAsync("creators/public_creator", new { app_version = "31.7.2" });

        var reply = await emulator.PostAsync(Content, token, Payloads.Photos("MEDIA_UPLOAD", [emulator.Media("photo-1.jpg")], privacy: null));

        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.Equal("app_version_check_failed", reply.ErrorCode);
    }

    [Fact]
    public async Task Photo_Rules_On_Count_Cover_Index_Media_Type_And_Title_Are_Enforced()
    {
        await using var emulator = await EmulatorHost.StartAsync();
        var token = await emulator.AccessTokenAsync("public_creator");
        var photo = emulator.Media("photo-1.jpg");

        var tooMany = await emulator.PostAsync(Content, token, Payloads.Photos("DIRECT_POST", Enumerable.Repeat(photo, 36)));
        var badCover = await emulator.PostAsync(Content, token, new
        {
            post_info = new { privacy_level = "SELF_ONLY" }, post_mode = "DIRECT_POST", media_type = "PHOTO",
            source_info = new { source = "PULL_FROM_URL", photo_cover_index = 1, photo_images = new[] { photo } },
        });
        var video = await emulator.PostAsync(Content, token, new
        {
            post_info = new { privacy_level = "SELF_ONLY" }, post_mode = "DIRECT_POST", media_type = "VIDEO",
            source_info = new { source = "PULL_FROM_URL", photo_cover_index = 0, photo_images = new[] { photo } },
        });
        var longTitle = await emulator.PostAsync(Content, token, new
        {
            post_info = new { privacy_level = "SELF_ONLY", title = new string('t', 91) }, post_mode = "DIRECT_POST", media_type = "PHOTO",
            source_info = new { source = "PULL_FROM_URL", photo_cover_index = 0, photo_images = new[] { photo } },
        });

        Assert.All([tooMany, badCover, video, longTitle], r => Assert.Equal("invalid_param", r.ErrorCode));
        Assert.All([tooMany, badCover, video, longTitle], r => Assert.Equal(HttpStatusCode.BadRequest, r.Status));
    }

    [Fact]
    public async Task Photo_On_An_Unverified_Domain_Is_Refused()
    {
        await using var emulator = await EmulatorHost.StartAsync();
        var token = await emulator.AccessTokenAsync("public_creator");

        var reply = await emulator.PostAsync(Content, token, Payloads.Photos("DIRECT_POST", ["https://images.elsewhere.example/a.jpg"]));

        Assert.Equal(HttpStatusCode.Forbidden, reply.Status);
        Assert.Equal("url_ownership_unverified", reply.ErrorCode);
    }

    [Fact]
    public async Task Verified_Url_Prefix_Allows_Only_Urls_Under_It()
    {
        // No verified domain here, only a prefix on the test host.
        await using var probe = await EmulatorHost.StartAsync();
        await using var emulator = await EmulatorHost.StartAsync(new Dictionary<string, string?>
        {
            ["Emulators:TikTok:VerifiedDomains:0"] = "media.invalid",
            ["Emulators:TikTok:VerifiedUrlPrefixes:0"] = probe.Origin + "/media/photo-",
        });
        var token = await emulator.AccessTokenAsync("public_creator");

        var underPrefix = await emulator.PostAsync(Content, token, Payloads.Photos("DIRECT_POST", [probe.Media("photo-1.jpg")]));
        var outsidePrefix = await emulator.PostAsync(Content, token, Payloads.Photos("DIRECT_POST", [probe.Media("video.mp4")]));

        Assert.Equal(HttpStatusCode.OK, underPrefix.Status);
        Assert.Equal(HttpStatusCode.Forbidden, outsidePrefix.Status);
        Assert.Equal("url_ownership_unverified", outsidePrefix.ErrorCode);
    }

    [Theory]
    [InlineData("https://media.example.com/a.jpg", true)]
    [InlineData("https://eu.media.example.com/a.jpg", true)]        // a domain covers its subdomains
    [InlineData("https://notmedia.example.com/a.jpg", false)]
    [InlineData("http://media.example.com/a.jpg", false)]           // https only off loopback
    [InlineData("https://cdn.example.net/tiktok/v.mp4", true)]
    [InlineData("https://cdn.example.net/other/v.mp4", false)]
    [InlineData("http://127.0.0.1:8080/x.jpg", false)]              // loopback still needs verifying
    public void Pull_Url_Policy_Checks_Domains_Prefixes_And_Https(string url, bool verified)
    {
        var options = new TikTokEmulatorOptions { VerifiedDomains = ["media.example.com"], VerifiedUrlPrefixes = ["https://cdn.example.net/tiktok/"] };

        Assert.Equal(verified, PullUrlPolicy.IsVerified(url, options));
    }

    [Fact]
    public async Task Video_Pull_From_Url_Downloads_And_Records_The_Sha256()
    {
        await using var emulator = await EmulatorHost.StartAsync();
        var token = await emulator.AccessTokenAsync("public_creator");

        var init = await emulator.PostAsync("v2/post/publish/video/init/", token, new
        {
            post_info = new { privacy_level = "PUBLIC_TO_EVERYONE", title = "pulled" },
            source_info = new { source = "PULL_FROM_URL", video_url = emulator.Media("video.mp4") },
        });
        var publishId = init.Data.GetProperty("publish_id").GetString()!;
        var status = await emulator.WaitForStatusAsync(token, publishId);
        var record = (await emulator.PostsAsync()).Single();

        Assert.StartsWith("v_pub_url~v2.", publishId);
        Assert.Equal("PUBLISH_COMPLETE", status.GetProperty("status").GetString());
        Assert.Equal(EmulatorHost.PulledVideo.Length, status.GetProperty("downloaded_bytes").GetInt64());
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(EmulatorHost.PulledVideo)), record.GetProperty("sha256").GetString());
    }

    [Fact]
    public async Task Cancelling_An_In_Flight_Pull_Ends_In_Publish_Cancelled()
    {
        await using var emulator = await EmulatorHost.StartAsync();
        var token = await emulator.AccessTokenAsync("public_creator");
        var init = await emulator.PostAsync(Content, token, Payloads.Photos("DIRECT_POST", [emulator.Media("slow.jpg")]));
        var publishId = init.Data.GetProperty("publish_id").GetString()!;

        var cancel = await emulator.PostAsync("v2/post/publish/cancel/", token, new { publish_id = publishId });
        var status = await emulator.StatusAsync(token, publishId);
        var again = await emulator.PostAsync("v2/post/publish/cancel/", token, new { publish_id = publishId });

        Assert.Equal(HttpStatusCode.OK, cancel.Status);
        Assert.Equal("ok", cancel.ErrorCode);
        Assert.Equal("FAILED", status.GetProperty("status").GetString());
        Assert.Equal("publish_cancelled", status.GetProperty("fail_reason").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, again.Status);
        Assert.Equal("publish_not_cancellable", again.ErrorCode);
    }

    [Fact]
    public async Task Video_Pull_Does_Not_Follow_Redirects()
    {
        await using var emulator = await EmulatorHost.StartAsync();
        var token = await emulator.AccessTokenAsync("public_creator");

        var init = await emulator.PostAsync("v2/post/publish/video/init/", token, new
        {
            post_info = new { privacy_level = "SELF_ONLY" },
            source_info = new { source = "PULL_FROM_URL", video_url = emulator.Media("moved.mp4") },
        });
        var status = await emulator.WaitForStatusAsync(token, init.Data.GetProperty("publish_id").GetString()!);

        Assert.Equal("FAILED", status.GetProperty("status").GetString());
        Assert.Equal("video_pull_failed", status.GetProperty("fail_reason").GetString());
    }
}
