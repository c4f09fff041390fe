using System.Net;
using TikTokStudio.Emulators.Tests.TikTok.Upload;

namespace TikTokStudio.Emulators.Tests.TikTok.Posting;

public sealed class InboxTests
{
    private const string Init = "v2/post/publish/inbox/video/init/";

    [Fact]
    public async Task Inbox_Init_Needs_Video_Upload_Scope()
    {
        await using var emulator = await EmulatorHost.StartAsync();
        var token = await emulator.AccessTokenAsync("public_creator", "user.info.basic,video.publish");

        var reply = await emulator.PostAsync(Init, token, Payloads.InboxFile());

        Assert.Equal(HttpStatusCode.Unauthorized, reply.Status);
        Assert.Equal("scope_not_authorized", reply.ErrorCode);
    }

    [Fact]
    public async Task Sixth_Pending_Inbox_Share_In_A_Day_Is_Refused()
    {
        await using var emulator = await EmulatorHost.StartAsync();
        var token = await emulator.AccessTokenAsync("upload_only_creator");
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await emulator.PostAsync(Init, token, Payloads.InboxFile())).Status);
            await emulator.AdvanceClockAsync(61); // stay under the 6 inits a minute
        }

        var sixth = await emulator.PostAsync(Init, token, Payloads.InboxFile());
        await emulator.AdvanceClockAsync(24 * 3600);
        var nextDay = await emulator.PostAsync(Init, await emulator.AccessTokenAsync("upload_only_creator"), Payloads.InboxFile());

        Assert.Equal(HttpStatusCode.Forbidden, sixth.Status);
        Assert.Equal("spam_risk_too_many_pending_share", sixth.ErrorCode);
        Assert.Equal(HttpStatusCode.OK, nextDay.Status);
    }

    [Fact]
    public async Task Inbox_Upload_Waits_In_The_Inbox_Until_The_Creator_Posts_It()
    {
        await using var emulator = await EmulatorHost.StartAsync();
        var token = await emulator.AccessTokenAsync("public_creator");
        var init = await emulator.PostAsync(Init, token, new
        {
            post_info = new { title = "ignored by TikTok", privacy_level = "PUBLIC_TO_EVERYONE" }, // extra, ignored
            source_info = new { source = "FILE_UPLOAD", video_size = 1000, chunk_size = 1000, total_chunk_count = 1 },
        });
        var publishId = init.Data.GetProperty("publish_id").GetString()!;
        Assert.StartsWith("v_inbox_file~v2.", publishId);
        var uploading = await emulator.StatusAsync(token, publishId);
        await Uploader.UploadAllAsync(emulator.Http, init.Data.GetProperty("upload_url").GetString()!, 1000, 1000, 1);

        var inInbox = await emulator.StatusAsync(token, publishId);
        using var complete = await emulator.Http.PostAsJsonAsync($"_emulator/posts/{publishId}/complete-inbox", new { privacy_level = "PUBLIC_TO_EVERYONE" });
        var posted = await emulator.StatusAsync(token, publishId);

        Assert.Equal("PROCESSING_UPLOAD", uploading.GetProperty("status").GetString());
        Assert.Equal("SEND_TO_USER_INBOX", inInbox.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.OK, complete.StatusCode);
        Assert.Equal("PUBLISH_COMPLETE", posted.GetProperty("status").GetString());
        Assert.Single(posted.GetProperty("publicaly_available_post_id").EnumerateArray());
    }
}
