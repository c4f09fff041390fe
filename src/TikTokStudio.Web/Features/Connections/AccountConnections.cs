using Microsoft.EntityFrameworkCore;
using TikTokStudio.TikTok.Auth;
using TikTokStudio.TikTok.Display;
using TikTokStudio.TikTok.Errors;
using TikTokStudio.Web.Data;
using TikTokStudio.Web.Features.Posts;
using TikTokStudio.Web.Features.Posts.Publish;
using TikTokStudio.Web.Features.Workspaces;
using TikTokStudio.Web.Live;
using TikTokStudio.Web.Features.Team;

namespace TikTokStudio.Web.Features.Connections;

/// <summary>One account as the connections and account pages show it: the row plus what its health and mode mean now.</summary>
public sealed record AccountView(
    TikTokAccount Account, AccountHealth Health, string? HealthReason, PostingMode Mode, string ModeReason, bool CanSwitchMode)
{
    public const string LiveEntity = "account";

    public string Name => string.IsNullOrWhiteSpace(Account.DisplayName) ? Account.Username ?? "TikTok account" : Account.DisplayName;
    public string? Handle => Account.Username is null ? null : "@" + Account.Username;
    public string Initials => string.Concat(Name.Split(' ', StringSplitOptions.RemoveEmptyEntries).Take(2).Select(w => char.ToUpperInvariant(w[0])));
    public bool IsConnected => Account.Status == ConnectionStatus.Connected;

    /// <summary>Reconnecting helps a disconnected account or one TikTok stopped accepting; it never lifts a ban or a cap.</summary>
    public bool ReconnectHelps => !IsConnected || Health == AccountHealth.ReconnectNeeded;

    public static AccountView For(TikTokAccount account, bool appAudited, DateTimeOffset now)
    {
        var (health, reason) = AccountHealthRules.Current(account, now);
        return new AccountView(account, health, reason, account.Mode(appAudited), account.ModeReason(appAudited), account.CanSwitchMode(appAudited));
    }

    /// <summary>Why the creator's limits from creator_info are missing, in true words (never "did not allow" when they did).</summary>
    public string? CreatorLimitsMissingReason => Account.CreatorInfoCheckedAt is not null && Account.CreatorCannotPostReason is null ? null
        : !Account.HasScope(TikTokScopes.VideoPublish) ? "Not available: the creator did not allow direct posting, so TikTok does not share these limits."
        : Account.CreatorCannotPostReason is { } cannotPost ? $"TikTok did not share the creator's limits on the last check because the creator cannot post right now: {cannotPost}"
        : "Not checked yet: TikTok Studio reads them within the hour.";
}

/// <summary>The account page's extra facts: recent posts against TikTok's daily limit and the creator's public videos.</summary>
public sealed record AccountDetails(AccountView View, int PostsSentLast24Hours, int ScheduledPosts, IReadOnlyList<TikTokVideo> Videos, string? VideosMessage)
{
    /// <summary>TikTok's rough daily cap for direct posts per creator (tiktok-api.md §11), shared with every other app the creator uses.</summary>
    public const int TypicalDailyPostCap = 15;

    public string DailyLimitState => View.HealthReason == AccountHealthRules.DailyCapReason
        ? $"Reached on the last check. {AccountHealthRules.DailyCapReason}"
        : $"Not reached on the last check. {PostsSentLast24Hours} post(s) went out from TikTok Studio in the last 24 hours; TikTok allows about {TypicalDailyPostCap} a day per creator, shared with the creator's other apps.";
}

