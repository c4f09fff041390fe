using System.Net;
using System.Text.Json;
using TikTokStudio.TikTok.Errors;
using TikTokStudio.TikTok.Posting;
using TikTokStudio.TikTok.Tests.TestSupport;
using TikTokStudio.TikTok.Upload;

namespace TikTokStudio.TikTok.Tests.Posting;

public class TikTokPostingClientTests
{
    private const string Token = "act.1234";
    private const string InitOk = """{"publish_id":"v_pub_file~v2-1.123456789","upload_url":"https://open-upload.tiktokapis.com/video/?upload_id=67890&upload_token=Xza123"}""";

    private static JsonElement Body(RecordedRequest request) => JsonDocument.Parse(request.Body!).RootElement;

    private static string[] Keys(JsonElement element) => element.EnumerateObject().Select(p => p.Name).Order().ToArray();

    [Fact]
    public async Task Direct_File_Upload_Init_Sends_The_Documented_Json()
    {
        // Arrange
        var handler = new FakeHttpHandler((_, _) => FakeHttpHandler.Ok(InitOk));
        var client = Clients.Posting(handler);
        var plan = ChunkPlanner.Plan(50_000_123, 10_000_000);

        // Act
        var result = await client.InitDirectVideoAsync(Token, new DirectVideoInitRequest
        {
            PostInfo = new VideoPostInfo
            {
                PrivacyLevel = TikTokPrivacyLevel.MutualFollowFriends,
                Title = "this will be a funny #cat video on your @tiktok #fyp",
                DisableComment = true,
                DisableDuet = false,
                VideoCoverTimestampMs = 1000,
            },
            SourceInfo = VideoSourceInfo.FileUpload(plan),
        });

        // Assert
        var request = Assert.Single(handler.Requests);
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal("http://127.0.0.1:5000/emulators/tiktok/v2/post/publish/video/init/", request.Uri.ToString());
        Assert.Equal("Bearer", request.Headers.Authorization!.Scheme);
        Assert.Equal(Token, request.Headers.Authorization.Parameter);
        Assert.Equal("application/json; charset=UTF-8", request.ContentType);

        var body = Body(request);
        Assert.Equal(["post_info", "source_info"], Keys(body));
        var postInfo = body.GetProperty("post_info");
        Assert.Equal(["brand_content_toggle", "disable_comment", "disable_duet", "privacy_level", "title", "video_cover_timestamp_ms"], Keys(postInfo));
        Assert.Equal("MUTUAL_FOLLOW_FRIENDS", postInfo.GetProperty("privacy_level").GetString());
        Assert.True(postInfo.GetProperty("disable_comment").GetBoolean());
        Assert.False(postInfo.GetProperty("brand_content_toggle").GetBoolean());
        Assert.Equal(1000, postInfo.GetProperty("video_cover_timestamp_ms").GetInt32());
        var source = body.GetProperty("source_info");
        Assert.Equal(["chunk_size", "source", "total_chunk_count", "video_size"], Keys(source));
        Assert.Equal("FILE_UPLOAD", source.GetProperty("source").GetString());
        Assert.Equal(50_000_123, source.GetProperty("video_size").GetInt64());
        Assert.Equal(10_000_000, source.GetProperty("chunk_size").GetInt64());
        Assert.Equal(5, source.GetProperty("total_chunk_count").GetInt64());

        Assert.Equal("v_pub_file~v2-1.123456789", result.PublishId);
        Assert.Equal("https://open-upload.tiktokapis.com/video/?upload_id=67890&upload_token=Xza123", result.UploadUrl);
    }

