using TikTokStudio.TikTok.Errors;

namespace TikTokStudio.TikTok.Tests.Errors;

public class TikTokErrorCatalogTests
{
    // §10 (minus "ok"), §2.7 and §9.2 of the reference, verbatim.
    private static readonly string[] ApiCodes =
    [
        "invalid_param", "invalid_params", "invalid_file_upload", "scope_permission_missed", "app_version_check_failed",
        "invalid_publish_id", "token_not_authorized_for_specified_publish_id", "publish_not_cancellable",
        "access_token_invalid", "scope_not_authorized", "spam_risk_too_many_posts", "spam_risk_user_banned_from_posting",
        "spam_risk_too_many_pending_share", "reached_active_user_cap", "unaudited_client_can_only_post_to_private_accounts",
        "url_ownership_unverified", "privacy_level_option_mismatch", "rate_limit_exceeded", "internal_error",
    ];

    private static readonly string[] OAuthCodes =
    [
        "access_denied", "invalid_client", "invalid_grant", "invalid_request", "invalid_scope", "unauthorized_client",
        "unsupported_grant_type", "unsupported_response_type", "server_error", "temporarily_unavailable",
    ];

    private static readonly string[] FailReasons =
    [
        "file_format_check_failed", "duration_check_failed", "frame_rate_check_failed", "picture_size_check_failed", "internal",
        "video_pull_failed", "photo_pull_failed", "publish_cancelled", "auth_removed", "spam_risk_too_many_posts",
        "spam_risk_user_banned_from_posting", "spam_risk_text", "spam_risk",
    ];

    [Fact]
    public void Every_Documented_Code_Has_An_Explanation_And_Advice()
    {
        // Arrange
        var expected = ApiCodes.Select(c => (TikTokErrorSource.Api, c))
            .Concat(OAuthCodes.Select(c => (TikTokErrorSource.OAuth, c)))
            .Concat(FailReasons.Select(c => (TikTokErrorSource.FailReason, c)));

        // Act + Assert
        Assert.All(expected, entry =>
        {
            var info = TikTokErrorCatalog.Find(entry.Item1, entry.c);
            Assert.NotNull(info);
            Assert.False(string.IsNullOrWhiteSpace(info.Explanation));
            Assert.False(string.IsNullOrWhiteSpace(info.WhatToDo));
        });
    }

    [Theory]
    [InlineData("file_format_check_failed", TikTokErrorClass.ContentRejected)]
    [InlineData("duration_check_failed", TikTokErrorClass.ContentRejected)]
    [InlineData("frame_rate_check_failed", TikTokErrorClass.ContentRejected)]
    [InlineData("picture_size_check_failed", TikTokErrorClass.ContentRejected)]
    [InlineData("internal", TikTokErrorClass.Transient)]
    [InlineData("video_pull_failed", TikTokErrorClass.Transient)]
    [InlineData("photo_pull_failed", TikTokErrorClass.Transient)]
    [InlineData("publish_cancelled", TikTokErrorClass.Permanent)]
    [InlineData("auth_removed", TikTokErrorClass.NeedsReauth)]
    [InlineData("spam_risk_too_many_posts", TikTokErrorClass.CreatorCannotPostNow)]
    [InlineData("spam_risk_user_banned_from_posting", TikTokErrorClass.CreatorCannotPostNow)]
    [InlineData("spam_risk_text", TikTokErrorClass.ContentRejected)]
    [InlineData("spam_risk", TikTokErrorClass.ContentRejected)]
    public void Fail_Reasons_Are_Classified(string failReason, TikTokErrorClass expected)
    {
        // Act
        var info = TikTokErrorCatalog.DescribeFailReason(failReason);

        // Assert
        Assert.Equal(expected, info.Classification);
        Assert.Equal(TikTokErrorSource.FailReason, info.Source);
    }

    [Theory]
    [InlineData("access_denied", TikTokErrorClass.NeedsReauth)]
    [InlineData("invalid_client", TikTokErrorClass.Permanent)]
    [InlineData("invalid_grant", TikTokErrorClass.NeedsReauth)]
    [InlineData("invalid_request", TikTokErrorClass.InvalidRequest)]
    [InlineData("invalid_scope", TikTokErrorClass.InvalidRequest)]
    [InlineData("unauthorized_client", TikTokErrorClass.Permanent)]
    [InlineData("unsupported_grant_type", TikTokErrorClass.InvalidRequest)]
    [InlineData("unsupported_response_type", TikTokErrorClass.InvalidRequest)]
    [InlineData("server_error", TikTokErrorClass.Transient)]
    [InlineData("temporarily_unavailable", TikTokErrorClass.Transient)]
    public void OAuth_Errors_Are_Classified(string code, TikTokErrorClass expected)
    {
        // Act + Assert
        Assert.Equal(expected, TikTokErrorCatalog.Classify(TikTokErrorSource.OAuth, code, 200));
    }

    [Theory]
    [InlineData(null, TikTokErrorClass.Permanent)]
    [InlineData(400, TikTokErrorClass.InvalidRequest)]
    [InlineData(401, TikTokErrorClass.NeedsReauth)]
    [InlineData(429, TikTokErrorClass.RateLimited)]
    [InlineData(500, TikTokErrorClass.Transient)]
    [InlineData(503, TikTokErrorClass.Transient)]
    public void Unknown_Codes_Fall_Back_On_The_Http_Status(int? status, TikTokErrorClass expected)
    {
        // Act
        var info = TikTokErrorCatalog.Describe(TikTokErrorSource.Api, "brand_new_code", status);

        // Assert
        Assert.Equal(expected, info.Classification);
        Assert.Equal("brand_new_code", info.Code);
        Assert.False(string.IsNullOrWhiteSpace(info.WhatToDo));
    }

    [Fact]
    public void Unknown_Or_Missing_Fail_Reason_Gets_Generic_Text()
    {
        // Act
        var missing = TikTokErrorCatalog.DescribeFailReason(null);

        // Assert
        Assert.Equal("", missing.Code);
        Assert.False(string.IsNullOrWhiteSpace(missing.Explanation));
    }

    [Fact]
    public void Codes_Are_Unique_Within_Each_Vocabulary()
    {
        // Act
        var duplicates = TikTokErrorCatalog.All.GroupBy(e => (e.Source, e.Code)).Where(g => g.Count() > 1).Select(g => g.Key).ToArray();

        // Assert
        Assert.Empty(duplicates);
    }
}
