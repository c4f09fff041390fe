using System.Net;
using TikTokStudio.Emulators.Tests.TikTok.Upload;

namespace TikTokStudio.Emulators.Tests.TikTok.Display;

public sealed class DisplayTests
{
    [Fact]
    public async Task User_Info_Returns_Exactly_The_Requested_Fields()
    {
        await using var emulator = await EmulatorHost.StartAsync();
        var issued = await emulator.IssueTokenAsync("public_creator", "user.info.basic,user.info.profile,user.info.stats");
        var token = issued.GetProperty("access_token").GetString()!;

        var reply = await emulator.GetAsync("v2/user/info/?fields=open_id,union_id,avatar_url,display_name,username,bio_description,is_verified,follower_count,video_count", token);

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        var user = reply.Data.GetProperty("user");
        Assert.Equal(issued.GetProperty("open_id").GetString(), user.GetProperty("open_id").GetString());
        Assert.Equal("public_creator", user.GetProperty("username").GetString());
        Assert.Equal("Pia Public", user.GetProperty("display_name").GetString());
        Assert.True(user.GetProperty("is_verified").GetBoolean());
        Assert.Equal(12_400, user.GetProperty("follower_count").GetInt64());
        Assert.Equal(3, user.GetProperty("video_count").GetInt64());
        Assert.False(user.TryGetProperty("likes_count", out _));
        Assert.Equal(9, user.EnumerateObject().Count());
    }

    [Fact]
    public async Task User_Info_Field_Without_Its_Scope_Is_Refused()
    {
        await using var emulator = await EmulatorHost.StartAsync();
        var token = await emulator.AccessTokenAsync("public_creator", "user.info.basic");

        var stats = await emulator.GetAsync("v2/user/info/?fields=open_id,follower_count", token);
        var basic = await emulator.GetAsync("v2/user/info/?fields=open_id,display_name", token);

        Assert.Equal(HttpStatusCode.Unauthorized, stats.Status);
        Assert.Equal("scope_not_authorized", stats.ErrorCode);
        Assert.Equal(HttpStatusCode.OK, basic.Status);
    }

    [Fact]
    public async Task User_Info_Needs_Known_Fields()
    {
        await using var emulator = await EmulatorHost.StartAsync();
        var token = await emulator.AccessTokenAsync("public_creator");

        var none = await emulator.GetAsync("v2/user/info/", token);
        var unknown = await emulator.GetAsync("v2/user/info/?fields=open_id,shoe_size", token);

        Assert.Equal(HttpStatusCode.BadRequest, none.Status);
        Assert.Equal("invalid_params", none.ErrorCode);
        Assert.Equal("invalid_params", unknown.ErrorCode);
    }

    [Fact]
    public async Task Video_List_Is_Newest_First_And_Pages_With_The_Cursor()
    {
        await using var emulator = await EmulatorHost.StartAsync();
        var token = await emulator.AccessTokenAsync("public_creator");

        var firstPage = await emulator.PostAsync("v2/video/list/?fields=id,create_time,title,share_url", token, new { max_count = 2 });
        var cursor = firstPage.Data.GetProperty("cursor").GetInt64();
        var secondPage = await emulator.PostAsync("v2/video/list/?fields=id,create_time", token, new { max_count = 2, cursor });

        var first = firstPage.Data.GetProperty("videos").EnumerateArray().ToList();
        Assert.Equal(2, first.Count);
        Assert.True(first[0].GetProperty("create_time").GetInt64() > first[1].GetProperty("create_time").GetInt64());
        Assert.True(firstPage.Data.GetProperty("has_more").GetBoolean());
        Assert.Equal(first[1].GetProperty("create_time").GetInt64() * 1000, cursor);
        var second = Assert.Single(secondPage.Data.GetProperty("videos").EnumerateArray());
        Assert.False(secondPage.Data.GetProperty("has_more").GetBoolean());
        Assert.False(second.TryGetProperty("title", out _));
    }

