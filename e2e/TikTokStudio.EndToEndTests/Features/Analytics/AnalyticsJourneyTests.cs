using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using TikTokStudio.EndToEndTests.Infrastructure;
using TikTokStudio.EndToEndTests.Pages;
using TikTokStudio.Web.Data;
using TikTokStudio.Web.Features.Analytics;
using TikTokStudio.Web.Features.Connections;
using TikTokStudio.Web.Features.Posts;
using TikTokStudio.Web.Features.Workspaces;

namespace TikTokStudio.EndToEndTests.Features.Analytics;

/// <summary>
/// /app/analytics in Chromium after the emulator's clock moved two days: the job read the account and its post twice,
/// TikTok's numbers grew, the page shows them. An app of its own: moving the emulator clock would age the shared app's tokens.
/// </summary>
[Trait("Category", "E2E")]
public sealed class AnalyticsJourneyTests(LiveAppFixture app) : IClassFixture<LiveAppFixture>
{
    private const string Zone = "Europe/Berlin";

    [Fact]
    public async Task After_The_Emulator_Clock_Moves_Two_Days_Analytics_Show_Growth_On_Desktop_And_Phone()
    {
        var (email, account, post) = await SeedAsync();
        await RunJobAsync();
        using (var http = new HttpClient { BaseAddress = new Uri(app.BaseUrl) })
        {
            var advance = await http.PostAsJsonAsync("/emulators/tiktok/_emulator/clock/advance", new { seconds = (long)TimeSpan.FromDays(2).TotalSeconds });
            advance.EnsureSuccessStatusCode();
        }
        // The app runs on the real clock here: its first readings move back by the same two days, so the next run is due.
        await BackdateAsync(account.Id, TimeSpan.FromDays(2));
        await RunJobAsync();

        var page = await app.NewPageAsync(Zone);
        await page.SetViewportSizeAsync(1280, 800);
        await page.GotoAsync("/Account/Login");
        await new SignInPage(page).SignInAsync(email, Session.Password);
        await Assertions.Expect(page).ToHaveURLAsync(app.BaseUrl + "/app");
        await page.GotoAsync("/app/analytics");
        await Assertions.Expect(page.Locator("main[data-circuit=ready]")).ToBeVisibleAsync();
        var panel = page.GetByTestId("account-analytics");
        await Assertions.Expect(panel.GetByRole(AriaRole.Heading, new() { Name = "Results of @analyst" })).ToBeVisibleAsync();
        await Assertions.Expect(panel.Locator(".studio-chart svg").First).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("change-followers-7")).ToContainTextAsync("not enough history");
        var rows = page.GetByTestId("analytics-posts").Locator("tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(1);
        await Assertions.Expect(rows.First).ToContainTextAsync("Two days later");
        await Assertions.Expect(page.GetByTestId("best-times-too-few")).ToContainTextAsync("Too few posts to tell yet");
        await Accessibility.AssertNoSeriousViolationsAsync(page);
        await page.ScreenshotAsync(new() { Path = LiveAppFixture.ScreenshotPath("analytics-desktop"), FullPage = true });

        // The numbers on the page are the ones the job stored, and they grew over the two days.
        using (var scope = app.Services.CreateScope())
        {
            var snapshots = await scope.ServiceProvider.GetRequiredService<StudioDbContext>().Set<PostSnapshot>().IgnoreQueryFilters()
                .Where(s => s.PostId == post.Id).OrderBy(s => s.At).ToListAsync();
            Assert.Equal(2, snapshots.Count);
            Assert.True(snapshots[1].Views > snapshots[0].Views, $"{snapshots[0].Views} then {snapshots[1].Views}");
            Assert.Equal(post.PublicPostId, snapshots[1].VideoId);
            await Assertions.Expect(rows.First).ToContainTextAsync(snapshots[1].Views.ToString("N0", System.Globalization.CultureInfo.InvariantCulture));
        }

        await page.SetViewportSizeAsync(390, 844);
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("main[data-circuit=ready]")).ToBeVisibleAsync();
        await Assertions.Expect(panel.Locator(".studio-chart svg").First).ToBeVisibleAsync();
        await Accessibility.AssertNoHorizontalScrollAsync(page);
        await Accessibility.AssertNoSeriousViolationsAsync(page);
        await page.ScreenshotAsync(new() { Path = LiveAppFixture.ScreenshotPath("analytics-phone"), FullPage = true });
    }

    private async Task RunJobAsync()
    {
        using var scope = app.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<TakeSnapshots>().RunAsync(CancellationToken.None);
    }

    private async Task BackdateAsync(Guid accountId, TimeSpan by)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<StudioDbContext>();
        foreach (var s in await db.Set<AccountSnapshot>().IgnoreQueryFilters().Where(s => s.AccountId == accountId).ToListAsync()) s.At -= by;
        foreach (var s in await db.Set<PostSnapshot>().IgnoreQueryFilters().Where(s => s.AccountId == accountId).ToListAsync()) s.At -= by;
        var status = await db.Set<AccountAnalyticsStatus>().IgnoreQueryFilters().SingleAsync(s => s.AccountId == accountId);
        status.LastAccountSnapshotAt -= by;
        status.LastPostsSnapshotAt -= by;
        await db.SaveChangesAsync();
    }

    /// <summary>A user, a workspace, a generated emulated creator connected with tokens from the emulator, and one of its videos as our published post.</summary>
    private async Task<(string Email, TikTokAccount Account, Post Post)> SeedAsync()
    {
        using var http = new HttpClient { BaseAddress = new Uri(app.BaseUrl) };
        var generated = await http.PostAsJsonAsync("/emulators/tiktok/_emulator/creators/generate", new { count = 1 });
        generated.EnsureSuccessStatusCode();
        var creator = (await generated.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("usernames")[0].GetString()!;
        var issued = await http.PostAsJsonAsync($"/emulators/tiktok/_emulator/creators/{creator}/tokens", new { });
        issued.EnsureSuccessStatusCode();
        var token = await issued.Content.ReadFromJsonAsync<JsonElement>();
        using var list = new HttpRequestMessage(HttpMethod.Post, "/emulators/tiktok/v2/video/list/?fields=id,create_time") { Content = JsonContent.Create(new { max_count = 1 }) };
        list.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.GetProperty("access_token").GetString());
        var video = (await (await http.SendAsync(list)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("data").GetProperty("videos")[0];

        using var scope = app.Services.CreateScope();
        var services = scope.ServiceProvider;
        var email = $"analytics-{Guid.NewGuid():N}@example.com";
        var user = new ApplicationUser { UserName = email, Email = email, EmailConfirmed = true, TimeZoneId = Zone };
        Assert.True((await services.GetRequiredService<UserManager<ApplicationUser>>().CreateAsync(user, Session.Password)).Succeeded);
        var workspace = await services.GetRequiredService<WorkspaceService>().CreateAsync(user, "Analytics Brand", Zone);
        var protector = services.GetRequiredService<TokenProtector>();
        var now = DateTimeOffset.UtcNow;
        var account = new TikTokAccount
        {
            WorkspaceId = workspace.Id, OpenId = token.GetProperty("open_id").GetString()!, DisplayName = "Ana Lyst", Username = "analyst",
            GrantedScopes = token.GetProperty("scope").GetString()!,
            ProtectedAccessToken = protector.Protect(token.GetProperty("access_token").GetString()!),
            ProtectedRefreshToken = protector.Protect(token.GetProperty("refresh_token").GetString()!),
            AccessTokenExpiresAt = now.AddSeconds(token.GetProperty("expires_in").GetInt64()),
            RefreshTokenExpiresAt = now.AddSeconds(token.GetProperty("refresh_expires_in").GetInt64()),
            LastRefreshedAt = now, ConnectedAt = now, PrivacyLevelOptions = "PUBLIC_TO_EVERYONE,MUTUAL_FOLLOW_FRIENDS,SELF_ONLY",
        };
        var publishedAt = DateTimeOffset.FromUnixTimeSeconds(video.GetProperty("create_time").GetInt64());
        var post = new Post
        {
            WorkspaceId = workspace.Id, CompositionId = Guid.CreateVersion7(), AccountId = account.Id, Kind = PostKind.Video,
            Title = "Two days later", PrivacyLevel = "PUBLIC_TO_EVERYONE", Status = PostStatus.Published, PublishAt = publishedAt,
            CompletedAt = publishedAt, PublicPostId = video.GetProperty("id").GetString(), CreatedAt = publishedAt, UpdatedAt = now, CreatedByUserId = user.Id,
        };
        var db = services.GetRequiredService<StudioDbContext>();
        db.Add(account);
        db.Add(post);
        await db.SaveChangesAsync();
        return (email, account, post);
    }
}
