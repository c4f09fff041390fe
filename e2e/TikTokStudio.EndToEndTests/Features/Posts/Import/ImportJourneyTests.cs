using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using TikTokStudio.EndToEndTests.Infrastructure;
using TikTokStudio.EndToEndTests.Pages;
using TikTokStudio.Web.Data;
using TikTokStudio.Web.Features.Connections;
using TikTokStudio.Web.Features.Media;
using TikTokStudio.Web.Features.Media.Checks;
using TikTokStudio.Web.Features.Media.Probing;
using TikTokStudio.Web.Features.Posts;
using TikTokStudio.Web.Features.Workspaces;

namespace TikTokStudio.EndToEndTests.Features.Posts.Import;

/// <summary>
/// A month's plan from a spreadsheet: 50 rows, 3 of them wrong (a typo in the account, an impossible date, a media
/// name that is not in the library), fixed in the preview, imported in one go and found in the calendar.
/// </summary>
[Collection(LiveAppCollection.Name)]
[Trait("Category", "E2E")]
public sealed class ImportJourneyTests(LiveAppFixture app)
{
    private const string Zone = "Europe/Berlin";

    [Fact]
    public async Task Fifty_Rows_With_Three_Mistakes_Are_Fixed_In_The_Preview_Imported_And_Shown_In_The_Calendar()
    {
        var (email, workspaceId) = await SeedAsync();
        var page = await app.NewPageAsync(Zone);
        await page.SetViewportSizeAsync(1280, 800);
        await page.GotoAsync("/Account/Login");
        await new SignInPage(page).SignInAsync(email, Session.Password);
        await Assertions.Expect(page).ToHaveURLAsync(app.BaseUrl + "/app");

        await page.GotoAsync("/app/posts");
        await Assertions.Expect(page.Locator("main[data-circuit=ready]")).ToBeVisibleAsync();
        await page.GetByTestId("posts-import").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(app.BaseUrl + "/app/posts/import");
        await Assertions.Expect(page.Locator("[data-testid=import-page][data-ready=true]")).ToBeVisibleAsync();

        var (csv, firstDay) = Plan();
        await page.Locator("input[type=file]").SetInputFilesAsync(new FilePayload { Name = "march-plan.csv", MimeType = "text/csv", Buffer = csv });

        var summary = page.GetByTestId("import-summary");
        await Assertions.Expect(summary).ToHaveTextAsync("50 rows to import: 47 ready, 3 with problems.");
        await Assertions.Expect(page.GetByTestId("import-button")).ToHaveTextAsync("Import 47 valid rows");
        await Assertions.Expect(page.Locator("[data-cell='2:account']")).ToContainTextAsync("@planer is not connected to this workspace. Connected: @planner.");
        await Assertions.Expect(page.Locator("[data-cell='3:publish_at']")).ToContainTextAsync("is not a date and time");
        await Assertions.Expect(page.Locator("[data-cell='4:media']")).ToContainTextAsync("\"clp-03.mp4\" is not in the media library.");
        await Accessibility.AssertNoSeriousViolationsAsync(page);
        await page.ScreenshotAsync(new() { Path = LiveAppFixture.ScreenshotPath("import-preview-desktop"), FullPage = false });

        await page.GetByLabel("account, row 2").FillAsync("@planner");
        await page.GetByLabel("account, row 2").PressAsync("Tab");
        await Assertions.Expect(summary).ToHaveTextAsync("50 rows to import: 48 ready, 2 with problems.");
        await page.GetByLabel("publish_at, row 3").FillAsync($"{firstDay:yyyy-MM-dd} 09:00");
        await page.GetByLabel("publish_at, row 3").PressAsync("Tab");
        await Assertions.Expect(summary).ToHaveTextAsync("50 rows to import: 49 ready, 1 with problems.");
        await page.GetByLabel("media, row 4").FillAsync("clip-03.mp4");
        await page.GetByLabel("media, row 4").PressAsync("Tab");
        await Assertions.Expect(summary).ToHaveTextAsync("50 rows to import: all ready.");

        await page.SetViewportSizeAsync(390, 844);
        await Accessibility.AssertNoHorizontalScrollAsync(page);
        await page.ScreenshotAsync(new() { Path = LiveAppFixture.ScreenshotPath("import-preview-phone"), FullPage = false });
        await page.SetViewportSizeAsync(1280, 800);

        await page.GetByRole(AriaRole.Radio, new() { Name = "All or none" }).CheckAsync();
        await Assertions.Expect(page.GetByTestId("import-button")).ToHaveTextAsync("Import all 50");
        await page.GetByTestId("import-button").ClickAsync();
        var report = page.GetByTestId("import-report");
        await Assertions.Expect(report).ToContainTextAsync("Imported 50 posts from march-plan.csv.");

        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<StudioDbContext>();
            var posts = await db.Set<Post>().IgnoreQueryFilters().AsNoTracking().Where(p => p.WorkspaceId == workspaceId).ToListAsync();
            Assert.Equal(50, posts.Count);
            Assert.All(posts, p => Assert.Equal(PostStatus.Scheduled, p.Status));
        }

