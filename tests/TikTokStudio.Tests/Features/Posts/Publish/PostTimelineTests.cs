using Bunit;
using TikTokStudio.Tests.Infrastructure;
using TikTokStudio.Web.Features.Posts;
using TikTokStudio.Web.Features.Posts.Publish;

namespace TikTokStudio.Tests.Features.Posts.Publish;

/// <summary>The timeline's states, rendered from a post row as the engine leaves it.</summary>
public sealed class PostTimelineTests : StudioComponentTest
{
    private static Post PostIn(PostStatus status, Action<Post>? configure = null)
    {
        var post = new Post { Status = status, CreatedByUserId = "u", Title = "Caption", PublishAt = new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero) };
        configure?.Invoke(post);
        return post;
    }

    private IRenderedComponent<PostTimeline> RenderTimeline(Post post, params PostEvent[] events) =>
        Render<PostTimeline>(p => p.Add(x => x.Post, post).Add(x => x.Events, events).Add(x => x.TimeZoneId, "Europe/Berlin"));

    [Fact]
    public void An_Upload_In_Progress_Shows_A_Bar_And_The_Percentage_In_Words()
    {
        var cut = RenderTimeline(PostIn(PostStatus.Publishing, p => { p.Stage = PublishStage.Uploading; p.UploadedBytes = 4_000_000; p.TotalBytes = 10_000_000; }));

        Assert.Equal("Uploading 40%", cut.Find("[data-testid=post-status]").TextContent.Trim());
        Assert.StartsWith("40% uploaded", cut.Find("[data-testid=upload-progress]").TextContent.Trim());
        Assert.Equal("40", cut.Find("[data-testid=upload-bar] [role=progressbar], [data-testid=upload-bar][role=progressbar]").GetAttribute("aria-valuenow"));
    }

    [Fact]
    public void A_Published_Post_Shows_Its_Public_Link()
    {
        var cut = RenderTimeline(PostIn(PostStatus.Published, p => { p.PublicUrl = "https://www.tiktok.com/@brand/video/123"; p.CompletedAt = DateTimeOffset.UtcNow; }));

        Assert.Equal("Published", cut.Find("[data-testid=post-status]").TextContent.Trim());
        Assert.Equal("https://www.tiktok.com/@brand/video/123", cut.Find("[data-testid=public-link]").GetAttribute("href"));
        Assert.Empty(cut.FindAll("[data-testid=upload-bar]"));
    }

    [Fact]
    public void A_Published_Post_Without_A_Link_Yet_Says_The_Link_Follows_Moderation()
    {
        var cut = RenderTimeline(PostIn(PostStatus.Published));

        Assert.Contains("after its moderation", cut.Find("[data-testid=link-pending]").TextContent);
        Assert.Empty(cut.FindAll("[data-testid=public-link]"));
    }

    [Fact]
    public void A_Post_In_The_Inbox_Says_To_Finish_It_In_TikTok()
    {
        var cut = RenderTimeline(PostIn(PostStatus.SentToInbox));

        Assert.Contains("In the TikTok inbox", cut.Find("[data-testid=post-status]").TextContent);
        Assert.Contains("Open TikTok to finish", cut.Find("[data-testid=inbox-hint]").TextContent);
    }

    [Fact]
    public void A_Failure_Shows_Where_It_Failed_TikToks_Code_The_Explanation_And_What_To_Do()
    {
        var cut = RenderTimeline(PostIn(PostStatus.Failed, p =>
        {
            p.FailCode = "fail:file_format_check_failed";
            p.FailMessage = "TikTok could not read the video's format. What to do: Export it again as MP4 (H.264) and schedule it again.";
        }));

        Assert.Equal("Failed", cut.Find("[data-testid=post-status]").TextContent.Trim());
        Assert.Equal("TikTok could not read the video's format.", cut.Find("[data-testid=failure-explanation]").TextContent.Trim());
        Assert.Contains("Export it again as MP4", cut.Find("[data-testid=failure-what-to-do]").TextContent);
        Assert.Equal("file_format_check_failed", cut.Find("[data-testid=failure-code]").TextContent.Trim());
        Assert.Contains("fail_reason", cut.Find("[data-testid=failure-source]").TextContent);
    }

    [Fact]
    public void A_Scheduled_Post_Shows_No_Problem_And_Lists_Its_Events_In_The_Workspace_Zone()
    {
        var post = PostIn(PostStatus.Scheduled);
        var cut = RenderTimeline(post, new PostEvent { PostId = post.Id, Kind = PostEventKinds.Scheduled, Message = "Scheduled.", At = new DateTimeOffset(2026, 12, 1, 11, 0, 0, TimeSpan.Zero) });

        Assert.Contains("queued", cut.Find("[data-testid=post-status]").TextContent);
        Assert.Empty(cut.FindAll("[data-testid=post-problem]"));
        var item = cut.Find("[data-testid=post-events] li");
        Assert.Equal(PostEventKinds.Scheduled, item.GetAttribute("data-kind"));
        Assert.Contains("1 Dec 2026 12:00:00", item.TextContent);
    }

    [Fact]
    public void The_Failure_Of_A_Plain_Message_Without_A_Code_Keeps_The_Whole_Message()
    {
        var failure = FailureView.Of(PostIn(PostStatus.Missed, p => p.FailMessage = "The app was not running at the scheduled time."));

        Assert.NotNull(failure);
        Assert.Null(failure.Code);
        Assert.Null(failure.WhatToDo);
        Assert.Equal("The app was not running at the scheduled time.", failure.Explanation);
    }
}
