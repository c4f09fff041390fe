using System.Globalization;
using TikTokStudio.Web.Features.Media.Checks;

namespace TikTokStudio.Web.Features.Billing;

public enum StandingKind
{
    /// <summary>Inside the free trial: the trial plan's limits and features.</summary>
    Trial,
    /// <summary>A paid plan (Stripe's active or trialing).</summary>
    Active,
    /// <summary>A renewal failed: the plan still applies until the grace ends; a banner says so.</summary>
    PastDue,
    /// <summary>The trial ended without a plan, the grace ran out, or the subscription ended: nothing new may change.</summary>
    ReadOnly,
}

/// <summary>Where a workspace stands: the plan whose limits apply, and until when.</summary>
public sealed record PlanStanding(PlanDefinition Plan, StandingKind Kind, DateTimeOffset? Until, string? ReadOnlyReason, bool CancelAtPeriodEnd = false)
{
    public bool IsReadOnly => Kind == StandingKind.ReadOnly;
}

/// <summary>What the workspace holds now, counted as the limits count it.</summary>
public sealed record PlanUsage(int ConnectedAccounts, int Members, int ScheduledPostsThisMonth, long StorageBytes);

/// <summary>An answer to "may this workspace do X now?": when not, the reason names the limit and what to do.</summary>
public sealed record PlanPermission(bool Allowed, string? Reason)
{
    public const string UpgradeUrl = "/app/billing";
    public static readonly PlanPermission Yes = new(true, null);
    public static PlanPermission No(string reason) => new(false, reason);
}

/// <summary>The pure rules behind <see cref="PlanEntitlements"/>: no database, no clock of their own, so tests call them directly.</summary>
public static class PlanRules
{
    public static PlanStanding Standing(BillingOptions options, DateTimeOffset trialEndsAt, WorkspaceBilling? billing, DateTimeOffset now)
    {
        var paidPlan = options.Find(billing?.PlanId);
        if (billing is not null && paidPlan is not null)
        {
            switch (billing.State)
            {
                case SubscriptionState.Active or SubscriptionState.Trialing:
                    return new(paidPlan, StandingKind.Active, billing.CurrentPeriodEnd, null, billing.CancelAtPeriodEnd);
                case SubscriptionState.PastDue:
                    var graceEnds = (billing.PastDueSince ?? billing.UpdatedAt).AddDays(options.PastDueGraceDays);
                    return now < graceEnds
                        ? new(paidPlan, StandingKind.PastDue, graceEnds, null)
                        : new(paidPlan, StandingKind.ReadOnly, null,
                            $"The payment for your {paidPlan.Name} plan is more than {options.PastDueGraceDays} days overdue, so this workspace is read-only: " +
                            "nothing has been deleted. Update your card under Manage billing to continue.");
            }
        }
        if (now < trialEndsAt) return new(options.TrialPlan, StandingKind.Trial, trialEndsAt, null);
        var ended = billing?.State == SubscriptionState.Canceled && paidPlan is not null
            ? $"Your {paidPlan.Name} subscription has ended, so this workspace is read-only: nothing has been deleted. Choose a plan to continue."
            : "Your free trial has ended, so this workspace is read-only: nothing has been deleted. Choose a plan to continue.";
        return new(paidPlan ?? options.TrialPlan, StandingKind.ReadOnly, null, ended);
    }

    /// <summary>May anything change at all (the read-only check every action makes first)?</summary>
    public static PlanPermission MayChange(PlanStanding standing) =>
        standing.IsReadOnly ? PlanPermission.No(standing.ReadOnlyReason!) : PlanPermission.Yes;

    public static PlanPermission MayConnectAccount(PlanStanding standing, int connected) =>
        Within(standing, standing.Plan.Limits.ConnectedAccounts, connected, 1, limit =>
            $"{standing.Plan.Name} allows {Count(limit, "TikTok account")}; you have {connected}. Upgrade to connect more.");

    public static PlanPermission MayAddMember(PlanStanding standing, int members, int adding = 1) =>
        Within(standing, standing.Plan.Limits.Members, members, adding, limit =>
            $"{standing.Plan.Name} allows {Count(limit, "member")}; you have {members}. Upgrade to invite more.");

    public static PlanPermission MaySchedule(PlanStanding standing, int scheduledThatMonth, int adding, string monthName) =>
        Within(standing, standing.Plan.Limits.ScheduledPostsPerMonth, scheduledThatMonth, adding, limit =>
            $"{standing.Plan.Name} allows {Count(limit, "scheduled post")} a month; {monthName} already has {scheduledThatMonth}" +
            (adding > 1 ? $" and this would add {adding}" : "") + ". Upgrade to schedule more.");

    public static PlanPermission MayStore(PlanStanding standing, long usedBytes, long addingBytes) =>
        MayChange(standing) is { Allowed: false } readOnly ? readOnly
        : standing.Plan.Limits.StorageBytes is not { } limit || usedBytes + addingBytes <= limit ? PlanPermission.Yes
        : PlanPermission.No($"{standing.Plan.Name} allows {MediaChecks.Size(limit)} of media; you use {MediaChecks.Size(usedBytes)} " +
            $"and this file is {MediaChecks.Size(addingBytes)}. Upgrade for more room, or delete files you no longer need.");

