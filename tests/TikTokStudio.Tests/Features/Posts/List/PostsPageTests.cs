using AngleSharp.Dom;
using Bunit;
using Bunit.TestDoubles;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TikTokStudio.Tests.Features.Posts.Calendar;
using TikTokStudio.Tests.Infrastructure;
using TikTokStudio.Web.Data;
using TikTokStudio.Web.Features.Posts;
using TikTokStudio.Web.Features.Workspaces;
using TikTokStudio.Web.Live;
using static TikTokStudio.Tests.Features.Posts.Calendar.PostsTestData;

namespace TikTokStudio.Tests.Features.Posts.List;

/// <summary>/app/posts on the circuit against the real app: the grid, its address, its actions and live updates.</summary>
public sealed class PostsPageTests : StudioComponentTest
{
    private const string Berlin = "Europe/Berlin";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(5);

    private NavigationManager Navigation => Services.GetRequiredService<NavigationManager>();

    private static List<IElement> Links(IRenderedComponent<PostsPageHarness> page) => page.FindAll("[data-testid=post-link]").ToList();

    private static List<string> Titles(IRenderedComponent<PostsPageHarness> page) => Links(page).Select(a => a.TextContent.Trim()).ToList();

    /// <summary>The grid's row (tr) that shows <paramref name="postId"/>.</summary>
    private static IElement Row(IRenderedComponent<PostsPageHarness> page, Guid postId) =>
        page.Find($"[data-testid=post-link][data-post-id='{postId}']").Closest("tr")!;

    private static IElement Button(IRenderedComponent<PostsPageHarness> page, string text) =>
        page.FindAll("button").First(b => b.TextContent.Trim() == text);

    /// <summary>A checkbox's accessible name: MudBlazor labels the grid's checkboxes with aria-labelledby.</summary>
    private static string CheckboxName(IRenderedComponent<PostsPageHarness> page, IElement checkbox) =>
        checkbox.GetAttribute("aria-label") ?? page.Find($"#{checkbox.GetAttribute("aria-labelledby")}").TextContent.Trim();

    private static DateTimeOffset Day(int daysAhead, int hour = 9)
    {
        var day = DaysAhead(Berlin, daysAhead);
        return At(Berlin, day.Year, day.Month, day.Day, hour);
    }

    private async Task<(StudioAppFactory App, Member Member)> SignedInAsync(WorkspaceRole? asRole = null)
    {
        var app = new StudioAppFactory();
        var member = await PostsTestData.SignedInAsync(app, Berlin);
        var user = asRole is { } role ? (await MemberOfAsync(app, member.Workspace, role)).User : member.User;
        await SignInToApp(app, user.Id);
        return (app, member);
    }

    [Fact]
    public async Task The_Grid_Shows_Each_Post_With_Its_Local_Time_Account_Link_And_Status_In_Words()
    {
        var (app, member) = await SignedInAsync();
        await using var _ = app;
        var account = await AddAccountAsync(app, member.Workspace.Id, "tabby");
        var post = await AddPostAsync(app, member, account, PostStatus.SentToInbox, new DateTimeOffset(2026, 12, 3, 8, 0, 0, TimeSpan.Zero), "Winter teaser");

        var page = Render<PostsPageHarness>();

        page.WaitForAssertion(() => Assert.Equal(["Winter teaser"], Titles(page)), Patience);
        Assert.Equal("All posts: 1–1 of 1, page 1 of 1.", page.Find("[data-testid=posts-summary]").TextContent.Trim());
        var headers = page.FindAll("thead th").Select(th => th.TextContent.Trim()).Where(t => t.Length > 0).ToList();
        Assert.Equal(["When (Europe/Berlin)", "Account", "Post", "Status", "Updated", "Actions"], headers);
        var row = Row(page, post.Id);
        Assert.Equal($"/app/posts/{post.Id}", row.QuerySelector("[data-testid=post-link]")!.GetAttribute("href"));
        Assert.Equal("@tabby", row.QuerySelector("[data-testid=post-account]")!.TextContent.Trim());
        Assert.Equal("Thu 3 Dec 2026, 09:00", row.QuerySelector("time")!.TextContent.Trim());
        Assert.Equal("2026-12-03T08:00:00Z", row.QuerySelector("time")!.GetAttribute("datetime"));
        Assert.Equal("In TikTok inbox", row.QuerySelector("[data-status]")!.TextContent.Trim());
        Assert.Equal("Select “Winter teaser”", CheckboxName(page, row.QuerySelector("input[type=checkbox]")!));
        Assert.NotNull(row.QuerySelector("[aria-label='Duplicate “Winter teaser”']"));
        // Already with TikTok: nothing to edit, cancel or delete.
        Assert.Null(row.QuerySelector("[aria-label='Edit “Winter teaser”']"));
        Assert.Null(row.QuerySelector("[aria-label='Delete “Winter teaser”']"));
        foreach (var label in new[] { "Search captions", "Account", "Status", "From", "To" })
            Assert.Contains(page.FindAll("[data-testid=posts-filters] label"), l => l.TextContent.Trim() == label);
        Assert.Equal("posts-summary", page.Find("table").GetAttribute("aria-describedby"));
    }

