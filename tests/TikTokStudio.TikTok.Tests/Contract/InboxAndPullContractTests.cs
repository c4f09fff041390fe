using System.Security.Cryptography;
using TikTokStudio.TikTok.Errors;
using TikTokStudio.TikTok.Posting;
using TikTokStudio.TikTok.Tests.TestSupport;
using TikTokStudio.TikTok.Upload;

namespace TikTokStudio.TikTok.Tests.Contract;

/// <summary>Inbox (draft) uploads, photo posts and video pulls from a loopback URL on a verified domain.</summary>
public sealed class InboxAndPullContractTests
{
    [Fact]
    public async Task Inbox_Upload_Waits_In_The_Inbox_Then_Is_Published_When_The_Creator_Completes_The_Draft()
    {
        // Arrange: upload_only_creator grants video.upload but never video.publish.
        await using var host = await ContractHost.StartAsync();
        var token = await host.AccessTokenAsync("upload_only_creator");
        const long size = 12_000_123;
        var plan = ChunkPlanner.Plan(size, 5_242_880);

        // Act
        var init = await host.Posting.InitInboxVideoAsync(token, new InboxVideoInitRequest { SourceInfo = VideoSourceInfo.FileUpload(plan) });
        await using var stream = new SyntheticStream(size);
        var upload = await host.Uploader.UploadAsync(new Uri(init.UploadUrl!), stream, plan, "video/quicktime", ContractSteps.NoDelay);
        var inInbox = await host.Posting.FetchStatusAsync(token, init.PublishId);
        await host.CompleteInboxAsync(init.PublishId, TikTokPrivacyLevel.PublicToEveryone);
        var published = await host.Posting.FetchStatusAsync(token, init.PublishId);
        var record = await host.PostRecordAsync(init.PublishId);

        // Assert
        Assert.StartsWith("v_inbox_file~v2.", init.PublishId);
        Assert.True(upload.Completed);
        Assert.Equal(TikTokPublishStatus.SendToUserInbox, inInbox.Status);
        Assert.True(inInbox.IsTerminal);
        Assert.Equal(size, inInbox.UploadedBytes);
        Assert.Equal(TikTokPublishStatus.PublishComplete, published.Status);
        Assert.Equal([record.GetProperty("post_id").GetInt64()], published.PublicPostIdsAsLong);
        Assert.Equal("MEDIA_UPLOAD", record.GetProperty("mode").GetString());
        Assert.Equal(ContractSteps.Sha256Hex(size), record.GetProperty("sha256").GetString());
    }

    [Fact]
    public async Task The_Sixth_Pending_Inbox_Share_In_24_Hours_Video_Or_Photo_Is_Refused_As_CreatorCannotPostNow()
    {
        // Arrange: four video drafts and one photo draft are pending.
        await using var host = await ContractHost.StartAsync();
        var token = await host.AccessTokenAsync("upload_only_creator");
        var request = new InboxVideoInitRequest { SourceInfo = ContractSteps.SmallFile() };
        for (var i = 0; i < 4; i++) await host.Posting.InitInboxVideoAsync(token, request);
        await host.Posting.InitPhotoAsync(token, new PhotoInitRequest
        {
            PostMode = TikTokPostMode.MediaUpload,
            SourceInfo = new PhotoSourceInfo { PhotoImages = [host.Media("photo-1.jpg")], PhotoCoverIndex = 0 },
        });

        // Act
        var error = await Assert.ThrowsAsync<TikTokApiException>(() => host.Posting.InitInboxVideoAsync(token, request));

        // Assert
        Assert.Equal("spam_risk_too_many_pending_share", error.Code);
        Assert.Equal(403, error.HttpStatus);
        Assert.Equal(TikTokErrorClass.CreatorCannotPostNow, error.Classification);
        Assert.Equal(5, (await host.PostsAsync()).Length);
    }