    /// <summary>A few words for the app bar and the dashboard: the trial's days left, or the plan and what is wrong with it.</summary>
    public static string ShortStatus(PlanStanding standing, DateTimeOffset now) => standing.Kind switch
    {
        StandingKind.Trial => Components.Layout.Trial.Text(Math.Max(1, (int)Math.Ceiling((standing.Until!.Value - now).TotalDays))),
        StandingKind.Active when standing.CancelAtPeriodEnd => $"{standing.Plan.Name} plan, cancelled at the period's end",
        StandingKind.Active => $"{standing.Plan.Name} plan",
        StandingKind.PastDue => $"{standing.Plan.Name} plan: payment failed",
        _ => "Read-only: choose a plan",
    };

    public static PlanPermission MayUse(BillingOptions options, PlanStanding standing, string feature)
    {
        if (MayChange(standing) is { Allowed: false } readOnly) return readOnly;
        if (standing.Plan.Has(feature)) return PlanPermission.Yes;
        var with = options.Plans.Where(p => p.Has(feature)).Select(p => p.Name).ToList();
        var plans = with.Count == 0 ? "no plan" : with.Count == 1 ? $"the {with[0]} plan" : $"the {string.Join(", ", with[..^1])} and {with[^1]} plans";
        var name = PlanFeatures.Describe(feature);
        var plural = PlanFeatures.IsPlural(feature);
        return PlanPermission.No($"{char.ToUpperInvariant(name[0])}{name[1..]} {(plural ? "are" : "is")} part of {plans}; this workspace is on {standing.Plan.Name}. Upgrade to use {(plural ? "them" : "it")}.");
    }

    /// <summary>Things over the current plan's limits (after a downgrade): said on the billing page, never deleted.</summary>
    public static IReadOnlyList<string> OverLimits(PlanStanding standing, PlanUsage usage)
    {
        var limits = standing.Plan.Limits;
        var over = new List<string>();
        if (limits.ConnectedAccounts is { } a && usage.ConnectedAccounts > a)
        {
            var extra = usage.ConnectedAccounts - a;
            over.Add($"{usage.ConnectedAccounts} TikTok accounts are connected and {standing.Plan.Name} allows {a}: none is disconnected, but " +
                (extra == 1 ? "the one connected last is not posted to (its scheduled posts are paused) until you disconnect one or upgrade."
                    : $"the {extra} connected last are not posted to (their scheduled posts are paused) until you disconnect {extra} or upgrade."));
        }
        if (limits.Members is { } m && usage.Members > m)
            over.Add($"The workspace has {usage.Members} members and {standing.Plan.Name} allows {m}: nobody is removed, but no one new can join.");
        if (limits.ScheduledPostsPerMonth is { } p && usage.ScheduledPostsThisMonth > p)
            over.Add($"This month has {usage.ScheduledPostsThisMonth} scheduled posts and {standing.Plan.Name} allows {p}: the last {usage.ScheduledPostsThisMonth - p} of the month are paused (not deleted) until you upgrade or unschedule others, and no more can be added.");
        if (limits.StorageBytes is { } s && usage.StorageBytes > s)
            over.Add($"Media uses {MediaChecks.Size(usage.StorageBytes)} and {standing.Plan.Name} allows {MediaChecks.Size(s)}: nothing is deleted, but nothing new can be uploaded.");
        return over;
    }

    /// <summary>The first day of the calendar month <paramref name="at"/> falls in, in the workspace's zone.</summary>
    public static DateTime MonthStart(DateTimeOffset at, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(at, zone);
        return new DateTime(local.Year, local.Month, 1);
    }

    /// <summary>That month as instants: from its first local moment up to (not including) the next month's.</summary>
    public static (DateTimeOffset From, DateTimeOffset To) MonthRange(DateTime monthStart, TimeZoneInfo zone) =>
        (LocalToUtc(monthStart, zone), LocalToUtc(monthStart.AddMonths(1), zone));

    public static string MonthName(DateTime monthStart) => monthStart.ToString("MMMM yyyy", CultureInfo.InvariantCulture);

    // A few zones skip midnight on a DST change: the month then starts at the first local time that exists.
    private static DateTimeOffset LocalToUtc(DateTime local, TimeZoneInfo zone)
    {
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        while (zone.IsInvalidTime(local)) local = local.AddMinutes(30);
        return new(TimeZoneInfo.ConvertTimeToUtc(local, zone), TimeSpan.Zero);
    }

    private static PlanPermission Within(PlanStanding standing, long? limit, long have, long adding, Func<long, string> refusal)
    {
        if (MayChange(standing) is { Allowed: false } readOnly) return readOnly;
        return limit is not { } max || have + adding <= max ? PlanPermission.Yes : PlanPermission.No(refusal(max));
    }

    private static string Count(long n, string noun) => $"{n.ToString("N0", CultureInfo.InvariantCulture)} {noun}{(n == 1 ? "" : "s")}";
}
