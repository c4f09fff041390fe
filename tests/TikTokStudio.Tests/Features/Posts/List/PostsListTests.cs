using System.Net;
using Microsoft.Extensions.DependencyInjection;
using TikTokStudio.Tests.Features.Posts.Calendar;
using TikTokStudio.Tests.Infrastructure;
using TikTokStudio.Web.Features.Posts;
using TikTokStudio.Web.Features.Posts.List;
using TikTokStudio.Web.Features.Posts.Publish;
using TikTokStudio.Web.Features.Workspaces;
using static TikTokStudio.Tests.Features.Posts.Calendar.PostsTestData;

namespace TikTokStudio.Tests.Features.Posts.List;

/// <summary>The list's handlers and its address, called as a member would from the page (the grid is in PostsPageTests).</summary>
public sealed class PostsListTests : IClassFixture<StudioAppFactoryFixture>
{
    private const string Berlin = "Europe/Berlin";
    private readonly StudioAppFactory app;

    public PostsListTests(StudioAppFactoryFixture fixture) => app = fixture.App;

    private static DateTimeOffset Day(int daysAhead, int hour = 9)
    {
        var day = DaysAhead(Berlin, daysAhead);
        return At(Berlin, day.Year, day.Month, day.Day, hour);
    }

    private Task<PostsSlice> PageAsync(Member member, PostsFilter filter) =>
        app.Services.AsUserAsync(member.User.Id, sp => sp.GetRequiredService<PostsList>().PageAsync(filter));

    private static List<Guid> Ids(PostsSlice slice) => slice.Rows.Select(r => r.Id).ToList();

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

        var search = Ids(await PageAsync(member, new() { Q = "sale" }));
        var percent = Ids(await PageAsync(member, new() { Q = "100%" }));
        var underscore = Ids(await PageAsync(member, new() { Q = "_" }));
        var byAccount = Ids(await PageAsync(member, new() { Account = quinn.Id }));
        var byStatus = Ids(await PageAsync(member, new() { Status = PostStatus.Failed }));
        var range = Ids(await PageAsync(member, new() { From = DaysAhead(Berlin, 5), To = DaysAhead(Berlin, 10) }));
        var none = await PageAsync(member, new() { Q = "nothing-like-this" });

