using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using TikTokStudio.Tests.Infrastructure;
using TikTokStudio.Web.Features.Posts;
using TikTokStudio.Web.Features.Workspaces;
using static TikTokStudio.Tests.Features.Posts.Calendar.PostsTestData;

namespace TikTokStudio.Tests.Features.Posts.List;

public sealed class PostsListTests : IClassFixture<StudioAppFactoryFixture>
{
    private const string Berlin = "Europe/Berlin";
    private readonly StudioAppFactory app;

    public PostsListTests(StudioAppFactoryFixture fixture) => app = fixture.App;

    private static IDocument Parse(string html) => new HtmlParser().ParseDocument(html);

    private static List<string> RowIds(IDocument doc) =>
        doc.QuerySelectorAll("[data-testid=post-row]").Select(r => r.GetAttribute("data-post-id")!).ToList();

    private static DateTimeOffset Day(int daysAhead, int hour = 9)
    {
        var day = DaysAhead(Berlin, daysAhead);
        return At(Berlin, day.Year, day.Month, day.Day, hour);
    }

    [Fact]
    public async Task The_List_Is_A_Real_Table_With_Status_In_Words_And_Local_Times()
    {
        var member = await SignedInAsync(app, Berlin);
        var account = await AddAccountAsync(app, member.Workspace.Id, "tabby");
        var post = await AddPostAsync(app, member, account, PostStatus.SentToInbox, new DateTimeOffset(2026, 12, 3, 8, 0, 0, TimeSpan.Zero), "Winter teaser");

        var doc = Parse(await member.Client.GetStringAsync("/app/posts"));

        var table = doc.QuerySelector("table[data-testid=posts-table]")!;
        Assert.Equal("All posts: 1–1 of 1, page 1 of 1.", table.QuerySelector("caption")!.TextContent.Trim());
        Assert.Equal(["Post", "Account", "When (Europe/Berlin)", "Status", "Actions"],
            table.QuerySelectorAll("thead th[scope=col]").Select(th => th.TextContent.Trim()).Where(t => t.Length > 0));
        var row = doc.QuerySelector($"#post-row-{post.Id}")!;
        Assert.Contains("Winter teaser", row.TextContent);
        Assert.Contains("@tabby", row.TextContent);
        Assert.Contains("Thu 3 Dec 2026, 09:00", row.TextContent);
        Assert.Equal("In TikTok inbox", row.QuerySelector("[data-status]")!.TextContent.Trim());
        Assert.Equal($"post:{post.Id}", row.GetAttribute("data-live-topic"));
        Assert.Equal("Select “Winter teaser”", row.QuerySelector("input[type=checkbox]")!.GetAttribute("aria-label"));
        foreach (var id in new[] { "posts-q", "posts-account", "posts-status", "posts-from", "posts-to" })
            Assert.NotNull(doc.QuerySelector($"label[for={id}]"));
    }

    [Fact]
    public async Task Search_And_Filters_Narrow_The_List()
    {
        var member = await SignedInAsync(app, Berlin);
        var pia = await AddAccountAsync(app, member.Workspace.Id, "pia");
        var quinn = await AddAccountAsync(app, member.Workspace.Id, "quinn");
        var summer = await AddPostAsync(app, member, pia, PostStatus.Scheduled, Day(10), "Summer SALE starts now");
        var draft = await AddPostAsync(app, member, pia, PostStatus.Draft, null, "Sale teaser 100%");
        var failed = await AddPostAsync(app, member, quinn, PostStatus.Failed, Day(-20), "Behind the scenes");
        var later = await AddPostAsync(app, member, quinn, PostStatus.Scheduled, Day(40), "A sale for later");

        var search = RowIds(Parse(await GetHtmxAsync(member, "/app/posts/table?q=sale")));
        var percent = RowIds(Parse(await GetHtmxAsync(member, "/app/posts/table?q=100%25")));
        var byAccount = RowIds(Parse(await GetHtmxAsync(member, $"/app/posts/table?account={quinn.Id}")));
        var byStatus = RowIds(Parse(await GetHtmxAsync(member, "/app/posts/table?status=Failed")));
        var range = RowIds(Parse(await GetHtmxAsync(member, $"/app/posts/table?from={DaysAhead(Berlin, 5):yyyy-MM-dd}&to={DaysAhead(Berlin, 10):yyyy-MM-dd}")));
        var none = Parse(await GetHtmxAsync(member, "/app/posts/table?q=nothing-like-this"));

        Assert.Equal([later.Id.ToString(), summer.Id.ToString(), draft.Id.ToString()], search);
        Assert.Equal([draft.Id.ToString()], percent);
        Assert.Equal([later.Id.ToString(), failed.Id.ToString()], byAccount);
        Assert.Equal([failed.Id.ToString()], byStatus);
        Assert.Equal([summer.Id.ToString()], range);
        Assert.Contains("No posts match these filters.", none.Body!.TextContent);
    }

