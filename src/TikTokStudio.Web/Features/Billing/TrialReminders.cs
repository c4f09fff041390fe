using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Quartz;
using TikTokStudio.Web.Data;
using TikTokStudio.Web.Email;
using TikTokStudio.Web.Features.Workspaces;

namespace TikTokStudio.Web.Features.Billing;

/// <summary>
/// The one "your trial ends in 3 days" email to a workspace's Owner(s), while it has no paid plan. Sent at most once
/// per workspace (<see cref="WorkspaceBilling.TrialReminderSentAt"/>, claimed with a conditional update before
/// sending, so two scheduler nodes or two runs never both send). Stripe's own <c>customer.subscription.trial_will_end</c>
/// is about a subscription that already has a card, so it sends nothing of this kind. Background work: reads across the
/// tenant filter.
/// </summary>
public sealed partial class TrialReminders(StudioDbContext db, IEmailTransport email, TimeProvider time, ILogger<TrialReminders> logger)
{
    public static readonly TimeSpan Ahead = TimeSpan.FromDays(3);

    private static readonly SubscriptionState[] PaidStates = [SubscriptionState.Active, SubscriptionState.Trialing, SubscriptionState.PastDue];

    /// <summary>Sends the reminders now due; returns how many workspaces were reminded.</summary>
    public async Task<int> RunAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var until = now + Ahead;
        var billings = db.Set<WorkspaceBilling>().IgnoreQueryFilters();
        var due = await db.Workspaces.AsNoTracking()
            .Where(w => w.TrialEndsAt > now && w.TrialEndsAt <= until)
            .Where(w => !billings.Any(b => b.WorkspaceId == w.Id && (b.TrialReminderSentAt != null || (b.PlanId != null && PaidStates.Contains(b.State)))))
            .Select(w => new { w.Id, w.Name, w.TrialEndsAt, w.TimeZoneId })
            .ToListAsync(ct);
        var sent = 0;
        foreach (var workspace in due)
        {
            if (!await ClaimAsync(workspace.Id, now, ct)) continue;
            await EmailOwnersAsync(workspace.Id, workspace.Name, workspace.TrialEndsAt, workspace.TimeZoneId, ct);
            sent++;
        }
        return sent;
    }

    // The row may not exist yet (it is created when the Owner first opens Checkout): a trial-only row is made for the mark.
    private async Task<bool> ClaimAsync(Guid workspaceId, DateTimeOffset now, CancellationToken ct)
    {
        var rows = db.Set<WorkspaceBilling>().IgnoreQueryFilters();
        if (!await rows.AnyAsync(b => b.WorkspaceId == workspaceId, ct))
        {
            db.Set<WorkspaceBilling>().Add(new WorkspaceBilling { WorkspaceId = workspaceId, State = SubscriptionState.None, TrialReminderSentAt = now, UpdatedAt = now });
            try
            {
                await db.SaveChangesAsync(ct);
                return true;
            }
            catch (DbUpdateException)
            {
                db.ChangeTracker.Clear(); // another run created the row at the same moment: its claim decides below
            }
        }
        return await rows.Where(b => b.WorkspaceId == workspaceId && b.TrialReminderSentAt == null)
            .ExecuteUpdateAsync(set => set.SetProperty(b => b.TrialReminderSentAt, now), ct) == 1;
    }

    private async Task EmailOwnersAsync(Guid workspaceId, string name, DateTimeOffset endsAt, string timeZoneId, CancellationToken ct)
    {
        var owners = db.Memberships.IgnoreQueryFilters().Where(m => m.WorkspaceId == workspaceId && m.Role == WorkspaceRole.Owner).Select(m => m.UserId);
        var addresses = await db.Users.Where(u => owners.Contains(u.Id) && u.Email != null).Select(u => u.Email!).ToListAsync(ct);
        var zone = TimeZoneInfo.TryFindSystemTimeZoneById(timeZoneId, out var found) ? found : TimeZoneInfo.Utc;
        var when = EndsAtText(endsAt, zone);
        var subject = $"Your TikTok Studio trial for {name} ends {when}";
        var body = $"<p>The free trial of <strong>{WebUtility.HtmlEncode(name)}</strong> ends on {WebUtility.HtmlEncode(when)}.</p>"
            + "<p>After that the workspace becomes read-only and scheduled posts are paused until you choose a plan; nothing is deleted.</p>"
            + $"<p><a href=\"{PlanPermission.UpgradeUrl}\">Choose a plan</a> in TikTok Studio: {PlanPermission.UpgradeUrl}</p>";
        foreach (var to in addresses)
        {
            try
            {
                await email.SendAsync(new EmailMessage(to, subject, body), ct);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogEmailFailed(logger, workspaceId, e.GetType().Name); // the banner on every page still says it
            }
        }
        LogReminded(logger, workspaceId, addresses.Count);
    }

    public static string EndsAtText(DateTimeOffset endsAt, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTime(endsAt, zone).ToString("dddd d MMMM yyyy 'at' HH:mm", CultureInfo.InvariantCulture) + $" ({zone.Id})";

    [LoggerMessage(Level = LogLevel.Information, Message = "Sent the trial-ending reminder of workspace {WorkspaceId} to {Owners} Owner(s)")]
    private static partial void LogReminded(ILogger logger, Guid workspaceId, int owners);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Emailing the trial-ending reminder of workspace {WorkspaceId} failed ({Error})")]
    private static partial void LogEmailFailed(ILogger logger, Guid workspaceId, string error);
}

/// <summary>Every hour: the trial reminders now due (an hour late at most; the banner shows from the same moment).</summary>
[DisallowConcurrentExecution]
public sealed class TrialReminderJob(TrialReminders reminders) : IJob
{
    public static readonly JobKey Key = new("trial-reminders", "billing");
    public static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default) =>
        await reminders.RunAsync(cancellationToken);
}