    [Fact]
    public async Task Direct_Pull_From_Url_Init_Sends_Only_The_Url_As_Source()
    {
        // Arrange
        var handler = new FakeHttpHandler((_, _) => FakeHttpHandler.Ok("""{"publish_id":"v_pub_url~v2.123456789"}"""));
        var client = Clients.Posting(handler);

        // Act
        var result = await client.InitDirectVideoAsync(Token, new DirectVideoInitRequest
        {
            PostInfo = new VideoPostInfo { PrivacyLevel = TikTokPrivacyLevel.SelfOnly, IsAigc = true, BrandOrganicToggle = true },
            SourceInfo = VideoSourceInfo.PullFromUrl("https://media.example.com/v/1.mp4"),
        });

        // Assert
        var body = Body(Assert.Single(handler.Requests));
        Assert.Equal(["source", "video_url"], Keys(body.GetProperty("source_info")));
        Assert.Equal("PULL_FROM_URL", body.GetProperty("source_info").GetProperty("source").GetString());
        Assert.Equal("https://media.example.com/v/1.mp4", body.GetProperty("source_info").GetProperty("video_url").GetString());
        Assert.Equal(["brand_content_toggle", "brand_organic_toggle", "is_aigc", "privacy_level"], Keys(body.GetProperty("post_info")));
        Assert.Equal("v_pub_url~v2.123456789", result.PublishId);
        Assert.Null(result.UploadUrl);
    }

    [Fact]
    public async Task Inbox_Init_Sends_Only_Source_Info()
    {
        // Arrange
        var handler = new FakeHttpHandler((_, _) => FakeHttpHandler.Ok("""{"publish_id":"v_inbox_file~v2.123456789","upload_url":"https://u/"}"""));
        var client = Clients.Posting(handler);

        // Act
        var result = await client.InitInboxVideoAsync(Token, new InboxVideoInitRequest { SourceInfo = VideoSourceInfo.FileUpload(ChunkPlanner.Plan(4_194_304)) });

        // Assert
        var request = Assert.Single(handler.Requests);
        Assert.EndsWith("/v2/post/publish/inbox/video/init/", request.Uri.AbsolutePath);
        var body = Body(request);
        Assert.Equal(["source_info"], Keys(body));
        Assert.Equal(4_194_304, body.GetProperty("source_info").GetProperty("chunk_size").GetInt64());
        Assert.Equal(1, body.GetProperty("source_info").GetProperty("total_chunk_count").GetInt64());
        Assert.Equal("v_inbox_file~v2.123456789", result.PublishId);
    }

    [Fact]
    public async Task Photo_Init_Sends_The_Documented_Json()
    {
        // Arrange
        var handler = new FakeHttpHandler((_, _) => FakeHttpHandler.Ok("""{"publish_id":"p_pub_url~v2.123456789"}"""));
        var client = Clients.Posting(handler);

        // Act
        var result = await client.InitPhotoAsync(Token, new PhotoInitRequest
        {
            PostMode = TikTokPostMode.DirectPost,
            PostInfo = new PhotoPostInfo
            {
                Title = "funny cat",
                Description = "this will be a #funny photo on your @tiktok #fyp",
                PrivacyLevel = TikTokPrivacyLevel.PublicToEveryone,
                DisableComment = true,
                AutoAddMusic = true,
            },
            SourceInfo = new PhotoSourceInfo { PhotoImages = ["https://media.example.com/1.jpg", "https://media.example.com/2.jpg"], PhotoCoverIndex = 1 },
            IsAigc = true,
        });

        // Assert
        var request = Assert.Single(handler.Requests);
        Assert.EndsWith("/v2/post/publish/content/init/", request.Uri.AbsolutePath);
        var body = Body(request);
        Assert.Equal(["is_aigc", "media_type", "post_info", "post_mode", "source_info"], Keys(body));
        Assert.Equal("PHOTO", body.GetProperty("media_type").GetString());
        Assert.Equal("DIRECT_POST", body.GetProperty("post_mode").GetString());
        Assert.True(body.GetProperty("is_aigc").GetBoolean());
        Assert.Equal(["auto_add_music", "description", "disable_comment", "privacy_level", "title"], Keys(body.GetProperty("post_info")));
        var source = body.GetProperty("source_info");
        Assert.Equal("PULL_FROM_URL", source.GetProperty("source").GetString());
        Assert.Equal(1, source.GetProperty("photo_cover_index").GetInt32());
        Assert.Equal(["https://media.example.com/1.jpg", "https://media.example.com/2.jpg"],
            source.GetProperty("photo_images").EnumerateArray().Select(e => e.GetString()!).ToArray());
        Assert.Equal("p_pub_url~v2.123456789", result.PublishId);
    }