    [Fact]
    public async Task Photo_Direct_Post_Pulled_From_A_Loopback_Url_Reaches_Publish_Complete()
    {
        // Arrange
        await using var host = await ContractHost.StartAsync();
        var token = await host.AccessTokenAsync("public_creator");
        var request = new PhotoInitRequest
        {
            PostMode = TikTokPostMode.DirectPost,
            PostInfo = new PhotoPostInfo
            {
                Title = "Two photos",
                Description = "From the contract tests #photos",
                PrivacyLevel = TikTokPrivacyLevel.PublicToEveryone,
                DisableComment = true,
                AutoAddMusic = true,
            },
            SourceInfo = new PhotoSourceInfo { PhotoImages = [host.Media("photo-1.jpg"), host.Media("photo-2.jpg")], PhotoCoverIndex = 1 },
            IsAigc = false,
        };

        // Act
        var init = await host.Posting.InitPhotoAsync(token, request);
        await host.WaitUntilProcessedAsync(init.PublishId);
        var status = await host.Posting.FetchStatusAsync(token, init.PublishId);
        var record = await host.PostRecordAsync(init.PublishId);

        // Assert
        Assert.StartsWith("p_pub_url~v2.", init.PublishId);
        Assert.Null(init.UploadUrl);
        Assert.Equal(TikTokPublishStatus.PublishComplete, status.Status);
        Assert.Equal(ContractHost.Jpeg(1).Length + ContractHost.Jpeg(2).Length, status.DownloadedBytes);
        Assert.Null(status.UploadedBytes);
        Assert.Equal([record.GetProperty("post_id").GetInt64()], status.PublicPostIdsAsLong);
        Assert.Equal(1, host.ReceivedAt("GET", "/media/photo-1.jpg"));
        Assert.Equal(1, host.ReceivedAt("GET", "/media/photo-2.jpg"));
        Assert.Equal("PHOTO", record.GetProperty("media_type").GetString());
        Assert.Equal("DIRECT_POST", record.GetProperty("mode").GetString());
        Assert.Equal(1, record.GetProperty("photo_cover_index").GetInt32());
        Assert.Equal([host.Media("photo-1.jpg"), host.Media("photo-2.jpg")],
            record.GetProperty("photo_images").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("Two photos", record.GetProperty("title").GetString());
        Assert.Equal("From the contract tests #photos", record.GetProperty("description").GetString());
        Assert.True(record.GetProperty("disable_comment").GetBoolean());
        Assert.True(record.GetProperty("auto_add_music").GetBoolean());
        Assert.False(record.GetProperty("is_aigc").GetBoolean());
    }

    [Fact]
    public async Task Photo_Media_Upload_With_Only_The_Upload_Scope_Lands_In_The_Inbox()
    {
        // Arrange
        await using var host = await ContractHost.StartAsync();
        var token = await host.AccessTokenAsync("upload_only_creator");
        var request = new PhotoInitRequest
        {
            PostMode = TikTokPostMode.MediaUpload,
            PostInfo = new PhotoPostInfo { Title = "Draft photo" },
            SourceInfo = new PhotoSourceInfo { PhotoImages = [host.Media("photo-3.jpg")], PhotoCoverIndex = 0 },
        };

        // Act
        var init = await host.Posting.InitPhotoAsync(token, request);
        await host.WaitUntilProcessedAsync(init.PublishId);
        var status = await host.Posting.FetchStatusAsync(token, init.PublishId);

        // Assert
        Assert.Equal(TikTokPublishStatus.SendToUserInbox, status.Status);
        Assert.Equal(ContractHost.Jpeg(3).Length, status.DownloadedBytes);
    }

    [Fact]
    public async Task Photo_Direct_Post_Without_The_Publish_Scope_Is_Scope_Not_Authorized()
    {
        // Arrange
        await using var host = await ContractHost.StartAsync();
        var token = await host.AccessTokenAsync("upload_only_creator");
        var request = new PhotoInitRequest
        {
            PostMode = TikTokPostMode.DirectPost,
            PostInfo = new PhotoPostInfo { PrivacyLevel = TikTokPrivacyLevel.SelfOnly },
            SourceInfo = new PhotoSourceInfo { PhotoImages = [host.Media("photo-1.jpg")], PhotoCoverIndex = 0 },
        };

        // Act
        var error = await Assert.ThrowsAsync<TikTokApiException>(() => host.Posting.InitPhotoAsync(token, request));

        // Assert
        Assert.Equal("scope_not_authorized", error.Code);
        Assert.Equal(TikTokErrorClass.NeedsReauth, error.Classification);
    }

    [Fact]
    public async Task Media_On_An_Unverified_Host_Is_Refused_With_Url_Ownership_Unverified_Before_Any_Download()
    {
        // Arrange: same server, but "localhost" is not the verified domain (127.0.0.1 is).
        await using var host = await ContractHost.StartAsync();
        var token = await host.AccessTokenAsync("public_creator");
        var unverified = host.Media("photo-1.jpg").Replace("127.0.0.1", "localhost", StringComparison.Ordinal);
        var request = new PhotoInitRequest
        {
            PostMode = TikTokPostMode.DirectPost,
            PostInfo = new PhotoPostInfo { PrivacyLevel = TikTokPrivacyLevel.PublicToEveryone },
            SourceInfo = new PhotoSourceInfo { PhotoImages = [unverified], PhotoCoverIndex = 0 },
        };

        // Act
        var error = await Assert.ThrowsAsync<TikTokApiException>(() => host.Posting.InitPhotoAsync(token, request));

        // Assert
        Assert.Equal("url_ownership_unverified", error.Code);
        Assert.Equal(403, error.HttpStatus);
        Assert.Equal(TikTokErrorClass.Permanent, error.Classification);
        Assert.Equal(0, host.ReceivedAt("GET", "/media/photo-1.jpg"));
    }

    [Fact]
    public async Task Video_Pulled_From_A_Verified_Url_Is_Published_With_The_Served_Bytes()
    {
        // Arrange
        await using var host = await ContractHost.StartAsync();
        var token = await host.AccessTokenAsync("public_creator");
        var request = new DirectVideoInitRequest
        {
            PostInfo = new VideoPostInfo { PrivacyLevel = TikTokPrivacyLevel.SelfOnly, Title = "Pulled" },
            SourceInfo = VideoSourceInfo.PullFromUrl(host.Media("video.mp4")),
        };

        // Act
        var init = await host.Posting.InitDirectVideoAsync(token, request);
        var record = await host.WaitUntilProcessedAsync(init.PublishId);
        var status = await host.Posting.FetchStatusAsync(token, init.PublishId);

        // Assert
        Assert.StartsWith("v_pub_url~v2.", init.PublishId);
        Assert.Null(init.UploadUrl);
        Assert.Equal(TikTokPublishStatus.PublishComplete, status.Status);
        Assert.Equal(ContractHost.Jpeg(0).Length, status.DownloadedBytes);
        Assert.Empty(status.PublicalyAvailablePostIds);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(ContractHost.Jpeg(0))), record.GetProperty("sha256").GetString());
    }

    [Fact]
    public async Task A_Pull_That_Is_Redirected_Fails_With_Video_Pull_Failed()
    {
        // Arrange: TikTok treats a 3xx as an invalid media URL.
        await using var host = await ContractHost.StartAsync();
        var token = await host.AccessTokenAsync("public_creator");

        // Act
        var init = await host.Posting.InitDirectVideoAsync(token, new DirectVideoInitRequest
        {
            PostInfo = new VideoPostInfo { PrivacyLevel = TikTokPrivacyLevel.SelfOnly },
            SourceInfo = VideoSourceInfo.PullFromUrl(host.Media("moved.mp4")),
        });
        await host.WaitUntilProcessedAsync(init.PublishId);
        var status = await host.Posting.FetchStatusAsync(token, init.PublishId);

        // Assert
        Assert.Equal(TikTokPublishStatus.Failed, status.Status);
        Assert.Equal("video_pull_failed", status.FailReason);
        Assert.Equal(TikTokErrorClass.Transient, TikTokErrorCatalog.DescribeFailReason(status.FailReason).Classification);
        Assert.Equal(0, host.ReceivedAt("GET", "/media/video.mp4"));
    }

    [Fact]
    public async Task A_Photo_That_Cannot_Be_Downloaded_Fails_With_Photo_Pull_Failed()
    {
        // Arrange
        await using var host = await ContractHost.StartAsync();
        var token = await host.AccessTokenAsync("public_creator");

        // Act
        var init = await host.Posting.InitPhotoAsync(token, new PhotoInitRequest
        {
            PostMode = TikTokPostMode.DirectPost,
            PostInfo = new PhotoPostInfo { PrivacyLevel = TikTokPrivacyLevel.SelfOnly },
            SourceInfo = new PhotoSourceInfo { PhotoImages = [host.Media("photo-1.jpg"), host.Media("missing.jpg")], PhotoCoverIndex = 0 },
        });
        await host.WaitUntilProcessedAsync(init.PublishId);
        var status = await host.Posting.FetchStatusAsync(token, init.PublishId);

        // Assert
        Assert.Equal(TikTokPublishStatus.Failed, status.Status);
        Assert.Equal("photo_pull_failed", status.FailReason);
    }

    [Theory]
    [InlineData(91, 0, 0)]      // title over 90 UTF-16 units
    [InlineData(10, 4_001, 0)]  // description over 4000
    [InlineData(10, 10, 2)]     // cover index outside photo_images
    public async Task A_Photo_Post_Breaking_The_Content_Rules_Is_Invalid_Param(int titleLength, int descriptionLength, int coverIndex)
    {
        // Arrange
        await using var host = await ContractHost.StartAsync();
        var token = await host.AccessTokenAsync("public_creator");
        var request = new PhotoInitRequest
        {
            PostMode = TikTokPostMode.DirectPost,
            PostInfo = new PhotoPostInfo
            {
                Title = new string('t', titleLength),
                Description = new string('d', descriptionLength),
                PrivacyLevel = TikTokPrivacyLevel.SelfOnly,
            },
            SourceInfo = new PhotoSourceInfo { PhotoImages = [host.Media("photo-1.jpg"), host.Media("photo-2.jpg")], PhotoCoverIndex = coverIndex },
        };

        // Act
        var error = await Assert.ThrowsAsync<TikTokApiException>(() => host.Posting.InitPhotoAsync(token, request));

        // Assert
        Assert.Equal("invalid_param", error.Code);
        Assert.Equal(400, error.HttpStatus);
        Assert.Equal(TikTokErrorClass.InvalidRequest, error.Classification);
    }

    [Fact]
    public async Task A_Photo_Draft_To_A_Creator_On_An_Old_App_Is_App_Version_Check_Failed()
    {
        // Arrange
        await using var host = await ContractHost.StartAsync();
        var token = await host.AccessTokenAsync("upload_only_creator");
        await host.SetCreatorAsync("upload_only_creator", new { app_version = "31.7.2" });

        // Act
        var error = await Assert.ThrowsAsync<TikTokApiException>(() => host.Posting.InitPhotoAsync(token, new PhotoInitRequest
        {
            PostMode = TikTokPostMode.MediaUpload,
            SourceInfo = new PhotoSourceInfo { PhotoImages = [host.Media("photo-1.jpg")], PhotoCoverIndex = 0 },
        }));

        // Assert
        Assert.Equal("app_version_check_failed", error.Code);
        Assert.Equal(400, error.HttpStatus);
        Assert.Equal(TikTokErrorClass.CreatorCannotPostNow, error.Classification);
    }
}
