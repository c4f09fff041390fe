using TikTokStudio.TikTok.Posting;
using TikTokStudio.Web.Features.Connections;
using TikTokStudio.Web.Features.Media;
using TikTokStudio.Web.Features.Media.Probing;
using TikTokStudio.Web.Features.Posts;
using TikTokStudio.Web.Features.Posts.Publish;

namespace TikTokStudio.Tests.Features.Posts.Publish;

/// <summary>The settings checked again at pre-flight and at the slot, without a network.</summary>
public sealed class PreflightRulesTests
{
    private static readonly CreatorInfo PublicCreator = new()
    {
        CreatorUsername = "pia", PrivacyLevelOptions = ["PUBLIC_TO_EVERYONE", "MUTUAL_FOLLOW_FRIENDS", "SELF_ONLY"], MaxVideoPostDurationSec = 60,
    };

    private static readonly CreatorInfo PrivateCreator = PublicCreator with { PrivacyLevelOptions = ["FOLLOWER_OF_CREATOR", "MUTUAL_FOLLOW_FRIENDS", "SELF_ONLY"] };

    [Fact]
    public void A_Valid_Direct_Post_Keeps_Its_Visibility()
    {
        var result = Check(APost(), PostingMode.DirectPost, PublicCreator);

        Assert.Null(result.Problem);
        Assert.Equal("PUBLIC_TO_EVERYONE", result.PrivacyLevel);
    }

    [Fact]
    public void An_Unaudited_App_Sends_Only_Me_To_A_Private_Account_And_Says_So()
    {
        var result = Check(APost(p => p.PrivacyLevel = "FOLLOWER_OF_CREATOR"), PostingMode.PrivateOnly, PrivateCreator);

        Assert.Null(result.Problem);
        Assert.Equal("SELF_ONLY", result.PrivacyLevel);
        Assert.Contains(result.Notes, n => n.Contains("Only me"));
    }

    [Fact]
    public void An_Unaudited_App_Cannot_Post_To_A_Public_Account() =>
        Assert.Equal("api:unaudited_client_can_only_post_to_private_accounts", Check(APost(), PostingMode.PrivateOnly, PublicCreator).Problem?.Code);

    [Fact]
    public void A_Visibility_No_Longer_Offered_Is_Refused() =>
        Assert.Equal("api:privacy_level_option_mismatch", Check(APost(p => p.PrivacyLevel = "FOLLOWER_OF_CREATOR"), PostingMode.DirectPost, PublicCreator).Problem?.Code);

    [Fact]
    public void Branded_Content_Cannot_Be_Only_Me() =>
        Assert.Equal("studio:branded-private", Check(APost(p => { p.PrivacyLevel = "SELF_ONLY"; p.DisclosureEnabled = true; p.BrandedContent = true; }), PostingMode.DirectPost, PublicCreator).Problem?.Code);

    [Fact]
    public void A_Video_Longer_Than_The_Creator_Allows_Is_Refused() =>
        Assert.Equal("studio:too-long", Check(APost(), PostingMode.DirectPost, PublicCreator, durationMs: 61_000).Problem?.Code);

    [Fact]
    public void Missing_Or_Incomplete_Media_Is_Refused()
    {
        Assert.Equal("studio:media-missing", Check(APost(), PostingMode.DirectPost, PublicCreator, fileComplete: false).Problem?.Code);
        Assert.Equal("studio:media-invalid", Check(APost(), PostingMode.DirectPost, PublicCreator, failedCheck: true).Problem?.Code);
    }

    [Fact]
    public void Interactions_The_Creator_Turned_Off_Go_Out_Off_With_A_Note()
    {
        var result = Check(APost(p => p.AllowDuet = true), PostingMode.DirectPost, PublicCreator with { CommentDisabled = true, DuetDisabled = true });

        Assert.Null(result.Problem);
        Assert.Equal(2, result.Notes.Count);
    }

    [Fact]
    public void Drafts_Need_No_Visibility_And_Accounts_Without_Posting_Scopes_Cannot_Post()
    {
        Assert.Null(Check(APost(p => p.PrivacyLevel = null), PostingMode.Draft, null).Problem);
        Assert.Equal("studio:cannot-post", Check(APost(), PostingMode.CannotPost, null).Problem?.Code);
    }

    [Theory]
    [InlineData(PostStatus.Failed, "fail:internal", true)]
    [InlineData(PostStatus.Failed, "fail:spam_risk_text", false)]
    [InlineData(PostStatus.Missed, null, true)]
    [InlineData(PostStatus.Unconfirmed, "studio:unconfirmed", false)]
    [InlineData(PostStatus.Published, null, false)]
    [InlineData(PostStatus.Publishing, null, false)]
    public void Only_Posts_That_Cannot_Be_On_TikTok_Can_Be_Sent_Again(PostStatus status, string? failCode, bool retryable) =>
        Assert.Equal(retryable, PublishFailures.WhyNotRetryable(APost(p => { p.Status = status; p.FailCode = failCode; })) is null);

    private static PreflightResult Check(Post post, PostingMode mode, CreatorInfo? info, long durationMs = 10_000, bool fileComplete = true, bool failedCheck = false)
    {
        var media = new MediaFile
        {
            Id = post.VideoMediaId!.Value, OriginalFileName = "clip.mp4", ContentType = "video/mp4", StoragePath = "media/x/y", UploadedByUserId = "u",
            Kind = MediaKind.Video, Status = MediaStatus.Ready, Container = MediaContainer.Mp4, DurationMs = durationMs, SizeBytes = 10, HasFailedCheck = failedCheck,
        };
        var account = new TikTokAccount { OpenId = "o", Username = "pia", PrivacyLevelOptions = string.Join(',', (info ?? PublicCreator).PrivacyLevelOptions) };
        return PreflightRules.Check(post, account, mode, info, [media], _ => fileComplete, photoUrlsAvailable: false);
    }

    private static Post APost(Action<Post>? change = null)
    {
        var post = new Post { CreatedByUserId = "u", Kind = PostKind.Video, VideoMediaId = Guid.NewGuid(), PrivacyLevel = "PUBLIC_TO_EVERYONE", AllowComment = true };
        change?.Invoke(post);
        return post;
    }
}
