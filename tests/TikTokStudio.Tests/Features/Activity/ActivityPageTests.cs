using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using TikTokStudio.Tests.Features.Connections;
using TikTokStudio.Tests.Infrastructure;
using TikTokStudio.Web.Data;
using TikTokStudio.Web.Features.Activity;
using TikTokStudio.Web.Features.Workspaces;

namespace TikTokStudio.Tests.Features.Activity;

/// <summary>/app/activity and a post's own entries on the circuit against the real app: the grid, its filters in the address, the refusal.</summary>
public sealed class ActivityPageTests : StudioComponentTest
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(5);
    private static readonly DateTimeOffset Day = new(2026, 6, 1, 10, 0, 0, TimeSpan.Zero);

    private NavigationManager Navigation => Services.GetRequiredService<NavigationManager>();

    private static List<string> Whats(IRenderedComponent<ActivityPageHarness> page) =>
        page.FindAll("[data-testid=activity-text]").Select(e => e.TextContent.Trim()).ToList();

    [Fact]
    public async Task The_Grid_Shows_Who_What_Subject_And_Address_And_A_Member_Filter_Goes_Into_The_Address()
    {
        await using var app = new StudioAppFactory();
        var (owner, workspace) = await app.CreateUserAsync(workspaceName: "Log Page Co", timeZoneId: "Europe/Paris");
        var account = await ConnectionsTestData.AddAccountAsync(app, workspace, "Brand", "brand");
        await app.AddEntryAsync(workspace.Id, Day, ActivityKinds.AccountConnected, "Connected @brand.", actorId: owner.Id, actorName: owner.Email!, accountId: account.Id);
        await app.AddEntryAsync(workspace.Id, Day.AddHours(1), ActivityKinds.PostPublished, "Published “Hello”.", ActorKind.System, null, "TikTok Studio", ip: null);
        await app.AddEntryAsync(workspace.Id, Day.AddHours(2), ActivityKinds.MemberInvited, "Invited ed@example.com as Editor.", actorId: "other", actorName: "other@example.com");
        await SignInToApp(app, owner.Id);

        var page = Render<ActivityPageHarness>();

        page.WaitForAssertion(() => Assert.Equal(3, Whats(page).Count), Patience);
        Assert.Equal(["Invited ed@example.com as Editor.", "Published “Hello”.", "Connected @brand."], Whats(page));
        var headers = page.FindAll("thead th").Select(th => th.TextContent.Trim()).Where(t => t.Length > 0).ToList();
        Assert.Equal(["When (Europe/Paris)", "Who", "What", "Subject", "IP address"], headers);
        var connected = page.FindAll("tbody tr").Last();
        Assert.Equal("Mon 1 Jun 2026, 12:00:00", connected.QuerySelector("time")!.TextContent.Trim());
        Assert.Equal(owner.Email, connected.QuerySelector("[data-testid=activity-who]")!.TextContent.Trim());
        Assert.Equal("@brand", connected.QuerySelector("[data-testid=activity-subject] a")!.TextContent.Trim());
        Assert.Equal("192.0.2.1", connected.QuerySelector("[data-testid=activity-ip]")!.TextContent.Trim());
        Assert.Contains("Account connected", connected.QuerySelector("[data-testid=activity-what]")!.TextContent);
        Assert.Equal("/app/activity.csv", page.Find("[data-testid=activity-csv]").GetAttribute("href"));

        page.Find("input[data-testid=activity-member]").Closest(".mud-select")!.MouseDown();
        page.WaitForAssertion(() => Assert.Contains(page.FindAll(".mud-list-item"), i => i.TextContent.Trim() == "TikTok Studio"), Patience);
        page.FindAll(".mud-list-item").First(i => i.TextContent.Trim() == "TikTok Studio").Click();

        page.WaitForAssertion(() => Assert.Equal(["Published “Hello”."], Whats(page)), Patience);
        Assert.EndsWith("/app/activity?member=system", Navigation.Uri);
        Assert.Equal("/app/activity.csv?member=system", page.Find("[data-testid=activity-csv]").GetAttribute("href"));
        Assert.StartsWith("Activity by TikTok Studio: 1–1 of 1", page.Find("[data-testid=activity-summary]").TextContent.Trim());
    }

    [Fact]
    public async Task A_Linked_Filtered_View_Opens_Filtered_And_An_Impossible_Range_Is_Explained()
    {
        await using var app = new StudioAppFactory();
        var (owner, workspace) = await app.CreateUserAsync(workspaceName: "Linked Co");
        await app.AddEntryAsync(workspace.Id, Day, ActivityKinds.MemberRemoved, "Removed x@example.com (was Viewer).");
        await app.AddEntryAsync(workspace.Id, Day, ActivityKinds.SettingsChanged, "Changed the workspace's name.");
        await SignInToApp(app, owner.Id);
        Navigation.NavigateTo("/app/activity?kind=members");

        var page = Render<ActivityPageHarness>();

        page.WaitForAssertion(() => Assert.Equal(["Removed x@example.com (was Viewer)."], Whats(page)), Patience);
        page.Find("input[data-testid=activity-from]").Change("2026-06-10");
        page.Find("input[data-testid=activity-to]").Change("2026-06-01");
        page.WaitForAssertion(() => Assert.Contains("“To” is before “From”", page.Find("[data-testid=activity-filters]").TextContent), Patience);
        Assert.EndsWith("/app/activity?kind=members&from=2026-06-10", Navigation.Uri);

        page.Find("[data-testid=activity-clear]").Click();
        page.WaitForAssertion(() => Assert.Equal(2, Whats(page).Count), Patience);
        Assert.EndsWith("/app/activity", Navigation.Uri);
    }

    [Theory]
    [InlineData(WorkspaceRole.Viewer)]
    [InlineData(WorkspaceRole.Contributor)]
    public async Task Viewers_And_Contributors_Are_Told_Who_May_Read_The_Log_And_See_None_Of_It(WorkspaceRole role)
    {
        await using var app = new StudioAppFactory();
        var (_, workspace) = await app.CreateUserAsync(workspaceName: "Closed Co");
        await app.AddEntryAsync(workspace.Id, Day, ActivityKinds.MemberInvited, "Invited secret@example.com as Editor.");
        var (member, _) = await app.CreateUserAsync(workspaceName: "Member's own");
        await ConnectionsTestData.AddMemberAsync(app, member.Id, workspace.Id, role);
        await SignInToApp(app, member.Id);

        var page = Render<ActivityPageHarness>();

        Assert.Equal(ActivityLog.Refusal + " Ask the Owner or an Admin if you need to know who changed something.",
            page.Find("[data-testid=activity-refused]").TextContent.Trim());
        Assert.Empty(page.FindAll("[data-testid=activity-grid]"));
        Assert.Empty(page.FindAll("[data-testid=activity-csv]"));
        Assert.DoesNotContain("secret@example.com", page.Markup);
    }

    [Fact]
    public async Task A_Posts_Page_Panel_Lists_Its_Own_Entries_Newest_First()
    {
        await using var app = new StudioAppFactory();
        var (owner, workspace) = await app.CreateUserAsync(workspaceName: "Post Panel Co");
        var postId = Guid.NewGuid();
        await app.AddEntryAsync(workspace.Id, Day, ActivityKinds.PostCreated, "Created “Teaser”.", actorName: "ann@example.com", postId: postId);
        await app.AddEntryAsync(workspace.Id, Day.AddHours(1), ActivityKinds.PostRescheduled, "Rescheduled “Teaser”.", actorName: "ann@example.com", postId: postId);
        await app.AddEntryAsync(workspace.Id, Day, ActivityKinds.PostCreated, "Created another post.", postId: Guid.NewGuid());
        await SignInToApp(app, owner.Id);

        var panel = Render<PostActivityPanel>(p => p.Add(x => x.PostId, postId));

        panel.WaitForAssertion(() => Assert.Equal(2, panel.FindAll("[data-testid=post-activity-entry]").Count), Patience);
        var entries = panel.FindAll("[data-testid=post-activity-entry]");
        Assert.Equal([ActivityKinds.PostRescheduled, ActivityKinds.PostCreated], entries.Select(e => e.GetAttribute("data-kind")));
        Assert.Contains("ann@example.com · 192.0.2.1", entries[0].TextContent);
        Assert.Contains("Rescheduled “Teaser”.", entries[0].TextContent);
    }
}