        // Newest plan first; the undated draft sorts by when it was written (now), between the future and the past.
        Assert.Equal([later.Id, summer.Id, draft.Id], search);
        Assert.Equal([draft.Id], percent);
        Assert.Empty(underscore);
        Assert.Equal([later.Id, failed.Id], byAccount);
        Assert.Equal([failed.Id], byStatus);
        Assert.Equal([summer.Id], range);
        Assert.Equal((0, 1), (none.Total, none.PageCount));
    }

    [Fact]
    public async Task A_Day_Filter_Is_A_Day_In_The_Workspace_Zone()
    {
        var member = await SignedInAsync(app, Berlin);
        var account = await AddAccountAsync(app, member.Workspace.Id, "zone");
        var day = DaysAhead(Berlin, 8);
        // 00:30 Berlin is the evening before in UTC; 23:30 Berlin is still the same Berlin day.
        var early = await AddPostAsync(app, member, account, PostStatus.Scheduled, At(Berlin, day.Year, day.Month, day.Day, 0, 30), "Just after midnight");
        var late = await AddPostAsync(app, member, account, PostStatus.Scheduled, At(Berlin, day.Year, day.Month, day.Day, 23, 30), "Just before midnight");
        var next = day.AddDays(1);
        await AddPostAsync(app, member, account, PostStatus.Scheduled, At(Berlin, next.Year, next.Month, next.Day, 0, 30), "The next day");

        var slice = await PageAsync(member, new() { From = day, To = day });

        Assert.Equal([late.Id, early.Id], Ids(slice));
    }

    [Fact]
    public async Task Pages_Hold_25_Posts_And_A_Page_Past_The_End_Shows_The_Last_One()
    {
        var member = await SignedInAsync(app, Berlin);
        var account = await AddAccountAsync(app, member.Workspace.Id, "pager");
        await AddPostsAsync(app, member, account, Enumerable.Range(0, 30).Select(i => (PostStatus.Scheduled, (DateTimeOffset?)Day(2 + i), $"Post number {i:00}")));

        var first = await PageAsync(member, new() { Status = PostStatus.Scheduled });
        var second = await PageAsync(member, new() { Status = PostStatus.Scheduled, Page = 2 });
        var beyond = await PageAsync(member, new() { Status = PostStatus.Scheduled, Page = 9 });

        Assert.Equal((25, 30, 2, 1, 25), (first.Rows.Count, first.Total, first.PageCount, first.FirstIndex, first.LastIndex));
        Assert.Equal((5, 2, 26, 30), (second.Rows.Count, second.Page, second.FirstIndex, second.LastIndex));
        Assert.Empty(Ids(first).Intersect(Ids(second)));
        // Latest first: the earliest five are on page 2.
        Assert.Equal(["Post number 04", "Post number 03", "Post number 02", "Post number 01", "Post number 00"], second.Rows.Select(r => r.Post.Title));
        Assert.Equal(2, beyond.Page);
        Assert.Equal(Ids(second), Ids(beyond));
    }

    [Fact]
    public async Task The_List_Sorts_By_Publish_Time_Status_Account_And_Last_Update()
    {
        var member = await SignedInAsync(app, Berlin);
        var zed = await AddAccountAsync(app, member.Workspace.Id, "Zed");
        var amy = await AddAccountAsync(app, member.Workspace.Id, "amy");
        var published = await AddPostAsync(app, member, zed, PostStatus.Published, Day(-2), "Out already", p => p.UpdatedAt = DateTimeOffset.UtcNow.AddHours(-5));
        var scheduled = await AddPostAsync(app, member, amy, PostStatus.Scheduled, Day(3), "Planned", p => p.UpdatedAt = DateTimeOffset.UtcNow.AddHours(-1));
        var failed = await AddPostAsync(app, member, zed, PostStatus.Failed, Day(-1), "Did not go", p => p.UpdatedAt = DateTimeOffset.UtcNow.AddHours(-3));
        var draft = await AddPostAsync(app, member, amy, PostStatus.Draft, null, "Idea", p => p.UpdatedAt = DateTimeOffset.UtcNow.AddHours(-9));

        var byTimeAscending = Ids(await PageAsync(member, new() { Sort = PostsSort.PublishAt, Descending = false }));
        var byStatus = Ids(await PageAsync(member, new() { Sort = PostsSort.Status, Descending = false }));
        var byStatusReversed = Ids(await PageAsync(member, new() { Sort = PostsSort.Status, Descending = true }));
        var byAccount = Ids(await PageAsync(member, new() { Sort = PostsSort.Account, Descending = false }));
        var byUpdate = Ids(await PageAsync(member, new() { Sort = PostsSort.Updated, Descending = true }));

        Assert.Equal([published.Id, failed.Id, draft.Id, scheduled.Id], byTimeAscending);
        // The life of a post (Draft, Scheduled, …, Published, …, Failed), not the alphabet of the stored names.
        Assert.Equal([draft.Id, scheduled.Id, published.Id, failed.Id], byStatus);
        Assert.Equal([failed.Id, published.Id, scheduled.Id, draft.Id], byStatusReversed);
        // Case does not matter ("amy" before "Zed"); within one account the latest plan comes first.
        Assert.Equal([scheduled.Id, draft.Id, failed.Id, published.Id], byAccount);
        Assert.Equal([scheduled.Id, failed.Id, published.Id, draft.Id], byUpdate);
    }

    [Fact]
    public void The_Address_Holds_The_Whole_View_And_Leaves_Defaults_Out()
    {
        var account = Guid.NewGuid();
        var view = new PostsFilter
        {
            Q = "100% sale & more", Account = account, Status = PostStatus.Failed, From = new DateOnly(2027, 3, 28), To = new DateOnly(2027, 3, 29),
            Sort = PostsSort.Status, Descending = true, Page = 3,
        };

        var url = view.PageUrl();
        var back = PostsFilter.FromUri("https://studio.example" + url);

        Assert.Equal($"/app/posts?q=100%25%20sale%20%26%20more&account={account}&status=Failed&from=2027-03-28&to=2027-03-29&sort=status&dir=desc&page=3", url);
        Assert.Equal(view, back);
        Assert.Equal("/app/posts", new PostsFilter().PageUrl());
        Assert.Equal("/app/posts?sort=updated", new PostsFilter { Sort = PostsSort.Updated, Descending = true }.PageUrl());
        Assert.Equal("/app/posts?dir=asc", new PostsFilter { Descending = false }.PageUrl());
        Assert.Equal(new PostsFilter(), PostsFilter.FromUri("https://studio.example/app/posts?page=-4&status=Nope&account=x&from=31-12-2026&sort=colour&dir=up"));
        Assert.Equal(200, PostsFilter.FromUri("https://studio.example/app/posts?q=" + new string('a', 500)).Q!.Length);
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

        var report = await app.Services.AsUserAsync(member.User.Id, sp => sp.GetRequiredService<PostsActions>()
            .DeleteAsync([draft.Id, scheduled.Id, published.Id, foreign.Id, draft.Id]));

        Assert.Equal("Deleted 2 posts. Skipped 2:", report.Message);
        Assert.False(report.IsError);
        Assert.Equal(["“Already live” is published: only drafts and scheduled posts can be deleted.", "One post was already deleted."], report.Skipped);
        Assert.Null(await FindPostAsync(app, draft.Id));
        Assert.Null(await FindPostAsync(app, scheduled.Id));
        Assert.Null(await TriggerTimeAsync(app, scheduled.Id));
        Assert.NotNull(await FindPostAsync(app, published.Id));
        Assert.NotNull(await FindPostAsync(app, foreign.Id));
        Assert.Equal([published.Id], Ids(await PageAsync(member, new())));
    }

    [Fact]
    public async Task Bulk_Delete_Of_Nothing_Or_Too_Much_Says_So_And_Deletes_Nothing()
    {
        var member = await SignedInAsync(app, Berlin);
        var draft = await AddPostAsync(app, member, await AddAccountAsync(app, member.Workspace.Id, "limits"), PostStatus.Draft, null);
        var tooMany = Enumerable.Range(0, PostsActions.MaxBulk).Select(_ => Guid.NewGuid()).Append(draft.Id).ToList();

        var empty = await app.Services.AsUserAsync(member.User.Id, sp => sp.GetRequiredService<PostsActions>().DeleteAsync([]));
        var over = await app.Services.AsUserAsync(member.User.Id, sp => sp.GetRequiredService<PostsActions>().DeleteAsync(tooMany));

        Assert.Equal(("Select the posts to delete first.", true), (empty.Message, empty.IsError));
        Assert.Equal(($"Delete at most {PostsActions.MaxBulk} posts at once.", true), (over.Message, over.IsError));
        Assert.NotNull(await FindPostAsync(app, draft.Id));
    }

    [Fact]
    public async Task Duplicate_Creates_A_New_Undated_Draft_With_The_Same_Content()
    {
        var member = await SignedInAsync(app, Berlin);
        var account = await AddAccountAsync(app, member.Workspace.Id, "dupe");
        var original = await AddPostAsync(app, member, account, PostStatus.Published, Day(-2), "Worth repeating",
            p => { p.AllowComment = true; p.PublicUrl = "https://www.tiktok.com/@dupe/video/1"; p.PublishId = "v_pub_1"; });

        var (copy, error) = await app.Services.AsUserAsync(member.User.Id, sp => sp.GetRequiredService<PostsActions>().DuplicateAsync(original.Id));

        Assert.Null(error);
        var stored = await FindPostAsync(app, copy!.Id);
        Assert.NotNull(stored);
        Assert.Equal((PostStatus.Draft, (DateTimeOffset?)null, "Worth repeating", account.Id, true), (stored!.Status, stored.PublishAt, stored.Title, stored.AccountId, stored.AllowComment));
        Assert.Equal(original.VideoMediaId, stored.VideoMediaId);
        Assert.Null(stored.PublishId);
        Assert.Null(stored.PublicUrl);
        Assert.NotEqual(original.CompositionId, stored.CompositionId);
        Assert.Equal(member.Workspace.Id, stored.WorkspaceId);
        Assert.Contains(await EventsOfAsync(app, copy.Id), e => e.Message == "Duplicated from “Worth repeating” as a draft.");
        Assert.Equal(2, (await PageAsync(member, new())).Total);
    }

    [Fact]
    public async Task Viewers_See_The_List_But_The_Handlers_Refuse_To_Delete_Or_Duplicate()
    {
        var owner = await SignedInAsync(app, Berlin);
        var account = await AddAccountAsync(app, owner.Workspace.Id, "view");
        var draft = await AddPostAsync(app, owner, account, PostStatus.Draft, null, "Owner's draft");
        var viewer = await MemberOfAsync(app, owner.Workspace, WorkspaceRole.Viewer);

        var seen = await PageAsync(viewer, new());
        var delete = await app.Services.AsUserAsync(viewer.User.Id, sp => sp.GetRequiredService<PostsActions>().DeleteAsync([draft.Id]));
        var duplicate = await app.Services.AsUserAsync(viewer.User.Id, sp => sp.GetRequiredService<PostsActions>().DuplicateAsync(draft.Id));

        Assert.Equal([draft.Id], Ids(seen));
        Assert.Equal((PostsActions.ViewerDeleteMessage, true), (delete.Message, delete.IsError));
        Assert.Equal(((Post?)null, PostsActions.ViewerDuplicateMessage), duplicate);
        Assert.NotNull(await FindPostAsync(app, draft.Id));
        Assert.Equal(1, (await PageAsync(owner, new())).Total);
    }

    [Fact]
    public async Task Posts_Of_Another_Workspace_Are_Invisible_And_Cannot_Be_Duplicated_Or_Deleted()
    {
        var mine = await SignedInAsync(app, Berlin, "Mine");
        var theirs = await SignedInAsync(app, Berlin, "Theirs");
        var foreign = await AddPostAsync(app, theirs, await AddAccountAsync(app, theirs.Workspace.Id, "theirs"), PostStatus.Draft, null, "Their secret");

        var list = await PageAsync(mine, new() { Q = "secret" });
        var duplicate = await app.Services.AsUserAsync(mine.User.Id, sp => sp.GetRequiredService<PostsActions>().DuplicateAsync(foreign.Id));
        var delete = await app.Services.AsUserAsync(mine.User.Id, sp => sp.GetRequiredService<PostsActions>().DeleteAsync([foreign.Id]));

        Assert.Equal(0, list.Total);
        Assert.Equal(((Post?)null, PostDetails.NotFoundMessage), duplicate);
        Assert.Equal("Nothing was deleted. Skipped 1:", delete.Message);
        Assert.Equal(["One post was already deleted."], delete.Skipped);
        Assert.NotNull(await FindPostAsync(app, foreign.Id));
        Assert.Equal(1, (await PageAsync(theirs, new())).Total);
    }

    [Fact]
    public async Task The_List_Has_No_Http_Actions_Left_Everything_Goes_Over_The_Circuit()
    {
        // The htmx version changed posts through POST endpoints; the page now calls the handlers over the circuit, so
        // nothing may answer these any more, even with a valid antiforgery token.
        var member = await SignedInAsync(app, Berlin);
        var account = await AddAccountAsync(app, member.Workspace.Id, "http");
        var draft = await AddPostAsync(app, member, account, PostStatus.Draft, null, "Stays");
        var scheduled = await AddPostAsync(app, member, account, PostStatus.Scheduled, Day(3), "Stays scheduled");

        var answers = new List<HttpStatusCode>();
        foreach (var url in new[] { "/app/posts/bulk-delete", $"/app/posts/{draft.Id}/duplicate", $"/app/posts/{scheduled.Id}/unschedule", $"/app/posts/{scheduled.Id}/retry" })
            answers.Add((await PostFormAsync(member, url, [new("ids", draft.Id.ToString())])).StatusCode);
        var table = await member.Client.GetAsync("/app/posts/table");

        Assert.All(answers, status => Assert.True(status is HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed, $"answered {status}"));
        Assert.Equal(HttpStatusCode.NotFound, table.StatusCode);
        Assert.NotNull(await FindPostAsync(app, draft.Id));
        Assert.Equal(PostStatus.Scheduled, (await FindPostAsync(app, scheduled.Id))!.Status);
        Assert.Equal(2, (await PageAsync(member, new())).Total);
    }
}
