using System.Net;
using System.Text.Json;
using TikTokStudio.TikTok.Auth;
using TikTokStudio.TikTok.Display;
using TikTokStudio.TikTok.Errors;
using TikTokStudio.TikTok.Tests.TestSupport;

namespace TikTokStudio.TikTok.Tests.Display;

public class TikTokDisplayClientTests
{
    private const string Token = "act.display";

    [Fact]
    public void Basic_Fields_Only_For_A_Basic_Grant()
    {
        // Act
        var fields = TikTokUserFields.ForScopes([TikTokScopes.UserInfoBasic, TikTokScopes.VideoPublish]);

        // Assert
        Assert.Equal(["open_id", "union_id", "avatar_url", "avatar_url_100", "avatar_large_url", "display_name"], fields);
    }

    [Fact]
    public void Profile_And_Stats_Fields_Follow_Their_Scopes()
    {
        // Act
        var fields = TikTokUserFields.ForScopes([TikTokScopes.UserInfoBasic, TikTokScopes.UserInfoProfile, TikTokScopes.UserInfoStats]);
        var statsOnly = TikTokUserFields.ForScopes([TikTokScopes.UserInfoStats]);

        // Assert
        Assert.Equal(14, fields.Count);
        Assert.Contains("bio_description", fields);
        Assert.Contains("profile_deep_link", fields);
        Assert.Contains("is_verified", fields);
        Assert.Contains("username", fields);
        Assert.Contains("follower_count", fields);
        Assert.Contains("video_count", fields);
        Assert.DoesNotContain("username", statsOnly);
        Assert.Contains("likes_count", statsOnly);
    }

    [Fact]
    public async Task User_Info_Is_A_Get_With_The_Fields_In_The_Query()
    {
        // Arrange
        var handler = new FakeHttpHandler((_, _) => FakeHttpHandler.Ok("""
            {"user":{"open_id":"723f24d7-e717-40f8-a2b6-cb8464cd23b4","union_id":"c9c60f44-a68e-4f5d-84dd-ce22faeb0ba1",
             "avatar_url":"https://a/1.jpg","avatar_url_100":"https://a/100.jpg","display_name":"Tik Toker",
             "is_verified":true,"follower_count":12345678901,"likes_count":5,"new_field":"x"}}
            """));
        var client = Clients.Display(handler);

        // Act
        var user = await client.GetUserInfoAsync(Token, TikTokUserFields.ForScopes([TikTokScopes.UserInfoBasic, TikTokScopes.UserInfoStats]));

        // Assert
        var request = Assert.Single(handler.Requests);
        Assert.Equal(HttpMethod.Get, request.Method);
        Assert.Equal("/emulators/tiktok/v2/user/info/", request.Uri.AbsolutePath);
        Assert.Equal("?fields=open_id,union_id,avatar_url,avatar_url_100,avatar_large_url,display_name,follower_count,following_count,likes_count,video_count",
            request.Uri.Query);
        Assert.Equal("Bearer " + Token, request.Headers.Authorization!.ToString());
        Assert.Equal("723f24d7-e717-40f8-a2b6-cb8464cd23b4", user.OpenId);
        Assert.Equal("https://a/100.jpg", user.AvatarUrl100);
        Assert.Equal("Tik Toker", user.DisplayName);
        Assert.True(user.IsVerified);
        Assert.Equal(12345678901, user.FollowerCount);
        Assert.Null(user.Username);
    }

    [Fact]
    public async Task Video_List_Posts_Cursor_And_Max_Count()
    {
        // Arrange
        var handler = new FakeHttpHandler((_, _) => FakeHttpHandler.Ok("""
            {"videos":[{"id":"7080217258529732870","create_time":1648563890,"title":"t","view_count":10,"like_count":2}],
             "cursor":1648563890000,"has_more":true}
            """));
        var client = Clients.Display(handler);

        // Act
        var page = await client.ListVideosAsync(Token, cursor: 1700000000000, maxCount: 20, fields: ["id", "title"]);

        // Assert
        var request = Assert.Single(handler.Requests);
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal("/emulators/tiktok/v2/video/list/", request.Uri.AbsolutePath);
        Assert.Equal("?fields=id,title", request.Uri.Query);
        var body = JsonDocument.Parse(request.Body!).RootElement;
        Assert.Equal(1700000000000, body.GetProperty("cursor").GetInt64());
        Assert.Equal(20, body.GetProperty("max_count").GetInt32());
        var video = Assert.Single(page.Videos);
        Assert.Equal("7080217258529732870", video.Id);
        Assert.Equal(1648563890, video.CreateTime);
        Assert.Equal(10, video.ViewCount);
        Assert.Equal(1648563890000, page.Cursor);
        Assert.True(page.HasMore);
    }

    [Fact]
    public async Task First_Page_Sends_No_Cursor()
    {
        // Arrange
        var handler = new FakeHttpHandler((_, _) => FakeHttpHandler.Ok("""{"videos":[],"cursor":0,"has_more":false}"""));
        var client = Clients.Display(handler);

        // Act
        await client.ListVideosAsync(Token);

        // Assert
        Assert.Equal("""{"max_count":10}""", Assert.Single(handler.Requests).BodyText);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(21)]
    public async Task Video_List_Rejects_Max_Count_Outside_1_To_20(int maxCount)
    {
        // Arrange
        var handler = new FakeHttpHandler((_, _) => FakeHttpHandler.Ok("{}"));
        var client = Clients.Display(handler);

        // Act + Assert
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => client.ListVideosAsync(Token, maxCount: maxCount));
        Assert.Empty(handler.Requests);
    }

    [Fact]
    public async Task Video_Query_Sends_Ids_In_Filters()
    {
        // Arrange
        var handler = new FakeHttpHandler((_, _) => FakeHttpHandler.Ok("""{"videos":[{"id":"1","cover_image_url":"https://c/1.jpg"}]}"""));
        var client = Clients.Display(handler);

        // Act
        var videos = await client.QueryVideosAsync(Token, ["1", "2"]);

        // Assert
        var request = Assert.Single(handler.Requests);
        Assert.Equal("/emulators/tiktok/v2/video/query/", request.Uri.AbsolutePath);
        Assert.StartsWith("?fields=id,create_time,cover_image_url,", request.Uri.Query);
        Assert.Equal("""{"filters":{"video_ids":["1","2"]}}""", request.BodyText);
        Assert.Equal("https://c/1.jpg", Assert.Single(videos).CoverImageUrl);
    }

    [Fact]
    public async Task Video_Query_Rejects_More_Than_20_Ids()
    {
        // Arrange
        var client = Clients.Display(new FakeHttpHandler((_, _) => FakeHttpHandler.Ok("{}")));
        var ids = Enumerable.Range(1, 21).Select(i => i.ToString()).ToArray();

        // Act + Assert
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => client.QueryVideosAsync(Token, ids));
    }

    [Fact]
    public async Task Missing_Scope_Is_Needs_Reauth()
    {
        // Arrange
        var client = Clients.Display(new FakeHttpHandler((_, _) => FakeHttpHandler.Error(HttpStatusCode.Unauthorized, "scope_not_authorized")));

        // Act
        var ex = await Assert.ThrowsAsync<TikTokApiException>(() => client.GetUserInfoAsync(Token, TikTokUserFields.Stats));

        // Assert
        Assert.Equal(TikTokErrorClass.NeedsReauth, ex.Classification);
    }
}