        await report.GetByRole(AriaRole.Link, new() { Name = "See them in the calendar" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=calendar][data-ready=true]")).ToBeVisibleAsync();
        var day = page.Locator($"td.fc-daygrid-day[data-date='{firstDay:yyyy-MM-dd}']");
        // The first day holds the three fixed rows (08:00, 09:00, 10:00) and two more; month view shows the first three.
        await Assertions.Expect(day.GetByTestId("calendar-post")).ToHaveCountAsync(3);
        await Assertions.Expect(day).ToContainTextAsync("Fixed account");
        await Assertions.Expect(day).ToContainTextAsync("Fixed date");
        await Assertions.Expect(day).ToContainTextAsync("Fixed media");
        await page.ScreenshotAsync(new() { Path = LiveAppFixture.ScreenshotPath("import-calendar"), FullPage = false });
    }

    /// <summary>50 rows, 5 a day from the day after tomorrow; rows 2-4 (the first day's first three) carry the mistakes.</summary>
    private static (byte[] Csv, DateOnly FirstDay) Plan()
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(Zone);
        var first = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, zone).DateTime).AddDays(2);
        var text = new StringBuilder("publish_at;account;caption;media;privacy;allow_comment\r\n");
        for (var i = 0; i < 50; i++)
        {
            var day = first.AddDays(i / 5);
            var when = $"{day:yyyy-MM-dd} {8 + i % 5:00}:00";
            // A video of its own per row: the same one twice to an account would need the repost confirmation.
            var (account, media, caption) = i switch
            {
                0 => ("@planer", Clip(i), "Fixed account"),
                1 => ("@planner", Clip(i), "Fixed date"),
                2 => ("@planner", "clp-03.mp4", "Fixed media"),
                _ => ("@planner", Clip(i), $"Post {i + 1} of the plan 🎬"),
            };
            if (i == 1) when = $"{day:yyyy}-13-01 09:00";
            text.Append(CultureInfo.InvariantCulture, $"{when};{account};\"{caption}\";{media};Everyone;true\r\n");
        }
        return ([0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(text.ToString())], first);
    }

    private static string Clip(int index) => $"clip-{index + 1:00}.mp4";

    private async Task<(string Email, Guid WorkspaceId)> SeedAsync()
    {
        using var scope = app.Services.CreateScope();
        var services = scope.ServiceProvider;
        var email = $"import-{Guid.NewGuid():N}@example.com";
        var user = new ApplicationUser { UserName = email, Email = email, EmailConfirmed = true, TimeZoneId = Zone };
        Assert.True((await services.GetRequiredService<UserManager<ApplicationUser>>().CreateAsync(user, Session.Password)).Succeeded);
        var workspace = await services.GetRequiredService<WorkspaceService>().CreateAsync(user, "Import Brand", Zone);
        var db = services.GetRequiredService<StudioDbContext>();
        db.Add(new TikTokAccount
        {
            WorkspaceId = workspace.Id, OpenId = Guid.NewGuid().ToString("N"), DisplayName = "Planner", Username = "planner",
            GrantedScopes = "user.info.basic,user.info.profile,video.list,video.publish,video.upload",
            PrivacyLevelOptions = "PUBLIC_TO_EVERYONE,MUTUAL_FOLLOW_FRIENDS,SELF_ONLY", MaxVideoPostDurationSec = 600,
            CreatorInfoCheckedAt = DateTimeOffset.UtcNow, ConnectedAt = DateTimeOffset.UtcNow,
        });
        foreach (var name in Enumerable.Range(0, 50).Select(Clip))
        {
            var file = new MediaFile
            {
                WorkspaceId = workspace.Id, OriginalFileName = name, ContentType = "video/mp4", Kind = MediaKind.Video, SizeBytes = 2_000_000,
                StoragePath = $"media/{workspace.Id:N}/{Guid.NewGuid():N}", Status = MediaStatus.Ready, Container = MediaContainer.Mp4, Codec = "H.264",
                DurationMs = 15_000, Width = 720, Height = 1280, FrameRate = 30, UploadedByUserId = user.Id,
                CreatedAt = DateTimeOffset.UtcNow, CompletedAt = DateTimeOffset.UtcNow, Sha256 = Guid.NewGuid().ToString("N"),
            };
            file.SetChecks(MediaChecks.Evaluate(file.ToProbe()!, null));
            db.Add(file);
        }
        await db.SaveChangesAsync();
        return (email, workspace.Id);
    }
}
