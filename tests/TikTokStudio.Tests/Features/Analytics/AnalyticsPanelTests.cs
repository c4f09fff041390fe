using System.Net;
using Bunit;
using TikTokStudio.Tests.Infrastructure;
using TikTokStudio.Web.Features.Analytics;

namespace TikTokStudio.Tests.Features.Analytics;

/// <summary>The account panel's states against the real app's handlers, and the CSV downloads per workspace.</summary>
public sealed class AnalyticsPanelTests(StudioAppFactoryFixture fixture) : StudioComponentTest, IClassFixture<StudioAppFactoryFixture>
{
    private StudioAppFactory App => fixture.App;

    [Fact]
    public async Task A_New_Account_Shows_Too_Little_Data_And_Too_Few_Posts()
    {
        var (user, workspace) = await App.CreateUserAsync();
        var account = await AnalyticsTestData.AccountAsync(App, workspace);
        await SignInToApp(App, user.Id);

        var panel = Render<AccountAnalyticsPanel>(p => p.Add(x => x.AccountId, account.Id));

        panel.WaitForAssertion(() => Assert.NotNull(panel.Find("[data-testid=analytics-too-little]")));
        Assert.NotNull(panel.Find("[data-testid=analytics-no-posts]"));
        Assert.Contains("Too few posts to tell yet", panel.Find("[data-testid=best-times-too-few]").TextContent);
        Assert.Empty(panel.FindAll("[data-testid=analytics-missing-scopes]"));
    }

    [Fact]
    public async Task With_History_It_Shows_Changes_Charts_Posts_And_Best_Times()
    {
        var (user, workspace) = await App.CreateUserAsync(timeZoneId: "Europe/Berlin");
        var account = await AnalyticsTestData.AccountAsync(App, workspace);
        var now = App.Clock.GetUtcNow();
        await AnalyticsTestData.FollowersAsync(App, workspace, account, now.AddDays(-30), 30, start: 1_000, perDay: 10);
        for (var i = 0; i < 10; i++)
            await AnalyticsTestData.PublishedPostAsync(App, workspace, account, user.Id, now.AddDays(-20 + i).AddHours(-3), 48, 10 + i, $"Post {i}");
        await SignInToApp(App, user.Id);

        var panel = Render<AccountAnalyticsPanel>(p => p.Add(x => x.AccountId, account.Id));

        panel.WaitForAssertion(() => Assert.NotNull(panel.Find("[data-testid=account-analytics] svg")));
        Assert.Contains("+70", panel.Find("[data-testid=change-followers-7]").TextContent);
        Assert.Contains("+280", panel.Find("[data-testid=change-followers-28]").TextContent);
        Assert.Contains("not enough history", panel.Find("[data-testid=change-followers-90]").TextContent);
        Assert.Equal(10, panel.FindAll("[data-testid=analytics-posts] tbody tr").Count);
        Assert.NotNull(panel.Find("[data-testid=best-times-grid]"));
        Assert.Contains("from 10 posts", panel.Find("[data-testid=best-times-top]").TextContent);
    }

    [Fact]
    public async Task An_Account_Without_Stats_Says_Which_Scope_And_Offers_A_Reconnect()
    {
        var (user, workspace) = await App.CreateUserAsync();
        var account = await AnalyticsTestData.AccountAsync(App, workspace, configure: a => a.GrantedScopes = "user.info.basic,video.list,video.publish");
        await SignInToApp(App, user.Id);

        var panel = Render<AccountAnalyticsPanel>(p => p.Add(x => x.AccountId, account.Id));

        panel.WaitForAssertion(() => Assert.Contains("user.info.stats", panel.Find("[data-testid=analytics-missing-scopes]").TextContent));
        Assert.Contains("follower counts", panel.Find("[data-testid=analytics-missing-scopes]").TextContent);
        Assert.Contains("Reconnect", panel.Find("[data-testid=analytics-missing-scopes]").TextContent);
    }

    [Fact]
    public async Task Another_Workspaces_Account_Is_Not_Found_In_The_Panel_Or_Its_Csv()
    {
        var (owner, workspace) = await App.CreateUserAsync();
        var account = await AnalyticsTestData.AccountAsync(App, workspace);
        await AnalyticsTestData.PublishedPostAsync(App, workspace, account, owner.Id, App.Clock.GetUtcNow().AddDays(-3), 48, 5, "=cmd|' /C calc'!A0");
        var (stranger, _) = await App.CreateUserAsync();
        await SignInToApp(App, stranger.Id);
        var ownerClient = await App.SignInAsync(owner.Email!);
        var strangerClient = await App.SignInAsync(stranger.Email!);

        var panel = Render<AccountAnalyticsPanel>(p => p.Add(x => x.AccountId, account.Id));
        var theirs = await strangerClient.GetAsync(AnalyticsEndpoints.ExportUrl(account.Id, "posts"));
        var mine = await ownerClient.GetAsync(AnalyticsEndpoints.ExportUrl(account.Id, "posts"));
        var unknownTable = await ownerClient.GetAsync(AnalyticsEndpoints.ExportUrl(account.Id, "secrets"));

        panel.WaitForAssertion(() => Assert.NotNull(panel.Find("[data-testid=analytics-not-found]")));
        Assert.Equal(HttpStatusCode.NotFound, theirs.StatusCode);
        Assert.Equal(HttpStatusCode.OK, mine.StatusCode);
        Assert.Equal("text/csv", mine.Content.Headers.ContentType!.MediaType);
        var csv = await mine.Content.ReadAsStringAsync();
        Assert.Contains("'=cmd|", csv);
        Assert.Equal(HttpStatusCode.NotFound, unknownTable.StatusCode);
    }
}
