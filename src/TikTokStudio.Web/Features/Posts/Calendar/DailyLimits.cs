using TikTokStudio.Web.Features.Connections;
using TikTokStudio.Web.Features.Posts.Compose;
using TikTokStudio.Web.Features.Posts.Publish;

namespace TikTokStudio.Web.Features.Posts.Calendar;

public enum LimitKind
{
    /// <summary>Posts through apps per creator per day (TikTok: about 15).</summary>
    DailyPosts,
    /// <summary>Drafts waiting in the creator's TikTok inbox (TikTok: 5); the limit that bites for Draft-mode accounts.</summary>
    InboxDrafts,
}

/// <summary>One account's load on one local day of the workspace.</summary>
public sealed record DayLoad(Guid AccountId, string Handle, DateOnly Day, int Count, int Cap, LimitKind Kind)
{
    public bool IsFull => Count >= Cap;
    public bool IsOver => Count > Cap;

    /// <summary>Short, for the calendar badge: "@pia: 14/15 posts".</summary>
    public string Badge => $"{Handle}: {Count}/{Cap} {(Kind == LimitKind.InboxDrafts ? "inbox drafts" : "posts")}";
}

/// <summary>
/// TikTok's per-creator limits planned per local day of the workspace (TikTok counts a rolling 24 hours; a calendar
/// day is the unit a marketer plans in, and the engine still defers a post that would cross the real limit).
/// </summary>
public static class DailyLimits
{
    /// <summary>Posts that will reach (or reached) TikTok: drafts, failed and missed posts do not use the quota.</summary>
    public static bool Counts(PostStatus status) => status is PostStatus.Scheduled or PostStatus.PendingApproval or PostStatus.Publishing or PostStatus.Published
        or PostStatus.SentToInbox or PostStatus.WaitingForReconnect or PostStatus.WaitingForDailyLimit or PostStatus.Paused
        or PostStatus.Unconfirmed;

    /// <summary>The limit that bites first for the account: 5 inbox drafts in Draft mode, otherwise the daily post cap.</summary>
    public static (int Cap, LimitKind Kind) CapFor(TikTokAccount account, bool appAudited, PublishingOptions options) =>
        account.Mode(appAudited) == PostingMode.Draft
            ? (options.PendingInboxCap, LimitKind.InboxDrafts)
            : (options.DailyPostCap, LimitKind.DailyPosts);

    /// <summary>Shown in the calendar once a day gets close: 12 of 15 posts, 4 of 5 inbox drafts.</summary>
    public static bool IsWorthShowing(int count, int cap) => count > 0 && count >= cap - (cap >= 10 ? 3 : 1);

    /// <summary>The warning shown before a drop that takes the day past the limit, or null.</summary>
    public static string? WarningForOneMore(DayLoad load)
    {
        if (load.Count + 1 <= load.Cap) return null;
        var day = load.Day.ToString("ddd d MMM yyyy", System.Globalization.CultureInfo.InvariantCulture);
        return load.Kind == LimitKind.InboxDrafts
            ? $"{load.Handle} already has {load.Count} drafts going to their TikTok inbox on {day}; TikTok allows {load.Cap} pending. " +
              "The extra draft waits until the creator finishes one in the TikTok app."
            : $"{load.Handle} already has {load.Count} posts planned on {day}; TikTok allows about {load.Cap} a day through apps. " +
              "Posts past the limit wait for the next free slot.";
    }

    public static string Handle(TikTokAccount account) => ComposeRules.Handle(account);
}
