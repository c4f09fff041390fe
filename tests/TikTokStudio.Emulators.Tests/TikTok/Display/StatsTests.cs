using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using TikTokStudio.Emulators.TikTok;
using TikTokStudio.Emulators.Tests.TikTok.Upload;

namespace TikTokStudio.Emulators.Tests.TikTok.Display;

/// <summary>The emulator's stats grow with its clock, deterministically, fast in the first two days.</summary>
public sealed class StatsTests
{
    private static readonly DateTimeOffset Created = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Video_Stats_Are_A_Pure_Function_Of_Id_And_Age()
    {
        var a = EmulatedStats.ForVideo("7300000000001000001", Created, Created.AddHours(30));
        var again = EmulatedStats.ForVideo("7300000000001000001", Created, Created.AddHours(30));
        var other = EmulatedStats.ForVideo("7300000000001000002", Created, Created.AddHours(30));

        Assert.Equal(a, again);
        Assert.NotEqual(a, other);
        Assert.Equal(new VideoCounts(0, 0, 0, 0), EmulatedStats.ForVideo("7300000000001000001", Created, Created));
        Assert.Equal(new VideoCounts(0, 0, 0, 0), EmulatedStats.ForVideo("7300000000001000001", Created, Created.AddHours(-1)));
    }

    [Fact]
    public void Views_Grow_Fast_In_The_First_48_Hours_Then_Slow_And_Never_Fall()
    {
        const string id = "7300000000001000123";
        long Views(double hours) => EmulatedStats.ForVideo(id, Created, Created.AddHours(hours)).Views;

        var firstTwoDays = Views(48);
        var nextTwoDays = Views(96) - Views(48);
        var lifetime = Views(24 * 365 * 100);

        // P·m/(m+24h): two thirds of the lifetime views after 48 h; the next 48 h add far fewer.
        Assert.InRange(firstTwoDays, lifetime * 2 / 3 - 5, lifetime * 2 / 3 + 5);
        Assert.True(nextTwoDays * 3 < firstTwoDays, $"{nextTwoDays} after {firstTwoDays}");
        Assert.InRange(lifetime, 2_000, 50_000);
        var previous = -1L;
        for (var hour = 0; hour <= 24 * 90; hour += 7)
        {
            var counts = EmulatedStats.ForVideo(id, Created, Created.AddHours(hour));
            Assert.True(counts.Views >= previous);
            Assert.True(counts.Likes <= counts.Views && counts.Comments <= counts.Likes && counts.Shares <= counts.Likes);
            previous = counts.Views;
        }
    }

    [Fact]
    public void Video_Stats_Match_The_Formula_Exactly()
    {
        const string id = "7300000000001000777";
        var seed = BitConverter.ToUInt64(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes("video-stats:" + id)), 0);
        var potential = 2_000 + (long)(seed % 48_000);

        var at36h = EmulatedStats.ForVideo(id, Created, Created.AddHours(36));

