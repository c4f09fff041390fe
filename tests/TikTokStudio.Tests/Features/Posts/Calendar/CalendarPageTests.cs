using System.Text.Json;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using TikTokStudio.Tests.Infrastructure;
using TikTokStudio.Web.Features.Posts;
using TikTokStudio.Web.Features.Posts.Calendar;
using TikTokStudio.Web.Features.Workspaces;
using TikTokStudio.Web.Live;
using static TikTokStudio.Tests.Features.Posts.Calendar.PostsTestData;

namespace TikTokStudio.Tests.Features.Posts.Calendar;

/// <summary>
/// /app/calendar on the circuit, against the real app: what each role is told, filters in the address, drops decided by
/// the real <see cref="PostMover"/> (with the limit dialog), and live changes that make the calendar ask its feed again.
/// The FullCalendar module is bunit's fake: the tests check what the page asks of it.
/// </summary>
public sealed class CalendarPageTests : StudioComponentTest
{
    private const string Berlin = "Europe/Berlin";
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    private BunitJSModuleInterop Module() => JSInterop.SetupModule(PostCalendar.ModulePath);

    /// <summary>The options the page started the calendar with (as the module receives them).</summary>
    private static JsonElement StartOptions(BunitJSModuleInterop module) =>
        JsonSerializer.SerializeToElement(module.VerifyInvoke("create").Arguments[2], Web);

    private static int Calls(BunitJSModuleInterop module, string identifier) => module.Invocations[identifier].Count;

    private static string Status(IRenderedComponent<CalendarPageHarness> page) => Text(page.Find("[data-testid=calendar-status]"));

    private static string Text(AngleSharp.Dom.IElement element) => System.Text.RegularExpressions.Regex.Replace(element.TextContent, @"\s+", " ").Trim();

    private IEnumerable<string?> Snackbars() => Services.GetRequiredService<ISnackbar>().ShownSnackbars.Select(s => s.Message);

    private static async Task<CalendarDropAnswer> DropAsync(IRenderedComponent<CalendarPageHarness> page, Guid postId, string start, int? version, bool allDay = false)
    {
        var calendar = page.FindComponent<PostCalendar>();
        CalendarDropAnswer? answer = null;
        await page.InvokeAsync(async () => answer = await calendar.Instance.Drop(postId.ToString(), start, version, allDay));
        return answer!;
    }

    [Fact]
    public async Task An_Editor_Gets_The_Calendar_Of_The_Workspace_Zone_With_Compose_The_Drag_Hint_And_The_Undated_Drafts()
    {
        await using var app = new StudioAppFactory();
        var owner = await SignedInAsync(app, "Asia/Tokyo", "Tokyo Team");
        var kenji = await AddAccountAsync(app, owner.Workspace.Id, "kenji");
        await AddPostsAsync(app, owner, kenji, [(PostStatus.Draft, null, "Idea one"), (PostStatus.Draft, null, "Idea two")]);
        await SignInToApp(app, owner.User.Id);
        var module = Module();

        var page = Render<CalendarPageHarness>();

        page.WaitForAssertion(() => Assert.Equal("true", page.Find("[data-testid=calendar]").GetAttribute("data-ready")));
        var options = StartOptions(module);
        Assert.Equal(owner.Workspace.Id, options.GetProperty("workspaceId").GetGuid());
        Assert.Equal("Asia/Tokyo", options.GetProperty("timeZone").GetString());
        Assert.Equal(CalendarEndpoints.EventsPath, options.GetProperty("eventsUrl").GetString());
        // No view in the address: the module picks the device's default (the list on a phone).
        Assert.Equal(JsonValueKind.Null, options.GetProperty("view").ValueKind);
        Assert.Equal("@kenji", options.GetProperty("accounts").GetProperty(kenji.Id.ToString()).GetProperty("handle").GetString());
        Assert.Equal((CalendarViews.MonthPostsPerDay, CalendarViews.WeekPostsPerDay),
            (options.GetProperty("perDay").GetProperty("month").GetInt32(), options.GetProperty("perDay").GetProperty("week").GetInt32()));
        Assert.Equal("var(--mud-palette-primary)", options.GetProperty("colours").GetProperty("Scheduled").GetString());

        Assert.Contains("Asia/Tokyo", page.Find("[data-testid=calendar-time-zone]").TextContent);
        Assert.Contains(page.FindAll("a"), a => a.GetAttribute("href") == "/app/settings"); // an Owner may change the zone
        Assert.Contains(page.FindAll("a"), a => a.GetAttribute("href") == "/app/compose");
        Assert.Contains("Drag a draft or scheduled post", page.Find("[data-testid=calendar-editor-note]").TextContent);
        Assert.Empty(page.FindAll("[data-testid=calendar-viewer-note]"));
        Assert.Equal("2 drafts have no date yet and are not on the calendar.", Text(page.Find("[data-testid=calendar-undated]")));
        Assert.Equal("/app/posts?status=Draft", page.Find("[data-testid=calendar-undated] a").GetAttribute("href"));
        var region = page.Find("[data-testid=calendar-status]");
        Assert.Equal(("status", "polite"), (region.GetAttribute("role"), region.GetAttribute("aria-live")));
        Assert.Equal(10, // with Pending approval and Not approved in time
            page.FindAll("[data-testid=calendar-legend] li").Count);
    }

