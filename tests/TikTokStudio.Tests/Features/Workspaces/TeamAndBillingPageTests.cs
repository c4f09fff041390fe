using Bunit;
using TikTokStudio.Tests.Infrastructure;
using TikTokStudio.Web.Features.Team;
using TikTokStudio.Web.Features.Workspaces;
using static TikTokStudio.Tests.Features.Connections.ConnectionsTestData;

namespace TikTokStudio.Tests.Features.Workspaces;

public sealed class TeamAndBillingPageTests : StudioComponentTest
{
    [Fact]
    public async Task Team_Lists_The_Real_Members_And_Says_Honestly_That_Invitations_Are_Not_Here_Yet()
    {
        await using var app = new StudioAppFactory();
        var (owner, workspace) = await app.CreateUserAsync(email: $"owner-{Guid.NewGuid():N}@example.com", workspaceName: "Team Co");
        var (editor, _) = await app.CreateUserAsync(email: $"editor-{Guid.NewGuid():N}@example.com", workspaceName: "Editor's own");
        await AddMemberAsync(app, editor.Id, workspace.Id, WorkspaceRole.Editor);
        var (stranger, _) = await app.CreateUserAsync(workspaceName: "Stranger's");
        await SignInToApp(app, owner.Id);

        var page = Render<TeamPage>();

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=members] .mud-list-item").Count));
        var members = page.Find("[data-testid=members]").TextContent;
        Assert.Contains(owner.Email!, members);
        Assert.Contains(editor.Email!, members);
        Assert.DoesNotContain(stranger.Email!, members);
        Assert.Contains("Invitations are not here yet", page.Find("[data-testid=team-empty-state]").TextContent);
    }
}
