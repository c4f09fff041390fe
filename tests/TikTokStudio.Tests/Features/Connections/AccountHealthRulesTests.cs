using TikTokStudio.TikTok.Errors;
using TikTokStudio.Web.Features.Connections;

namespace TikTokStudio.Tests.Features.Connections;

/// <summary>Issue 16 (10): banned and capped creators each get their own true reason and the action that helps.</summary>
public sealed class AccountHealthRulesTests
{
    [Fact]
    public void A_Banned_Creator_Cannot_Post_And_Is_Told_Reconnecting_Does_Not_Lift_The_Ban()
    {
        var account = Account();

        AccountHealthRules.Apply(account, CannotPostNow("spam_risk_user_banned_from_posting"));

        var (health, reason) = AccountHealthRules.Current(account, DateTimeOffset.UtcNow);
        Assert.Equal(AccountHealth.CannotPost, health);
        Assert.NotEqual(AccountHealth.ReconnectNeeded, health);
        Assert.Contains("banned this creator from posting", reason);
        Assert.Contains("Reconnecting does not lift a ban", reason);
        Assert.Equal("Cannot post", Web.Features.Connections.HealthDot.LabelFor(health));
        Assert.False(AccountView.For(account, appAudited: true, DateTimeOffset.UtcNow).ReconnectHelps);
    }

    [Fact]
    public void A_Capped_Creator_Needs_Attention_And_Is_Told_The_Limit_Resets()
    {
        var account = Account();

        AccountHealthRules.Apply(account, CannotPostNow("spam_risk_too_many_posts"));

        Assert.Equal(AccountHealth.Attention, account.Health);
        Assert.Contains("daily posting limit", account.HealthReason);
        Assert.Contains("resets within 24 hours", account.HealthReason);
        Assert.Contains("reconnecting does not change it", account.HealthReason);
        Assert.False(AccountView.For(account, appAudited: true, DateTimeOffset.UtcNow).ReconnectHelps);
    }

    [Theory]
    [InlineData("spam_risk_user_banned_from_posting")]
    [InlineData("spam_risk_too_many_posts")]
    public void A_Creator_Who_Granted_Direct_Posting_Is_Never_Said_Not_To_Have_Allowed_It(string code)
    {
        var account = Account();
        account.CreatorInfoCheckedAt = null;

        AccountHealthRules.Apply(account, CannotPostNow(code));
        var view = AccountView.For(account, appAudited: true, DateTimeOffset.UtcNow);

        Assert.DoesNotContain("did not allow", view.CreatorLimitsMissingReason);
        Assert.DoesNotContain("did not allow", view.ModeReason);
        Assert.Contains("cannot post right now", view.CreatorLimitsMissingReason);
    }

    [Fact]
    public void A_Banned_Creators_Direct_Post_Badge_Says_Nothing_Goes_Out()
    {
        var account = Account();

        AccountHealthRules.Apply(account, CannotPostNow("spam_risk_user_banned_from_posting"));

        Assert.Equal(PostingMode.DirectPost, account.Mode(appAudited: true));
        Assert.Contains("TikTok does not let them post", account.ModeReason(appAudited: true));
    }

    [Fact]
    public void A_Creator_Without_Direct_Posting_Is_Told_So_For_The_Missing_Limits()
    {
        var account = Account();
        account.GrantedScopes = "user.info.basic,video.upload";
        account.CreatorInfoCheckedAt = null;

        Assert.Contains("did not allow direct posting", AccountView.For(account, true, DateTimeOffset.UtcNow).CreatorLimitsMissingReason);
    }

    [Fact]
    public void Revoked_Access_Still_Asks_For_A_Reconnect()
    {
        var account = Account();

        AccountHealthRules.Apply(account, new TikTokApiException("access_token_invalid", "revoked", 401, "log", TikTokErrorClass.NeedsReauth));

        Assert.Equal(AccountHealth.ReconnectNeeded, account.Health);
        Assert.True(AccountView.For(account, true, DateTimeOffset.UtcNow).ReconnectHelps);
    }

    [Theory]
    [InlineData(AccountHealth.Attention, true)]
    [InlineData(AccountHealth.CannotPost, true)]
    [InlineData(AccountHealth.ReconnectNeeded, false)]
    public void A_Successful_Creator_Check_Clears_A_Cap_Or_A_Lifted_Ban_But_Not_A_Dead_Sign_In(AccountHealth health, bool clears) =>
        Assert.Equal(clears, AccountHealthRules.ClearsOnSuccessfulCheck(health));

    private static TikTokApiException CannotPostNow(string code) =>
        new(code, "TikTok says no", 200, "log-1", TikTokErrorClass.CreatorCannotPostNow);

    private static TikTokAccount Account() => new()
    {
        OpenId = "open-1", DisplayName = "Ben Banned", Username = "banned_creator", GrantedScopes = ConnectionsTestData.AllScopes,
        CreatorInfoCheckedAt = DateTimeOffset.UtcNow,
    };
}
