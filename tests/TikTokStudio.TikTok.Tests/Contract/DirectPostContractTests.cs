using TikTokStudio.TikTok.Errors;
using TikTokStudio.TikTok.Posting;
using TikTokStudio.TikTok.Tests.TestSupport;
using TikTokStudio.TikTok.Upload;

namespace TikTokStudio.TikTok.Tests.Contract;

/// <summary>Direct video posts with FILE_UPLOAD: plan, init, chunked PUTs, status, and every way they can fail.</summary>
public sealed class DirectPostContractTests
{
    private const long Size = 12_000_123;
    private const long Chunk = 5_242_880;

    [Fact]
    public async Task Chunked_Direct_Post_Reaches_Publish_Complete_With_The_Planned_Chunks_Sha256_And_Byte_Count()
    {
        // Arrange
        await using var host = await ContractHost.StartAsync();
        var token = await host.AccessTokenAsync("public_creator");
        var plan = ChunkPlanner.Plan(Size, Chunk);
        var progress = new RecordingProgress<UploadProgress>();

        // Act
        var init = await host.Posting.InitDirectVideoAsync(token, ContractSteps.DirectFile(plan, title: "Contract #test @pia"));
        await using var stream = new SyntheticStream(Size);
        var upload = await host.Uploader.UploadAsync(new Uri(init.UploadUrl!), stream, plan, "video/mp4", ContractSteps.NoDelay, progress);
        var status = await host.Posting.FetchStatusAsync(token, init.PublishId);
        var record = await host.PostRecordAsync(init.PublishId);

        // Assert: the planner's numbers are the ones the emulator accepted and received.
        Assert.Equal(2, plan.TotalChunkCount);
        Assert.Equal(Size - Chunk, plan.LastChunkSize);
        Assert.StartsWith("v_pub_file~v2-1.", init.PublishId);
        Assert.StartsWith(host.TikTokBase + "/upload/?upload_id=", init.UploadUrl);
        Assert.Equal(new UploadResult(Size, 2, 201), upload);
        Assert.Equal(Size, progress.Reports[^1].BytesSent);
        Assert.Equal(TikTokPublishStatus.PublishComplete, status.Status);
        Assert.Null(status.FailReason);
        Assert.Equal(Size, status.UploadedBytes);
        Assert.Equal(ContractSteps.Sha256Hex(Size), record.GetProperty("sha256").GetString());
        Assert.Equal(Size, record.GetProperty("bytes_received").GetInt64());
        Assert.Equal(Size, record.GetProperty("video_size").GetInt64());
        Assert.Equal("DIRECT_POST", record.GetProperty("mode").GetString());
        Assert.Equal("FILE_UPLOAD", record.GetProperty("source").GetString());
        Assert.Equal("PUBLIC_TO_EVERYONE", record.GetProperty("privacy_level").GetString());
        Assert.Equal("Contract #test @pia", record.GetProperty("title").GetString());
        Assert.False(record.GetProperty("disable_comment").GetBoolean());
        Assert.True(record.GetProperty("disable_duet").GetBoolean());
        Assert.False(record.GetProperty("disable_stitch").GetBoolean());
        Assert.False(record.GetProperty("brand_content_toggle").GetBoolean());
        Assert.True(record.GetProperty("is_aigc").GetBoolean());
        Assert.Equal(1_500, record.GetProperty("video_cover_timestamp_ms").GetInt64());
    }

    [Fact]
    public async Task Injected_Chunk_5xx_Is_Retried_By_The_Uploader_And_The_Upload_Completes_With_The_Right_Sha256()
    {
        // Arrange
        await using var host = await ContractHost.StartAsync();
        var token = await host.AccessTokenAsync("public_creator");
        await host.SetFaultsAsync(new { fail_next_chunk_puts = 3 });

        // Act
        var (init, upload) = await ContractSteps.DirectPostFileAsync(host, token, Size, chunkSize: Chunk);
        var status = await host.Posting.FetchStatusAsync(token, init.PublishId);
        var record = await host.PostRecordAsync(init.PublishId);

        // Assert: 2 chunks, 3 of the PUTs answered 503 and were sent again.
        Assert.True(upload.Completed);
        Assert.Equal(2 + 3, host.Received("PUT", "/upload/"));
        Assert.Equal(TikTokPublishStatus.PublishComplete, status.Status);
        Assert.Equal(ContractSteps.Sha256Hex(Size), record.GetProperty("sha256").GetString());
        Assert.Equal(Size, record.GetProperty("bytes_received").GetInt64());
    }

