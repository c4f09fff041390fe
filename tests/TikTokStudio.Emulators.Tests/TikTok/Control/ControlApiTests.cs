using System.Net;
using System.Text.Json;

namespace TikTokStudio.Emulators.Tests.TikTok.Control;

public sealed class ControlApiTests
{
    [Fact]
    public async Task Posts_List_Shows_What_TikTok_Received()
    {
        await using var emulator = await EmulatorHost.StartAsync();
        var token = await emulator.AccessTokenAsync("public_creator");
        var init = await emulator.PostAsync("v2/post/publish/video/init/", token, Payloads.DirectFile(size: 3000));
        await Upload.Uploader.UploadAllAsync(emulator.Http, init.Data.GetProperty("upload_url").GetString()!, 3000, 3000, 1);

        var post = (await emulator.PostsAsync()).Single();

        Assert.Equal(init.Data.GetProperty("publish_id").GetString(), post.GetProperty("publish_id").GetString());
        Assert.Equal("public_creator", post.GetProperty("creator").GetString());
        Assert.Equal("DIRECT_POST", post.GetProperty("mode").GetString());
        Assert.Equal("VIDEO", post.GetProperty("media_type").GetString());
        Assert.Equal("FILE_UPLOAD", post.GetProperty("source").GetString());
        Assert.Equal("PUBLISH_COMPLETE", post.GetProperty("status").GetString());
        Assert.Equal("Hello #emulator", post.GetProperty("title").GetString());
        Assert.Equal("PUBLIC_TO_EVERYONE", post.GetProperty("privacy_level").GetString());
        Assert.True(post.GetProperty("disable_comment").GetBoolean());
        Assert.False(post.GetProperty("disable_duet").GetBoolean());
        Assert.True(post.GetProperty("brand_organic_toggle").GetBoolean());
        Assert.False(post.GetProperty("brand_content_toggle").GetBoolean());
        Assert.True(post.GetProperty("is_aigc").GetBoolean());
        Assert.Equal(1000, post.GetProperty("video_cover_timestamp_ms").GetInt64());
        Assert.Equal(3000, post.GetProperty("bytes_received").GetInt64());
        Assert.Equal(Upload.Uploader.ExpectedSha256(3000), post.GetProperty("sha256").GetString());
        Assert.Single(post.GetProperty("publicaly_available_post_id").EnumerateArray());
    }

    [Fact]
    public async Task Generated_Creators_Can_Get_Tokens_Without_Consent()
    {
        await using var emulator = await EmulatorHost.StartAsync();

        using var response = await emulator.Http.PostAsJsonAsync("_emulator/creators/generate", new { count = 3 });
        var names = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("usernames").EnumerateArray().Select(e => e.GetString()!).ToList();
        var token = await emulator.IssueTokenAsync(names[2], "user.info.basic,video.publish");
        var info = await emulator.PostAsync("v2/post/publish/creator_info/query/", token.GetProperty("access_token").GetString(), null);

        Assert.Equal(3, names.Distinct().Count());
        Assert.Equal("user.info.basic,video.publish", token.GetProperty("scope").GetString());
        Assert.Equal(86400, token.GetProperty("expires_in").GetInt64());
        Assert.Equal(names[2], info.Data.GetProperty("creator_username").GetString());
    }

    [Fact]
    public async Task Creator_Flags_Change_Creator_Info()
    {
        await using var emulator = await EmulatorHost.StartAsync();
        var token = await emulator.AccessTokenAsync("public_creator");

        await emulator.ControlAsync("creators/public_creator", new { is_private = true, comment_disabled = true, max_video_post_duration_sec = 180 });
        var data = (await emulator.PostAsync("v2/post/publish/creator_info/query/", token, null)).Data;
        await emulator.ControlAsync("creators/public_creator", new { banned = true });
        var banned = await emulator.PostAsync("v2/post/publish/creator_info/query/", token, null);

        Assert.Equal("FOLLOWER_OF_CREATOR", data.GetProperty("privacy_level_options")[0].GetString());
        Assert.True(data.GetProperty("comment_disabled").GetBoolean());
        Assert.Equal(180, data.GetProperty("max_video_post_duration_sec").GetInt32());
        Assert.Equal("spam_risk_user_banned_from_posting", banned.ErrorCode);
    }

    [Fact]
    public async Task Reset_Forgets_Tokens_Posts_And_Clock()
    {
        await using var emulator = await EmulatorHost.StartAsync();
        var token = await emulator.AccessTokenAsync("public_creator");
        await emulator.PostAsync("v2/post/publish/video/init/", token, Payloads.DirectFile());
        await emulator.AdvanceClockAsync(1000);

        await emulator.ControlAsync("reset", new { });
        var clock = await emulator.Http.GetFromJsonAsync<JsonElement>("_emulator/clock");
        var info = await emulator.PostAsync("v2/post/publish/creator_info/query/", token, null);

        Assert.Empty(await emulator.PostsAsync());
        Assert.Equal(0, clock.GetProperty("offset_seconds").GetDouble());
        Assert.Equal(HttpStatusCode.Unauthorized, info.Status);
    }

    [Fact]
    public async Task Parallel_Requests_From_Many_Creators_Are_Safe()
    {
        await using var emulator = await EmulatorHost.StartAsync();
        using var response = await emulator.Http.PostAsJsonAsync("_emulator/creators/generate", new { count = 50 });
        var names = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("usernames").EnumerateArray().Select(e => e.GetString()!).ToList();

        var replies = await Task.WhenAll(names.Select(async name =>
        {
            var token = await emulator.AccessTokenAsync(name);
            var init = await emulator.PostAsync("v2/post/publish/video/init/", token, Payloads.DirectFile(size: 500));
            var statuses = await Upload.Uploader.UploadAllAsync(emulator.Http, init.Data.GetProperty("upload_url").GetString()!, 500, 500, 1);
            return statuses.Single();
        }));

        Assert.All(replies, status => Assert.Equal(HttpStatusCode.Created, status));
        Assert.Equal(50, (await emulator.PostsAsync()).Select(p => p.GetProperty("publish_id").GetString()).Distinct().Count());
    }
}