    [Fact]
    public async Task Search_Narrows_The_Rows_After_A_Pause_And_The_Address_Follows()
    {
        var (app, member) = await SignedInAsync();
        await using var _ = app;
        var account = await AddAccountAsync(app, member.Workspace.Id, "search");
        await AddPostAsync(app, member, account, PostStatus.Scheduled, Day(10), "Summer SALE starts now");
        await AddPostAsync(app, member, account, PostStatus.Draft, null, "Unrelated idea");
        var page = Render<PostsPageHarness>();
        page.WaitForAssertion(() => Assert.Equal(2, Links(page).Count), Patience);

        page.Find("input[data-testid=posts-search]").Input("sale ");

        page.WaitForAssertion(() => Assert.Equal(["Summer SALE starts now"], Titles(page)), Patience);
        Assert.EndsWith("/app/posts?q=sale", Navigation.Uri);
        Assert.Equal("Posts where caption contains “sale”: 1–1 of 1, page 1 of 1.", page.Find("[data-testid=posts-summary]").TextContent.Trim());
        // What is being typed stays as typed (the trailing space is where the next word goes).
        Assert.Equal("sale ", page.Find("input[data-testid=posts-search]").GetAttribute("value"));

        var history = Services.GetRequiredService<BunitNavigationManager>().History.Count;
        page.Find("input[data-testid=posts-search]").Input("sale starts");
        page.WaitForAssertion(() => Assert.EndsWith("/app/posts?q=sale%20starts", Navigation.Uri), Patience);
        // The refined search replaced the address instead of adding a step for the back button to retrace.
        Assert.Equal(history, Services.GetRequiredService<BunitNavigationManager>().History.Count);
    }

    [Fact]
    public async Task Choosing_A_Status_And_An_Impossible_Date_Range()
    {
        var (app, member) = await SignedInAsync();
        await using var _ = app;
        var account = await AddAccountAsync(app, member.Workspace.Id, "status");
        await AddPostAsync(app, member, account, PostStatus.Failed, Day(-3), "Did not go out");
        await AddPostAsync(app, member, account, PostStatus.Scheduled, Day(3), "Planned");
        var page = Render<PostsPageHarness>();
        page.WaitForAssertion(() => Assert.Equal(2, Links(page).Count), Patience);

        page.Find("input[data-testid=posts-status]").Closest(".mud-select")!.MouseDown();
        page.WaitForAssertion(() => Assert.Contains(page.FindAll(".mud-list-item"), i => i.TextContent.Trim() == "Failed"), Patience);
        page.FindAll(".mud-list-item").First(i => i.TextContent.Trim() == "Failed").Click();

        page.WaitForAssertion(() => Assert.Equal(["Did not go out"], Titles(page)), Patience);
        Assert.EndsWith("/app/posts?status=Failed", Navigation.Uri);

        page.Find("input[data-testid=posts-from]").Change("2027-05-10");
        page.Find("input[data-testid=posts-to]").Change("2027-05-01");

        page.WaitForAssertion(() => Assert.Contains("“To” is before “From”", page.Find("[data-testid=posts-filters]").TextContent), Patience);
        Assert.EndsWith("/app/posts?status=Failed&from=2027-05-10", Navigation.Uri);
        Assert.Empty(Links(page));
    }

