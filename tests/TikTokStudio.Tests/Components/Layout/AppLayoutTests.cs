using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using TikTokStudio.Tests.Infrastructure;
using TikTokStudio.Web.Components.Layout;
using TikTokStudio.Web.Features.Workspaces;

namespace TikTokStudio.Tests.Components.Layout;

public sealed class AppLayoutTests
{
    [Fact]
    public async Task Layout_Renders_The_Navigation_And_The_Current_Workspace()
    {
        var workspace = NewWorkspace("Northwind Social", trialEndsIn: TimeSpan.FromDays(14));
        var context = new WorkspaceContext();
        context.Resolve("user-1", workspace, WorkspaceRole.Owner, [(workspace.Id, workspace.Name, WorkspaceRole.Owner), (Guid.NewGuid(), "Other brand", WorkspaceRole.Editor)]);

        var document = await RenderLayoutAsync(context);

        var navLabels = document.QuerySelectorAll("nav[aria-label=Main] .nav-link-title").Select(e => e.TextContent.Trim());
        Assert.Equal(["Dashboard", "Compose", "Calendar", "Posts", "Media", "Connections", "Team", "Billing", "Settings"], navLabels);
        Assert.Equal("Northwind Social", document.QuerySelector("[data-testid=current-workspace]")!.TextContent.Trim());
        Assert.Equal("14 days left in your trial", document.QuerySelector("[data-testid=trial-badge]")!.TextContent.Trim());
        Assert.Contains("Other brand", document.QuerySelector(".dropdown-menu")!.TextContent);
        Assert.Equal("/hubs/live", document.QuerySelector("[data-live-hub]")!.GetAttribute("data-live-hub"));
        Assert.NotNull(document.QuerySelector("header a[href='app/notifications'][aria-label]"));
        Assert.NotNull(document.QuerySelector("main#main"));
        Assert.Equal("Page body", document.QuerySelector("main#main")!.TextContent.Trim());
    }

    [Fact]
    public async Task Each_Other_Workspace_Is_A_Form_That_Carries_The_Antiforgery_Token()
    {
        var workspace = NewWorkspace("Current", trialEndsIn: TimeSpan.FromDays(3));
        var other = Guid.NewGuid();
        var context = new WorkspaceContext();
        context.Resolve("user-1", workspace, WorkspaceRole.Admin, [(workspace.Id, "Current", WorkspaceRole.Admin), (other, "Other", WorkspaceRole.Viewer)]);

        var document = await RenderLayoutAsync(context);

        var forms = document.QuerySelectorAll("form[action='app/workspaces/switch']");
        Assert.Equal(2, forms.Length);
        Assert.All(forms, f => Assert.Equal("test-token", f.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")));
        Assert.Contains(forms, f => f.QuerySelector("input[name=workspaceId]")!.GetAttribute("value") == other.ToString());
        Assert.Equal("3 days left in your trial", document.QuerySelector("[data-testid=trial-badge]")!.TextContent.Trim());
    }

    [Fact]
    public async Task An_Ended_Trial_Shows_No_Countdown()
    {
        var workspace = NewWorkspace("Expired", trialEndsIn: TimeSpan.FromDays(-1));
        var context = new WorkspaceContext();
        context.Resolve("user-1", workspace, WorkspaceRole.Owner, [(workspace.Id, workspace.Name, WorkspaceRole.Owner)]);

        var document = await RenderLayoutAsync(context);

        Assert.Null(document.QuerySelector("[data-testid=trial-badge]"));
    }

    private static Workspace NewWorkspace(string name, TimeSpan trialEndsIn) => new()
    {
        Name = name, TimeZoneId = "UTC", CreatedAt = DateTimeOffset.UtcNow, TrialEndsAt = DateTimeOffset.UtcNow + trialEndsIn - TimeSpan.FromMinutes(1),
    };

    private static Task<AngleSharp.Html.Dom.IHtmlDocument> RenderLayoutAsync(WorkspaceContext context) =>
        ComponentRenderer.RenderAsync<AppLayout>(
            services => services.AddSingleton(context),
            new Dictionary<string, object?> { ["Body"] = (RenderFragment)(b => b.AddContent(0, "Page body")) });
}
