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

[Collection(LiveAppCollection.Name)]
[Trait("Category", "E2E")]
public sealed class CalendarJourneyTests(LiveAppFixture app)
{
    private const string Zone = "Europe/Berlin";

    [Fact]
    public async Task Dragging_A_Post_To_Another_Day_Reschedules_It_And_The_Move_Survives_A_Reload()
    {
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById(Zone)).DateTime);
        var from = today.AddDays(3);
        var to = today.AddDays(5);
        var (email, post) = await ScheduledPostAsync(from, "Launch teaser for the calendar");
        var page = await SignedInAsync(email);

        await page.GotoAsync($"/app/calendar?date={from:yyyy-MM-dd}");
        await Assertions.Expect(page.GetByTestId("calendar-time-zone")).ToContainTextAsync(Zone);
        var calendar = new CalendarPage(page);
        var evt = calendar.Post(post.Id);
        await Assertions.Expect(evt).ToBeVisibleAsync();
        await Assertions.Expect(calendar.Day(from).Locator($"[data-post-id='{post.Id}']")).ToBeVisibleAsync();
        await Assertions.Expect(evt).ToHaveAttributeAsync("aria-label", new System.Text.RegularExpressions.Regex("^Scheduled: @launchy"));

        await calendar.DragAsync(evt, calendar.Day(to));

        await Assertions.Expect(calendar.Announcer).ToContainTextAsync($"Rescheduled to {to.ToDateTime(TimeOnly.MinValue).ToString("ddd d MMM yyyy", System.Globalization.CultureInfo.InvariantCulture)} 09:00 (Europe/Berlin).");
        await page.ScreenshotAsync(new() { Path = LiveAppFixture.ScreenshotPath("calendar-after-drag"), FullPage = true });

        await page.ReloadAsync();
        await Assertions.Expect(calendar.Day(to).Locator($"[data-post-id='{post.Id}']")).ToBeVisibleAsync();
        await Assertions.Expect(calendar.Day(from).Locator($"[data-post-id='{post.Id}']")).ToHaveCountAsync(0);

        var expected = At(to, 9);
        using var scope = app.Services.CreateScope();
        var saved = await scope.ServiceProvider.GetRequiredService<StudioDbContext>().Set<Post>().IgnoreQueryFilters().AsNoTracking().SingleAsync(p => p.Id == post.Id);
        Assert.Equal(expected, saved.PublishAt);
        Assert.Equal(post.Version + 1, saved.Version);
        var scheduler = await app.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        var trigger = await scheduler.GetTrigger(PostScheduler.SlotTriggerFor(post.Id));
        Assert.Equal(expected, PostScheduler.SlotOf(trigger));
    }

    [Fact]
    public async Task A_Drop_Into_The_Past_Snaps_Back_With_The_Reason_Read_Out()
    {
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById(Zone)).DateTime);
        var from = today.AddDays(2);
        var past = today.AddDays(-2);
        var (email, post) = await ScheduledPostAsync(from, "Too late for yesterday");
        var page = await SignedInAsync(email);

        await page.GotoAsync($"/app/calendar?date={from:yyyy-MM-dd}");
        var calendar = new CalendarPage(page);
        await Assertions.Expect(calendar.Post(post.Id)).ToBeVisibleAsync();
        var target = calendar.Day(past);
        if (await target.CountAsync() == 0) return; // the month grid does not reach two days back (first row): nothing to drop on

        await calendar.DragAsync(calendar.Post(post.Id), target);

        await Assertions.Expect(calendar.Announcer).ToContainTextAsync("Not moved: That time has passed.");
        await Assertions.Expect(calendar.Day(from).Locator($"[data-post-id='{post.Id}']")).ToBeVisibleAsync();
        using var scope = app.Services.CreateScope();
        var saved = await scope.ServiceProvider.GetRequiredService<StudioDbContext>().Set<Post>().IgnoreQueryFilters().AsNoTracking().SingleAsync(p => p.Id == post.Id);
        Assert.Equal(post.PublishAt, saved.PublishAt);
    }

    [Fact]
    public async Task A_Status_Change_From_The_Engine_Recolours_The_Event_Live()
    {
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById(Zone)).DateTime);
        var day = today.AddDays(1);
        var (email, post) = await ScheduledPostAsync(day, "Goes out live");
        var page = await SignedInAsync(email);
        await page.GotoAsync($"/app/calendar?date={day:yyyy-MM-dd}");
        await Assertions.Expect(page.Locator("[data-live-indicator]")).ToHaveAttributeAsync("data-state", "connected");
        var calendar = new CalendarPage(page);
        await Assertions.Expect(calendar.Post(post.Id)).ToHaveAttributeAsync("aria-label", new System.Text.RegularExpressions.Regex("^Scheduled: "));

        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<StudioDbContext>();
            var row = await db.Set<Post>().IgnoreQueryFilters().SingleAsync(p => p.Id == post.Id);
            row.Status = PostStatus.Publishing;
            row.Stage = PublishStage.Uploading;
            row.Version++;
            await db.SaveChangesAsync();
        }
        await app.Services.GetRequiredService<TikTokStudio.Web.Live.ILiveNotifier>().ChangedAsync(post.WorkspaceId, "post", post.Id.ToString());

        await Assertions.Expect(calendar.Post(post.Id)).ToHaveAttributeAsync("aria-label", new System.Text.RegularExpressions.Regex("^Uploading: @launchy"));
        await Assertions.Expect(calendar.Post(post.Id).GetByText("Uploading", new() { Exact = true })).ToBeVisibleAsync();
    }

    private static DateTimeOffset At(DateOnly day, int hour)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(Zone);
        var local = day.ToDateTime(new TimeOnly(hour, 0));
        return new DateTimeOffset(local, zone.GetUtcOffset(local)).ToUniversalTime();
    }

    private async Task<(string Email, Post Post)> ScheduledPostAsync(DateOnly day, string caption)
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
            GrantedScopes = "user.info.basic,video.publish,video.upload", PrivacyLevelOptions = "PUBLIC_TO_EVERYONE,SELF_ONLY",
            ConnectedAt = DateTimeOffset.UtcNow,
        };
        var post = new Post
        {
            WorkspaceId = workspace.Id, CompositionId = Guid.CreateVersion7(), AccountId = account.Id, Kind = PostKind.Video,
            VideoMediaId = Guid.NewGuid(), Title = caption, PrivacyLevel = "PUBLIC_TO_EVERYONE", Status = PostStatus.Scheduled,
            PublishAt = At(day, 9), CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow, CreatedByUserId = user.Id,
        };
        db.AddRange(account, post);
        await db.SaveChangesAsync();
        await services.GetRequiredService<PostScheduler>().ScheduleAsync(post, CancellationToken.None);
        return (email, post);
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
public sealed class CalendarPage(IPage page)
{
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
