namespace TikTokStudio.Web.Features.Approvals;

/// <summary>The post timeline's approval events (PostEvent.Kind); each asks someone to look, so each is a notification.</summary>
public static class ApprovalEvents
{
    /// <summary>Sent to the approvers (first submit, a resubmit, or an edit that undid an approval).</summary>
    public const string Submitted = "approval-submitted";
    public const string Approved = "approval-approved";
    /// <summary>An approver sent it back with a comment; the post is a draft again for its author.</summary>
    public const string ChangesRequested = "approval-changes";
    /// <summary>The engine reached the slot while the post was still pending.</summary>
    public const string NotApprovedInTime = "approval-late";

    public static readonly IReadOnlyList<string> All = [Submitted, Approved, ChangesRequested, NotApprovedInTime];
}