    [Fact]
    public async Task The_Address_Is_The_View_A_Bookmark_Opens_It_And_Back_Returns_To_The_One_Before()
    {
        var (app, member) = await SignedInAsync();
        await using var _ = app;
        var account = await AddAccountAsync(app, member.Workspace.Id, "pager");
        await AddPostsAsync(app, member, account, Enumerable.Range(0, 30).Select(i => (PostStatus.Scheduled, (DateTimeOffset?)Day(2 + i), $"Post number {i:00}")));
        Navigation.NavigateTo("/app/posts?status=Scheduled&page=2");

        var page = Render<PostsPageHarness>();

        page.WaitForAssertion(() => Assert.Equal(5, Links(page).Count), Patience);
        Assert.Equal("Post number 04", Titles(page)[0]);
        Assert.Equal("Posts where status is Scheduled: 26–30 of 30, page 2 of 2.", page.Find("[data-testid=posts-summary]").TextContent.Trim());

        // What the browser does on "back" to the first page, then to a search typed earlier.
        Navigation.NavigateTo("/app/posts?status=Scheduled");
        page.WaitForAssertion(() => Assert.Equal(25, Links(page).Count), Patience);
        Assert.Equal("Post number 29", Titles(page)[0]);
        Navigation.NavigateTo("/app/posts?q=number%2003");
        page.WaitForAssertion(() => Assert.Equal(["Post number 03"], Titles(page)), Patience);
        Assert.Equal("number 03", page.Find("input[data-testid=posts-search]").GetAttribute("value"));
    }

    [Fact]
    public async Task Paging_And_Sorting_In_The_Grid_Go_Into_The_Address()
    {
        var (app, member) = await SignedInAsync();
        await using var _ = app;
        var account = await AddAccountAsync(app, member.Workspace.Id, "sorter");
        await AddPostsAsync(app, member, account, Enumerable.Range(0, 28).Select(i => (PostStatus.Scheduled, (DateTimeOffset?)Day(2 + i), $"Planned {i:00}")));
        await AddPostAsync(app, member, account, PostStatus.Draft, null, "An idea");
        var page = Render<PostsPageHarness>();
        page.WaitForAssertion(() => Assert.Equal(25, Links(page).Count), Patience);

        page.Find("button[aria-label='Next page']").Click();

        page.WaitForAssertion(() => Assert.Equal(4, Links(page).Count), Patience);
        Assert.EndsWith("/app/posts?page=2", Navigation.Uri);

        var statusHeader = page.FindAll("thead th").First(th => th.TextContent.Trim() == "Status");
        statusHeader.QuerySelector("button")!.Click();

        // Drafts come first in a post's life; a new order starts again on page 1.
        page.WaitForAssertion(() => Assert.Equal("An idea", Titles(page)[0]), Patience);
        Assert.EndsWith("/app/posts?sort=status", Navigation.Uri);
        Assert.Equal(25, Links(page).Count);
        Assert.Equal("ascending", page.FindAll("thead th").First(th => th.TextContent.Trim() == "Status").GetAttribute("aria-sort"));
    }

    [Fact]
    public async Task A_Viewer_Sees_The_Posts_Without_Selection_Row_Actions_Or_Bulk_Delete()
    {
        var (app, member) = await SignedInAsync(WorkspaceRole.Viewer);
        await using var _ = app;
        var account = await AddAccountAsync(app, member.Workspace.Id, "viewer");
        await AddPostAsync(app, member, account, PostStatus.Draft, null, "Owner's draft");
        await AddPostAsync(app, member, account, PostStatus.Failed, Day(-1), "Owner's failure", p => p.FailMessage = "TikTok had a problem.");

        var page = Render<PostsPageHarness>();

        page.WaitForAssertion(() => Assert.Equal(2, Links(page).Count), Patience);
        Assert.Empty(page.FindAll("table input[type=checkbox]"));
        Assert.Empty(page.FindAll("[data-testid=post-actions]"));
        Assert.Empty(page.FindAll("[data-testid=posts-bulk]"));
        Assert.DoesNotContain(page.FindAll("a"), a => a.GetAttribute("href") == "/app/compose");
        Assert.Contains("Editors, Admins and the Owner can change", page.Find("[data-testid=viewer-note]").TextContent);
        Assert.Contains("TikTok had a problem.", page.Markup);
    }