    [Fact]
    public async Task Photo_Media_Upload_Omits_Unset_Fields()
    {
        // Arrange
        var handler = new FakeHttpHandler((_, _) => FakeHttpHandler.Ok("""{"publish_id":"p_inbox_url~v2.1"}"""));
        var client = Clients.Posting(handler);

        // Act
        await client.InitPhotoAsync(Token, new PhotoInitRequest
        {
            PostMode = TikTokPostMode.MediaUpload,
            PostInfo = new PhotoPostInfo { Title = "t" },
            SourceInfo = new PhotoSourceInfo { PhotoImages = ["https://media.example.com/1.jpg"], PhotoCoverIndex = 0 },
        });

        // Assert
        var body = Body(Assert.Single(handler.Requests));
        Assert.Equal(["media_type", "post_info", "post_mode", "source_info"], Keys(body));
        Assert.Equal("MEDIA_UPLOAD", body.GetProperty("post_mode").GetString());
        Assert.Equal(["title"], Keys(body.GetProperty("post_info")));
        Assert.Equal(0, body.GetProperty("source_info").GetProperty("photo_cover_index").GetInt32());
        Assert.DoesNotContain("null", Assert.Single(handler.Requests).BodyText);
    }

    [Fact]
    public async Task Creator_Info_Is_Parsed_And_Unknown_Fields_Ignored()
    {
        // Arrange
        var handler = new FakeHttpHandler((_, _) => FakeHttpHandler.Ok("""
            {"creator_avatar_url":"https://lf16-tt4d.tiktokcdn.com/obj/a.jpeg","creator_username":"tiktok","creator_nickname":"TikTok Official",
             "privacy_level_options":["FOLLOWER_OF_CREATOR","MUTUAL_FOLLOW_FRIENDS","SELF_ONLY"],
             "comment_disabled":false,"duet_disabled":true,"stitch_disabled":true,"max_video_post_duration_sec":300,"brand_new_field":{"x":1}}
            """));
        var client = Clients.Posting(handler);

        // Act
        var info = await client.QueryCreatorInfoAsync(Token);

        // Assert
        var request = Assert.Single(handler.Requests);
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.EndsWith("/v2/post/publish/creator_info/query/", request.Uri.AbsolutePath);
        Assert.Equal("Bearer " + Token, request.Headers.Authorization!.ToString());
        Assert.Equal("tiktok", info.CreatorUsername);
        Assert.Equal("TikTok Official", info.CreatorNickname);
        Assert.Equal(["FOLLOWER_OF_CREATOR", "MUTUAL_FOLLOW_FRIENDS", "SELF_ONLY"], info.PrivacyLevelOptions);
        Assert.True(info.DuetDisabled);
        Assert.True(info.StitchDisabled);
        Assert.False(info.CommentDisabled);
        Assert.Equal(300, info.MaxVideoPostDurationSec);
        Assert.True(info.IsPrivateAccount);
    }

    [Theory]
    [InlineData("spam_risk_too_many_posts")]
    [InlineData("spam_risk_user_banned_from_posting")]
    [InlineData("reached_active_user_cap")]
    public async Task Creator_Info_Caps_At_Http_200_Are_Failures(string code)
    {
        // Arrange
        var handler = new FakeHttpHandler((_, _) => FakeHttpHandler.Error(HttpStatusCode.OK, code, logId: "202210112248442CB9319E1FB30C1073F3"));
        var client = Clients.Posting(handler);

        // Act
        var ex = await Assert.ThrowsAsync<TikTokApiException>(() => client.QueryCreatorInfoAsync(Token));

        // Assert
        Assert.Equal(code, ex.Code);
        Assert.Equal(200, ex.HttpStatus);
        Assert.Equal(TikTokErrorClass.CreatorCannotPostNow, ex.Classification);
        Assert.Equal("202210112248442CB9319E1FB30C1073F3", ex.LogId);
        Assert.DoesNotContain(Token, ex.Message);
    }

