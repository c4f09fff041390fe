using System.Net;
using System.Text.Json;
using TikTokStudio.Tests.Infrastructure;
using TikTokStudio.Web.Features.Connections;
using TikTokStudio.Web.Features.Posts;
using TikTokStudio.Web.Features.Posts.Calendar;
using TikTokStudio.Web.Features.Workspaces;
using static TikTokStudio.Tests.Features.Posts.Calendar.PostsTestData;

namespace TikTokStudio.Tests.Features.Posts.Calendar;

public abstract class CalendarFeedTestsSuite<TFixture> : IClassFixture<TFixture> where TFixture : StudioAppFactoryFixture
{
    private readonly StudioAppFactory app;

    protected CalendarFeedTestsSuite(TFixture fixture) => app = fixture.App;

    private static async Task<List<JsonElement>> FeedAsync(Member member, string query)
    {
        var response = await member.Client.GetAsync("/app/calendar/events?" + query);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.True(response.Headers.CacheControl?.NoStore, "the feed is never cached: it changes with every post");
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return doc.RootElement.EnumerateArray().Select(e => e.Clone()).ToList();
    }

    private static IEnumerable<JsonElement> Posts(IEnumerable<JsonElement> events) =>
        events.Where(e => e.GetProperty("kind").GetString() == "post");

    private static IEnumerable<JsonElement> Limits(IEnumerable<JsonElement> events) =>
        events.Where(e => e.GetProperty("kind").GetString() == "limit");

    private static IEnumerable<JsonElement> More(IEnumerable<JsonElement> events) =>
        events.Where(e => e.GetProperty("kind").GetString() == "more");

    private static bool Editable(JsonElement e) => e.TryGetProperty("editable", out var editable) && editable.GetBoolean();

    [Fact]
    public async Task Feed_Returns_The_Posts_Of_The_Range_As_Wall_Clock_Times_Of_The_Workspace_Zone()
    {
        const string zone = "America/New_York";
        var member = await SignedInAsync(app, zone);
        var account = await AddAccountAsync(app, member.Workspace.Id, "nina");
        // 14:00Z on 1 Dec is 09:00 in New York; 03:00Z on 1 Dec is still 30 Nov (22:00) there; January is outside the week.
        var inside = await AddPostAsync(app, member, account, PostStatus.Scheduled, new DateTimeOffset(2026, 12, 1, 14, 0, 0, TimeSpan.Zero), "Inside the week");
        var dayBefore = await AddPostAsync(app, member, account, PostStatus.Scheduled, new DateTimeOffset(2026, 12, 1, 3, 0, 0, TimeSpan.Zero), "Late on the 30th");
        await AddPostAsync(app, member, account, PostStatus.Scheduled, new DateTimeOffset(2027, 1, 5, 14, 0, 0, TimeSpan.Zero), "Next year");
        await AddPostAsync(app, member, account, PostStatus.Draft, null, "Undated draft");

        // FullCalendar is told the calendar is in UTC, so it asks for local midnights written with a Z.
        var events = await FeedAsync(member, "start=2026-12-01T00:00:00Z&end=2026-12-08T00:00:00Z");

        var post = Assert.Single(Posts(events));
        Assert.Equal(inside.Id.ToString(), post.GetProperty("id").GetString());
        Assert.Equal("2026-12-01T09:00:00", post.GetProperty("start").GetString());
        Assert.Equal(account.Id.ToString(), post.GetProperty("accountId").GetString());
        Assert.Equal("Inside the week", post.GetProperty("caption").GetString());
        Assert.Equal("Scheduled", post.GetProperty("status").GetString());
        Assert.Equal("Scheduled", post.GetProperty("label").GetString());
        Assert.Equal(inside.Version, post.GetProperty("version").GetInt32());
        Assert.True(Editable(post));

        var previous = await FeedAsync(member, "start=2026-11-30T00:00:00Z&end=2026-12-01T00:00:00Z");
        var late = Assert.Single(Posts(previous));
        Assert.Equal(dayBefore.Id.ToString(), late.GetProperty("id").GetString());
        Assert.Equal("2026-11-30T22:00:00", late.GetProperty("start").GetString());
    }

