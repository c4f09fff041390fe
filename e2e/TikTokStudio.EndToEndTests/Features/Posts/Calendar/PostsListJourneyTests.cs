using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using TikTokStudio.EndToEndTests.Infrastructure;
using TikTokStudio.EndToEndTests.Pages;
using TikTokStudio.Web.Data;
using TikTokStudio.Web.Features.Connections;
using TikTokStudio.Web.Features.Posts;
using TikTokStudio.Web.Features.Posts.Publish;
using TikTokStudio.Web.Features.Workspaces;

namespace TikTokStudio.EndToEndTests.Features.Posts.Calendar;

/// <summary>/app/posts, the calendar's companion (kept beside the calendar journeys: the same feature owns both).</summary>
[Collection(LiveAppCollection.Name)]
[Trait("Category", "E2E")]
public sealed class PostsListJourneyTests(LiveAppFixture app)
{
    private const string Zone = "Europe/Berlin";

    [Fact]
    public async Task Search_Bulk_Delete_And_Cancel_Work_In_The_Browser()
    {
        var soon = DateTimeOffset.UtcNow.AddDays(3);
        var (email, posts) = await SeedAsync(
            (PostStatus.Draft, null, "Teaser one for the spring drop"),
            (PostStatus.Draft, null, "Unrelated idea"),
            (PostStatus.Published, DateTimeOffset.UtcNow.AddDays(-1), "Teaser that went live"),
            (PostStatus.Scheduled, soon, "Scheduled teaser"));
        var page = await app.NewPageAsync(Zone);
        await page.GotoAsync("/Account/Login");
        await new SignInPage(page).SignInAsync(email, Session.Password);
        await Assertions.Expect(page).ToHaveURLAsync(app.BaseUrl + "/app");
        page.Dialog += (_, dialog) => dialog.AcceptAsync();

        await page.GotoAsync("/app/posts");
        var table = page.GetByRole(AriaRole.Table);
        await Assertions.Expect(table.Locator("caption")).ToHaveTextAsync("All posts: 1–4 of 4, page 1 of 1.");

        await page.GetByLabel("Search captions").FillAsync("teaser");
        await page.GetByLabel("Search captions").PressAsync("Enter");
        await Assertions.Expect(page.GetByTestId("post-row")).ToHaveCountAsync(3);
        await Assertions.Expect(page).ToHaveURLAsync(new Regex(@"/app/posts\?q=teaser$"));

        await page.GetByLabel("Select “Teaser one for the spring drop”").CheckAsync();
        await page.GetByLabel("Select “Teaser that went live”").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Delete selected" }).ClickAsync();
        var report = page.GetByTestId("posts-report");
        await Assertions.Expect(report).ToContainTextAsync("Deleted 1 post. Skipped 1:");
        await Assertions.Expect(report).ToContainTextAsync("“Teaser that went live” is published");
        await Assertions.Expect(page.GetByTestId("post-row")).ToHaveCountAsync(2);

        var scheduledRow = page.Locator($"#post-row-{posts[3].Id}");
        await scheduledRow.GetByRole(AriaRole.Button, new() { Name = "Cancel schedule of “Scheduled teaser”" }).ClickAsync();
        await Assertions.Expect(scheduledRow.Locator("[data-status]")).ToHaveTextAsync("Draft");
        await page.ScreenshotAsync(new() { Path = LiveAppFixture.ScreenshotPath("posts-list-after-actions"), FullPage = true });

        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<StudioDbContext>();
        var left = await db.Set<Post>().IgnoreQueryFilters().AsNoTracking().Where(p => posts.Select(x => x.Id).Contains(p.Id)).ToListAsync();
        Assert.Equal(3, left.Count);
        Assert.Equal(PostStatus.Draft, left.Single(p => p.Id == posts[3].Id).Status);
    }

    private async Task<(string Email, IReadOnlyList<Post> Posts)> SeedAsync(params (PostStatus Status, DateTimeOffset? At, string Caption)[] rows)
    {
        using var scope = app.Services.CreateScope();
        var services = scope.ServiceProvider;
        var email = $"posts-{Guid.NewGuid():N}@example.com";
        var user = new ApplicationUser { UserName = email, Email = email, EmailConfirmed = true, TimeZoneId = Zone };
        Assert.True((await services.GetRequiredService<UserManager<ApplicationUser>>().CreateAsync(user, Session.Password)).Succeeded);
        var workspace = await services.GetRequiredService<WorkspaceService>().CreateAsync(user, "List Brand", Zone);
        var db = services.GetRequiredService<StudioDbContext>();
        var account = new TikTokAccount
        {
            WorkspaceId = workspace.Id, OpenId = Guid.NewGuid().ToString("N"), DisplayName = "Lister", Username = "lister",
            GrantedScopes = "user.info.basic,video.publish,video.upload", ConnectedAt = DateTimeOffset.UtcNow,
        };
        var posts = rows.Select(r => new Post
        {
            WorkspaceId = workspace.Id, CompositionId = Guid.CreateVersion7(), AccountId = account.Id, Kind = PostKind.Video,
            VideoMediaId = Guid.NewGuid(), Title = r.Caption, PrivacyLevel = "PUBLIC_TO_EVERYONE", Status = r.Status, PublishAt = r.At,
            CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow, CreatedByUserId = user.Id,
        }).ToList();
        db.Add(account);
        db.AddRange(posts);
        await db.SaveChangesAsync();
        foreach (var post in posts.Where(p => p.Status == PostStatus.Scheduled))
            await services.GetRequiredService<PostScheduler>().ScheduleAsync(post, CancellationToken.None);
        return (email, posts);
    }
}