    [Fact]
    public async Task Chunk_5xx_Beyond_The_Attempt_Budget_Fails_As_A_Transient_Upload_Error()
    {
        // Arrange
        await using var host = await ContractHost.StartAsync();
        var token = await host.AccessTokenAsync("public_creator");
        var plan = ChunkPlanner.Plan(Size, Chunk);
        var init = await host.Posting.InitDirectVideoAsync(token, ContractSteps.DirectFile(plan));
        await host.SetFaultsAsync(new { fail_next_chunk_puts = 2 });
        await using var stream = new SyntheticStream(Size);

        // Act
        var error = await Assert.ThrowsAsync<TikTokUploadException>(() => host.Uploader.UploadAsync(new Uri(init.UploadUrl!), stream, plan,
            options: ContractSteps.NoDelay with { MaxAttemptsPerChunk = 2 }));

        // Assert
        Assert.Equal(UploadErrorCodes.Failed, error.Code);
        Assert.Equal(503, error.HttpStatus);
        Assert.Equal(0, error.ChunkIndex);
        Assert.Equal(TikTokErrorClass.Transient, error.Classification);
    }

    [Theory]
    [InlineData(12_000_123, 5_242_880, 3, "invalid_params")]   // ceil instead of floor (Mixpost's count)
    [InlineData(12_000_123, 4_194_304, 2, "invalid_params")]   // chunk under 5 MiB
    [InlineData(130_000_000, 65_000_000, 2, "invalid_params")] // chunk over 64,000,000
    [InlineData(4_000_000, 1_000_000, 4, "invalid_params")]    // a small file must go whole
    [InlineData(4_294_967_297, 10_000_000, 429, "invalid_param")] // over 4 GB
    public async Task A_Chunk_Plan_That_Breaks_The_Rules_Is_Rejected_At_Init_As_InvalidRequest(long size, long chunk, long count, string code)
    {
        // Arrange: bypass the planner with a hand-made source_info.
        await using var host = await ContractHost.StartAsync();
        var token = await host.AccessTokenAsync("public_creator");
        var request = new DirectVideoInitRequest
        {
            PostInfo = new VideoPostInfo { PrivacyLevel = TikTokPrivacyLevel.PublicToEveryone },
            SourceInfo = new VideoSourceInfo { Source = VideoSourceInfo.FileUploadSource, VideoSize = size, ChunkSize = chunk, TotalChunkCount = count },
        };

        // Act
        var error = await Assert.ThrowsAsync<TikTokApiException>(() => host.Posting.InitDirectVideoAsync(token, request));

        // Assert
        Assert.Equal(code, error.Code);
        Assert.Equal(400, error.HttpStatus);
        Assert.Equal(TikTokErrorClass.InvalidRequest, error.Classification);
        Assert.Empty(await host.PostsAsync());
    }

    [Fact]
    public async Task A_Caption_Of_2200_Utf16_Units_With_Emoji_Is_Accepted_And_One_More_Unit_Is_Invalid_Param()
    {
        // Arrange: each emoji is a surrogate pair, two UTF-16 code units.
        await using var host = await ContractHost.StartAsync();
        var token = await host.AccessTokenAsync("public_creator");
        var longest = string.Concat(Enumerable.Repeat("😀", 1_100));
        var plan = ChunkPlanner.Plan(1_000);

        // Act
        var accepted = await host.Posting.InitDirectVideoAsync(token, ContractSteps.DirectFile(plan, title: longest));
        var error = await Assert.ThrowsAsync<TikTokApiException>(() =>
            host.Posting.InitDirectVideoAsync(token, ContractSteps.DirectFile(plan, title: longest + "a")));

        // Assert
        Assert.Equal(2_200, longest.Length);
        Assert.Equal(longest, (await host.PostRecordAsync(accepted.PublishId)).GetProperty("title").GetString());
        Assert.Equal("invalid_param", error.Code);
        Assert.Equal(TikTokErrorClass.InvalidRequest, error.Classification);
    }

    [Fact]
    public async Task A_Chunk_Sent_As_A_Non_Video_Type_Is_A_Typed_Bad_Request()
    {
        // Arrange
        await using var host = await ContractHost.StartAsync();
        var token = await host.AccessTokenAsync("public_creator");
        var plan = ChunkPlanner.Plan(1_000);
        var init = await host.Posting.InitDirectVideoAsync(token, ContractSteps.DirectFile(plan));
        await using var stream = new SyntheticStream(plan.VideoSize);

        // Act
        var error = await Assert.ThrowsAsync<TikTokUploadException>(() =>
            host.Uploader.UploadAsync(new Uri(init.UploadUrl!), stream, plan, "image/jpeg", ContractSteps.NoDelay));

        // Assert
        Assert.Equal(UploadErrorCodes.BadRequest, error.Code);
        Assert.Equal(400, error.HttpStatus);
        Assert.Equal(TikTokErrorClass.InvalidRequest, error.Classification);
    }