    [Theory]
    [InlineData(400, "invalid_param", TikTokErrorClass.InvalidRequest)]
    [InlineData(400, "invalid_params", TikTokErrorClass.InvalidRequest)]
    [InlineData(400, "invalid_file_upload", TikTokErrorClass.ContentRejected)]
    [InlineData(400, "scope_permission_missed", TikTokErrorClass.NeedsReauth)]
    [InlineData(400, "app_version_check_failed", TikTokErrorClass.CreatorCannotPostNow)]
    [InlineData(400, "invalid_publish_id", TikTokErrorClass.InvalidRequest)]
    [InlineData(400, "token_not_authorized_for_specified_publish_id", TikTokErrorClass.InvalidRequest)]
    [InlineData(400, "publish_not_cancellable", TikTokErrorClass.InvalidRequest)]
    [InlineData(401, "access_token_invalid", TikTokErrorClass.NeedsReauth)]
    [InlineData(401, "scope_not_authorized", TikTokErrorClass.NeedsReauth)]
    [InlineData(403, "spam_risk_too_many_posts", TikTokErrorClass.CreatorCannotPostNow)]
    [InlineData(403, "spam_risk_user_banned_from_posting", TikTokErrorClass.CreatorCannotPostNow)]
    [InlineData(403, "spam_risk_too_many_pending_share", TikTokErrorClass.CreatorCannotPostNow)]
    [InlineData(403, "reached_active_user_cap", TikTokErrorClass.CreatorCannotPostNow)]
    [InlineData(403, "unaudited_client_can_only_post_to_private_accounts", TikTokErrorClass.InvalidRequest)]
    [InlineData(403, "url_ownership_unverified", TikTokErrorClass.Permanent)]
    [InlineData(403, "privacy_level_option_mismatch", TikTokErrorClass.InvalidRequest)]
    [InlineData(429, "rate_limit_exceeded", TikTokErrorClass.RateLimited)]
    [InlineData(500, "internal_error", TikTokErrorClass.Transient)]
    [InlineData(503, "", TikTokErrorClass.Transient)]
    [InlineData(400, "some_future_code", TikTokErrorClass.InvalidRequest)]
    [InlineData(502, "some_future_code", TikTokErrorClass.Transient)]
    public async Task Every_Documented_Code_Is_Classified(int status, string code, TikTokErrorClass expected)
    {
        // Arrange
        var handler = new FakeHttpHandler((_, _) => FakeHttpHandler.Error((HttpStatusCode)status, code));
        var client = Clients.Posting(handler);

        // Act
        var ex = await Assert.ThrowsAsync<TikTokApiException>(() => client.FetchStatusAsync(Token, "v_pub_file~v2-1.1"));

        // Assert
        Assert.Equal(code, ex.Code);
        Assert.Equal(status, ex.HttpStatus);
        Assert.Equal(expected, ex.Classification);
        Assert.Equal("log-err", ex.LogId);
        Assert.False(string.IsNullOrWhiteSpace(ex.Describe().Explanation));
    }

    [Fact]
    public async Task Html_Error_Page_From_A_Proxy_Is_Transient()
    {
        // Arrange
        var handler = new FakeHttpHandler((_, _) => new HttpResponseMessage(HttpStatusCode.GatewayTimeout) { Content = new StringContent("<html>504</html>") });
        var client = Clients.Posting(handler);

        // Act
        var ex = await Assert.ThrowsAsync<TikTokApiException>(() => client.QueryCreatorInfoAsync(Token));

        // Assert
        Assert.Equal(504, ex.HttpStatus);
        Assert.Equal(TikTokErrorClass.Transient, ex.Classification);
    }

    [Fact]
    public async Task A_2xx_Without_Error_Object_Is_Not_A_Success()
    {
        // Arrange
        var handler = FakeHttpHandler.Always(HttpStatusCode.OK, """{"data":{"publish_id":"x"}}""");
        var client = Clients.Posting(handler);

        // Act
        var ex = await Assert.ThrowsAsync<TikTokApiException>(() => client.InitInboxVideoAsync(Token,
            new InboxVideoInitRequest { SourceInfo = VideoSourceInfo.PullFromUrl("https://m.example.com/a.mp4") }));

        // Assert
        Assert.Equal("unexpected_response", ex.Code);
    }

    [Fact]
    public async Task Logid_Spelling_Of_The_Reference_Tables_Is_Accepted()
    {
        // Arrange
        var handler = FakeHttpHandler.Always(HttpStatusCode.BadRequest, """{"error":{"code":"invalid_params","message":"The chunk size is invalid","logid":"L1"}}""");
        var client = Clients.Posting(handler);

        // Act
        var ex = await Assert.ThrowsAsync<TikTokApiException>(() => client.InitDirectVideoAsync(Token, new DirectVideoInitRequest
        {
            PostInfo = new VideoPostInfo { PrivacyLevel = TikTokPrivacyLevel.SelfOnly },
            SourceInfo = VideoSourceInfo.FileUpload(ChunkPlanner.Plan(70_000_000)),
        }));

        // Assert
        Assert.Equal("invalid_params", ex.Code);
        Assert.Equal("The chunk size is invalid", ex.TikTokMessage);
        Assert.Equal("L1", ex.LogId);
    }