    [Fact]
    public async Task Feed_Shows_09_00_Berlin_As_09_00_On_Both_Sides_Of_The_Spring_Change()
    {
        const string zone = "Europe/Berlin";
        var member = await SignedInAsync(app, zone);
        var account = await AddAccountAsync(app, member.Workspace.Id, "bert");
        var change = NextSpringForward();
        var before = change.AddDays(-1);
        var after = change.AddDays(1);
        await AddPostAsync(app, member, account, PostStatus.Scheduled, At(zone, before.Year, before.Month, before.Day, 9), "Before");
        await AddPostAsync(app, member, account, PostStatus.Scheduled, At(zone, after.Year, after.Month, after.Day, 9), "After");

        var events = Posts(await FeedAsync(member, $"start={before:yyyy-MM-dd}T00:00:00Z&end={after.AddDays(1):yyyy-MM-dd}T00:00:00Z")).ToList();

        Assert.Equal([$"{before:yyyy-MM-dd}T09:00:00", $"{after:yyyy-MM-dd}T09:00:00"], events.Select(e => e.GetProperty("start").GetString()));
    }

    [Fact]
    public async Task A_Capped_Feed_Cuts_Days_At_Local_Midnight_Around_The_23_Hour_Spring_Day()
    {
        const string zone = "Europe/Berlin";
        var member = await SignedInAsync(app, zone);
        var account = await AddAccountAsync(app, member.Workspace.Id, "clara");
        var change = NextSpringForward();
        var before = change.AddDays(-1);
        var after = change.AddDays(1);
        // Four posts late on the day before (23:00-23:45), four on the short day itself (00:15, and after the jump at
        // 03:00), four just after midnight on the day after: each day keeps its own two and its own "+2".
        var rows = new List<(PostStatus, DateTimeOffset?, string)>();
        foreach (var minute in new[] { 0, 15, 30, 45 }) rows.Add((PostStatus.Scheduled, At(zone, before.Year, before.Month, before.Day, 23, minute), $"Late {minute}"));
        foreach (var (hour, minute) in new[] { (0, 15), (3, 0), (3, 30), (23, 59) }) rows.Add((PostStatus.Scheduled, At(zone, change.Year, change.Month, change.Day, hour, minute), $"Short {hour}:{minute}"));
        foreach (var minute in new[] { 0, 1, 2, 3 }) rows.Add((PostStatus.Scheduled, At(zone, after.Year, after.Month, after.Day, 0, minute), $"Early {minute}"));
        await AddPostsAsync(app, member, account, rows);

        var events = await FeedAsync(member, $"start={before:yyyy-MM-dd}T00:00:00Z&end={after.AddDays(1):yyyy-MM-dd}T00:00:00Z&perDay=2");

        Assert.Equal(["Late 0", "Late 15", "Short 0:15", "Short 3:0", "Early 0", "Early 1"], Posts(events).Select(e => e.GetProperty("caption").GetString()));
        Assert.Equal($"{change:yyyy-MM-dd}T03:00:00", Posts(events).Single(e => e.GetProperty("caption").GetString() == "Short 3:0").GetProperty("start").GetString());
        Assert.Equal([($"{before:yyyy-MM-dd}", 2), ($"{change:yyyy-MM-dd}", 2), ($"{after:yyyy-MM-dd}", 2)],
            More(events).Select(m => (m.GetProperty("start").GetString(), m.GetProperty("count").GetInt32())));
    }

