using Bunit;
using TikTokStudio.Tests.Infrastructure;
using TikTokStudio.Web.Features.Connections;

namespace TikTokStudio.Tests.Features.Connections;

/// <summary>The mode badge and the health dot say their state in words and with the reason, never by colour alone.</summary>
public sealed class BadgeTests : StudioComponentTest
{
    [Theory]
    [InlineData(PostingMode.DirectPost, "Direct post", "Posts are published to the profile at their scheduled time.")]
    [InlineData(PostingMode.Draft, "Draft (inbox)", "You chose drafts: posts land in the creator's TikTok inbox to finish in the app.")]
    [InlineData(PostingMode.PrivateOnly, "Private only", "This TikTok app has not passed TikTok's audit yet.")]
    public void The_Mode_Badge_Names_The_Mode_And_Shows_Why(PostingMode mode, string label, string reason)
    {
        var badge = Render<ModeBadge>(p => p.Add(x => x.Mode, mode).Add(x => x.Reason, reason).Add(x => x.ShowReason, true));

        Assert.Equal(label, badge.Find("[data-mode]").TextContent.Trim());
        Assert.Equal(mode.ToString(), badge.Find("[data-mode]").GetAttribute("data-mode"));
        Assert.Equal(reason, badge.Find("[data-testid=mode-reason]").TextContent.Trim());
        Assert.NotNull(badge.Find("[data-mode] svg"));
    }

    [Fact]
    public void Each_Mode_Has_Its_Own_Icon_So_Colour_Is_Not_The_Only_Signal()
    {
        var icons = Enum.GetValues<PostingMode>()
            .Select(mode => Render<ModeBadge>(p => p.Add(x => x.Mode, mode).Add(x => x.ShowReason, true)).Find("[data-mode] svg").InnerHtml)
            .ToList();

        Assert.Equal(icons.Count, icons.Distinct().Count());
    }

    [Fact]
    public void Without_Room_For_Text_The_Reason_Stays_Readable_For_Screen_Readers()
    {
        Render<MudBlazor.MudPopoverProvider>();
        var badge = Render<ModeBadge>(p => p.Add(x => x.Mode, PostingMode.PrivateOnly).Add(x => x.Reason, "Unaudited app."));

        Assert.Equal(": Unaudited app.", badge.Find(".studio-visually-hidden").TextContent.Trim());
        Assert.Empty(badge.FindAll("[data-testid=mode-reason]"));
    }

    [Theory]
    [InlineData(AccountHealth.Ready, "Ready", "mud-success-text")]
    [InlineData(AccountHealth.Attention, "Needs attention", "mud-warning-text")]
    [InlineData(AccountHealth.ReconnectNeeded, "Reconnect needed", "mud-error-text")]
    [InlineData(AccountHealth.CannotPost, "Cannot post", "mud-error-text")]
    public void The_Health_Dot_Says_The_State_In_Words_Beside_Its_Colour(AccountHealth health, string words, string colourClass)
    {
        var dot = Render<HealthDot>(p => p.Add(x => x.Health, health).Add(x => x.Reason, health == AccountHealth.Ready ? null : "Because."));

        Assert.Equal(health.ToString(), dot.Find("[data-health]").GetAttribute("data-health"));
        Assert.Equal(words, dot.Find("[data-health]").TextContent.Trim());
        Assert.Contains(colourClass, dot.Find("[data-health] svg").ClassName);
        if (health == AccountHealth.Ready) Assert.Empty(dot.FindAll("[data-testid=health-reason]"));
        else Assert.Equal("Because.", dot.Find("[data-testid=health-reason]").TextContent.Trim());
    }
}
