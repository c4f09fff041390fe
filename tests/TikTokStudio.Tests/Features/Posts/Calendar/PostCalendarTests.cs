using System.Text.Json;
using Bunit;
using TikTokStudio.Tests.Infrastructure;
using TikTokStudio.Web.Features.Posts;
using TikTokStudio.Web.Features.Posts.Calendar;

namespace TikTokStudio.Tests.Features.Posts.Calendar;

/// <summary>The FullCalendar wrapper on its own: which module calls its parameters turn into, and what it hands back.</summary>
public sealed class PostCalendarTests : StudioComponentTest
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);
    private static readonly Guid WorkspaceId = Guid.NewGuid();
    private static readonly CalendarAccount Pia = new(Guid.NewGuid(), "@pia", "/avatars/pia.png");
    private static readonly CalendarAccount Quinn = new(Guid.NewGuid(), "@quinn", null);

    private BunitJSModuleInterop Module() => JSInterop.SetupModule(PostCalendar.ModulePath);

    private static int Calls(BunitJSModuleInterop module, string identifier) => module.Invocations[identifier].Count;

    private static JsonElement Argument(BunitJSModuleInterop module, string identifier, int call, int index) =>
        JsonSerializer.SerializeToElement(module.Invocations[identifier][call].Arguments[index], Web);

    private IRenderedComponent<PostCalendar> RenderCalendar(Action<ComponentParameterCollectionBuilder<PostCalendar>>? more = null) =>
        Render<PostCalendar>(p =>
        {
            p.Add(x => x.WorkspaceId, WorkspaceId).Add(x => x.TimeZoneId, "America/New_York").Add(x => x.Accounts, [Pia]);
            more?.Invoke(p);
        });

    [Fact]
    public async Task It_Starts_The_Module_With_Its_Parameters_And_Sends_Only_What_Changed()
    {
        var module = Module();

        var calendar = RenderCalendar(p => p.Add(x => x.Account, Pia.Id).Add(x => x.View, CalendarViews.Week).Add(x => x.Date, new DateOnly(2027, 3, 1)));

        var options = Argument(module, "create", 0, 2);
        Assert.Equal("America/New_York", options.GetProperty("timeZone").GetString());
        Assert.Equal(("week", "2027-03-01"), (options.GetProperty("view").GetString(), options.GetProperty("date").GetString()));
        Assert.Equal(Pia.Id.ToString(), options.GetProperty("filters").GetProperty("account").GetString());
        Assert.Equal("/avatars/pia.png", options.GetProperty("accounts").GetProperty(Pia.Id.ToString()).GetProperty("avatarUrl").GetString());
        Assert.Equal("true", calendar.Find("[data-testid=calendar]").GetAttribute("data-ready"));

        // A re-render with the same values asks nothing of the module.
        calendar.Render(p => p.Add(x => x.Account, Pia.Id).Add(x => x.Accounts, [Pia with { }]));
        Assert.Equal(0, Calls(module, "setFilters"));
        Assert.Equal(0, Calls(module, "setAccounts"));

        calendar.Render(p => p.Add(x => x.Status, PostStatus.Failed));
        Assert.Equal(1, Calls(module, "setFilters"));
        Assert.Equal("Failed", Argument(module, "setFilters", 0, 1).GetProperty("status").GetString());

        calendar.Render(p => p.Add(x => x.Accounts, [Pia, Quinn]));
        Assert.Equal(1, Calls(module, "setAccounts"));
        Assert.Equal("@quinn", Argument(module, "setAccounts", 0, 1).GetProperty(Quinn.Id.ToString()).GetProperty("handle").GetString());

        await DisposeComponentsAsync();
        Assert.Equal(1, Calls(module, "dispose"));
    }

    [Fact]
    public async Task A_Place_From_The_Address_Is_Shown_Unless_The_Calendar_Reported_It_Itself()
    {
        var module = Module();
        var reported = new List<CalendarPlace>();
        var calendar = RenderCalendar(p => p.Add(x => x.OnPlaceChanged, place => reported.Add(place)));

        await calendar.InvokeAsync(() => calendar.Instance.ViewChanged("month", "2027-03-01", initial: true));
        await calendar.InvokeAsync(() => calendar.Instance.ViewChanged("agenda", "2027-03-01", initial: false)); // not a view of ours

        Assert.Equal([new CalendarPlace(CalendarViews.Month, new DateOnly(2027, 3, 1), true)], reported);

        // The page writes the reported place into the address and passes it back: nothing to do.
        calendar.Render(p => p.Add(x => x.View, CalendarViews.Month).Add(x => x.Date, new DateOnly(2027, 3, 1)));
        Assert.Equal(0, Calls(module, "show"));

        // The address changed to another place (a link to a day): the calendar goes there.
        calendar.Render(p => p.Add(x => x.View, CalendarViews.Day).Add(x => x.Date, new DateOnly(2027, 3, 9)));
        Assert.Equal(1, Calls(module, "show"));
        Assert.Equal(("day", "2027-03-09"), (Argument(module, "show", 0, 1).GetString(), Argument(module, "show", 0, 2).GetString()));
    }

    [Fact]
    public async Task Drops_And_Feed_Failures_Are_Handed_To_The_Page_And_A_Drop_Without_A_Post_Id_Snaps_Back()
    {
        Module();
        var drops = new List<CalendarDrop>();
        string? failure = null;
        var postId = Guid.NewGuid();
        var calendar = RenderCalendar(p => p
            .Add(x => x.OnDrop, drop => { drops.Add(drop); return Task.FromResult(new CalendarDropAnswer(true, 8)); })
            .Add(x => x.OnFeedFailed, message => failure = message));

        var moved = await calendar.InvokeAsync(() => calendar.Instance.Drop(postId.ToString(), "2027-03-02T10:15", 7, false));
        var garbled = await calendar.InvokeAsync(() => calendar.Instance.Drop("not-a-post", "2027-03-02T10:15", 7, false));
        await calendar.InvokeAsync(() => calendar.Instance.FeedFailed("The calendar could not load its posts."));

        Assert.Equal(new CalendarDropAnswer(true, 8), moved);
        Assert.Equal(CalendarDropAnswer.SnapBack, garbled);
        Assert.Equal([new CalendarDrop(postId, "2027-03-02T10:15", 7, false)], drops);
        Assert.Equal("The calendar could not load its posts.", failure);
    }
}