    [Fact]
    public async Task Out_Of_Order_Chunk_Gets_416_As_A_Typed_Range_Mismatch_That_Says_Where_To_Resume()
    {
        // Arrange: the uploader believes chunk 0 already went up; the emulator has nothing.
        await using var host = await ContractHost.StartAsync();
        var token = await host.AccessTokenAsync("public_creator");
        var plan = ChunkPlanner.Plan(Size, Chunk);
        var init = await host.Posting.InitDirectVideoAsync(token, ContractSteps.DirectFile(plan));
        await using var stream = new SyntheticStream(Size);
        var uploadUrl = new Uri(init.UploadUrl!);

        // Act
        var error = await Assert.ThrowsAsync<TikTokUploadException>(() =>
            host.Uploader.UploadAsync(uploadUrl, stream, plan, options: ContractSteps.NoDelay with { StartOffset = plan.GetChunk(1).First }));
        var resumed = await host.Uploader.UploadAsync(uploadUrl, stream, plan, options: ContractSteps.NoDelay with { StartOffset = error.ServerReceivedBytes!.Value });
        var record = await host.PostRecordAsync(init.PublishId);

        // Assert
        Assert.Equal(UploadErrorCodes.RangeMismatch, error.Code);
        Assert.Equal(416, error.HttpStatus);
        Assert.Equal(1, error.ChunkIndex);
        Assert.Equal(0, error.ServerReceivedBytes);
        Assert.Equal(TikTokErrorClass.InvalidRequest, error.Classification);
        Assert.True(resumed.Completed);
        Assert.Equal(ContractSteps.Sha256Hex(Size), record.GetProperty("sha256").GetString());
    }

    [Fact]
    public async Task A_Chunk_Sent_Twice_Gets_416_Reporting_The_Bytes_Already_Received()
    {
        // Arrange: chunk 0 went up (sent by hand, as a crashed worker would have), then the app starts over.
        await using var host = await ContractHost.StartAsync();
        var token = await host.AccessTokenAsync("public_creator");
        var plan = ChunkPlanner.Plan(Size, Chunk);
        var init = await host.Posting.InitDirectVideoAsync(token, ContractSteps.DirectFile(plan));
        await using var stream = new SyntheticStream(Size);
        var uploadUrl = new Uri(init.UploadUrl!);
        var first = new byte[Chunk];
        stream.ReadExactly(first);
        using (var content = new ByteArrayContent(first))
        {
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("video/mp4");
            content.Headers.ContentRange = new System.Net.Http.Headers.ContentRangeHeaderValue(0, Chunk - 1, Size);
            using var put = await host.Browser.PutAsync(uploadUrl, content);
            Assert.Equal(System.Net.HttpStatusCode.PartialContent, put.StatusCode);
        }

        // Act
        var error = await Assert.ThrowsAsync<TikTokUploadException>(() => host.Uploader.UploadAsync(uploadUrl, stream, plan, options: ContractSteps.NoDelay));
        var resumed = await host.Uploader.UploadAsync(uploadUrl, stream, plan, options: ContractSteps.NoDelay with { StartOffset = error.ServerReceivedBytes!.Value });

        // Assert
        Assert.Equal(UploadErrorCodes.RangeMismatch, error.Code);
        Assert.Equal(0, error.ChunkIndex);
        Assert.Equal(Chunk, error.ServerReceivedBytes);
        Assert.Equal(1, resumed.ChunksSent);
        Assert.True(resumed.Completed);
        Assert.Equal(ContractSteps.Sha256Hex(Size), (await host.PostRecordAsync(init.PublishId)).GetProperty("sha256").GetString());
    }

    [Fact]
    public async Task Upload_Url_Refused_With_403_An_Hour_After_Init_Is_A_Typed_Expired_Error()
    {
        // Arrange
        await using var host = await ContractHost.StartAsync();
        var token = await host.AccessTokenAsync("public_creator");
        var plan = ChunkPlanner.Plan(Size, Chunk);
        var init = await host.Posting.InitDirectVideoAsync(token, ContractSteps.DirectFile(plan));
        await host.AdvanceClockAsync(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1));
        await using var stream = new SyntheticStream(Size);

        // Act
        var error = await Assert.ThrowsAsync<TikTokUploadException>(() =>
            host.Uploader.UploadAsync(new Uri(init.UploadUrl!), stream, plan, options: ContractSteps.NoDelay));