    [Fact]
    public async Task Pages_Are_Bookmarkable_And_Htmx_Pushes_Their_Address()
    {
        var member = await SignedInAsync(app, Berlin);
        var account = await AddAccountAsync(app, member.Workspace.Id, "pager");
        await AddPostsAsync(app, member, account, Enumerable.Range(0, 30).Select(i => (PostStatus.Scheduled, (DateTimeOffset?)Day(2 + i), $"Post number {i:00}")));

        var first = Parse(await member.Client.GetStringAsync("/app/posts?status=Scheduled"));
        var second = Parse(await member.Client.GetStringAsync("/app/posts?status=Scheduled&page=2"));
        var request = new HttpRequestMessage(HttpMethod.Get, "/app/posts/table?status=Scheduled&page=2");
        request.Headers.Add("HX-Request", "true");
        var fragment = await member.Client.SendAsync(request);

        Assert.Equal(25, RowIds(first).Count);
        Assert.Equal(5, RowIds(second).Count);
        Assert.Empty(RowIds(first).Intersect(RowIds(second)));
        Assert.Contains("Post number 04", second.QuerySelector("tbody")!.TextContent);
        Assert.Equal("/app/posts?status=Scheduled&page=2", first.QuerySelectorAll("nav[aria-label='Pages of posts'] a").Last().GetAttribute("href"));
        Assert.Equal("/app/posts/table?status=Scheduled&page=2", first.QuerySelectorAll("nav[aria-label='Pages of posts'] a").Last().GetAttribute("hx-get"));
        Assert.Equal("page", second.QuerySelector("nav[aria-label='Pages of posts'] a[aria-current]")!.GetAttribute("aria-current"));
        Assert.Equal("2", second.QuerySelector("nav[aria-label='Pages of posts'] a[aria-current]")!.TextContent);
        Assert.Equal("/app/posts?status=Scheduled&page=2", fragment.Headers.GetValues("HX-Push-Url").Single());
    }

    [Fact]
    public async Task Bulk_Delete_Removes_Drafts_And_Scheduled_Posts_And_Explains_What_It_Skipped()
    {
        var member = await SignedInAsync(app, Berlin);
        var account = await AddAccountAsync(app, member.Workspace.Id, "bulk");
        var draft = await AddPostAsync(app, member, account, PostStatus.Draft, null, "Old idea");
        var scheduled = await AddPostAsync(app, member, account, PostStatus.Scheduled, Day(6), "Next week");
        await ScheduleTriggerAsync(app, scheduled);
        var published = await AddPostAsync(app, member, account, PostStatus.Published, Day(-3), "Already live");
        var stranger = await SignedInAsync(app, Berlin, "Stranger");
        var foreign = await AddPostAsync(app, stranger, await AddAccountAsync(app, stranger.Workspace.Id, "foreign"), PostStatus.Draft, null, "Not yours");

        var response = await PostFormAsync(member, "/app/posts/bulk-delete",
        [
            new("ids", draft.Id.ToString()), new("ids", scheduled.Id.ToString()), new("ids", published.Id.ToString()), new("ids", foreign.Id.ToString()),
            new("status", ""), new("page", "1"),
        ], htmx: true);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var doc = Parse(await response.Content.ReadAsStringAsync());
        var report = doc.QuerySelector("#posts-announcer [data-testid=posts-report]")!.TextContent;
        Assert.Contains("Deleted 2 posts. Skipped 2:", report);
        Assert.Contains("“Already live” is published: only drafts and scheduled posts can be deleted.", report);
        Assert.Contains("One post was already deleted.", report);
        Assert.Equal([published.Id.ToString()], RowIds(doc));
        Assert.Null(await FindPostAsync(app, draft.Id));
        Assert.Null(await FindPostAsync(app, scheduled.Id));
        Assert.Null(await TriggerTimeAsync(app, scheduled.Id));
        Assert.NotNull(await FindPostAsync(app, published.Id));
        Assert.NotNull(await FindPostAsync(app, foreign.Id));
    }

    [Fact]
    public async Task Bulk_Delete_Without_The_Antiforgery_Token_Is_Rejected()
    {
        var member = await SignedInAsync(app, Berlin);
        var draft = await AddPostAsync(app, member, await AddAccountAsync(app, member.Workspace.Id, "csrf"), PostStatus.Draft, null);

        var response = await PostFormAsync(member, "/app/posts/bulk-delete", [new("ids", draft.Id.ToString())], htmx: true, withToken: false);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull(await FindPostAsync(app, draft.Id));
    }

