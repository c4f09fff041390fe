using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Quartz;
using TikTokStudio.EndToEndTests.Infrastructure;
using TikTokStudio.EndToEndTests.Pages;
using TikTokStudio.Web.Data;
using TikTokStudio.Web.Features.Connections;
using TikTokStudio.Web.Features.Posts;
using TikTokStudio.Web.Features.Posts.Publish;
using TikTokStudio.Web.Features.Workspaces;

namespace TikTokStudio.EndToEndTests.Features.Posts.Calendar;

/// <summary>The calendar on the circuit: drag to reschedule (with the server's rules), limits that ask, live colours, the phone layout.</summary>
[Collection(LiveAppCollection.Name)]
[Trait("Category", "E2E")]
public sealed class CalendarJourneyTests(LiveAppFixture app)
{
    private const string Zone = "Europe/Berlin";

    private static DateOnly Today => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById(Zone)).DateTime);

    private static string Long(DateOnly day) => day.ToDateTime(TimeOnly.MinValue).ToString("ddd d MMM yyyy", CultureInfo.InvariantCulture);

    [Fact]
    public async Task A_Post_Dragged_To_Another_Day_In_The_Month_View_Is_Rescheduled_Announced_And_Still_There_After_A_Reload()
    {
        var from = Today.AddDays(3);
        var to = Today.AddDays(5);
        var seeded = await WorkspaceWithPostAsync(from, "Launch teaser for the calendar");
        var page = await SignedInAsync(seeded.Email);
        var calendar = new CalendarScreen(page);

        await calendar.OpenAsync($"view=month&date={from:yyyy-MM-dd}");
        await Assertions.Expect(page.GetByTestId("calendar-time-zone")).ToContainTextAsync(Zone);
        var post = calendar.Post(seeded.Post.Id);
        await Assertions.Expect(calendar.Day(from).Locator($"[data-post-id='{seeded.Post.Id}']")).ToBeVisibleAsync();
        await Assertions.Expect(post).ToHaveAttributeAsync("title", new Regex("^Scheduled: @launchy, .*09:00, Launch teaser for the calendar$"));
        // Month view shows who and what, not only the time and status (issue 16, item 14).
        await Assertions.Expect(post).ToContainTextAsync("09:00");
        await Assertions.Expect(post).ToContainTextAsync("@launchy");
        await Assertions.Expect(post).ToContainTextAsync("Launch teaser for the calendar");
        await Accessibility.AssertNoSeriousViolationsAsync(page);
        await page.ScreenshotAsync(new() { Path = LiveAppFixture.ScreenshotPath("calendar-month"), FullPage = true });

        await calendar.DragAsync(post, calendar.Day(to));

        await Assertions.Expect(calendar.Announcer).ToContainTextAsync($"Rescheduled to {Long(to)} 09:00 (Europe/Berlin).");
        await Assertions.Expect(calendar.Day(to).Locator($"[data-post-id='{seeded.Post.Id}']")).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = LiveAppFixture.ScreenshotPath("calendar-after-drag"), FullPage = true });

        await page.ReloadAsync();
        await calendar.WaitForReadyAsync();
        await Assertions.Expect(calendar.Day(to).Locator($"[data-post-id='{seeded.Post.Id}']")).ToBeVisibleAsync();
        await Assertions.Expect(calendar.Day(from).Locator($"[data-post-id='{seeded.Post.Id}']")).ToHaveCountAsync(0);

        var expected = At(to, 9);
        var saved = await FindPostAsync(seeded.Post.Id);
        Assert.Equal(expected, saved.PublishAt);
        Assert.Equal(seeded.Post.Version + 1, saved.Version);
        var scheduler = await app.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        Assert.Equal(expected, PostScheduler.SlotOf(await scheduler.GetTrigger(PostScheduler.SlotTriggerFor(seeded.Post.Id))));
    }

    [Fact]
    public async Task A_Move_Past_The_Daily_Limit_Asks_First_Keeps_The_Post_When_Declined_And_Moves_It_When_Confirmed()
    {
        var from = Today.AddDays(2);
        var full = Today.AddDays(4);
        var seeded = await WorkspaceWithPostAsync(from, "One too many");
        await AddPostsAsync(seeded, full, 15, "Already planned");
        var page = await SignedInAsync(seeded.Email);
        var calendar = new CalendarScreen(page);
        await calendar.OpenAsync($"view=month&date={from:yyyy-MM-dd}");
        // The full day shows its limit badge and, past the three posts a cell has room for, how many more there are.
        await Assertions.Expect(calendar.Day(full)).ToContainTextAsync("@launchy: 15/15 posts");
        await Assertions.Expect(calendar.Day(full).GetByTestId("calendar-more")).ToHaveTextAsync("+12 more");

        await calendar.DragAsync(calendar.Post(seeded.Post.Id), calendar.Day(full));
        var dialog = page.GetByRole(AriaRole.Dialog);
        await Assertions.Expect(dialog).ToContainTextAsync("@launchy already has 15 posts planned");
        await page.ScreenshotAsync(new() { Path = LiveAppFixture.ScreenshotPath("calendar-limit-dialog"), FullPage = false });
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Keep it where it was" }).ClickAsync();

        await Assertions.Expect(calendar.Announcer).ToContainTextAsync("Not moved: @launchy already has 15 posts planned");
        await Assertions.Expect(calendar.Day(from).Locator($"[data-post-id='{seeded.Post.Id}']")).ToBeVisibleAsync();
        Assert.Equal(seeded.Post.PublishAt, (await FindPostAsync(seeded.Post.Id)).PublishAt);

        await calendar.DragAsync(calendar.Post(seeded.Post.Id), calendar.Day(full));
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Move anyway" }).ClickAsync();

        await Assertions.Expect(calendar.Announcer).ToContainTextAsync($"Rescheduled to {Long(full)} 09:00 (Europe/Berlin).");
        await Assertions.Expect(calendar.Announcer).ToContainTextAsync("TikTok allows about 15 a day");
        Assert.Equal(At(full, 9), (await FindPostAsync(seeded.Post.Id)).PublishAt);
        await Assertions.Expect(calendar.Day(full)).ToContainTextAsync("@launchy: 16/15 posts");
    }

    [Fact]
    public async Task A_Drop_Into_The_Past_Snaps_Back_With_The_Reason_Read_Out()
    {
        // Yesterday's month: its six-week grid holds yesterday and always runs at least five days past its end, so tomorrow too.
        var from = Today.AddDays(1);
        var seeded = await WorkspaceWithPostAsync(from, "Too late for yesterday");
        var page = await SignedInAsync(seeded.Email);
        var calendar = new CalendarScreen(page);
        await calendar.OpenAsync($"view=month&date={Today.AddDays(-1):yyyy-MM-dd}");
        var yesterday = calendar.Day(Today.AddDays(-1));
        await Assertions.Expect(yesterday).ToBeVisibleAsync();

        await calendar.DragAsync(calendar.Post(seeded.Post.Id), yesterday);

        await Assertions.Expect(calendar.Announcer).ToContainTextAsync("Not moved: That time has passed.");
        await Assertions.Expect(page.Locator(".mud-snackbar")).ToContainTextAsync("That time has passed.");
        await Assertions.Expect(calendar.Day(from).Locator($"[data-post-id='{seeded.Post.Id}']")).ToBeVisibleAsync();
        Assert.Equal(seeded.Post.PublishAt, (await FindPostAsync(seeded.Post.Id)).PublishAt);
    }

    [Fact]
    public async Task A_Status_Change_From_The_Engine_Recolours_The_Event_Without_A_Reload()
    {
        var day = Today.AddDays(1);
        var seeded = await WorkspaceWithPostAsync(day, "Goes out live");
        var page = await SignedInAsync(seeded.Email);
        var calendar = new CalendarScreen(page);
        await calendar.OpenAsync($"view=month&date={day:yyyy-MM-dd}");
        await Assertions.Expect(calendar.Post(seeded.Post.Id)).ToHaveAttributeAsync("data-status", "Scheduled");
        await page.EvaluateAsync("() => { window.__notReloaded = true; }");

        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<StudioDbContext>();
            var row = await db.Set<Post>().IgnoreQueryFilters().SingleAsync(p => p.Id == seeded.Post.Id);
            row.Status = PostStatus.Publishing;
            row.Stage = PublishStage.Uploading;
            row.Version++;
            await db.SaveChangesAsync();
        }
        await app.Services.GetRequiredService<TikTokStudio.Web.Live.ILiveNotifier>().ChangedAsync(seeded.Post.WorkspaceId, "post", seeded.Post.Id.ToString());

        await Assertions.Expect(calendar.Post(seeded.Post.Id)).ToHaveAttributeAsync("data-status", "Publishing");
        await Assertions.Expect(calendar.Post(seeded.Post.Id).GetByText("Uploading", new() { Exact = true })).ToBeVisibleAsync();
        Assert.True(await page.EvaluateAsync<bool>("() => window.__notReloaded === true"), "the calendar updated itself without a reload");
    }

    [Fact]
    public async Task More_Opens_The_Whole_Day_And_The_View_Stays_In_The_Address()
    {
        var day = Today.AddDays(6);
        var seeded = await WorkspaceWithPostAsync(day, "First of the day");
        await AddPostsAsync(seeded, day, 5, "Busy day");
        var page = await SignedInAsync(seeded.Email);
        var calendar = new CalendarScreen(page);
        await calendar.OpenAsync($"view=month&date={day:yyyy-MM-dd}");
        await Assertions.Expect(calendar.Day(day).GetByTestId("calendar-post")).ToHaveCountAsync(3);

        await calendar.Day(day).GetByTestId("calendar-more").ClickAsync();

        // The day list shows every post of the day, and the address says so (a bookmark opens the same day).
        await Assertions.Expect(page.GetByTestId("calendar-post")).ToHaveCountAsync(6);
        await Assertions.Expect(page).ToHaveURLAsync(new Regex($"view=day&date={day:yyyy-MM-dd}"));
        await page.ReloadAsync();
        await calendar.WaitForReadyAsync();
        await Assertions.Expect(page.GetByTestId("calendar-post")).ToHaveCountAsync(6);
    }

    [Fact]
    public async Task On_A_Phone_The_Calendar_Opens_As_A_List_That_Fits_The_Screen()
    {
        var day = Today.AddDays(1);
        var seeded = await WorkspaceWithPostAsync(day, "Readable on a phone, with a caption long enough to wrap onto a second line");
        var page = await SignedInAsync(seeded.Email);
        await page.SetViewportSizeAsync(390, 844);
        var calendar = new CalendarScreen(page);

        await calendar.OpenAsync($"date={day:yyyy-MM-dd}");

        await Assertions.Expect(page.Locator(".fc-listWeek-view")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "List" })).ToHaveAttributeAsync("aria-pressed", "true");
        var post = calendar.Post(seeded.Post.Id);
        await Assertions.Expect(post).ToContainTextAsync("@launchy");
        await Assertions.Expect(post).ToContainTextAsync("Readable on a phone, with a caption long enough");
        await Accessibility.AssertNoHorizontalScrollAsync(page);
        await Accessibility.AssertNoSeriousViolationsAsync(page);
        await page.ScreenshotAsync(new() { Path = LiveAppFixture.ScreenshotPath("calendar-phone"), FullPage = true });

        // The toolbar fits in month view too (title above compact buttons).
        await page.GetByRole(AriaRole.Button, new() { Name = "Month" }).ClickAsync();
        await Assertions.Expect(page.Locator(".fc-dayGridMonth-view")).ToBeVisibleAsync();
        await Accessibility.AssertNoHorizontalScrollAsync(page);
        await page.ScreenshotAsync(new() { Path = LiveAppFixture.ScreenshotPath("calendar-phone-month"), FullPage = true });
    }

    private static DateTimeOffset At(DateOnly day, int hour, int minute = 0)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(Zone);
        var local = day.ToDateTime(new TimeOnly(hour, minute));
        return new DateTimeOffset(local, zone.GetUtcOffset(local)).ToUniversalTime();
    }

    private sealed record Seeded(string Email, string UserId, TikTokAccount Account, Post Post);

    /// <summary>A signed-up Owner with one connected creator and one scheduled post at 09:00 on <paramref name="day"/>, trigger included.</summary>
    private async Task<Seeded> WorkspaceWithPostAsync(DateOnly day, string caption)
    {
        using var scope = app.Services.CreateScope();
        var services = scope.ServiceProvider;
        var email = $"calendar-{Guid.NewGuid():N}@example.com";
        var user = new ApplicationUser { UserName = email, Email = email, EmailConfirmed = true, TimeZoneId = Zone };
        Assert.True((await services.GetRequiredService<UserManager<ApplicationUser>>().CreateAsync(user, Session.Password)).Succeeded);
        var workspace = await services.GetRequiredService<WorkspaceService>().CreateAsync(user, "Calendar Brand", Zone);
        var db = services.GetRequiredService<StudioDbContext>();
        var account = new TikTokAccount
        {
            WorkspaceId = workspace.Id, OpenId = Guid.NewGuid().ToString("N"), DisplayName = "Launchy", Username = "launchy",
            AvatarUrl = "/emulators/tiktok/avatars/launchy.svg",
            GrantedScopes = "user.info.basic,video.publish,video.upload", PrivacyLevelOptions = "PUBLIC_TO_EVERYONE,SELF_ONLY",
            ConnectedAt = DateTimeOffset.UtcNow,
        };
        var post = NewPost(workspace.Id, account.Id, user.Id, At(day, 9), caption);
        db.AddRange(account, post);
        await db.SaveChangesAsync();
        await services.GetRequiredService<PostScheduler>().ScheduleAsync(post, CancellationToken.None);
        return new Seeded(email, user.Id, account, post);
    }

    /// <summary>More scheduled posts of the same creator on <paramref name="day"/>, half-hourly from 06:00 (rows only: the calendar reads rows).</summary>
    private async Task AddPostsAsync(Seeded seeded, DateOnly day, int count, string caption)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<StudioDbContext>();
        db.AddRange(Enumerable.Range(0, count).Select(i => NewPost(seeded.Post.WorkspaceId, seeded.Account.Id, seeded.UserId, At(day, 6).AddMinutes(30 * i), $"{caption} {i + 1}")));
        await db.SaveChangesAsync();
    }

    private static Post NewPost(Guid workspaceId, Guid accountId, string userId, DateTimeOffset at, string caption) => new()
    {
        WorkspaceId = workspaceId, CompositionId = Guid.CreateVersion7(), AccountId = accountId, Kind = PostKind.Video,
        VideoMediaId = Guid.NewGuid(), Title = caption, PrivacyLevel = "PUBLIC_TO_EVERYONE", Status = PostStatus.Scheduled,
        PublishAt = at, CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow, CreatedByUserId = userId,
    };

    private async Task<Post> FindPostAsync(Guid id)
    {
        using var scope = app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<StudioDbContext>().Set<Post>().IgnoreQueryFilters().AsNoTracking().SingleAsync(p => p.Id == id);
    }

    private async Task<IPage> SignedInAsync(string email)
    {
        var page = await app.NewPageAsync(Zone);
        // Tall enough for the whole month grid: a drag near the window's edge would make FullCalendar auto-scroll.
        await page.SetViewportSizeAsync(1280, 1800);
        await page.GotoAsync("/Account/Login");
        await new SignInPage(page).SignInAsync(email, Session.Password);
        await Assertions.Expect(page).ToHaveURLAsync(app.BaseUrl + "/app");
        return page;
    }
}