    [Fact]
    public async Task Bulk_Delete_Asks_How_Many_Then_Reports_What_Was_Deleted_And_Why_Others_Were_Skipped()
    {
        var (app, member) = await SignedInAsync();
        await using var _ = app;
        var account = await AddAccountAsync(app, member.Workspace.Id, "bulk");
        var draft = await AddPostAsync(app, member, account, PostStatus.Draft, null, "Old idea");
        var published = await AddPostAsync(app, member, account, PostStatus.Published, Day(-3), "Already live");
        var kept = await AddPostAsync(app, member, account, PostStatus.Scheduled, Day(3), "Not selected");
        var page = Render<PostsPageHarness>();
        page.WaitForAssertion(() => Assert.Equal(3, Links(page).Count), Patience);
        Assert.True(Button(page, "Delete selected").HasAttribute("disabled"));

        Row(page, draft.Id).QuerySelector("input[type=checkbox]")!.Change(true);
        Row(page, published.Id).QuerySelector("input[type=checkbox]")!.Change(true);
        page.WaitForAssertion(() => Assert.Contains("2 selected", page.Find("[data-testid=posts-bulk]").TextContent), Patience);
        Button(page, "Delete selected").Click();

        page.WaitForAssertion(() => Assert.Contains("Delete 2 posts?", page.Markup), Patience);
        Button(page, "Delete 2 posts").Click();

        page.WaitForAssertion(() => Assert.Contains("Deleted 1 post. Skipped 1:", page.Find("#posts-announcer [data-testid=posts-report]").TextContent), Patience);
        Assert.Contains("“Already live” is published: only drafts and scheduled posts can be deleted.", page.Find("[data-testid=posts-report]").TextContent);
        page.WaitForAssertion(() => Assert.Equal(2, Links(page).Count), Patience);
        Assert.Null(await FindPostAsync(app, draft.Id));
        Assert.NotNull(await FindPostAsync(app, published.Id));
        Assert.NotNull(await FindPostAsync(app, kept.Id));
    }

    [Fact]
    public async Task An_Empty_Workspace_Points_To_The_Composer()
    {
        var (app, _) = await SignedInAsync();
        await using var __ = app;

        var page = Render<PostsPageHarness>();

        page.WaitForAssertion(() => Assert.Contains("No posts yet", page.Find("[data-testid=posts-empty]").TextContent), Patience);
        Assert.Contains(page.FindAll("[data-testid=posts-empty] a"), a => a.GetAttribute("href") == "/app/compose" && a.TextContent.Contains("Compose a post"));
        Assert.Empty(page.FindAll("[data-testid=posts-bulk]"));
        Assert.Equal("All posts: none.", page.Find("[data-testid=posts-summary]").TextContent.Trim());
    }

    [Fact]
    public async Task Filters_That_Match_Nothing_Say_So_And_Clearing_Them_Shows_The_Posts_Again()
    {
        var (app, member) = await SignedInAsync();
        await using var _ = app;
        await AddPostAsync(app, member, await AddAccountAsync(app, member.Workspace.Id, "nomatch"), PostStatus.Draft, null, "Something");
        Navigation.NavigateTo("/app/posts?q=nothing-like-this&sort=updated");
        var page = Render<PostsPageHarness>();
        page.WaitForAssertion(() => Assert.Contains("No posts match these filters", page.Find("[data-testid=posts-no-match]").TextContent), Patience);
        Assert.Empty(page.FindAll("[data-testid=posts-empty]"));

        Button(page, "Clear the filters").Click();

        page.WaitForAssertion(() => Assert.Equal(["Something"], Titles(page)), Patience);
        Assert.EndsWith("/app/posts?sort=updated", Navigation.Uri);
        Assert.Empty(page.FindAll("[data-testid=posts-clear]"));
    }

