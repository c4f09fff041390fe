using TikTokStudio.TikTok.Auth;
using TikTokStudio.TikTok.Errors;
using TikTokStudio.TikTok.Posting;

namespace TikTokStudio.TikTok.Tests.Contract;

/// <summary>creator_info/query: options and flags per creator, caps at HTTP 200, scope enforcement.</summary>
public sealed class CreatorInfoContractTests
{
    [Fact]
    public async Task Public_Creator_Offers_Public_Options_With_Everything_Enabled_And_Ten_Minutes()
    {
        // Arrange
        await using var host = await ContractHost.StartAsync();
        var token = await host.AccessTokenAsync("public_creator");

        // Act
        var info = await host.Posting.QueryCreatorInfoAsync(token);

        // Assert
        Assert.Equal("public_creator", info.CreatorUsername);
        Assert.Equal("Pia Public", info.CreatorNickname);
        Assert.StartsWith(host.TikTokBase + "/avatars/", info.CreatorAvatarUrl);
        Assert.Equal([TikTokPrivacyLevel.PublicToEveryone, TikTokPrivacyLevel.MutualFollowFriends, TikTokPrivacyLevel.SelfOnly], info.PrivacyLevelOptions);
        Assert.False(info.IsPrivateAccount);
        Assert.False(info.CommentDisabled);
        Assert.False(info.DuetDisabled);
        Assert.False(info.StitchDisabled);
        Assert.Equal(600, info.MaxVideoPostDurationSec);
    }

    [Fact]
    public async Task Private_Creator_Offers_Follower_Options_With_Duet_And_Stitch_Disabled()
    {
        // Arrange
        await using var host = await ContractHost.StartAsync();
        var token = await host.AccessTokenAsync("private_creator");

        // Act
        var info = await host.Posting.QueryCreatorInfoAsync(token);

        // Assert
        Assert.Equal([TikTokPrivacyLevel.FollowerOfCreator, TikTokPrivacyLevel.MutualFollowFriends, TikTokPrivacyLevel.SelfOnly], info.PrivacyLevelOptions);
        Assert.True(info.IsPrivateAccount);
        Assert.False(info.CommentDisabled);
        Assert.True(info.DuetDisabled);
        Assert.True(info.StitchDisabled);
    }

    [Fact]
    public async Task Quiet_And_Short_Creators_Report_Their_Disabled_Interactions_And_Shorter_Limit()
    {
        // Arrange
        await using var host = await ContractHost.StartAsync();
        var quietToken = await host.AccessTokenAsync("quiet_creator");
        var shortToken = await host.AccessTokenAsync("short_creator");

        // Act
        var quiet = await host.Posting.QueryCreatorInfoAsync(quietToken);
        var shortOne = await host.Posting.QueryCreatorInfoAsync(shortToken);

        // Assert
        Assert.True(quiet.CommentDisabled);
        Assert.True(quiet.DuetDisabled);
        Assert.True(quiet.StitchDisabled);
        Assert.False(quiet.IsPrivateAccount);
        Assert.Equal(60, shortOne.MaxVideoPostDurationSec);
    }

    [Theory]
    [InlineData("capped_creator", "spam_risk_too_many_posts")]
    [InlineData("banned_creator", "spam_risk_user_banned_from_posting")]
    public async Task Cap_Errors_Arrive_With_HTTP_200_And_Surface_As_CreatorCannotPostNow(string username, string code)
    {
        // Arrange
        await using var host = await ContractHost.StartAsync();
        var token = await host.AccessTokenAsync(username);

        // Act
        var error = await Assert.ThrowsAsync<TikTokApiException>(() => host.Posting.QueryCreatorInfoAsync(token));

        // Assert
        Assert.Equal(code, error.Code);
        Assert.Equal(200, error.HttpStatus);
        Assert.Equal(TikTokErrorClass.CreatorCannotPostNow, error.Classification);
        Assert.False(string.IsNullOrEmpty(error.LogId));
    }

    [Fact]
    public async Task Upload_Only_Creator_Without_Video_Publish_Gets_Scope_Not_Authorized_On_Creator_Info_And_Direct_Init()
    {
        // Arrange: the creator consents through the page, but only ever grants basic + upload.
        await using var host = await ContractHost.StartAsync();
        var verifier = TikTokPkce.CreateVerifier();
        var url = host.Auth.BuildAuthorizeUrl(new TikTokAuthorizeRequest
        {
            Scopes = [TikTokScopes.UserInfoBasic, TikTokScopes.VideoPublish, TikTokScopes.VideoUpload],
            RedirectUri = ContractHost.RedirectUri,
            State = "s",
            CodeVerifier = verifier,
        });
        var consent = await ConsentBrowser.AuthorizeAsAsync(host.Browser, url, "upload_only_creator");
        var token = await host.Auth.ExchangeCodeAsync(consent.Code!, ContractHost.RedirectUri, verifier);
        var init = new DirectVideoInitRequest
        {
            PostInfo = new VideoPostInfo { PrivacyLevel = TikTokPrivacyLevel.SelfOnly },
            SourceInfo = ContractSteps.SmallFile(),
        };

        // Act
        var creatorInfo = await Assert.ThrowsAsync<TikTokApiException>(() => host.Posting.QueryCreatorInfoAsync(token.AccessToken));
        var direct = await Assert.ThrowsAsync<TikTokApiException>(() => host.Posting.InitDirectVideoAsync(token.AccessToken, init));

        // Assert
        Assert.Equal([TikTokScopes.UserInfoBasic, TikTokScopes.VideoUpload], token.GrantedScopes);
        foreach (var error in new[] { creatorInfo, direct })
        {
            Assert.Equal("scope_not_authorized", error.Code);
            Assert.Equal(401, error.HttpStatus);
            Assert.Equal(TikTokErrorClass.NeedsReauth, error.Classification);
        }
        Assert.Empty(await host.PostsAsync());
    }
}