    [Fact]
    public async Task Duplicate_Creates_A_New_Undated_Draft_With_The_Same_Content()
    {
        var member = await SignedInAsync(app, Berlin);
        var account = await AddAccountAsync(app, member.Workspace.Id, "dupe");
        var original = await AddPostAsync(app, member, account, PostStatus.Published, Day(-2), "Worth repeating",
            p => { p.AllowComment = true; p.PublicUrl = "https://www.tiktok.com/@dupe/video/1"; p.PublishId = "v_pub_1"; });

        var response = await PostFormAsync(member, $"/app/posts/{original.Id}/duplicate", [new("page", "1")], htmx: true);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var doc = Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains("Duplicated as a new draft without a date.", doc.QuerySelector("[data-testid=posts-report]")!.TextContent);
        var editLink = doc.QuerySelector("[data-testid=posts-report] a")!.GetAttribute("href")!;
        var copyId = Guid.Parse(editLink.Split("edit=")[1]);
        var copy = await FindPostAsync(app, copyId);
        Assert.NotNull(copy);
        Assert.Equal((PostStatus.Draft, (DateTimeOffset?)null, "Worth repeating", account.Id, true), (copy!.Status, copy.PublishAt, copy.Title, copy.AccountId, copy.AllowComment));
        Assert.Equal(original.VideoMediaId, copy.VideoMediaId);
        Assert.Null(copy.PublishId);
        Assert.Null(copy.PublicUrl);
        Assert.NotEqual(original.CompositionId, copy.CompositionId);
        Assert.Equal(member.Workspace.Id, copy.WorkspaceId);
        Assert.Equal(2, RowIds(doc).Count);
    }

    [Fact]
    public async Task A_Scheduled_Row_Offers_Cancel_Which_Makes_It_A_Draft_Without_A_Trigger()
    {
        var member = await SignedInAsync(app, Berlin);
        var account = await AddAccountAsync(app, member.Workspace.Id, "cancel");
        var scheduled = await AddPostAsync(app, member, account, PostStatus.Scheduled, Day(4), "Maybe not");
        await ScheduleTriggerAsync(app, scheduled);
        var row = Parse(await GetHtmxAsync(member, $"/app/posts/{scheduled.Id}/row"));
        var cancel = row.QuerySelectorAll("button").Single(b => b.TextContent.Contains("Cancel schedule"));

        var response = await PostFormAsync(member, cancel.GetAttribute("hx-post")!.Insert(0, "/"), [], htmx: true);
        var after = Parse(await GetHtmxAsync(member, $"/app/posts/{scheduled.Id}/row"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal((PostStatus.Draft, scheduled.PublishAt), ((await FindPostAsync(app, scheduled.Id))!.Status, (await FindPostAsync(app, scheduled.Id))!.PublishAt));
        Assert.Null(await TriggerTimeAsync(app, scheduled.Id));
        Assert.Equal("Draft", after.QuerySelector("[data-status]")!.TextContent.Trim());
        Assert.DoesNotContain(after.QuerySelectorAll("button"), b => b.TextContent.Contains("Cancel schedule"));
        Assert.Contains(after.QuerySelectorAll("a"), a => a.GetAttribute("href") == $"app/compose?edit={scheduled.Id}");
    }

    [Fact]
    public async Task Viewers_See_The_List_But_Cannot_Delete_Or_Duplicate()
    {
        var owner = await SignedInAsync(app, Berlin);
        var account = await AddAccountAsync(app, owner.Workspace.Id, "view");
        var draft = await AddPostAsync(app, owner, account, PostStatus.Draft, null, "Owner's draft");
        var viewer = await MemberOfAsync(app, owner.Workspace, WorkspaceRole.Viewer);

        var page = Parse(await viewer.Client.GetStringAsync("/app/posts"));
        var delete = await PostFormAsync(viewer, "/app/posts/bulk-delete", [new("ids", draft.Id.ToString())]);
        var duplicate = await PostFormAsync(viewer, $"/app/posts/{draft.Id}/duplicate", []);
        var htmxDelete = await PostFormAsync(viewer, "/app/posts/bulk-delete", [new("ids", draft.Id.ToString())], htmx: true);

        Assert.Equal([draft.Id.ToString()], RowIds(page));
        Assert.Empty(page.QuerySelectorAll("[data-testid=post-row] button, [data-testid=post-row] input[type=checkbox]"));
        Assert.Equal(HttpStatusCode.Forbidden, delete.StatusCode);
        Assert.Contains("Viewers cannot delete posts.", await delete.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Forbidden, duplicate.StatusCode);
        Assert.Contains("Viewers cannot duplicate posts.", await duplicate.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Forbidden, htmxDelete.StatusCode);
        Assert.Contains("Viewers cannot delete posts.", Parse(await htmxDelete.Content.ReadAsStringAsync()).QuerySelector("[data-testid=posts-report]")!.TextContent);
        Assert.NotNull(await FindPostAsync(app, draft.Id));
    }

    [Fact]
    public async Task Posts_Of_Another_Workspace_Are_Invisible_And_Cannot_Be_Duplicated()
    {
        var mine = await SignedInAsync(app, Berlin, "Mine");
        var theirs = await SignedInAsync(app, Berlin, "Theirs");
        var foreign = await AddPostAsync(app, theirs, await AddAccountAsync(app, theirs.Workspace.Id, "theirs"), PostStatus.Draft, null, "Their secret");

        var list = await mine.Client.GetStringAsync("/app/posts?q=secret");
        var row = await GetHtmxAsync(mine, $"/app/posts/{foreign.Id}/row");
        var duplicate = await PostFormAsync(mine, $"/app/posts/{foreign.Id}/duplicate", [], htmx: true);

        Assert.DoesNotContain("Their secret", list);
        Assert.Equal("", row);
        Assert.Equal(HttpStatusCode.NotFound, duplicate.StatusCode);
    }
}
