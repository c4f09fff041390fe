using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TikTokStudio.TikTok.Auth;
using TikTokStudio.TikTok.Posting;
using TikTokStudio.Web.Data;

namespace TikTokStudio.Web.Features.Connections;

/// <summary>How posts to an account reach TikTok.</summary>
public enum PostingMode
{
    /// <summary>Published straight to the profile (video.publish granted, app audited).</summary>
    DirectPost,
    /// <summary>Sent to the creator's TikTok inbox to finish in the app (video.upload).</summary>
    Draft,
    /// <summary>Unaudited app: direct posts only as SELF_ONLY, and the account must be private.</summary>
    PrivateOnly,
    /// <summary>Neither posting scope was granted.</summary>
    CannotPost,
}

public enum AccountHealth
{
    Ready,
    Attention,
    ReconnectNeeded,
    /// <summary>TikTok itself does not let the creator post (banned from posting). Reconnecting does not change it.</summary>
    CannotPost,
}

public enum ConnectionStatus
{
    Connected,
    Disconnected,
}

/// <summary>
/// A connected TikTok creator in one workspace. Tokens are stored only encrypted (Data Protection) and are never
/// rendered, logged or returned; pages show when they expire, not what they are.
/// </summary>
public sealed class TikTokAccount : ITenantOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid WorkspaceId { get; set; }

    public required string OpenId { get; set; }
    public string DisplayName { get; set; } = "";
    public string? Username { get; set; }
    public string? AvatarUrl { get; set; }
    public bool IsVerified { get; set; }
    public string? BioDescription { get; set; }
    public string? ProfileDeepLink { get; set; }
    public long? FollowerCount { get; set; }
    public long? FollowingCount { get; set; }
    public long? LikesCount { get; set; }
    public long? VideoCount { get; set; }

    /// <summary>Comma-separated scopes the creator granted.</summary>
    public string GrantedScopes { get; set; } = "";

    public string? ProtectedAccessToken { get; set; }
    public string? ProtectedRefreshToken { get; set; }
    public DateTimeOffset? AccessTokenExpiresAt { get; set; }
    public DateTimeOffset? RefreshTokenExpiresAt { get; set; }
    public DateTimeOffset? LastRefreshedAt { get; set; }
    public int ConsecutiveRefreshFailures { get; set; }

    /// <summary>
    /// Saved just before the refresh token is sent to TikTok and cleared in the same save as TikTok's answer. Still set
    /// afterwards means that renewal was cut off (a crash, a lost answer), and TikTok may have rotated the refresh
    /// token this row holds; the next renewal settles it (see AccountTokens).
    /// </summary>
    public DateTimeOffset? RenewalInFlightSince { get; set; }

    /// <summary>When a renewal was last attempted; a failed one is retried after a short, growing wait.</summary>
    public DateTimeOffset? LastRenewalAttemptAt { get; set; }

    /// <summary>Bumped on every token change: two refreshes racing in two processes cannot both win (a lost rotation would kill the account).</summary>
    public int TokenVersion { get; set; }

    // Snapshot of creator_info (Content Posting API), refreshed on connect, by the health job and by the composer.
    public string? CreatorNickname { get; set; }
    public string PrivacyLevelOptions { get; set; } = "";
    public bool CommentDisabled { get; set; }
    public bool DuetDisabled { get; set; }
    public bool StitchDisabled { get; set; }
    public int? MaxVideoPostDurationSec { get; set; }
    public DateTimeOffset? CreatorInfoCheckedAt { get; set; }

    /// <summary>Set when creator_info last said the creator cannot post now (daily cap, banned, app's active-user cap).</summary>
    public string? CreatorCannotPostReason { get; set; }

    /// <summary>The user chose drafts even though direct posting is possible.</summary>
    public bool PreferDrafts { get; set; }

    public ConnectionStatus Status { get; set; } = ConnectionStatus.Connected;
    public AccountHealth Health { get; set; } = AccountHealth.Ready;

    /// <summary>Why the account is not Ready, in words a marketer understands.</summary>
    public string? HealthReason { get; set; }

    public DateTimeOffset ConnectedAt { get; set; }
    public string? ConnectedByUserId { get; set; }
    public DateTimeOffset? DisconnectedAt { get; set; }

    public IReadOnlyList<string> Scopes => TikTokScopes.Parse(GrantedScopes);
    public bool HasScope(string scope) => Scopes.Contains(scope);
    public IReadOnlyList<string> PrivacyOptions => TikTokScopes.Parse(PrivacyLevelOptions);
    public bool IsPrivateAccount => PrivacyOptions.Count > 0 && !PrivacyOptions.Contains(TikTokPrivacyLevel.PublicToEveryone);

    /// <summary>Both direct posting and drafts are possible, so the user may choose.</summary>
    public bool CanSwitchMode(bool appAudited) =>
        appAudited && HasScope(TikTokScopes.VideoPublish) && HasScope(TikTokScopes.VideoUpload);

    public PostingMode Mode(bool appAudited)
    {
        var canPublish = HasScope(TikTokScopes.VideoPublish);
        var canUpload = HasScope(TikTokScopes.VideoUpload);
        if (!canPublish) return canUpload ? PostingMode.Draft : PostingMode.CannotPost;
        if (PreferDrafts && canUpload) return PostingMode.Draft;
        return appAudited ? PostingMode.DirectPost : PostingMode.PrivateOnly;
    }

    public string ModeReason(bool appAudited) => Mode(appAudited) switch
    {
        PostingMode.DirectPost when Health == AccountHealth.CannotPost =>
            "The creator allowed direct posting, but TikTok does not let them post at the moment, so nothing goes out (see the account's health).",
        PostingMode.DirectPost => "Posts are published to the profile at their scheduled time.",
        PostingMode.Draft when !HasScope(TikTokScopes.VideoPublish) =>
            "The creator allowed uploads only (not direct posting), so posts land as drafts in their TikTok inbox to finish in the app.",
        PostingMode.Draft => "You chose drafts: posts land in the creator's TikTok inbox to finish in the app.",
        PostingMode.PrivateOnly =>
            "This TikTok app has not passed TikTok's audit yet: posts can only be private (\"Only me\") and the account must be private.",
        _ => "The creator granted neither direct posting nor uploads. Reconnect and allow them.",
    };

    public void ApplyCreatorInfo(CreatorInfo info, DateTimeOffset now)
    {
        CreatorNickname = info.CreatorNickname;
        PrivacyLevelOptions = string.Join(',', info.PrivacyLevelOptions);
        CommentDisabled = info.CommentDisabled;
        DuetDisabled = info.DuetDisabled;
        StitchDisabled = info.StitchDisabled;
        MaxVideoPostDurationSec = info.MaxVideoPostDurationSec;
        CreatorInfoCheckedAt = now;
        CreatorCannotPostReason = null;
    }

    public void MarkHealth(AccountHealth health, string? reason)
    {
        Health = health;
        HealthReason = health == AccountHealth.Ready ? null : reason;
    }
}

internal sealed class TikTokAccountConfiguration : IEntityTypeConfiguration<TikTokAccount>
{
    public void Configure(EntityTypeBuilder<TikTokAccount> builder)
    {
        builder.ToTable("TikTokAccounts");
        builder.HasIndex(a => new { a.WorkspaceId, a.OpenId }).IsUnique();
        builder.Property(a => a.OpenId).HasMaxLength(128);
        builder.Property(a => a.TokenVersion).IsConcurrencyToken();
        builder.Property(a => a.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(a => a.Health).HasConversion<string>().HasMaxLength(24);
        builder.Ignore(a => a.Scopes);
        builder.Ignore(a => a.PrivacyOptions);
        builder.Ignore(a => a.IsPrivateAccount);
    }
}