    [Fact]
    public async Task Feed_Filters_By_Account_And_Status()
    {
        var member = await SignedInAsync(app);
        var pia = await AddAccountAsync(app, member.Workspace.Id, "pia");
        var quinn = await AddAccountAsync(app, member.Workspace.Id, "quinn");
        var day = DaysAhead("Europe/Berlin", 10);
        var at = At("Europe/Berlin", day.Year, day.Month, day.Day, 10);
        var piaScheduled = await AddPostAsync(app, member, pia, PostStatus.Scheduled, at);
        var piaFailed = await AddPostAsync(app, member, pia, PostStatus.Failed, at.AddHours(1));
        var quinnScheduled = await AddPostAsync(app, member, quinn, PostStatus.Scheduled, at.AddHours(2));
        var range = $"start={day:yyyy-MM-dd}&end={day.AddDays(1):yyyy-MM-dd}";

        var all = Posts(await FeedAsync(member, range)).Select(e => e.GetProperty("id").GetString()).ToList();
        var onlyPia = Posts(await FeedAsync(member, range + $"&account={pia.Id}")).Select(e => e.GetProperty("id").GetString()).ToList();
        var onlyFailed = Posts(await FeedAsync(member, range + "&status=Failed")).Select(e => e.GetProperty("id").GetString()).ToList();
        var piaScheduledOnly = Posts(await FeedAsync(member, range + $"&account={pia.Id}&status=Scheduled")).Select(e => e.GetProperty("id").GetString()).ToList();

        Assert.Equal([piaScheduled.Id.ToString(), piaFailed.Id.ToString(), quinnScheduled.Id.ToString()], all);
        Assert.Equal([piaScheduled.Id.ToString(), piaFailed.Id.ToString()], onlyPia);
        Assert.Equal([piaFailed.Id.ToString()], onlyFailed);
        Assert.Equal([piaScheduled.Id.ToString()], piaScheduledOnly);
    }

    [Fact]
    public async Task Feed_Never_Shows_Another_Workspaces_Posts()
    {
        var mine = await SignedInAsync(app, workspaceName: "Mine");
        var theirs = await SignedInAsync(app, workspaceName: "Theirs");
        var myAccount = await AddAccountAsync(app, mine.Workspace.Id, "mia");
        var theirAccount = await AddAccountAsync(app, theirs.Workspace.Id, "theo");
        var day = DaysAhead("Europe/Berlin", 12);
        var at = At("Europe/Berlin", day.Year, day.Month, day.Day, 12);
        var myPost = await AddPostAsync(app, mine, myAccount, PostStatus.Scheduled, at);
        await AddPostAsync(app, theirs, theirAccount, PostStatus.Scheduled, at, "Secret plans");
        var range = $"start={day:yyyy-MM-dd}&end={day.AddDays(1):yyyy-MM-dd}";

        var events = await FeedAsync(mine, range);
        var asking = await FeedAsync(mine, range + $"&account={theirAccount.Id}");

        Assert.Equal([myPost.Id.ToString()], Posts(events).Select(e => e.GetProperty("id").GetString()));
        Assert.Empty(asking);
    }

    [Fact]
    public async Task Feed_Shows_Badges_Where_An_Account_Comes_Close_To_TikToks_Daily_Limits()
    {
        const string zone = "Europe/Berlin";
        var member = await SignedInAsync(app, zone);
        var busy = await AddAccountAsync(app, member.Workspace.Id, "busy");
        var drafter = await AddAccountAsync(app, member.Workspace.Id, "drafter", a => a.GrantedScopes = UploadOnlyScopes);
        var calm = await AddAccountAsync(app, member.Workspace.Id, "calm");
        var day = DaysAhead(zone, 14);
        var at = At(zone, day.Year, day.Month, day.Day, 8);
        await AddPostsAsync(app, member, busy, Enumerable.Range(0, 13).Select(i => (PostStatus.Scheduled, (DateTimeOffset?)at.AddMinutes(20 * i), $"Busy {i}")));
        // Drafts do not use TikTok's quota; they are not counted.
        await AddPostsAsync(app, member, busy, Enumerable.Range(0, 5).Select(i => (PostStatus.Draft, (DateTimeOffset?)at.AddMinutes(7 * i), $"Idea {i}")));
        await AddPostsAsync(app, member, drafter, Enumerable.Range(0, 5).Select(i => (PostStatus.Scheduled, (DateTimeOffset?)at.AddHours(i), $"Inbox {i}")));
        await AddPostsAsync(app, member, calm, Enumerable.Range(0, 3).Select(i => (PostStatus.Scheduled, (DateTimeOffset?)at.AddHours(i), $"Calm {i}")));

        var limits = Limits(await FeedAsync(member, $"start={day:yyyy-MM-dd}&end={day.AddDays(1):yyyy-MM-dd}")).ToList();

        Assert.Equal(["@busy: 13/15 posts", "@drafter: 5/5 inbox drafts"], limits.Select(l => l.GetProperty("title").GetString()).Order());
        var inbox = limits.Single(l => l.GetProperty("title").GetString()!.StartsWith("@drafter"));
        Assert.True(inbox.GetProperty("allDay").GetBoolean());
        Assert.Equal(day.ToString("yyyy-MM-dd"), inbox.GetProperty("start").GetString());
        Assert.Equal("full", inbox.GetProperty("level").GetString());
        Assert.Equal((5, 5, "InboxDrafts"), (inbox.GetProperty("count").GetInt32(), inbox.GetProperty("cap").GetInt32(), inbox.GetProperty("limitKind").GetString()));
        Assert.False(Editable(inbox));
    }

