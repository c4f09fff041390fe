using TikTokStudio.TikTok.Errors;

namespace TikTokStudio.Web.Features.Posts.Publish;

/// <summary>The kinds of timeline events the engine writes (PostEvent.Kind).</summary>
public static class PostEventKinds
{
    public const string Scheduled = "scheduled";
    public const string Preflight = "preflight";
    public const string PreflightOk = "preflight-ok";
    public const string PreflightProblem = "preflight-problem";
    public const string Init = "init";
    public const string Uploading = "uploading";
    public const string UploadResumed = "upload-resumed";
    public const string Uploaded = "uploaded";
    public const string Processing = "processing";
    public const string Published = "published";
    public const string PublicLink = "public-link";
    /// <summary>TikTok's webhook: the public post was taken down (by the creator or moderation).</summary>
    public const string PublicLinkRemoved = "public-link-removed";
    public const string Inbox = "inbox";
    public const string Failed = "failed";
    public const string Missed = "missed";
    public const string Unconfirmed = "unconfirmed";
    public const string Reconnect = "reconnect";
    public const string DailyLimit = "daily-limit";
    public const string Waiting = "waiting";
    public const string Retry = "retry";
    public const string Notice = "notice";
    public const string Action = "action";
    /// <summary>The workspace is read-only (trial over, payment lapsed): the post waits for a plan.</summary>
    public const string PlanPaused = "plan-paused";

    /// <summary>The text of a <see cref="PreflightProblem"/> event (the pre-slot check, or an account that just stopped working).</summary>
    public static string PreflightProblemMessage(string problem) => "Pre-flight check before the slot found a problem: " + problem;

    /// <summary>Events that ask a person to look: they make up the notification list.</summary>
    public static readonly IReadOnlySet<string> Notifications = new HashSet<string>
    {
        PreflightProblem, Failed, Missed, Unconfirmed, Reconnect, DailyLimit, Inbox, PublicLink, PublicLinkRemoved, PlanPaused,
        Approvals.ApprovalEvents.Submitted, Approvals.ApprovalEvents.Approved, Approvals.ApprovalEvents.ChangesRequested,
        Approvals.ApprovalEvents.NotApprovedInTime,
    };
}

public sealed record PublishFailure(string Code, string Explanation, string WhatToDo);

/// <summary>Failures that are ours (not a TikTok code), with the same plain-language shape as TikTok's error catalog.</summary>
public static class PublishFailures
{
    public static readonly PublishFailure MediaMissing = new("studio:media-missing",
        "The media file of this post is missing or incomplete.",
        "Upload the media again in the composer and schedule the post again.");

    public static readonly PublishFailure TooManyAttempts = new("studio:too-many-attempts",
        "Publishing kept failing because of temporary problems with TikTok or the network, so the app stopped trying. No post was created on TikTok.",
        "Retry the post; if it keeps failing, TikTok may be having trouble.");

    public static (string Explanation, string WhatToDo) Describe(TikTokApiException e)
    {
        var info = e.Describe();
        return (info.Explanation, info.WhatToDo);
    }

    /// <summary>Why the post cannot simply be sent again now, or null when a retry is safe.</summary>
    public static string? WhyNotRetryable(Post post) => post.Status switch
    {
        PostStatus.Missed => null,
        PostStatus.Failed when post.FailCode is "fail:spam_risk_text" or "fail:spam_risk" or "fail:spam_risk_user_banned_from_posting" or "api:spam_risk_user_banned_from_posting" =>
            "TikTok refused this content or creator; sending the same post again would be refused again.",
        PostStatus.Failed when post.FailCode == PublishFailures.MediaMissing.Code => "The media file is gone; compose the post again with new media.",
        PostStatus.Failed => null,
        PostStatus.Unconfirmed => "TikTok may already have this post. Check the creator's profile before posting again.",
        PostStatus.Published or PostStatus.SentToInbox => "This post already reached TikTok.",
        _ => "Only failed or missed posts can be retried.",
    };
}
