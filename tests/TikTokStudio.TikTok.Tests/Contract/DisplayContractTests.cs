using TikTokStudio.TikTok.Auth;
using TikTokStudio.TikTok.Display;
using TikTokStudio.TikTok.Errors;
using TikTokStudio.TikTok.Posting;

namespace TikTokStudio.TikTok.Tests.Contract;

/// <summary>Display API: user fields by scope, the video list with its cursor, and video query.</summary>
public sealed class DisplayContractTests
{
    [Fact]
    public async Task User_Info_With_Only_The_Basic_Scope_Returns_Basic_Fields_And_Refuses_Profile_Fields()
    {
        // Arrange
        await using var host = await ContractHost.StartAsync();
        var issued = await host.IssueTokenAsync("public_creator", scopes: TikTokScopes.UserInfoBasic);
        var granted = TikTokScopes.Parse(issued.Scope);

        // Act
        var user = await host.Display.GetUserInfoAsync(issued.AccessToken, TikTokUserFields.ForScopes(granted));
        var error = await Assert.ThrowsAsync<TikTokApiException>(() =>
            host.Display.GetUserInfoAsync(issued.AccessToken, [.. TikTokUserFields.Basic, .. TikTokUserFields.Profile]));

        // Assert
        Assert.Equal([TikTokScopes.UserInfoBasic], granted);
        Assert.Equal(issued.OpenId, user.OpenId);
        Assert.False(string.IsNullOrEmpty(user.UnionId));
        Assert.Equal("Pia Public", user.DisplayName);
        Assert.StartsWith(host.TikTokBase + "/avatars/", user.AvatarUrl);
        Assert.NotNull(user.AvatarUrl100);
        Assert.NotNull(user.AvatarLargeUrl);
        Assert.Null(user.Username);
        Assert.Null(user.FollowerCount);
        Assert.Equal("scope_not_authorized", error.Code);
        Assert.Equal(401, error.HttpStatus);
        Assert.Equal(TikTokErrorClass.NeedsReauth, error.Classification);
    }

    [Fact]
    public async Task User_Info_With_Profile_And_Stats_Scopes_Returns_Every_Field()
    {
        // Arrange
        await using var host = await ContractHost.StartAsync();
        var issued = await host.IssueTokenAsync("public_creator",
            scopes: $"{TikTokScopes.UserInfoBasic},{TikTokScopes.UserInfoProfile},{TikTokScopes.UserInfoStats}");

        // Act
        var user = await host.Display.GetUserInfoAsync(issued.AccessToken, TikTokUserFields.ForScopes(TikTokScopes.Parse(issued.Scope)));

        // Assert
        Assert.Equal("public_creator", user.Username);
        Assert.Equal("Posts everything for everyone.", user.BioDescription);
        Assert.True(user.IsVerified);
        Assert.Contains("public_creator", user.ProfileDeepLink);
        Assert.Equal(12_400, user.FollowerCount);
        Assert.Equal(1_243, user.FollowingCount);
        Assert.Equal(98_000, user.LikesCount);
        Assert.Equal(3, user.VideoCount);
    }

    [Fact]
    public async Task Video_List_Pages_Newest_First_With_Cursor_And_Has_More()
    {
        // Arrange
        await using var host = await ContractHost.StartAsync();
        var token = await host.AccessTokenAsync("public_creator");

        // Act
        var first = await host.Display.ListVideosAsync(token, maxCount: 2);
        var second = await host.Display.ListVideosAsync(token, cursor: first.Cursor, maxCount: 2);

        // Assert
        Assert.Equal(2, first.Videos.Count);
        Assert.True(first.HasMore);
        Assert.Single(second.Videos);
        Assert.False(second.HasMore);
        var all = first.Videos.Concat(second.Videos).ToList();
        Assert.Equal(all.OrderByDescending(v => v.CreateTime).Select(v => v.Id), all.Select(v => v.Id));
        Assert.Equal(3, all.Select(v => v.Id).Distinct().Count());
        Assert.All(all, v =>
        {
            Assert.Contains(v.Id, v.ShareUrl);
            Assert.NotNull(v.CoverImageUrl);
            Assert.NotNull(v.EmbedHtml);
            Assert.True(v.Duration > 0);
            Assert.True(v.ViewCount > 0);
        });
    }

