using System.Net;
using Microsoft.EntityFrameworkCore;
using TikTokStudio.Web.Data;
using TikTokStudio.Web.Email;
using TikTokStudio.Web.Features.Posts;
using TikTokStudio.Web.Features.Posts.Publish;
using TikTokStudio.Web.Features.Workspaces;
using TikTokStudio.Web.Live;

namespace TikTokStudio.Web.Features.Connections;

/// <summary>
/// Tells people at once when an account has just stopped working (its renewal was refused or cut off), through the
/// publishing engine's own channels: every post waiting for a slot on it gets a pre-flight problem on its timeline
/// (the notifications list, the bell), and the workspace's Owners and Admins, who can reconnect it, get an email.
/// Background work: reads across the tenant filter for the account's own workspace.
/// </summary>
public sealed partial class ConnectionAlerts(
    StudioDbContext db, IEmailTransport email, ILiveNotifier live, TimeProvider time, ILogger<ConnectionAlerts> logger)
{
    public async Task ReconnectNeededAsync(TikTokAccount account, CancellationToken ct)
    {
        var reason = account.HealthReason ?? "TikTok no longer accepts this account's connection. Reconnect the account.";
        var now = time.GetUtcNow();
        var waiting = await db.Set<Post>().IgnoreQueryFilters().AsNoTracking()
            .Where(p => p.AccountId == account.Id && p.WorkspaceId == account.WorkspaceId
                && (p.Status == PostStatus.Scheduled || p.Status == PostStatus.WaitingForDailyLimit))
            .Select(p => p.Id).ToListAsync(ct);
        foreach (var postId in waiting)
        {
            db.Set<PostEvent>().Add(new PostEvent
            {
                WorkspaceId = account.WorkspaceId, PostId = postId, At = now, Kind = PostEventKinds.PreflightProblem,
                Message = PostEventKinds.PreflightProblemMessage($"{reason} The post waits for the reconnect."),
            });
        }
        await db.SaveChangesAsync(ct);
        foreach (var postId in waiting) await live.ChangedAsync(account.WorkspaceId, "post", postId.ToString(), ct);
        await EmailOwnersAndAdminsAsync(account, reason, waiting.Count, ct);
        LogAlerted(logger, account.Id, waiting.Count);
    }

    private async Task EmailOwnersAndAdminsAsync(TikTokAccount account, string reason, int posts, CancellationToken ct)
    {
        var userIds = db.Memberships.IgnoreQueryFilters()
            .Where(m => m.WorkspaceId == account.WorkspaceId && (m.Role == WorkspaceRole.Owner || m.Role == WorkspaceRole.Admin))
            .Select(m => m.UserId);
        var addresses = await db.Users.Where(u => userIds.Contains(u.Id) && u.Email != null).Select(u => u.Email!).ToListAsync(ct);
        var name = account.Username is { Length: > 0 } u ? "@" + u : string.IsNullOrEmpty(account.DisplayName) ? "A TikTok account" : account.DisplayName;
        var subject = $"Reconnect {name} to keep posting";
        var body = $"<p><strong>{WebUtility.HtmlEncode(name)}</strong> needs a reconnect.</p><p>{WebUtility.HtmlEncode(reason)}</p>"
            + (posts > 0 ? $"<p>{posts} scheduled post(s) of this account wait until it is reconnected.</p>" : "")
            + $"<p>Open it in TikTok Studio: /app/connections/{account.Id}</p>";
        foreach (var to in addresses)
        {
            try
            {
                await email.SendAsync(new EmailMessage(to, subject, body), ct);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogEmailFailed(logger, account.Id, e.GetType().Name); // the account's row and the posts' timelines still say it
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Account {AccountId} needs a reconnect; alerted its Owners and Admins and flagged {Posts} waiting post(s)")]
    private static partial void LogAlerted(ILogger logger, Guid accountId, int posts);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Emailing about account {AccountId} failed ({Error})")]
    private static partial void LogEmailFailed(ILogger logger, Guid accountId, string error);
}
