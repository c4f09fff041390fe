using TikTokStudio.TikTok.Errors;
using TikTokStudio.TikTok.Posting;

namespace TikTokStudio.TikTok.Tests.Contract;

/// <summary>status/fetch ownership and unknown ids, cancel of a pull, and a revoke while processing.</summary>
public sealed class StatusAndCancelContractTests
{
    [Fact]
    public async Task Status_Of_Another_Creators_Publish_Id_Is_Token_Not_Authorized_For_Specified_Publish_Id()
    {
        // Arrange
        await using var host = await ContractHost.StartAsync();
        var owner = await host.AccessTokenAsync("public_creator");
        var stranger = await host.AccessTokenAsync("quiet_creator");
        var (init, _) = await ContractSteps.DirectPostFileAsync(host, owner, 1_000);

        // Act
        var error = await Assert.ThrowsAsync<TikTokApiException>(() => host.Posting.FetchStatusAsync(stranger, init.PublishId));

        // Assert
        Assert.Equal("token_not_authorized_for_specified_publish_id", error.Code);
        Assert.Equal(400, error.HttpStatus);
        Assert.Equal(TikTokErrorClass.InvalidRequest, error.Classification);
    }

    [Fact]
    public async Task Status_Of_An_Unknown_Publish_Id_Is_Invalid_Publish_Id()
    {
        // Arrange
        await using var host = await ContractHost.StartAsync();
        var token = await host.AccessTokenAsync("public_creator");

        // Act
        var error = await Assert.ThrowsAsync<TikTokApiException>(() => host.Posting.FetchStatusAsync(token, "v_pub_file~v2-1.123456789"));

        // Assert
        Assert.Equal("invalid_publish_id", error.Code);
        Assert.Equal(400, error.HttpStatus);
        Assert.Equal(TikTokErrorClass.InvalidRequest, error.Classification);
    }

    [Fact]
    public async Task A_File_Upload_Post_Reports_Processing_Upload_With_The_Bytes_Received_So_Far()
    {
        // Arrange
        await using var host = await ContractHost.StartAsync();
        var token = await host.AccessTokenAsync("public_creator");
        var init = await host.Posting.InitDirectVideoAsync(token, ContractSteps.DirectFile(TikTokStudio.TikTok.Upload.ChunkPlanner.Plan(1_000)));

        // Act
        var status = await host.Posting.FetchStatusAsync(token, init.PublishId);

        // Assert
        Assert.Equal(TikTokPublishStatus.ProcessingUpload, status.Status);
        Assert.False(status.IsTerminal);
        Assert.Equal(0, status.UploadedBytes);
        Assert.Matches("^[0-9]{14}[0-9A-F]{20}$", status.LogId); // kept from the ok reply, for a failure report
    }

    [Fact]
    public async Task Cancelling_An_In_Flight_Pull_Ends_It_Failed_With_Publish_Cancelled()
    {
        // Arrange: the media server holds the download open.
        await using var host = await ContractHost.StartAsync();
        var token = await host.AccessTokenAsync("public_creator");
        var init = await host.Posting.InitDirectVideoAsync(token, new DirectVideoInitRequest
        {
            PostInfo = new VideoPostInfo { PrivacyLevel = TikTokPrivacyLevel.PublicToEveryone },
            SourceInfo = VideoSourceInfo.PullFromUrl(host.Media("slow.mp4")),
        });
        var downloading = await host.Posting.FetchStatusAsync(token, init.PublishId);

        // Act
        await host.Posting.CancelAsync(token, init.PublishId);
        var status = await host.Posting.FetchStatusAsync(token, init.PublishId);
        var again = await Assert.ThrowsAsync<TikTokApiException>(() => host.Posting.CancelAsync(token, init.PublishId));

        // Assert
        Assert.Equal(TikTokPublishStatus.ProcessingDownload, downloading.Status);
        Assert.Equal(TikTokPublishStatus.Failed, status.Status);
        Assert.Equal("publish_cancelled", status.FailReason);
        Assert.Equal(TikTokErrorClass.Permanent, TikTokErrorCatalog.DescribeFailReason(status.FailReason).Classification);
        Assert.Equal("publish_not_cancellable", again.Code);
        Assert.Equal(TikTokErrorClass.InvalidRequest, again.Classification);
    }

    [Fact]
    public async Task Cancelling_A_Finished_Upload_Is_Publish_Not_Cancellable()
    {
        // Arrange
        await using var host = await ContractHost.StartAsync();
        var token = await host.AccessTokenAsync("public_creator");
        var (init, _) = await ContractSteps.DirectPostFileAsync(host, token, 1_000);

        // Act
        var error = await Assert.ThrowsAsync<TikTokApiException>(() => host.Posting.CancelAsync(token, init.PublishId));

        // Assert
        Assert.Equal("publish_not_cancellable", error.Code);
        Assert.Equal(400, error.HttpStatus);
        Assert.Equal(TikTokErrorClass.InvalidRequest, error.Classification);
    }

    [Fact]
    public async Task A_Post_Still_Processing_When_Access_Is_Revoked_Fails_With_Auth_Removed()
    {
        // Arrange
        await using var host = await ContractHost.StartAsync();
        var issued = await host.IssueTokenAsync("public_creator");
        await host.SetFaultsAsync(new { processing_delay_ms = 60_000 });
        var (init, _) = await ContractSteps.DirectPostFileAsync(host, issued.AccessToken, 1_000);

        // Act: the creator removes the app, later reconnects, and the app checks the post.
        await host.Auth.RevokeAsync(issued.AccessToken);
        var reconnected = await host.AccessTokenAsync("public_creator");
        var status = await host.Posting.FetchStatusAsync(reconnected, init.PublishId);

        // Assert
        Assert.Equal(TikTokPublishStatus.Failed, status.Status);
        Assert.Equal("auth_removed", status.FailReason);
        Assert.Equal(TikTokErrorClass.NeedsReauth, TikTokErrorCatalog.DescribeFailReason(status.FailReason).Classification);
    }
}