    [Fact]
    public async Task An_Unknown_User_Field_Is_Invalid_Params()
    {
        // Arrange
        await using var host = await ContractHost.StartAsync();
        var token = await host.AccessTokenAsync("public_creator");

        // Act
        var error = await Assert.ThrowsAsync<TikTokApiException>(() => host.Display.GetUserInfoAsync(token, ["open_id", "shoe_size"]));

        // Assert
        Assert.Equal("invalid_params", error.Code);
        Assert.Equal(400, error.HttpStatus);
        Assert.Equal(TikTokErrorClass.InvalidRequest, error.Classification);
    }

    [Fact]
    public async Task Video_List_Without_The_Video_List_Scope_Is_Scope_Not_Authorized()
    {
        // Arrange
        await using var host = await ContractHost.StartAsync();
        var token = await host.AccessTokenAsync("public_creator", scopes: TikTokScopes.UserInfoBasic);

        // Act
        var error = await Assert.ThrowsAsync<TikTokApiException>(() => host.Display.ListVideosAsync(token));

        // Assert
        Assert.Equal("scope_not_authorized", error.Code);
        Assert.Equal(TikTokErrorClass.NeedsReauth, error.Classification);
    }

    [Fact]
    public async Task Video_Query_Returns_Only_The_Callers_Own_Videos_With_Requested_Fields()
    {
        // Arrange
        await using var host = await ContractHost.StartAsync();
        var token = await host.AccessTokenAsync("public_creator");
        var someoneElses = (await host.Display.ListVideosAsync(await host.AccessTokenAsync("quiet_creator"))).Videos[0].Id;
        var own = (await host.Display.ListVideosAsync(token)).Videos.Select(v => v.Id).ToList();

        // Act
        var videos = await host.Display.QueryVideosAsync(token, [own[0], own[2], someoneElses], ["id", "title", "cover_image_url"]);

        // Assert
        Assert.Equal(new[] { own[0], own[2] }.Order(), videos.Select(v => v.Id).Order());
        Assert.All(videos, v =>
        {
            Assert.NotNull(v.Title);
            Assert.Contains("x-expires=", v.CoverImageUrl);
            Assert.Null(v.ShareUrl);
        });
    }

    [Fact]
    public async Task A_Direct_Post_That_Went_Public_Appears_At_The_Top_Of_The_Video_List()
    {
        // Arrange
        await using var host = await ContractHost.StartAsync();
        var token = await host.AccessTokenAsync("public_creator");
        var (init, _) = await ContractSteps.DirectPostFileAsync(host, token, 1_000, TikTokPrivacyLevel.PublicToEveryone);
        var postId = (await host.Posting.FetchStatusAsync(token, init.PublishId)).PublicalyAvailablePostIds.Single();

        // Act
        var page = await host.Display.ListVideosAsync(token, maxCount: 20);

        // Assert
        Assert.Equal(postId, page.Videos[0].Id);
        Assert.Equal(4, page.Videos.Count);
    }

    [Fact]
    public async Task Paging_The_Video_List_One_At_A_Time_Returns_Every_Public_Video_Once_Even_Posts_Made_In_The_Same_Second()
    {
        // Arrange: three public posts in quick succession (create_time has whole seconds, so they share one).
        await using var host = await ContractHost.StartAsync();
        var token = await host.AccessTokenAsync("public_creator");
        var posted = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var (init, _) = await ContractSteps.DirectPostFileAsync(host, token, 1_000, TikTokPrivacyLevel.PublicToEveryone);
            posted.Add((await host.Posting.FetchStatusAsync(token, init.PublishId)).PublicalyAvailablePostIds.Single());
        }
        var expected = (await host.Display.ListVideosAsync(token, maxCount: 20)).Videos.Select(v => v.Id).ToList();

        // Act
        var seen = new List<string>();
        long? cursor = null;
        for (var page = 0; page < 20; page++)
        {
            var result = await host.Display.ListVideosAsync(token, cursor, maxCount: 1);
            seen.AddRange(result.Videos.Select(v => v.Id));
            if (!result.HasMore) break;
            cursor = result.Cursor;
        }

        // Assert
        Assert.Equal(6, expected.Count);
        Assert.Equal(Enumerable.Reverse(posted), expected.Take(3));
        Assert.Equal(expected, seen);
    }
}
