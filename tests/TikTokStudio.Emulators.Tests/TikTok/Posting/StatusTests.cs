using System.Net;
using TikTokStudio.Emulators.Tests.TikTok.Upload;

namespace TikTokStudio.Emulators.Tests.TikTok.Posting;

public sealed class StatusTests
{
    private static async Task<string> DirectUploadAsync(EmulatorHost emulator, string token, string privacy = "PUBLIC_TO_EVERYONE")
    {
        var init = await emulator.PostAsync("v2/post/publish/video/init/", token, Payloads.DirectFile(privacy, size: 2000));
        Assert.Equal(HttpStatusCode.OK, init.Status);
        var statuses = await Uploader.UploadAllAsync(emulator.Http, init.Data.GetProperty("upload_url").GetString()!, 2000, 2000, 1);
        Assert.Equal([HttpStatusCode.Created], statuses);
        return init.Data.GetProperty("publish_id").GetString()!;
    }

    [Fact]
    public async Task Direct_Post_Processes_Then_Completes_And_Gets_A_Post_Id_After_Moderation()
    {
        await using var emulator = await EmulatorHost.StartAsync(new Dictionary<string, string?>
        {
            ["Emulators:TikTok:ProcessingDelayMs"] = "3000",
            ["Emulators:TikTok:ModerationDelayMs"] = "5000",
        });
        var token = await emulator.AccessTokenAsync("public_creator");
        var publishId = await DirectUploadAsync(emulator, token);

        var processing = await emulator.StatusAsync(token, publishId);
        await emulator.AdvanceClockAsync(3);
        var complete = await emulator.StatusAsync(token, publishId);
        await emulator.AdvanceClockAsync(5);
        var moderated = await emulator.StatusAsync(token, publishId);

        Assert.Equal("PROCESSING_UPLOAD", processing.GetProperty("status").GetString());
        Assert.Equal(2000, processing.GetProperty("uploaded_bytes").GetInt64());
        Assert.Equal("PUBLISH_COMPLETE", complete.GetProperty("status").GetString());
        Assert.Empty(complete.GetProperty("publicaly_available_post_id").EnumerateArray());
        var ids = moderated.GetProperty("publicaly_available_post_id").EnumerateArray().ToList();
        Assert.Single(ids);
        Assert.Equal(System.Text.Json.JsonValueKind.Number, ids[0].ValueKind);
        Assert.True(ids[0].GetInt64() > 0);
    }

    [Fact]
    public async Task Self_Only_Post_Never_Gets_A_Public_Post_Id()
    {
        await using var emulator = await EmulatorHost.StartAsync();
        var token = await emulator.AccessTokenAsync("public_creator");
        var publishId = await DirectUploadAsync(emulator, token, "SELF_ONLY");

        await emulator.AdvanceClockAsync(3600);
        var status = await emulator.StatusAsync(token, publishId);

        Assert.Equal("PUBLISH_COMPLETE", status.GetProperty("status").GetString());
        Assert.Empty(status.GetProperty("publicaly_available_post_id").EnumerateArray());
    }

    [Fact]
    public async Task Scripted_Fail_Reason_Ends_The_Next_Post_In_Failed()
    {
        await using var emulator = await EmulatorHost.StartAsync();
        var token = await emulator.AccessTokenAsync("short_creator");
        await emulator.ControlAsync("faults", new { next_fail_reason = "duration_check_failed" });

        var failedId = await DirectUploadAsync(emulator, token);
        var nextId = await DirectUploadAsync(emulator, token);
        var failed = await emulator.StatusAsync(token, failedId);
        var next = await emulator.StatusAsync(token, nextId);

        Assert.Equal("FAILED", failed.GetProperty("status").GetString());
        Assert.Equal("duration_check_failed", failed.GetProperty("fail_reason").GetString());
        Assert.Equal("PUBLISH_COMPLETE", next.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Unknown_Publish_Id_Is_Invalid_Publish_Id()
    {
        await using var emulator = await EmulatorHost.StartAsync();
        var token = await emulator.AccessTokenAsync("public_creator");

        var reply = await emulator.PostAsync("v2/post/publish/status/fetch/", token, new { publish_id = "v_pub_file~v2-1.123" });

        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.Equal("invalid_publish_id", reply.ErrorCode);
    }

    [Fact]
    public async Task Another_Users_Publish_Id_Is_Not_Authorized()
    {
        await using var emulator = await EmulatorHost.StartAsync();
        var owner = await emulator.AccessTokenAsync("public_creator");
        var stranger = await emulator.AccessTokenAsync("quiet_creator");
        var publishId = await DirectUploadAsync(emulator, owner);

        var reply = await emulator.PostAsync("v2/post/publish/status/fetch/", stranger, new { publish_id = publishId });

        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.Equal("token_not_authorized_for_specified_publish_id", reply.ErrorCode);
    }

    [Fact]
    public async Task Status_Accepts_Either_Posting_Scope()
    {
        await using var emulator = await EmulatorHost.StartAsync();
        var token = await emulator.AccessTokenAsync("public_creator", "user.info.basic,video.list");

        var reply = await emulator.PostAsync("v2/post/publish/status/fetch/", token, new { publish_id = "x" });

        Assert.Equal(HttpStatusCode.Unauthorized, reply.Status);
        Assert.Equal("scope_not_authorized", reply.ErrorCode);
    }

    [Fact]
    public async Task Thirty_First_Status_Fetch_In_A_Minute_Is_Rate_Limited()
    {
        await using var emulator = await EmulatorHost.StartAsync();
        var token = await emulator.AccessTokenAsync("public_creator");
        var publishId = await DirectUploadAsync(emulator, token);
        for (var i = 0; i < 30; i++) await emulator.StatusAsync(token, publishId);

        var limited = await emulator.PostAsync("v2/post/publish/status/fetch/", token, new { publish_id = publishId });

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.Status);
        Assert.Equal("rate_limit_exceeded", limited.ErrorCode);
    }

    [Fact]
    public async Task Revoking_Access_Before_Processing_Ends_Fails_The_Post_With_Auth_Removed()
    {
        await using var emulator = await EmulatorHost.StartAsync(new Dictionary<string, string?> { ["Emulators:TikTok:ProcessingDelayMs"] = "60000" });
        var token = await emulator.AccessTokenAsync("public_creator");
        var publishId = await DirectUploadAsync(emulator, token);

        using var revoke = await emulator.Http.PostAsync("v2/oauth/revoke/", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["client_key"] = EmulatorHost.ClientKey, ["client_secret"] = EmulatorHost.ClientSecret, ["token"] = token,
        }));
        var status = await emulator.StatusAsync(await emulator.AccessTokenAsync("public_creator"), publishId);

        Assert.Equal("FAILED", status.GetProperty("status").GetString());
        Assert.Equal("auth_removed", status.GetProperty("fail_reason").GetString());
    }
}
