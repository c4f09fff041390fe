namespace TikTokStudio.Web.Features.Activity;

/// <summary>
/// The kinds of <see cref="ActivityEntry"/>. Where a kind is also an outgoing webhook event it has the event's exact name
/// (post.published...), so that one call records the change for people and for receivers.
/// </summary>
public static class ActivityKinds
{
    public const string PostCreated = "post.created";
    public const string PostUpdated = "post.updated";
    public const string PostSubmitted = "post.submitted";
    public const string PostApproved = "post.approved";
    public const string PostChangesRequested = "post.changes_requested";
    public const string PostScheduled = "post.scheduled";
    public const string PostRescheduled = "post.rescheduled";
    public const string PostCancelled = "post.cancelled";
    public const string PostDeleted = "post.deleted";
    public const string PostPublishing = "post.publishing";
    public const string PostUploaded = "post.uploaded";
    public const string PostPublished = "post.published";
    public const string PostSentToInbox = "post.sent_to_inbox";
    public const string PostInboxPosted = "post.inbox_posted";
    public const string PostFailed = "post.failed";
    public const string PostUnconfirmed = "post.unconfirmed";
    public const string PostMissed = "post.missed";
    public const string PostNotApprovedInTime = "post.not_approved_in_time";

    public const string AccountConnected = "account.connected";
    public const string AccountReconnected = "account.reconnected";
    public const string AccountNeedsReconnect = "account.needs_reconnect";
    public const string AccountDisconnected = "account.disconnected";

    public const string MediaReady = "media.ready";
    public const string MediaRejected = "media.rejected";

    public const string SubscriptionChanged = "subscription.changed";

    public const string MemberInvited = "member.invited";
    public const string MemberJoined = "member.joined";
    public const string MemberRoleChanged = "member.role_changed";
    public const string MemberRemoved = "member.removed";
    public const string MemberAccessChanged = "member.access_changed";
    public const string MemberInvitationRevoked = "member.invitation_revoked";
    public const string OwnershipTransferred = "member.ownership_transferred";

    public const string SettingsChanged = "settings.changed";
    public const string ApiKeyCreated = "api_key.created";
    public const string ApiKeyRevoked = "api_key.revoked";
    public const string WebhookEndpointChanged = "webhook_endpoint.changed";
}