/// <summary>/app/calendar as a person uses it: find a post, drag it with the mouse, read the status line.</summary>
public sealed class CalendarScreen(IPage page)
{
    public async Task OpenAsync(string query)
    {
        await page.GotoAsync("/app/calendar?" + query);
        await WaitForReadyAsync();
    }

    /// <summary>The circuit is up and the calendar has drawn (events may still be loading: assertions wait for them).</summary>
    public async Task WaitForReadyAsync()
    {
        await Assertions.Expect(page.Locator("main[data-circuit=ready]")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=calendar][data-ready=true]")).ToBeVisibleAsync();
    }

    public ILocator Post(Guid id) => page.Locator($"[data-testid=calendar-post][data-post-id='{id}']");

    public ILocator Day(DateOnly day) => page.Locator($"td.fc-daygrid-day[data-date='{day:yyyy-MM-dd}']");

    public ILocator Announcer => page.GetByTestId("calendar-status");

    /// <summary>FullCalendar drags on pointer events: press, move in steps past its threshold, release over the target.</summary>
    public async Task DragAsync(ILocator item, ILocator target)
    {
        await item.ScrollIntoViewIfNeededAsync();
        var from = await item.BoundingBoxAsync() ?? throw new InvalidOperationException("The event is not on screen.");
        var to = await target.BoundingBoxAsync() ?? throw new InvalidOperationException("The target day is not on screen.");
        await page.Mouse.MoveAsync(from.X + from.Width / 2, from.Y + from.Height / 2);
        await page.Mouse.DownAsync();
        await page.Mouse.MoveAsync(from.X + from.Width / 2 + 10, from.Y + from.Height / 2 + 10, new() { Steps = 5 });
        await page.Mouse.MoveAsync(to.X + to.Width / 2, to.Y + to.Height / 2, new() { Steps = 20 });
        await page.Mouse.UpAsync();
    }
}
