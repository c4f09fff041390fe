using TikTokStudio.TikTok.Auth;
using TikTokStudio.TikTok.Display;
using TikTokStudio.TikTok.Errors;
using TikTokStudio.TikTok.Posting;
using TikTokStudio.TikTok.Tests.TestSupport;
using TikTokStudio.TikTok.Upload;

namespace TikTokStudio.TikTok.Tests.Contract;

/// <summary>The whole journey through the client's front door, consent page included, as the app will run it.</summary>
public sealed class EndToEndContractTests
{
    [Fact]
    public async Task Connect_Through_Consent_Then_Post_A_Chunked_Video_Then_Refresh_And_Disconnect()
    {
        // Arrange
        await using var host = await ContractHost.StartAsync();
        const long size = 12_000_123;
        var verifier = TikTokPkce.CreateVerifier();
        var state = TikTokPkce.CreateState();
        var authorizeUrl = host.Auth.BuildAuthorizeUrl(new TikTokAuthorizeRequest
        {
            Scopes = [TikTokScopes.UserInfoBasic, TikTokScopes.UserInfoProfile, TikTokScopes.VideoPublish, TikTokScopes.VideoUpload],
            RedirectUri = ContractHost.RedirectUri,
            State = state,
            CodeVerifier = verifier,
            DisableAutoAuth = 1,
        });

        // Act: connect.
        var consent = await ConsentBrowser.AuthorizeAsAsync(host.Browser, authorizeUrl, "public_creator");
        var token = await host.Auth.ExchangeCodeAsync(consent.Code!, ContractHost.RedirectUri, verifier);
        var user = await host.Display.GetUserInfoAsync(token.AccessToken, TikTokUserFields.ForScopes(token.GrantedScopes));

        // Act: post, choosing a privacy level creator_info offers.
        var creator = await host.Posting.QueryCreatorInfoAsync(token.AccessToken);
        var privacy = creator.PrivacyLevelOptions.First(o => o == TikTokPrivacyLevel.PublicToEveryone);
        var plan = ChunkPlanner.Plan(size, 5_242_880);
        var init = await host.Posting.InitDirectVideoAsync(token.AccessToken, new DirectVideoInitRequest
        {
            PostInfo = new VideoPostInfo
            {
                PrivacyLevel = privacy,
                Title = "End to end #contract",
                DisableComment = creator.CommentDisabled,
                DisableDuet = creator.DuetDisabled,
                DisableStitch = creator.StitchDisabled,
            },
            SourceInfo = VideoSourceInfo.FileUpload(plan),
        });
        await using var video = new SyntheticStream(size);
        var upload = await host.Uploader.UploadAsync(new Uri(init.UploadUrl!), video, plan, "video/mp4", ContractSteps.NoDelay);
        var status = await host.Posting.FetchStatusAsync(token.AccessToken, init.PublishId);

        // Act: a day later the access token has expired; refresh, check again, then disconnect.
        await host.AdvanceClockAsync(TimeSpan.FromHours(25));
        var expired = await Assert.ThrowsAsync<TikTokApiException>(() => host.Posting.FetchStatusAsync(token.AccessToken, init.PublishId));
        var refreshed = await host.Auth.RefreshAsync(token.RefreshToken);
        var later = await host.Posting.FetchStatusAsync(refreshed.AccessToken, init.PublishId);
        await host.Auth.RevokeAsync(refreshed.AccessToken);
        var revoked = await Assert.ThrowsAsync<TikTokApiException>(() => host.Posting.FetchStatusAsync(refreshed.AccessToken, init.PublishId));
        var record = await host.PostRecordAsync(init.PublishId);

        // Assert
        Assert.Equal(state, consent.State);
        Assert.Equal("user.info.basic,user.info.profile,video.publish,video.upload", token.Scope);
        Assert.Equal(token.OpenId, user.OpenId);
        Assert.Equal("public_creator", user.Username);
        Assert.Equal("Pia Public", creator.CreatorNickname);
        Assert.True(upload.Completed);
        Assert.Equal(plan.TotalChunkCount, upload.ChunksSent);
        Assert.Equal(TikTokPublishStatus.PublishComplete, status.Status);
        Assert.Equal(size, status.UploadedBytes);
        Assert.Equal(TikTokErrorClass.NeedsReauth, expired.Classification);
        Assert.NotEqual(token.RefreshToken, refreshed.RefreshToken);
        Assert.Equal([record.GetProperty("post_id").GetInt64()], later.PublicPostIdsAsLong);
        Assert.Equal("access_token_invalid", revoked.Code);
        Assert.Equal(TikTokErrorClass.NeedsReauth, revoked.Classification);
        Assert.Equal(ContractSteps.Sha256Hex(size), record.GetProperty("sha256").GetString());
        Assert.Equal(size, record.GetProperty("bytes_received").GetInt64());
        Assert.Equal("End to end #contract", record.GetProperty("title").GetString());
    }
}