    [Fact]
    public async Task Only_Drafts_And_Scheduled_Posts_Are_Draggable_And_Never_For_Viewers()
    {
        var owner = await SignedInAsync(app);
        var account = await AddAccountAsync(app, owner.Workspace.Id, "drag");
        var day = DaysAhead("Europe/Berlin", 9);
        var at = At("Europe/Berlin", day.Year, day.Month, day.Day, 9);
        var draft = await AddPostAsync(app, owner, account, PostStatus.Draft, at);
        var scheduled = await AddPostAsync(app, owner, account, PostStatus.Scheduled, at.AddHours(1));
        var published = await AddPostAsync(app, owner, account, PostStatus.Published, at.AddHours(2));
        var viewer = await MemberOfAsync(app, owner.Workspace, WorkspaceRole.Viewer);
        var range = $"start={day:yyyy-MM-dd}&end={day.AddDays(1):yyyy-MM-dd}";

        var forOwner = Posts(await FeedAsync(owner, range)).ToDictionary(e => e.GetProperty("id").GetString()!, Editable);
        var forViewer = Posts(await FeedAsync(viewer, range)).ToDictionary(e => e.GetProperty("id").GetString()!, Editable);

        Assert.True(forOwner[draft.Id.ToString()]);
        Assert.True(forOwner[scheduled.Id.ToString()]);
        Assert.False(forOwner[published.Id.ToString()]);
        Assert.Equal(3, forViewer.Count);
        Assert.All(forViewer.Values, Assert.False);
    }

