using System.Net;

namespace TikTokStudio.Emulators.Tests.TikTok.Posting;

public sealed class DirectPostTests
{
    private const string Init = "v2/post/publish/video/init/";

    [Fact]
    public async Task Direct_File_Init_Returns_A_TikTok_Shaped_Publish_Id_And_Upload_Url()
    {
        await using var emulator = await EmulatorHost.StartAsync();
        var token = await emulator.AccessTokenAsync("public_creator");

        var reply = await emulator.PostAsync(Init, token, Payloads.DirectFile());

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        var publishId = reply.Data.GetProperty("publish_id").GetString()!;
        Assert.StartsWith("v_pub_file~v2-1.", publishId);
        Assert.True(publishId.Length <= 64);
        var uploadUrl = reply.Data.GetProperty("upload_url").GetString()!;
        Assert.StartsWith(emulator.Origin + "/emulators/tiktok/upload/?upload_id=", uploadUrl);
        Assert.Contains("&upload_token=", uploadUrl);
        Assert.True(uploadUrl.Length <= 256);
    }

    [Fact]
    public async Task Seventh_Init_In_A_Minute_Is_Rate_Limited()
    {
        await using var emulator = await EmulatorHost.StartAsync();
        var token = await emulator.AccessTokenAsync("public_creator");
        for (var i = 0; i < 6; i++) Assert.Equal(HttpStatusCode.OK, (await emulator.PostAsync(Init, token, Payloads.DirectFile())).Status);

        var seventh = await emulator.PostAsync(Init, token, Payloads.DirectFile());
        await emulator.AdvanceClockAsync(61);
        var nextMinute = await emulator.PostAsync(Init, token, Payloads.DirectFile());

        Assert.Equal(HttpStatusCode.TooManyRequests, seventh.Status);
        Assert.Equal("rate_limit_exceeded", seventh.ErrorCode);
        Assert.Equal(HttpStatusCode.OK, nextMinute.Status);
    }

    [Fact]
    public async Task Privacy_Level_Outside_The_Creators_Options_Is_Refused()
    {
        await using var emulator = await EmulatorHost.StartAsync();
        var token = await emulator.AccessTokenAsync("private_creator");

        var reply = await emulator.PostAsync(Init, token, Payloads.DirectFile("PUBLIC_TO_EVERYONE"));

        Assert.Equal(HttpStatusCode.Forbidden, reply.Status);
        Assert.Equal("privacy_level_option_mismatch", reply.ErrorCode);
    }

