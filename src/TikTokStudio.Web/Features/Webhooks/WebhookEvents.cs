using TikTokStudio.Web.Features.Activity;

namespace TikTokStudio.Web.Features.Webhooks;

/// <summary>The event types an endpoint can subscribe to (issue #13), each an <see cref="ActivityKinds"/> name, with what it means.</summary>
public static class WebhookEvents
{
    /// <summary>Sent by "Send test event" only; never by a change.</summary>
    public const string Test = "webhook.test";

    public static readonly IReadOnlyList<(string Type, string Meaning)> All =
    [
        (ActivityKinds.PostCreated, "A post was created"),
        (ActivityKinds.PostUpdated, "A post was changed"),
        (ActivityKinds.PostSubmitted, "A post was submitted for approval"),
        (ActivityKinds.PostApproved, "A post was approved"),
        (ActivityKinds.PostChangesRequested, "Changes were requested on a post"),
        (ActivityKinds.PostScheduled, "A post was scheduled"),
        (ActivityKinds.PostRescheduled, "A post was moved to another time"),
        (ActivityKinds.PostCancelled, "A scheduled post was cancelled"),
        (ActivityKinds.PostPublishing, "Publishing started"),
        (ActivityKinds.PostUploaded, "TikTok received the whole video"),
        (ActivityKinds.PostPublished, "The post is live (sent again with the public link once TikTok gives it)"),
        (ActivityKinds.PostSentToInbox, "The draft is waiting in the creator's TikTok inbox"),
        (ActivityKinds.PostInboxPosted, "The creator posted the draft from their inbox"),
        (ActivityKinds.PostFailed, "The post failed (with the error class and the reason)"),
        (ActivityKinds.PostUnconfirmed, "The outcome is unknown: check TikTok before reposting"),
        (ActivityKinds.PostMissed, "The slot passed while the app was down"),
        (ActivityKinds.AccountConnected, "A TikTok account was connected"),
        (ActivityKinds.AccountNeedsReconnect, "A TikTok account needs to be reconnected"),
        (ActivityKinds.AccountDisconnected, "A TikTok account was disconnected"),
        (ActivityKinds.MediaReady, "An uploaded file was checked and is in the library"),
        (ActivityKinds.MediaRejected, "An uploaded file was refused"),
        (ActivityKinds.SubscriptionChanged, "The workspace's plan or subscription changed"),
    ];

    private static readonly HashSet<string> Types = All.Select(e => e.Type).ToHashSet(StringComparer.Ordinal);

    public static bool IsEvent(string kind) => Types.Contains(kind);
}