    [Fact]
    public async Task Video_List_Pages_Through_Posts_Sharing_A_Second_Newest_First_Without_Skipping_Any()
    {
        await using var emulator = await EmulatorHost.StartAsync();
        var token = await emulator.AccessTokenAsync("public_creator");
        var posted = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var init = await emulator.PostAsync("v2/post/publish/video/init/", token, Payloads.DirectFile(size: 1_000));
            await Uploader.UploadAllAsync(emulator.Http, init.Data.GetProperty("upload_url").GetString()!, 1_000, 1_000, 1);
            var status = await emulator.StatusAsync(token, init.Data.GetProperty("publish_id").GetString()!);
            posted.Add(status.GetProperty("publicaly_available_post_id")[0].GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        var seen = new List<string>();
        long cursor = 0;
        for (var page = 0; page < 10; page++)
        {
            var reply = await emulator.PostAsync("v2/video/list/?fields=id", token, new { max_count = 1, cursor });
            seen.AddRange(reply.Data.GetProperty("videos").EnumerateArray().Select(v => v.GetProperty("id").GetString()!));
            cursor = reply.Data.GetProperty("cursor").GetInt64();
            if (!reply.Data.GetProperty("has_more").GetBoolean()) break;
        }

        // The three posts (created within the same few milliseconds) come first, newest first, then the three seeded videos.
        Assert.Equal(6, seen.Count);
        Assert.Equal(Enumerable.Reverse(posted), seen.Take(3));
        Assert.Equal(6, seen.Distinct().Count());
    }

    [Fact]
    public async Task Video_List_Limits_Max_Count_And_Needs_Video_List_Scope()
    {
        await using var emulator = await EmulatorHost.StartAsync();
        var token = await emulator.AccessTokenAsync("public_creator");
        var noScope = await emulator.AccessTokenAsync("public_creator", "user.info.basic");

        var tooMany = await emulator.PostAsync("v2/video/list/?fields=id", token, new { max_count = 21 });
        var refused = await emulator.PostAsync("v2/video/list/?fields=id", noScope, new { max_count = 5 });

        Assert.Equal(HttpStatusCode.BadRequest, tooMany.Status);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.Status);
        Assert.Equal("scope_not_authorized", refused.ErrorCode);
    }

    [Fact]
    public async Task Video_Query_Returns_Only_The_Callers_Own_Videos_With_Fresh_Covers()
    {
        await using var emulator = await EmulatorHost.StartAsync();
        var mine = await emulator.AccessTokenAsync("public_creator");
        var theirs = await emulator.AccessTokenAsync("quiet_creator");
        var myIds = (await emulator.PostAsync("v2/video/list/?fields=id", mine, new { })).Data.GetProperty("videos")
            .EnumerateArray().Select(v => v.GetProperty("id").GetString()!).ToList();
        var theirId = (await emulator.PostAsync("v2/video/list/?fields=id", theirs, new { })).Data.GetProperty("videos")
            .EnumerateArray().First().GetProperty("id").GetString()!;

        var reply = await emulator.PostAsync("v2/video/query/?fields=id,cover_image_url,view_count", mine,
            new { filters = new { video_ids = new[] { myIds[0], theirId } } });
        var tooMany = await emulator.PostAsync("v2/video/query/?fields=id", mine,
            new { filters = new { video_ids = Enumerable.Range(0, 21).Select(i => i.ToString()).ToArray() } });

        var video = Assert.Single(reply.Data.GetProperty("videos").EnumerateArray());
        Assert.Equal(myIds[0], video.GetProperty("id").GetString());
        Assert.Contains("x-expires=", video.GetProperty("cover_image_url").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, tooMany.Status);
    }

    [Fact]
    public async Task Published_Public_Post_Appears_In_The_Video_List()
    {
        await using var emulator = await EmulatorHost.StartAsync();
        var token = await emulator.AccessTokenAsync("public_creator");
        var init = await emulator.PostAsync("v2/post/publish/video/init/", token, Payloads.DirectFile(size: 1000));
        await Upload.Uploader.UploadAllAsync(emulator.Http, init.Data.GetProperty("upload_url").GetString()!, 1000, 1000, 1);
        var postId = (await emulator.StatusAsync(token, init.Data.GetProperty("publish_id").GetString()!))
            .GetProperty("publicaly_available_post_id")[0].GetInt64();

        var videos = (await emulator.PostAsync("v2/video/list/?fields=id,title", token, new { max_count = 20 })).Data.GetProperty("videos");

        Assert.Equal(postId.ToString(), videos[0].GetProperty("id").GetString());
        Assert.Equal("Hello #emulator", videos[0].GetProperty("title").GetString());
    }

    [Fact]
    public async Task Display_Endpoints_Share_A_Per_Token_Minute_Budget_Each()
    {
        await using var emulator = await EmulatorHost.StartAsync(new Dictionary<string, string?> { ["Emulators:TikTok:DisplayPerMinute"] = "2" });
        var token = await emulator.AccessTokenAsync("public_creator");
        for (var i = 0; i < 2; i++) Assert.Equal(HttpStatusCode.OK, (await emulator.GetAsync("v2/user/info/?fields=open_id", token)).Status);

        var limited = await emulator.GetAsync("v2/user/info/?fields=open_id", token);
        var otherEndpoint = await emulator.PostAsync("v2/video/list/?fields=id", token, new { });

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.Status);
        Assert.Equal("rate_limit_exceeded", limited.ErrorCode);
        Assert.Equal(HttpStatusCode.OK, otherEndpoint.Status);
    }
}