    [Fact]
    public async Task A_Viewer_Is_Told_Moving_Needs_The_Editor_Role_And_Their_Drop_Snaps_Back_With_The_Reason()
    {
        await using var app = new StudioAppFactory();
        var owner = await SignedInAsync(app, Berlin);
        var account = await AddAccountAsync(app, owner.Workspace.Id, "brand");
        var day = DaysAhead(Berlin, 4);
        var post = await AddPostAsync(app, owner, account, PostStatus.Scheduled, At(Berlin, day.Year, day.Month, day.Day, 9));
        var viewer = await MemberOfAsync(app, owner.Workspace, WorkspaceRole.Viewer);
        await SignInToApp(app, viewer.User.Id);
        Module();
        var page = Render<CalendarPageHarness>();
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=calendar-viewer-note]")));

        var answer = await DropAsync(page, post.Id, $"{day.AddDays(1):yyyy-MM-dd}T09:00", post.Version);

        Assert.False(answer.Moved);
        Assert.Equal("Not moved: " + PostMover.ViewerMessage, Status(page));
        Assert.Contains("Not moved: " + PostMover.ViewerMessage, Snackbars());
        Assert.Empty(page.FindAll("[data-testid=calendar-editor-note]"));
        Assert.DoesNotContain(page.FindAll("a"), a => a.GetAttribute("href") == "/app/compose");
        Assert.DoesNotContain(page.FindAll("a"), a => a.GetAttribute("href") == "/app/settings");
        Assert.Equal(post.PublishAt, (await FindPostAsync(app, post.Id))!.PublishAt);
    }

    [Fact]
    public async Task Filters_And_The_View_Come_From_The_Address_And_A_New_Choice_Refetches_And_Stays_In_It()
    {
        await using var app = new StudioAppFactory();
        var member = await SignedInAsync(app, Berlin);
        var pia = await AddAccountAsync(app, member.Workspace.Id, "pia");
        await AddAccountAsync(app, member.Workspace.Id, "quinn");
        await SignInToApp(app, member.User.Id);
        var navigation = Services.GetRequiredService<NavigationManager>();
        navigation.NavigateTo($"/app/calendar?account={pia.Id}&status=Failed&view=week&date=2027-01-05");
        var module = Module();

        var page = Render<CalendarPageHarness>();

        page.WaitForAssertion(() => Assert.Equal(1, Calls(module, "create")));
        var options = StartOptions(module);
        Assert.Equal(pia.Id.ToString(), options.GetProperty("filters").GetProperty("account").GetString());
        Assert.Equal("Failed", options.GetProperty("filters").GetProperty("status").GetString());
        Assert.Equal(("week", "2027-01-05"), (options.GetProperty("view").GetString(), options.GetProperty("date").GetString()));
        var selects = page.FindComponents<MudSelect<string>>();
        var shown = page.FindAll(".studio-calendar-filters .mud-select input.mud-input-root").Select(i => i.GetAttribute("value")).ToList();
        Assert.Equal(["@pia", "Failed"], shown);

        await page.InvokeAsync(() => selects[1].Instance.ValueChanged.InvokeAsync(nameof(PostStatus.Scheduled)));

        page.WaitForAssertion(() => Assert.Equal(1, Calls(module, "setFilters")));
        var filters = JsonSerializer.SerializeToElement(module.Invocations["setFilters"][0].Arguments[1], Web);
        Assert.Equal((pia.Id.ToString(), "Scheduled"), (filters.GetProperty("account").GetString(), filters.GetProperty("status").GetString()));
        Assert.Contains("status=Scheduled", navigation.Uri);
        Assert.Contains($"account={pia.Id}", navigation.Uri);

        // "All accounts" takes the account out of the address and the feed's question.
        await page.InvokeAsync(() => selects[0].Instance.ValueChanged.InvokeAsync(""));

        page.WaitForAssertion(() => Assert.Equal(2, Calls(module, "setFilters")));
        Assert.DoesNotContain("account=", navigation.Uri);
        var all = JsonSerializer.SerializeToElement(module.Invocations["setFilters"][1].Arguments[1], Web);
        Assert.Equal(JsonValueKind.Null, all.GetProperty("account").ValueKind);

        // The calendar moved to another week: the address follows (the first place it reports is its default, not written).
        var calendar = page.FindComponent<PostCalendar>();
        await page.InvokeAsync(() => calendar.Instance.ViewChanged("list", "2027-01-12", initial: false));
        Assert.Contains("view=list", navigation.Uri);
        Assert.Contains("date=2027-01-12", navigation.Uri);
        // ...and since the calendar already shows that place, it is not sent there again.
        Assert.Equal(0, Calls(module, "show"));
    }

    [Fact]
    public async Task A_Drop_Past_The_Daily_Limit_Asks_First_Keeps_The_Post_When_Declined_And_Moves_It_When_Confirmed()
    {
        await using var app = new StudioAppFactory();
        var member = await SignedInAsync(app, Berlin);
        var account = await AddAccountAsync(app, member.Workspace.Id, "busy");
        var from = DaysAhead(Berlin, 6);
        var full = from.AddDays(1);
        var post = await AddPostAsync(app, member, account, PostStatus.Scheduled, At(Berlin, from.Year, from.Month, from.Day, 9), "Move me");
        await ScheduleTriggerAsync(app, post);
        var at = At(Berlin, full.Year, full.Month, full.Day, 6);
        await AddPostsAsync(app, member, account, Enumerable.Range(0, 15).Select(i => (PostStatus.Scheduled, (DateTimeOffset?)at.AddMinutes(30 * i), $"Full {i}")));
        await SignInToApp(app, member.User.Id);
        Module();
        var page = Render<CalendarPageHarness>();
        page.WaitForAssertion(() => Assert.Equal("true", page.Find("[data-testid=calendar]").GetAttribute("data-ready")));
        var calendar = page.FindComponent<PostCalendar>();
        var target = $"{full:yyyy-MM-dd}T21:00";

        CalendarDropAnswer? declined = null;
        var asking = page.InvokeAsync(async () => declined = await calendar.Instance.Drop(post.Id.ToString(), target, post.Version, false));
        page.WaitForAssertion(() => Assert.Contains("@busy already has 15 posts planned", page.Find(".mud-dialog").TextContent));
        Assert.Equal(post.PublishAt, (await FindPostAsync(app, post.Id))!.PublishAt); // nothing happens while it asks
        page.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == "Keep it where it was").Click();
        await asking;

        Assert.False(declined!.Moved);
        Assert.StartsWith("Not moved: @busy already has 15 posts planned", Status(page));
        Assert.DoesNotContain("Move it anyway?", Status(page));
        Assert.Equal(post.PublishAt, (await FindPostAsync(app, post.Id))!.PublishAt);

        CalendarDropAnswer? confirmed = null;
        var again = page.InvokeAsync(async () => confirmed = await calendar.Instance.Drop(post.Id.ToString(), target, post.Version, false));
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll(".mud-dialog button")));
        page.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == "Move anyway").Click();
        await again;

        Assert.True(confirmed!.Moved);
        Assert.Equal(post.Version + 1, confirmed.Version);
        Assert.StartsWith($"Rescheduled to {full.ToString("ddd d MMM yyyy", System.Globalization.CultureInfo.InvariantCulture)} 21:00 (Europe/Berlin).", Status(page));
        Assert.Contains("TikTok allows about 15", Status(page));
        var saved = (await FindPostAsync(app, post.Id))!;
        Assert.Equal(At(Berlin, full.Year, full.Month, full.Day, 21), saved.PublishAt);
        Assert.Equal(saved.PublishAt, await TriggerTimeAsync(app, post.Id));
    }

    [Fact]
    public async Task A_Refused_Drop_Snaps_Back_And_Says_Why_In_The_Status_Line_And_A_Snackbar()
    {
        await using var app = new StudioAppFactory();
        var member = await SignedInAsync(app, Berlin);
        var account = await AddAccountAsync(app, member.Workspace.Id, "brand");
        var day = DaysAhead(Berlin, 3);
        var post = await AddPostAsync(app, member, account, PostStatus.Scheduled, At(Berlin, day.Year, day.Month, day.Day, 9));
        await SignInToApp(app, member.User.Id);
        var module = Module();
        var page = Render<CalendarPageHarness>();
        page.WaitForAssertion(() => Assert.Equal(1, Calls(module, "create")));

        var past = await DropAsync(page, post.Id, $"{DaysAhead(Berlin, -1):yyyy-MM-dd}T09:00", post.Version);
        Assert.False(past.Moved);
        Assert.Equal("Not moved: That time has passed. Choose a time at least a minute from now.", Status(page));
        Assert.Contains("Not moved: That time has passed. Choose a time at least a minute from now.", Snackbars());

        var allDay = await DropAsync(page, post.Id, $"{day.AddDays(1):yyyy-MM-dd}T00:00", post.Version, allDay: true);
        Assert.False(allDay.Moved);
        Assert.Equal(CalendarPage.NeedsTimeMessage, Status(page));

        // Based on an old version (someone changed the post meanwhile): refused, and the calendar asks for the post as it is.
        var stale = await DropAsync(page, post.Id, $"{day.AddDays(1):yyyy-MM-dd}T09:00", post.Version - 1);
        Assert.False(stale.Moved);
        Assert.Equal("Not moved: " + PostMover.ChangedMessage, Status(page));
        Assert.Equal(1, Calls(module, "refetch"));
        Assert.Equal(post.PublishAt, (await FindPostAsync(app, post.Id))!.PublishAt);
    }

    [Fact]
    public async Task A_Post_Change_In_The_Workspace_Makes_The_Calendar_Ask_Its_Feed_Again_And_Another_Workspaces_Does_Not()
    {
        await using var app = new StudioAppFactory();
        var member = await SignedInAsync(app, Berlin);
        var account = await AddAccountAsync(app, member.Workspace.Id, "brand");
        var stranger = await SignedInAsync(app, Berlin, "Stranger Co");
        await SignInToApp(app, member.User.Id);
        var module = Module();
        var page = Render<CalendarPageHarness>();
        page.WaitForAssertion(() => Assert.Equal(1, Calls(module, "create")));
        Assert.Empty(page.FindAll("[data-testid=calendar-undated]"));
        var live = app.Services.GetRequiredService<ILiveNotifier>();

        await live.ChangedAsync(stranger.Workspace.Id, "post", Guid.NewGuid().ToString());
        var draft = await AddPostAsync(app, member, account, PostStatus.Draft, null, "New idea");
        await live.ChangedAsync(member.Workspace.Id, "post", draft.Id.ToString());

        page.WaitForAssertion(() => Assert.Equal(1, Calls(module, "refetch")));
        page.WaitForAssertion(() => Assert.Equal("1 draft has no date yet and is not on the calendar.", Text(page.Find("[data-testid=calendar-undated]"))));
        Assert.Equal(1, Calls(module, "refetch"));
    }
}