    [Fact]
    public async Task A_Post_That_Publishes_Changes_Its_Badge_Live_Without_A_Reload()
    {
        var (app, member) = await SignedInAsync();
        await using var _ = app;
        var account = await AddAccountAsync(app, member.Workspace.Id, "live");
        var post = await AddPostAsync(app, member, account, PostStatus.Scheduled, DateTimeOffset.UtcNow.AddMinutes(1), "Going out");
        var page = Render<PostsPageHarness>();
        page.WaitForAssertion(() => Assert.Equal("Scheduled", Row(page, post.Id).QuerySelector("[data-status]")!.TextContent.Trim()), Patience);

        await ChangeAsync(app, post.Id, p => { p.Status = PostStatus.Publishing; p.Stage = PublishStage.Uploading; });
        page.WaitForAssertion(() => Assert.Equal("Uploading", Row(page, post.Id).QuerySelector("[data-status]")!.TextContent.Trim()), TimeSpan.FromSeconds(2));
        await ChangeAsync(app, post.Id, p => { p.Status = PostStatus.Published; p.Stage = PublishStage.None; });

        page.WaitForAssertion(() => Assert.Equal("Published", Row(page, post.Id).QuerySelector("[data-status]")!.TextContent.Trim()), TimeSpan.FromSeconds(2));
        // A post that is out can no longer be edited or deleted from its row.
        Assert.Null(Row(page, post.Id).QuerySelector("[aria-label='Delete “Going out”']"));
    }

    [Fact]
    public async Task A_Live_Change_Updates_The_Rows_In_Place_Instead_Of_Rebuilding_Them()
    {
        var (app, member) = await SignedInAsync();
        await using var _ = app;
        var account = await AddAccountAsync(app, member.Workspace.Id, "live");
        var changing = await AddPostAsync(app, member, account, PostStatus.Scheduled, DateTimeOffset.UtcNow.AddMinutes(1), "Going out");
        await AddPostAsync(app, member, account, PostStatus.Scheduled, DateTimeOffset.UtcNow.AddMinutes(2), "Staying put");
        var page = Render<PostsPageHarness>();
        page.WaitForAssertion(() => Assert.Equal(2, Links(page).Count), Patience);
        var checkboxesBefore = page.FindComponents<MudBlazor.MudCheckBox<bool>>().Select(c => c.Instance).ToList();

        await ChangeAsync(app, changing.Id, p => { p.Status = PostStatus.Publishing; p.Stage = PublishStage.Uploading; });

        page.WaitForAssertion(() => Assert.Equal("Uploading", Row(page, changing.Id).QuerySelector("[data-status]")!.TextContent.Trim()), Patience);
        // The reload brings new row objects; the grid keys its rows by them, so the same components mean kept rows.
        Assert.Equal(2, checkboxesBefore.Count);
        Assert.Equal(checkboxesBefore, page.FindComponents<MudBlazor.MudCheckBox<bool>>().Select(c => c.Instance).ToList());
    }

