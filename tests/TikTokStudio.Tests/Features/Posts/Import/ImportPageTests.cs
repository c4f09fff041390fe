using System.Text;
using Bunit;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.DependencyInjection;
using TikTokStudio.Tests.Features.Posts.Calendar;
using TikTokStudio.Tests.Features.Posts.Compose;
using TikTokStudio.Tests.Infrastructure;
using TikTokStudio.Web.Data;
using TikTokStudio.Web.Features.Media;
using TikTokStudio.Web.Features.Posts;
using TikTokStudio.Web.Features.Posts.Import;
using TikTokStudio.Web.Features.Team;
using TikTokStudio.Web.Features.Workspaces;

namespace TikTokStudio.Tests.Features.Posts.Import;

/// <summary>/app/posts/import on the circuit against the real app: the preview's states, a cell fixed in place, the import.</summary>
public sealed class ImportPageTests : StudioComponentTest
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private static string Day(int daysAhead) => PostsTestData.DaysAhead("Europe/Berlin", daysAhead).ToString("yyyy-MM-dd");

    private async Task<(StudioAppFactory App, Member Member)> SignedInAsync(WorkspaceRole? asRole = null)
    {
        var app = new StudioAppFactory();
        var member = await PostsTestData.SignedInAsync(app);
        await PostsTestData.AddAccountAsync(app, member.Workspace.Id, "pia");
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<StudioDbContext>();
            foreach (var name in new[] { "launch.mp4", "teaser.mp4" })
            {
                var video = ComposerBuilder.Video();
                video.OriginalFileName = name;
                video.WorkspaceId = member.Workspace.Id;
                db.Set<MediaFile>().Add(video);
            }
            await db.SaveChangesAsync();
        }
        var user = asRole is { } role ? (await PostsTestData.MemberOfAsync(app, member.Workspace, role)).User : member.User;
        await SignInToApp(app, user.Id);
        return (app, member);
    }

    private static void Upload(IRenderedComponent<ImportPageHarness> page, string csv, string name = "plan.csv") =>
        page.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromBinary(Encoding.UTF8.GetBytes(csv), name, contentType: "text/csv"));

    private static string Summary(IRenderedComponent<ImportPageHarness> page) => page.Find("[data-testid=import-summary]").TextContent.Trim();

    [Fact]
    public async Task A_Bad_Cell_Shows_Its_Problem_In_Words_Is_Fixed_In_Place_And_The_File_Imports()
    {
        var (app, member) = await SignedInAsync();
        await using var _ = app;
        var page = Render<ImportPageHarness>();

        Upload(page, $"publish_at,account,caption,media,privacy\n{Day(3)} 09:00,@pia,One,launch.mp4,Everyone\n{Day(3)} 10:00,@piaa,Two,teaser.mp4,Everyone\n");

        page.WaitForAssertion(() => Assert.Equal("2 rows to import: 1 ready, 1 with problems.", Summary(page)), Patience);
        Assert.Equal("Import 1 valid row", page.Find("[data-testid=import-button]").TextContent.Trim());
        Assert.Equal("1 problem", page.Find("[data-testid=row-problems]").TextContent.Trim());
        var cell = page.Find("[data-cell='3:account']");
        Assert.Contains("@piaa is not connected to this workspace. Connected: @pia.", cell.TextContent);
        // The valid row is shown as text, with an edit button; only the bad row is open for editing.
        Assert.Empty(page.FindAll("[data-cell^='2:'] input"));
        Assert.Equal("@pia", page.Find("[data-cell='2:account']").TextContent.Trim());

        page.Find("[data-cell='3:account'] input").Change("@pia");

        page.WaitForAssertion(() => Assert.Equal("2 rows to import: all ready.", Summary(page)), Patience);
        page.Find("[data-testid=import-button]").Click();
        page.WaitForAssertion(() => Assert.Contains("Imported 2 posts from plan.csv.", page.Find("[data-testid=import-report]").TextContent), Patience);
        Assert.Equal(2, (await app.RowsOfAsync<Post>(member.Workspace.Id)).Count);
        Assert.Contains("See them in the calendar", page.Find("[data-testid=import-report]").TextContent);
        Assert.Equal("Every row of this file is imported.", Summary(page));
    }

    [Fact]
    public async Task All_Or_None_Disables_The_Import_While_A_Row_Has_Problems()
    {
        var (app, member) = await SignedInAsync();
        await using var _ = app;
        var page = Render<ImportPageHarness>();
        Upload(page, $"publish_at,account,caption,media,privacy\n{Day(3)} 09:00,@pia,One,launch.mp4,Everyone\n2027-03-28 02:30,@pia,Gap,teaser.mp4,Everyone\n");
        page.WaitForAssertion(() => Assert.Equal("2 rows to import: 1 ready, 1 with problems.", Summary(page)), Patience);
        Assert.Contains("02:30 does not exist on 28 March 2027 in Europe/Berlin", page.Find("[data-cell='3:publish_at']").TextContent);

        page.FindAll("input[type=radio]")[1].Click();

        page.WaitForAssertion(() => Assert.True(page.Find("[data-testid=import-button]").HasAttribute("disabled")), Patience);
        Assert.Equal("Import all 2", page.Find("[data-testid=import-button]").TextContent.Trim());
        Assert.Empty(await app.RowsOfAsync<Post>(member.Workspace.Id));
    }

    [Fact]
    public async Task An_Unreadable_File_Says_Why_And_Shows_No_Preview()
    {
        var (app, _) = await SignedInAsync();
        await using var _app = app;
        var page = Render<ImportPageHarness>();

        Upload(page, "when,who\n1,2\n", "notes.csv");

        page.WaitForAssertion(() => Assert.StartsWith("notes.csv has no \"account\" or \"media\" column.", page.Find("[data-testid=import-file-error]").TextContent.Trim()), Patience);
        Assert.Empty(page.FindAll("[data-testid=import-grid]"));
        Assert.Empty(page.FindAll("[data-testid=import-button]"));
    }

    [Fact]
    public async Task A_File_Imported_Before_Is_Asked_About()
    {
        var (app, member) = await SignedInAsync();
        await using var _ = app;
        var csv = $"publish_at,account,caption,media,privacy\n{Day(4)} 09:00,@pia,Once,launch.mp4,Everyone\n";
        var first = Render<ImportPageHarness>();
        Upload(first, csv);
        first.WaitForAssertion(() => Assert.Equal("1 row to import: all ready.", Summary(first)), Patience);
        first.Find("[data-testid=import-button]").Click();
        first.WaitForAssertion(() => Assert.Contains("Imported 1 post", first.Find("[data-testid=import-report]").TextContent), Patience);

        // The same bytes chosen again (in this page or any other session) are recognized by their hash.
        var again = first;
        Upload(again, csv, "plan-copy.csv");

        again.WaitForAssertion(() => Assert.Contains("This file was already imported on", again.Find("[data-testid=import-repeat]").TextContent), Patience);
        Assert.Contains("Import it again anyway", again.Find("[data-testid=import-repeat]").TextContent);
    }

    [Fact]
    public async Task A_Viewer_Is_Told_Who_Can_Import_And_Gets_No_Upload()
    {
        var (app, _) = await SignedInAsync(WorkspaceRole.Viewer);
        await using var _app = app;

        var page = Render<ImportPageHarness>();

        Assert.Equal(Permissions.Refusal(StudioAction.ComposePost), page.Find("[data-testid=import-refused]").TextContent.Trim());
        Assert.Empty(page.FindComponents<InputFile>());
    }
}