    [Fact]
    public async Task Feed_Refuses_A_Missing_Or_Huge_Range()
    {
        var member = await SignedInAsync(app);

        var missing = await member.Client.GetAsync("/app/calendar/events?start=2026-12-01");
        var huge = await member.Client.GetAsync("/app/calendar/events?start=2026-01-01&end=2027-01-01");

        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, huge.StatusCode);
    }

    [Fact]
    public async Task A_Capped_Feed_Sends_The_First_Posts_Of_Each_Day_And_How_Many_More_There_Are()
    {
        const string zone = "Europe/Berlin";
        var member = await SignedInAsync(app, zone);
        var busy = await AddAccountAsync(app, member.Workspace.Id, "busy");
        var day = DaysAhead(zone, 20);
        var quiet = day.AddDays(1);
        var at = At(zone, day.Year, day.Month, day.Day, 8);
        // Written out of order: the feed shows the earliest of the day, not the first saved.
        await AddPostsAsync(app, member, busy, Enumerable.Range(0, 13).Reverse().Select(i => (PostStatus.Scheduled, (DateTimeOffset?)at.AddMinutes(30 * i), $"Busy {i}")));
        await AddPostAsync(app, member, busy, PostStatus.Failed, at.AddHours(12), "Failed late");
        await AddPostsAsync(app, member, busy, Enumerable.Range(0, 2).Select(i => (PostStatus.Scheduled, (DateTimeOffset?)At(zone, quiet.Year, quiet.Month, quiet.Day, 9 + i), $"Quiet {i}")));
        var range = $"start={day:yyyy-MM-dd}&end={quiet.AddDays(1):yyyy-MM-dd}";

        var capped = await FeedAsync(member, range + "&perDay=3");
        var whole = await FeedAsync(member, range);
        var cappedFailed = await FeedAsync(member, range + "&perDay=3&status=Failed");

        var busyDay = Posts(capped).Where(e => e.GetProperty("start").GetString()!.StartsWith($"{day:yyyy-MM-dd}")).ToList();
        Assert.Equal(["Busy 0", "Busy 1", "Busy 2"], busyDay.Select(e => e.GetProperty("caption").GetString()));
        var more = Assert.Single(More(capped));
        Assert.Equal($"more:{day:yyyy-MM-dd}", more.GetProperty("id").GetString());
        Assert.Equal(day.ToString("yyyy-MM-dd"), more.GetProperty("start").GetString());
        Assert.True(more.GetProperty("allDay").GetBoolean());
        Assert.Equal(11, more.GetProperty("count").GetInt32()); // 13 scheduled + 1 failed, 3 shown
        Assert.Equal(2, Posts(capped).Count(e => e.GetProperty("start").GetString()!.StartsWith($"{quiet:yyyy-MM-dd}")));
        // The limit badge still counts the whole day, not what was sent.
        Assert.Equal(["@busy: 13/15 posts"], Limits(capped).Select(l => l.GetProperty("title").GetString()));
        // Without a cap (the day view) every post comes, and nothing is "more".
        Assert.Equal(16, Posts(whole).Count());
        Assert.Empty(More(whole));
        // A status filter applies before the cap: the one failed post is all there is.
        Assert.Equal(["Failed late"], Posts(cappedFailed).Select(e => e.GetProperty("caption").GetString()));
        Assert.Empty(More(cappedFailed));
    }

    [Fact]
    public async Task A_Month_With_Ten_Thousand_Posts_Sends_At_Most_The_Cap_Per_Day()
    {
        const string zone = "UTC";
        var member = await SignedInAsync(app, zone);
        var account = await AddAccountAsync(app, member.Workspace.Id, "flood");
        var first = DaysAhead(zone, 40);
        var start = new DateTimeOffset(first.Year, first.Month, first.Day, 0, 0, 0, TimeSpan.Zero);
        // 10,000 posts over 30 days: about 333 a day, every 4 minutes 19 seconds.
        await AddPostsAsync(app, member, account, Enumerable.Range(0, 10_000).Select(i => (PostStatus.Scheduled, (DateTimeOffset?)start.AddSeconds(259.2 * i), "Flood")));

        var events = await FeedAsync(member, $"start={first:yyyy-MM-dd}&end={first.AddDays(30):yyyy-MM-dd}&perDay={CalendarViews.MonthPostsPerDay}");

        Assert.Equal(30 * CalendarViews.MonthPostsPerDay, Posts(events).Count());
        Assert.Equal(30, More(events).Count());
        Assert.Equal(10_000 - 30 * CalendarViews.MonthPostsPerDay, More(events).Sum(m => m.GetProperty("count").GetInt32()));
    }

    [Fact]
    public async Task Feed_Refuses_A_Cap_That_Is_Not_A_Small_Whole_Number()
    {
        var member = await SignedInAsync(app);
        var range = "start=2026-12-01&end=2026-12-08";

        foreach (var cap in new[] { "0", "-3", "three", "2.5", (CalendarEndpoints.MaxPostsPerDay + 1).ToString() })
        {
            var response = await member.Client.GetAsync($"/app/calendar/events?{range}&perDay={cap}");
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains($"perDay must be a whole number from 1 to {CalendarEndpoints.MaxPostsPerDay}", await response.Content.ReadAsStringAsync());
        }
    }

    [Fact]
    public async Task Feed_Refuses_To_Fill_A_Page_Of_Another_Workspace_After_A_Switch_In_Another_Tab()
    {
        var member = await SignedInAsync(app, workspaceName: "Shown");
        var range = "start=2026-12-01&end=2026-12-08";

        var same = await member.Client.GetAsync($"/app/calendar/events?{range}&workspace={member.Workspace.Id}");
        var other = await member.Client.GetAsync($"/app/calendar/events?{range}&workspace={Guid.NewGuid()}");
        var garbled = await member.Client.GetAsync($"/app/calendar/events?{range}&workspace=nope");

        Assert.Equal(HttpStatusCode.OK, same.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, other.StatusCode);
        Assert.Contains("You switched to another workspace in another tab", await other.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Conflict, garbled.StatusCode);
    }
}

public sealed class CalendarFeedTests(StudioAppFactoryFixture fixture) : CalendarFeedTestsSuite<StudioAppFactoryFixture>(fixture);

/// <summary>The same suite on PostgreSQL.</summary>
[OnPostgres]
public sealed class CalendarFeedTestsOnPostgres(PostgresAppFactoryFixture fixture) : CalendarFeedTestsSuite<PostgresAppFactoryFixture>(fixture);
