using Bunit;
using TikTokStudio.Tests.Infrastructure;
using TikTokStudio.Web.Features.Billing;
using TikTokStudio.Web.Features.Workspaces;
using static TikTokStudio.Tests.Features.Connections.ConnectionsTestData;

namespace TikTokStudio.Tests.Features.Workspaces;

public sealed class TeamAndBillingPageTests : StudioComponentTest
{
    [Fact]
    public async Task Billing_Shows_The_Trial_And_Promises_Nothing_It_Cannot_Do()
    {
        await using var app = new StudioAppFactory();
        var (owner, _) = await app.CreateUserAsync(workspaceName: "Billing Co");
        await SignInToApp(app, owner.Id);

        var page = Render<BillingPage>();

        var state = page.Find("[data-testid=billing-empty-state]").TextContent;
        Assert.Contains("You are on the free trial: 14 days left in your trial", state);
        Assert.Contains("paying is not possible yet", state);
        Assert.Empty(page.FindAll("input"));
    }
}