/// <summary>What the connections screens do on the circuit: read accounts, switch mode, disconnect. Each change checks the role itself.</summary>
public sealed partial class AccountConnections(
    StudioDbContext db, WorkspaceContext workspace, TikTokAppSettings app, TokenProtector protector, TikTokAuthClient auth,
    AccountTokens tokens, TikTokDisplayClient display, AccountConnectionPosts posts, ILiveNotifier live, TimeProvider time,
    ILogger<AccountConnections> logger, Activity.ActivityRecorder activity, Billing.PlanPause planPause)
{
    public static readonly string OnlyAdmins = Permissions.Refusal(StudioAction.ManageConnections);

    private static readonly PostStatus[] Waiting = [PostStatus.Scheduled, PostStatus.WaitingForDailyLimit];
    private static readonly PostStatus[] Sent = [PostStatus.Published, PostStatus.SentToInbox];

    public bool CanManage => workspace.May(StudioAction.ManageConnections);

    public async Task<IReadOnlyList<AccountView>> ListAsync(CancellationToken ct = default)
    {
        var now = time.GetUtcNow();
        var accounts = await db.Set<TikTokAccount>().AsNoTracking().ToListAsync(ct);
        return accounts.OrderBy(a => a.Status).ThenBy(a => a.DisplayName, StringComparer.CurrentCultureIgnoreCase)
            .Select(a => AccountView.For(a, app.Audited, now)).ToList();
    }

    /// <summary>One account of this workspace; null for an id that does not exist and for another workspace's account alike.</summary>
    public async Task<AccountView?> FindAsync(Guid id, CancellationToken ct = default) =>
        await db.Set<TikTokAccount>().AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, ct) is { } account
            ? AccountView.For(account, app.Audited, time.GetUtcNow())
            : null;

    /// <summary>How many posts of the account are waiting for their slot (they pause on disconnect).</summary>
    public Task<int> CountScheduledAsync(Guid id, CancellationToken ct = default) =>
        db.Set<Post>().CountAsync(p => p.AccountId == id && Waiting.Contains(p.Status), ct);

    public async Task<AccountDetails?> DetailsAsync(Guid id, CancellationToken ct = default)
    {
        if (await FindAsync(id, ct) is not { } view) return null;
        var since = time.GetUtcNow().AddHours(-24);
        var sent = await db.Set<Post>().Where(p => p.AccountId == id && Sent.Contains(p.Status) && p.CompletedAt != null)
            .Select(p => p.CompletedAt!.Value).ToListAsync(ct);
        var scheduled = await CountScheduledAsync(id, ct);
        var (videos, message) = await RecentVideosAsync(view, ct);
        return new AccountDetails(view, sent.Count(at => at >= since), scheduled, videos, message);
    }

    public async Task<ConnectionChange> SwitchModeAsync(Guid id, bool preferDrafts, CancellationToken ct = default)
    {
        if (!CanManage) return ConnectionChange.Refused(OnlyAdmins);
        var account = await db.Set<TikTokAccount>().FirstOrDefaultAsync(a => a.Id == id, ct);
        if (account is null) return ConnectionChange.Refused("This account is not in this workspace any more.");
        if (!account.CanSwitchMode(app.Audited)) return ConnectionChange.Refused(account.ModeReason(app.Audited));
        account.PreferDrafts = preferDrafts;
        activity.Record(db, account.WorkspaceId, Activity.ActivityKinds.SettingsChanged,
            preferDrafts ? $"Posting mode of {Posts.Compose.ComposeRules.Handle(account)} changed to drafts in the creator's TikTok inbox."
                : $"Posting mode of {Posts.Compose.ComposeRules.Handle(account)} changed to direct publishing.", accountId: account.Id);
        await db.SaveChangesAsync(ct);
        await live.ChangedAsync(account.WorkspaceId, AccountView.LiveEntity, account.Id.ToString(), ct);
        return ConnectionChange.Done(preferDrafts
            ? $"Posts to {account.DisplayName} now go to the creator's TikTok inbox as drafts."
            : $"Posts to {account.DisplayName} are now published directly.");
    }

    /// <summary>Revokes at TikTok, deletes the tokens, keeps the row and its history, and pauses the scheduled posts.</summary>
    public async Task<ConnectionChange> DisconnectAsync(Guid id, CancellationToken ct = default)
    {
        if (!CanManage) return ConnectionChange.Refused(OnlyAdmins);
        var account = await db.Set<TikTokAccount>().FirstOrDefaultAsync(a => a.Id == id, ct);
        if (account is null) return ConnectionChange.Refused("This account is not in this workspace any more.");
        if (account.Status == ConnectionStatus.Disconnected) return ConnectionChange.Done($"{account.DisplayName} was already disconnected.");
        if (protector.TryUnprotect(account.ProtectedAccessToken) is { } accessToken)
        {
            try { await auth.RevokeAsync(accessToken, ct); }
            catch (Exception e) when (e is TikTokApiException or HttpRequestException)
            {
                // The tokens are deleted here either way; TikTok expires an unrevoked access token within 24 h.
                LogRevokeFailed(logger, id, e.GetType().Name);
            }
        }
        account.ProtectedAccessToken = null;
        account.ProtectedRefreshToken = null;
        account.AccessTokenExpiresAt = null;
        account.RefreshTokenExpiresAt = null;
        account.TokenVersion++;
        account.Status = ConnectionStatus.Disconnected;
        account.DisconnectedAt = time.GetUtcNow();
        activity.Record(db, account.WorkspaceId, Activity.ActivityKinds.AccountDisconnected,
            $"Disconnected {Posts.Compose.ComposeRules.Handle(account)}: its tokens were deleted and its scheduled posts paused.", accountId: account.Id);
        await db.SaveChangesAsync(ct);
        // First the posts the plan held back for this account's place (this account's own included); then this
        // account's scheduled posts pause until it is reconnected.
        await planPause.ResumeFreedAsync(account.WorkspaceId, ct);
        var paused = await posts.PauseAsync(account.Id, ct);
        await live.ChangedAsync(account.WorkspaceId, AccountView.LiveEntity, account.Id.ToString(), ct);
        var pausedNote = paused > 0 ? $" {paused} scheduled post(s) are paused until you reconnect it." : "";
        return ConnectionChange.Done($"Disconnected {account.DisplayName}. Its tokens were deleted; its post history is kept.{pausedNote}", paused);
    }

    private async Task<(IReadOnlyList<TikTokVideo>, string?)> RecentVideosAsync(AccountView view, CancellationToken ct)
    {
        if (!view.IsConnected) return ([], "Disconnected: reconnect to see recent videos.");
        if (!view.Account.HasScope(TikTokScopes.VideoList)) return ([], "The creator did not allow TikTok Studio to list their videos.");
        try
        {
            var token = await tokens.GetFreshAccessTokenAsync(view.Account.Id, ct);
            if (token is null) return ([], "Reconnect the account to see its videos.");
            return ((await display.ListVideosAsync(token, maxCount: 10, cancellationToken: ct)).Videos, null);
        }
        catch (Exception e) when (e is TikTokApiException or HttpRequestException)
        {
            return ([], "TikTok did not answer just now; the list will be back on the next visit.");
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Revoking the TikTok token of account {AccountId} failed ({Error}); the stored tokens are deleted anyway")]
    private static partial void LogRevokeFailed(ILogger logger, Guid accountId, string error);
}

/// <summary>The outcome of a change, in words for the person who asked for it.</summary>
public sealed record ConnectionChange(bool Succeeded, string Message, int PausedPosts = 0)
{
    public static ConnectionChange Done(string message, int pausedPosts = 0) => new(true, message, pausedPosts);
    public static ConnectionChange Refused(string message) => new(false, message);
}