    [Theory]
    [InlineData("[7123456789012345678]", new[] { "7123456789012345678" })]
    [InlineData("[\"7123456789012345678\", 42]", new[] { "7123456789012345678", "42" })]
    [InlineData("[]", new string[0])]
    [InlineData("null", new string[0])]
    [InlineData("7123", new[] { "7123" })]
    [InlineData("\"7124\"", new[] { "7124" })]
    public async Task Public_Post_Ids_Are_Parsed_Tolerantly(string json, string[] expected)
    {
        // Arrange
        var handler = new FakeHttpHandler((_, _) => FakeHttpHandler.Ok(
            $$"""{"status":"PUBLISH_COMPLETE","publicaly_available_post_id":{{json}},"uploaded_bytes":10000,"unknown":true}"""));
        var client = Clients.Posting(handler);

        // Act
        var status = await client.FetchStatusAsync(Token, "v_pub_file~v2-1.1");

        // Assert
        Assert.Equal(expected, status.PublicalyAvailablePostIds);
        Assert.Equal(TikTokPublishStatus.PublishComplete, status.Status);
        Assert.Equal(10000, status.UploadedBytes);
        Assert.True(status.IsTerminal);
    }

    [Fact]
    public async Task Absent_Post_Ids_Give_An_Empty_List_And_Fail_Reason_Is_Read()
    {
        // Arrange
        var handler = new FakeHttpHandler((_, _) => FakeHttpHandler.Ok("""{"status":"FAILED","fail_reason":"picture_size_check_failed"}"""));
        var client = Clients.Posting(handler);

        // Act
        var status = await client.FetchStatusAsync(Token, "v_pub_file~v2-1.1");

        // Assert
        var request = Assert.Single(handler.Requests);
        Assert.EndsWith("/v2/post/publish/status/fetch/", request.Uri.AbsolutePath);
        Assert.Equal("""{"publish_id":"v_pub_file~v2-1.1"}""", request.BodyText);
        Assert.Empty(status.PublicalyAvailablePostIds);
        Assert.Equal("picture_size_check_failed", status.FailReason);
        Assert.Equal(TikTokErrorClass.ContentRejected, TikTokErrorCatalog.DescribeFailReason(status.FailReason).Classification);
    }

    [Fact]
    public void Numeric_Post_Ids_Convert_To_Long()
    {
        // Arrange
        var status = new PublishStatusResult { PublicalyAvailablePostIds = ["7123456789012345678", "not-a-number"] };

        // Act + Assert
        Assert.Equal([7123456789012345678L], status.PublicPostIdsAsLong);
    }

    [Fact]
    public async Task Cancel_Posts_The_Publish_Id_And_Accepts_An_Envelope_Without_Data()
    {
        // Arrange
        var handler = FakeHttpHandler.Always(HttpStatusCode.OK, """{"error":{"code":"ok","message":"","log_id":"L"}}""");
        var client = Clients.Posting(handler);

        // Act
        await client.CancelAsync(Token, "v_pub_url~v2.1");

        // Assert
        var request = Assert.Single(handler.Requests);
        Assert.EndsWith("/v2/post/publish/cancel/", request.Uri.AbsolutePath);
        Assert.Equal("""{"publish_id":"v_pub_url~v2.1"}""", request.BodyText);
    }

    [Fact]
    public async Task Cancel_Of_A_Finished_Task_Throws()
    {
        // Arrange
        var client = Clients.Posting(new FakeHttpHandler((_, _) => FakeHttpHandler.Error(HttpStatusCode.BadRequest, "publish_not_cancellable")));

        // Act
        var ex = await Assert.ThrowsAsync<TikTokApiException>(() => client.CancelAsync(Token, "v_pub_url~v2.1"));

        // Assert
        Assert.Equal("publish_not_cancellable", ex.Code);
        Assert.Equal(TikTokErrorClass.InvalidRequest, ex.Classification);
    }
}
