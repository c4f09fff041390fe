using System.Net;

namespace TikTokStudio.Emulators.Tests.TikTok.Posting;

public sealed class CreatorInfoTests
{
    private const string Path = "v2/post/publish/creator_info/query/";

    [Fact]
    public async Task Public_Creator_Gets_Public_Options_And_Its_Limits()
    {
        await using var emulator = await EmulatorHost.StartAsync();
        var token = await emulator.AccessTokenAsync("public_creator");

        var reply = await emulator.PostAsync(Path, token, null);

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Equal("ok", reply.ErrorCode);
        Assert.False(string.IsNullOrEmpty(reply.Body.GetProperty("error").GetProperty("log_id").GetString()));
        var data = reply.Data;
        Assert.Equal("public_creator", data.GetProperty("creator_username").GetString());
        Assert.Equal("Pia Public", data.GetProperty("creator_nickname").GetString());
        Assert.StartsWith(emulator.Origin + "/emulators/tiktok/avatars/", data.GetProperty("creator_avatar_url").GetString());
        Assert.Equal(["PUBLIC_TO_EVERYONE", "MUTUAL_FOLLOW_FRIENDS", "SELF_ONLY"],
            data.GetProperty("privacy_level_options").EnumerateArray().Select(e => e.GetString()!).ToArray());
        Assert.False(data.GetProperty("duet_disabled").GetBoolean());
        Assert.Equal(600, data.GetProperty("max_video_post_duration_sec").GetInt32());
    }

    [Fact]
    public async Task Private_Creator_Gets_Follower_Options_With_Duet_And_Stitch_Disabled()
    {
        await using var emulator = await EmulatorHost.StartAsync();
        var token = await emulator.AccessTokenAsync("private_creator");

        var data = (await emulator.PostAsync(Path, token, null)).Data;

        Assert.Equal(["FOLLOWER_OF_CREATOR", "MUTUAL_FOLLOW_FRIENDS", "SELF_ONLY"],
            data.GetProperty("privacy_level_options").EnumerateArray().Select(e => e.GetString()!).ToArray());
        Assert.True(data.GetProperty("duet_disabled").GetBoolean());
        Assert.True(data.GetProperty("stitch_disabled").GetBoolean());
    }

    [Fact]
    public async Task Quiet_And_Short_Creators_Report_Their_Settings()
    {
        await using var emulator = await EmulatorHost.StartAsync();

        var quiet = (await emulator.PostAsync(Path, await emulator.AccessTokenAsync("quiet_creator"), null)).Data;
        var shortOne = (await emulator.PostAsync(Path, await emulator.AccessTokenAsync("short_creator"), null)).Data;

        Assert.True(quiet.GetProperty("comment_disabled").GetBoolean());
        Assert.True(quiet.GetProperty("duet_disabled").GetBoolean());
        Assert.True(quiet.GetProperty("stitch_disabled").GetBoolean());
        Assert.Equal(60, shortOne.GetProperty("max_video_post_duration_sec").GetInt32());
    }

    [Theory]
    [InlineData("capped_creator", "spam_risk_too_many_posts")]
    [InlineData("banned_creator", "spam_risk_user_banned_from_posting")]
    public async Task Creators_Who_Cannot_Post_Get_The_Error_With_Http_200(string creator, string code)
    {
        await using var emulator = await EmulatorHost.StartAsync();
        var token = await emulator.AccessTokenAsync(creator);

        var reply = await emulator.PostAsync(Path, token, null);

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Equal(code, reply.ErrorCode);
    }

    [Fact]
    public async Task Token_Without_Video_Publish_Is_Scope_Not_Authorized()
    {
        await using var emulator = await EmulatorHost.StartAsync();
        var token = await emulator.AccessTokenAsync("public_creator", "user.info.basic,video.upload");

        var reply = await emulator.PostAsync(Path, token, null);

        Assert.Equal(HttpStatusCode.Unauthorized, reply.Status);
        Assert.Equal("scope_not_authorized", reply.ErrorCode);
    }

    [Fact]
    public async Task Twenty_First_Creator_Info_In_A_Minute_Is_Rate_Limited()
    {
        await using var emulator = await EmulatorHost.StartAsync();
        var token = await emulator.AccessTokenAsync("public_creator");
        for (var i = 0; i < 20; i++) Assert.Equal(HttpStatusCode.OK, (await emulator.PostAsync(Path, token, null)).Status);

        var limited = await emulator.PostAsync(Path, token, null);

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.Status);
        Assert.Equal("rate_limit_exceeded", limited.ErrorCode);
    }

    [Fact]
    public async Task Missing_Token_Is_Access_Token_Invalid()
    {
        await using var emulator = await EmulatorHost.StartAsync();

        var reply = await emulator.PostAsync(Path, null, null);

        Assert.Equal(HttpStatusCode.Unauthorized, reply.Status);
        Assert.Equal("access_token_invalid", reply.ErrorCode);
    }
}