    [Fact]
    public async Task Title_Longer_Than_2200_Utf16_Units_Is_Invalid()
    {
        await using var emulator = await EmulatorHost.StartAsync();
        var token = await emulator.AccessTokenAsync("public_creator");

        var atLimit = await emulator.PostAsync(Init, token, Payloads.DirectFile(title: new string('a', 2200)));
        var tooLong = await emulator.PostAsync(Init, token, Payloads.DirectFile(title: string.Concat(Enumerable.Repeat("😀", 1101)))); // 2202 UTF-16 units

        Assert.Equal(HttpStatusCode.OK, atLimit.Status);
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.Status);
        Assert.Equal("invalid_param", tooLong.ErrorCode);
    }

    [Fact]
    public async Task Unaudited_App_Posts_Only_Self_Only_To_Private_Accounts()
    {
        await using var emulator = await EmulatorHost.StartAsync();
        var publicToken = await emulator.AccessTokenAsync("public_creator", clientKey: EmulatorHost.UnauditedKey);
        var privateToken = await emulator.AccessTokenAsync("private_creator", clientKey: EmulatorHost.UnauditedKey);

        var publicAccount = await emulator.PostAsync(Init, publicToken, Payloads.DirectFile("SELF_ONLY"));
        var friends = await emulator.PostAsync(Init, privateToken, Payloads.DirectFile("MUTUAL_FOLLOW_FRIENDS"));
        var selfOnly = await emulator.PostAsync(Init, privateToken, Payloads.DirectFile("SELF_ONLY"));

        Assert.Equal(HttpStatusCode.Forbidden, publicAccount.Status);
        Assert.Equal("unaudited_client_can_only_post_to_private_accounts", publicAccount.ErrorCode);
        Assert.Equal("unaudited_client_can_only_post_to_private_accounts", friends.ErrorCode);
        Assert.Equal(HttpStatusCode.OK, selfOnly.Status);
    }

    [Fact]
    public async Task Unaudited_App_Allows_At_Most_Five_Posting_Users_A_Day()
    {
        await using var emulator = await EmulatorHost.StartAsync();
        using var generated = await emulator.Http.PostAsJsonAsync("_emulator/creators/generate", new { count = 6 });
        var names = (await generated.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>())
            .GetProperty("usernames").EnumerateArray().Select(e => e.GetString()!).ToList();
        var tokens = new List<string>();
        foreach (var name in names)
        {
            await emulator.ControlAsync($"creators/{name}", new { is_private = true });
            tokens.Add(await emulator.AccessTokenAsync(name, clientKey: EmulatorHost.UnauditedKey));
        }
        for (var i = 0; i < 5; i++) Assert.Equal(HttpStatusCode.OK, (await emulator.PostAsync(Init, tokens[i], Payloads.DirectFile("SELF_ONLY"))).Status);

        var sixthUser = await emulator.PostAsync(Init, tokens[5], Payloads.DirectFile("SELF_ONLY"));
        var firstUserAgain = await emulator.PostAsync(Init, tokens[0], Payloads.DirectFile("SELF_ONLY"));
        var sixthInfo = await emulator.PostAsync("v2/post/publish/creator_info/query/", tokens[5], null);

        Assert.Equal(HttpStatusCode.Forbidden, sixthUser.Status);
        Assert.Equal("reached_active_user_cap", sixthUser.ErrorCode);
        Assert.Equal(HttpStatusCode.OK, firstUserAgain.Status);
        Assert.Equal(HttpStatusCode.OK, sixthInfo.Status);
        Assert.Equal("reached_active_user_cap", sixthInfo.ErrorCode);
    }

    [Fact]
    public async Task Sixteenth_Direct_Post_In_A_Day_Is_Refused()
    {
        await using var emulator = await EmulatorHost.StartAsync();
        var token = await emulator.AccessTokenAsync("public_creator");
        await emulator.ControlAsync("creators/public_creator", new { posts_today = 14 });

        var fifteenth = await emulator.PostAsync(Init, token, Payloads.DirectFile());
        var sixteenth = await emulator.PostAsync(Init, token, Payloads.DirectFile());
        var info = await emulator.PostAsync("v2/post/publish/creator_info/query/", token, null);

        Assert.Equal(HttpStatusCode.OK, fifteenth.Status);
        Assert.Equal(HttpStatusCode.Forbidden, sixteenth.Status);
        Assert.Equal("spam_risk_too_many_posts", sixteenth.ErrorCode);
        Assert.Equal("spam_risk_too_many_posts", info.ErrorCode);
    }

    [Theory]
    [InlineData("capped_creator", "spam_risk_too_many_posts")]
    [InlineData("banned_creator", "spam_risk_user_banned_from_posting")]
    public async Task Capped_And_Banned_Creators_Are_Refused_At_Init_With_403(string creator, string code)
    {
        await using var emulator = await EmulatorHost.StartAsync();
        var token = await emulator.AccessTokenAsync(creator);

        var reply = await emulator.PostAsync(Init, token, Payloads.DirectFile());

        Assert.Equal(HttpStatusCode.Forbidden, reply.Status);
        Assert.Equal(code, reply.ErrorCode);
    }

    [Fact]
    public async Task Unknown_Fields_Are_Ignored_But_Required_Ones_Are_Checked()
    {
        await using var emulator = await EmulatorHost.StartAsync();
        var token = await emulator.AccessTokenAsync("public_creator");
        const string withExtras = """
            {"post_info":{"privacy_level":"SELF_ONLY","title":"x","future_field":{"a":1}},
             "source_info":{"source":"FILE_UPLOAD","video_size":1000,"chunk_size":1000,"total_chunk_count":1,"extra":true},
             "something_new":[1,2,3]}
            """;

        var accepted = await emulator.PostAsync(Init, token, withExtras);
        var noSource = await emulator.PostAsync(Init, token, """{"post_info":{"privacy_level":"SELF_ONLY"}}""");
        var noSizes = await emulator.PostAsync(Init, token, """{"post_info":{"privacy_level":"SELF_ONLY"},"source_info":{"source":"FILE_UPLOAD"}}""");
        var notJson = await emulator.PostAsync(Init, token, "{nope");

        Assert.Equal(HttpStatusCode.OK, accepted.Status);
        Assert.Equal("invalid_param", noSource.ErrorCode);
        Assert.Equal(HttpStatusCode.BadRequest, noSizes.Status);
        Assert.Equal(HttpStatusCode.BadRequest, notJson.Status);
    }

    [Fact]
    public async Task Pull_From_An_Unverified_Url_Is_Refused()
    {
        await using var emulator = await EmulatorHost.StartAsync();
        var token = await emulator.AccessTokenAsync("public_creator");
        object Pull(string url) => new { post_info = new { privacy_level = "SELF_ONLY" }, source_info = new { source = "PULL_FROM_URL", video_url = url } };

        var unverified = await emulator.PostAsync(Init, token, Pull("https://cdn.unverified.example/video.mp4"));
        var plainHttp = await emulator.PostAsync(Init, token, Pull("http://media.example.com/video.mp4"));

        Assert.Equal(HttpStatusCode.Forbidden, unverified.Status);
        Assert.Equal("url_ownership_unverified", unverified.ErrorCode);
        Assert.Equal("url_ownership_unverified", plainHttp.ErrorCode);
    }

    [Fact]
    public async Task Scripted_Init_Status_Is_Returned_Once()
    {
        await using var emulator = await EmulatorHost.StartAsync();
        var token = await emulator.AccessTokenAsync("public_creator");
        await emulator.ControlAsync("faults", new { next_init_status = 503 });

        var failed = await emulator.PostAsync(Init, token, Payloads.DirectFile());
        var next = await emulator.PostAsync(Init, token, Payloads.DirectFile());

        Assert.Equal(HttpStatusCode.ServiceUnavailable, failed.Status);
        Assert.Equal("internal_error", failed.ErrorCode);
        Assert.Equal(HttpStatusCode.OK, next.Status);
    }
}
