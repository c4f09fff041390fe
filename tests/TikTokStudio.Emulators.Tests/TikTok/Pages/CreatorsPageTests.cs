using System.Net;

namespace TikTokStudio.Emulators.Tests.TikTok.Pages;

public sealed class CreatorsPageTests
{
    [Fact]
    public async Task Page_Lists_Every_Creator_Of_The_Cast()
    {
        await using var emulator = await EmulatorHost.StartAsync();

        var html = await emulator.Http.GetStringAsync(emulator.Origin + "/emulators/tiktok");

        foreach (var name in new[] { "public_creator", "private_creator", "quiet_creator", "upload_only_creator", "capped_creator", "banned_creator", "short_creator" })
            Assert.Contains($"@{name}</small></h2>", html);
        Assert.Contains("<h1>TikTok emulator</h1>", html);
    }

    [Fact]
    public async Task Post_Button_Publishes_An_Inbox_Draft_And_Redirects_Back()
    {
        await using var emulator = await EmulatorHost.StartAsync();
        var token = await emulator.AccessTokenAsync("public_creator");
        var init = await emulator.PostAsync("v2/post/publish/inbox/video/init/", token, Payloads.InboxFile(1000));
        var publishId = init.Data.GetProperty("publish_id").GetString()!;
        await Upload.Uploader.UploadAllAsync(emulator.Http, init.Data.GetProperty("upload_url").GetString()!, 1000, 1000, 1);
        var page = await emulator.Http.GetStringAsync(emulator.Origin + "/emulators/tiktok/");
        Assert.Contains($"aria-label=\"Post draft {publishId}\">Post</button>", page);

        using var response = await emulator.Http.PostAsync($"_emulator/posts/{publishId}/complete-inbox",
            new FormUrlEncodedContent(new Dictionary<string, string>()));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith(emulator.Origin + "/emulators/tiktok", response.Headers.Location!.ToString());
        Assert.Equal("PUBLISH_COMPLETE", (await emulator.StatusAsync(token, publishId)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Emulator_Index_Links_To_The_TikTok_Emulator()
    {
        await using var emulator = await EmulatorHost.StartAsync();

        var html = await emulator.Http.GetStringAsync(emulator.Origin + "/emulators");

        Assert.Contains("href=\"/emulators/tiktok\"", html);
    }
}