        Assert.Equal(potential * (36 * 60) / (36 * 60 + 24 * 60), at36h.Views);
        Assert.Equal(at36h.Views * (40 + (long)((seed >> 16) % 80)) / 1000, at36h.Likes);
    }

    [Fact]
    public void Creator_Stats_Grow_Daily_And_With_Posted_Videos()
    {
        var creator = new EmulatedCreator
        {
            Username = "stats_creator", OpenId = "o", UnionId = "u", DisplayName = "S", StatsSince = Created,
            FollowerCount = 10_000, FollowingCount = 50, LikesCount = 1_000,
        };
        var video = new EmulatedVideo(7_300_000_000_001_000_001, Created.AddDays(1), "t", "d", 30, 1080, 1920);

        var atStart = EmulatedStats.ForCreator(creator, [], Created);
        var tenDaysNoPosts = EmulatedStats.ForCreator(creator, [], Created.AddDays(10));
        var tenDaysWithPost = EmulatedStats.ForCreator(creator, [video], Created.AddDays(10));
        var videoCounts = EmulatedStats.ForVideo(video.IdText, video.CreateTime, Created.AddDays(10));

        Assert.Equal(new CreatorCounts(10_000, 50, 1_000), atStart);
        Assert.InRange(tenDaysNoPosts.Followers - 10_000, 10 * 10, 10 * 50);
        Assert.Equal(0, (tenDaysNoPosts.Followers - 10_000) % 10);
        Assert.Equal(51, tenDaysNoPosts.Following);
        Assert.Equal(tenDaysNoPosts.Followers + videoCounts.Views / 100, tenDaysWithPost.Followers);
        Assert.Equal(1_000 + videoCounts.Likes, tenDaysWithPost.Likes);
    }

    [Fact]
    public async Task A_Published_Post_Gathers_Views_Over_The_Emulator_Clock_And_Its_Id_Stays_A_String()
    {
        await using var emulator = await EmulatorHost.StartAsync();
        var token = await emulator.AccessTokenAsync("public_creator", "user.info.basic,user.info.stats,video.publish,video.list");
        var init = await emulator.PostAsync("v2/post/publish/video/init/", token, Payloads.DirectFile(size: 1_000));
        await Uploader.UploadAllAsync(emulator.Http, init.Data.GetProperty("upload_url").GetString()!, 1_000, 1_000, 1);
        var status = await emulator.StatusAsync(token, init.Data.GetProperty("publish_id").GetString()!);
        var postId = status.GetProperty("publicaly_available_post_id")[0].GetRawText();
        const string fields = "id,create_time,view_count,like_count,comment_count,share_count";

        var fresh = await QueryAsync(emulator, token, postId, fields);
        await emulator.AdvanceClockAsync(TimeSpan.FromHours(48).TotalSeconds);
        // Access tokens live 24 h on the emulator clock too.
        token = await emulator.AccessTokenAsync("public_creator", "user.info.basic,video.list");
        var before = await ClockAsync(emulator);
        var twoDays = await QueryAsync(emulator, token, postId, fields);
        var afterRead = await ClockAsync(emulator);

        Assert.Equal(JsonValueKind.String, twoDays.GetProperty("id").ValueKind);
        Assert.Equal(19, twoDays.GetProperty("id").GetString()!.Length);
        Assert.Equal(postId, twoDays.GetProperty("id").GetString());
        Assert.Equal(0, fresh.GetProperty("view_count").GetInt64());
        var created = DateTimeOffset.FromUnixTimeSeconds(twoDays.GetProperty("create_time").GetInt64());
        var low = EmulatedStats.ForVideo(postId, created, before);
        var high = EmulatedStats.ForVideo(postId, created, afterRead);
        Assert.InRange(twoDays.GetProperty("view_count").GetInt64(), low.Views, high.Views);
        Assert.InRange(twoDays.GetProperty("like_count").GetInt64(), low.Likes, high.Likes);
        Assert.InRange(twoDays.GetProperty("share_count").GetInt64(), low.Shares, high.Shares);
        Assert.True(twoDays.GetProperty("view_count").GetInt64() > 1_000);
    }

    [Fact]
    public async Task User_Info_Stats_Grow_With_The_Clock_And_Need_Their_Scope()
    {
        await using var emulator = await EmulatorHost.StartAsync();
        var token = await emulator.AccessTokenAsync("quiet_creator", "user.info.basic,user.info.stats");

        var start = (await emulator.GetAsync("v2/user/info/?fields=follower_count,following_count,likes_count,video_count", token)).Data.GetProperty("user");
        await emulator.AdvanceClockAsync(TimeSpan.FromDays(14).TotalSeconds);
        token = await emulator.AccessTokenAsync("quiet_creator", "user.info.basic,user.info.stats");
        var noStats = await emulator.AccessTokenAsync("quiet_creator", "user.info.basic,user.info.profile");
        var later = (await emulator.GetAsync("v2/user/info/?fields=follower_count,following_count", token)).Data.GetProperty("user");
        var refused = await emulator.GetAsync("v2/user/info/?fields=open_id,follower_count", noStats);

        Assert.Equal(2_050, start.GetProperty("follower_count").GetInt64());
        Assert.Equal(2, start.GetProperty("video_count").GetInt64());
        var creator = new EmulatedCreator { Username = "quiet_creator", OpenId = "o", UnionId = "u", DisplayName = "Q", FollowerCount = 2_050, FollowingCount = 208, StatsSince = Created };
        Assert.Equal(EmulatedStats.ForCreator(creator, [], Created.AddDays(14)).Followers, later.GetProperty("follower_count").GetInt64());
        Assert.Equal(start.GetProperty("following_count").GetInt64() + 2, later.GetProperty("following_count").GetInt64());
        Assert.Equal(HttpStatusCode.Unauthorized, refused.Status);
        Assert.Equal("scope_not_authorized", refused.ErrorCode);
    }

    private static async Task<JsonElement> QueryAsync(EmulatorHost emulator, string token, string id, string fields)
    {
        var reply = await emulator.PostAsync($"v2/video/query/?fields={fields}", token, new { filters = new { video_ids = new[] { id } } });
        Assert.Equal(HttpStatusCode.OK, reply.Status);
        return Assert.Single(reply.Data.GetProperty("videos").EnumerateArray());
    }

    private static async Task<DateTimeOffset> ClockAsync(EmulatorHost emulator) =>
        (await emulator.Http.GetFromJsonAsync<JsonElement>("_emulator/clock")).GetProperty("now").GetDateTimeOffset();
}