    [Fact]
    public async Task A_Row_Cancels_A_Schedule_And_Retries_A_Failure_After_Asking()
    {
        var (app, member) = await SignedInAsync();
        await using var _ = app;
        var account = await AddAccountAsync(app, member.Workspace.Id, "rows");
        var scheduled = await AddPostAsync(app, member, account, PostStatus.Scheduled, Day(4), "Maybe not");
        await ScheduleTriggerAsync(app, scheduled);
        var failed = await AddPostAsync(app, member, account, PostStatus.Failed, Day(-2), "Try me again",
            p => { p.FailCode = "api:internal_error"; p.FailMessage = "TikTok had a problem."; });
        var page = Render<PostsPageHarness>();
        page.WaitForAssertion(() => Assert.Equal(2, Links(page).Count), Patience);
        Assert.Null(Row(page, failed.Id).QuerySelector("[aria-label='Cancel schedule of “Try me again”']"));

        Row(page, scheduled.Id).QuerySelector("[aria-label='Cancel schedule of “Maybe not”']")!.Click();
        page.WaitForAssertion(() => Assert.Contains("becomes a draft and will not be published", page.Markup), Patience);
        Button(page, "Cancel schedule").Click();

        page.WaitForAssertion(() => Assert.Contains("“Maybe not” is unscheduled: it is a draft again.", page.Find("[data-testid=posts-report]").TextContent), Patience);
        page.WaitForAssertion(() => Assert.Equal("Draft", Row(page, scheduled.Id).QuerySelector("[data-status]")!.TextContent.Trim()), Patience);
        Assert.Null(Row(page, scheduled.Id).QuerySelector("[aria-label='Cancel schedule of “Maybe not”']"));
        Assert.Equal($"/app/compose?edit={scheduled.Id}", Row(page, scheduled.Id).QuerySelector("[aria-label='Edit “Maybe not”']")!.GetAttribute("href"));
        Assert.Equal((PostStatus.Draft, scheduled.PublishAt), ((await FindPostAsync(app, scheduled.Id))!.Status, (await FindPostAsync(app, scheduled.Id))!.PublishAt));
        Assert.Null(await TriggerTimeAsync(app, scheduled.Id));

        Row(page, failed.Id).QuerySelector("[aria-label='Retry “Try me again”']")!.Click();
        page.WaitForAssertion(() => Assert.Contains("Send “Try me again” to TikTok again now?", page.Markup), Patience);
        Button(page, "Send now").Click();

        page.WaitForAssertion(() => Assert.Contains("“Try me again” is being sent to TikTok again now.", page.Find("[data-testid=posts-report]").TextContent), Patience);
        // Scheduled for now: the engine may already be at it, so the row's timeline is what proves the retry.
        Assert.Contains(await EventsOfAsync(app, failed.Id), e => e.Message == "Sent again now by a team member.");
    }

    [Fact]
    public async Task Duplicating_From_A_Row_Reports_The_Copy_With_A_Link_To_Edit_It()
    {
        var (app, member) = await SignedInAsync();
        await using var _ = app;
        var account = await AddAccountAsync(app, member.Workspace.Id, "dupe");
        var original = await AddPostAsync(app, member, account, PostStatus.Published, Day(-2), "Worth repeating");
        var page = Render<PostsPageHarness>();
        page.WaitForAssertion(() => Assert.Single(Links(page)), Patience);

        Row(page, original.Id).QuerySelector("[aria-label='Duplicate “Worth repeating”']")!.Click();

        page.WaitForAssertion(() => Assert.Equal(2, Links(page).Count), Patience);
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=posts-report]")), Patience);
        var report = page.Find("[data-testid=posts-report]");
        Assert.Contains("Duplicated “Worth repeating” as a new draft without a date.", report.TextContent);
        var copyId = Guid.Parse(report.QuerySelector("a")!.GetAttribute("href")!.Split("edit=")[1]);
        var copy = await FindPostAsync(app, copyId);
        Assert.Equal((PostStatus.Draft, (DateTimeOffset?)null, member.Workspace.Id), (copy!.Status, copy.PublishAt, copy.WorkspaceId));
    }

    [Fact]
    public async Task Another_Workspaces_Posts_Never_Show()
    {
        var (app, member) = await SignedInAsync();
        await using var _ = app;
        await AddPostAsync(app, member, await AddAccountAsync(app, member.Workspace.Id, "mine"), PostStatus.Draft, null, "My own");
        var theirs = await PostsTestData.SignedInAsync(app, Berlin, "Theirs");
        await AddPostAsync(app, theirs, await AddAccountAsync(app, theirs.Workspace.Id, "theirs"), PostStatus.Draft, null, "Their secret");

        var page = Render<PostsPageHarness>();

        page.WaitForAssertion(() => Assert.Equal(["My own"], Titles(page)), Patience);
        Assert.DoesNotContain("Their secret", page.Markup);
        Assert.DoesNotContain("@theirs", page.Markup);
    }

    private static async Task ChangeAsync(StudioAppFactory app, Guid postId, Action<Post> change)
    {
        Guid workspaceId;
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<StudioDbContext>();
            var post = await db.Set<Post>().IgnoreQueryFilters().SingleAsync(p => p.Id == postId);
            change(post);
            post.Version++;
            await db.SaveChangesAsync();
            workspaceId = post.WorkspaceId;
        }
        await app.Services.GetRequiredService<ILiveNotifier>().ChangedAsync(workspaceId, "post", postId.ToString());
    }
}