        // Assert
        Assert.Equal(UploadErrorCodes.UrlExpired, error.Code);
        Assert.Equal(403, error.HttpStatus);
        Assert.Equal(TikTokErrorClass.Permanent, error.Classification);
        Assert.Equal(1, host.Received("PUT", "/upload/"));
    }

    [Fact]
    public async Task A_Privacy_Level_Outside_The_Creators_Options_Is_Refused_With_Privacy_Level_Option_Mismatch()
    {
        // Arrange: FOLLOWER_OF_CREATOR is only offered to private accounts.
        await using var host = await ContractHost.StartAsync();
        var token = await host.AccessTokenAsync("public_creator");
        var options = (await host.Posting.QueryCreatorInfoAsync(token)).PrivacyLevelOptions;

        // Act
        var error = await Assert.ThrowsAsync<TikTokApiException>(() =>
            host.Posting.InitDirectVideoAsync(token, ContractSteps.DirectFile(ChunkPlanner.Plan(1_000), TikTokPrivacyLevel.FollowerOfCreator)));

        // Assert
        Assert.DoesNotContain(TikTokPrivacyLevel.FollowerOfCreator, options);
        Assert.Equal("privacy_level_option_mismatch", error.Code);
        Assert.Equal(403, error.HttpStatus);
        Assert.Equal(TikTokErrorClass.InvalidRequest, error.Classification);
        Assert.Empty(await host.PostsAsync());
    }

    [Theory]
    [InlineData("duration_check_failed", TikTokErrorClass.ContentRejected)]
    [InlineData("spam_risk_text", TikTokErrorClass.ContentRejected)]
    [InlineData("internal", TikTokErrorClass.Transient)]
    public async Task A_Scripted_Fail_Reason_Surfaces_In_Status_And_Is_Explained_By_The_Catalog(string failReason, TikTokErrorClass expected)
    {
        // Arrange
        await using var host = await ContractHost.StartAsync();
        var token = await host.AccessTokenAsync("public_creator");
        await host.SetFaultsAsync(new { next_fail_reason = failReason });

        // Act
        var (init, upload) = await ContractSteps.DirectPostFileAsync(host, token, 1_000);
        var status = await host.Posting.FetchStatusAsync(token, init.PublishId);
        var described = TikTokErrorCatalog.DescribeFailReason(status.FailReason);

        // Assert
        Assert.True(upload.Completed);
        Assert.Equal(TikTokPublishStatus.Failed, status.Status);
        Assert.True(status.IsTerminal);
        Assert.Equal(failReason, status.FailReason);
        Assert.Empty(status.PublicalyAvailablePostIds);
        Assert.Equal(failReason, described.Code);
        Assert.Equal(TikTokErrorSource.FailReason, described.Source);
        Assert.Equal(expected, described.Classification);
        Assert.Same(TikTokErrorCatalog.Find(TikTokErrorSource.FailReason, failReason), described);
    }

    [Fact]
    public async Task Public_Post_Id_Appears_Only_For_Public_Posts_And_Only_After_Moderation()
    {
        // Arrange
        await using var host = await ContractHost.StartAsync();
        var token = await host.AccessTokenAsync("public_creator");
        await host.SetFaultsAsync(new { moderation_delay_ms = 60_000 });
        var (publicPost, _) = await ContractSteps.DirectPostFileAsync(host, token, 1_000, TikTokPrivacyLevel.PublicToEveryone);
        var (privatePost, _) = await ContractSteps.DirectPostFileAsync(host, token, 1_000, TikTokPrivacyLevel.SelfOnly);

        // Act
        var publicBefore = await host.Posting.FetchStatusAsync(token, publicPost.PublishId);
        await host.AdvanceClockAsync(TimeSpan.FromSeconds(61));
        var publicAfter = await host.Posting.FetchStatusAsync(token, publicPost.PublishId);
        var privateAfter = await host.Posting.FetchStatusAsync(token, privatePost.PublishId);
        var record = await host.PostRecordAsync(publicPost.PublishId);

        // Assert
        Assert.Equal(TikTokPublishStatus.PublishComplete, publicBefore.Status);
        Assert.Empty(publicBefore.PublicalyAvailablePostIds);
        Assert.Equal(TikTokPublishStatus.PublishComplete, publicAfter.Status);
        Assert.Equal([record.GetProperty("post_id").GetInt64()], publicAfter.PublicPostIdsAsLong);
        Assert.Equal(TikTokPublishStatus.PublishComplete, privateAfter.Status);
        Assert.Empty(privateAfter.PublicalyAvailablePostIds);
    }
}
