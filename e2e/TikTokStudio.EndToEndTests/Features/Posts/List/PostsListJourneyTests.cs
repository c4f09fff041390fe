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

namespace TikTokStudio.EndToEndTests.Features.Posts.List;

/// <summary>/app/posts in Chromium: search, a status filter, two rows deleted together after a confirm, the back button, a phone.</summary>
[Collection(LiveAppCollection.Name)]
[Trait("Category", "E2E")]
public sealed class PostsListJourneyTests(LiveAppFixture app)
{
    private const string Zone = "Europe/Berlin";

    [Fact]
    public async Task Search_Filter_Select_Two_Delete_With_A_Confirm_And_Go_Back()
    {
        var (email, posts) = await SeedAsync(
            (PostStatus.Draft, null, "Teaser one for the spring drop"),
            (PostStatus.Draft, null, "Unrelated idea"),
            (PostStatus.Published, DateTimeOffset.UtcNow.AddDays(-1), "Teaser that went live"),
            (PostStatus.Scheduled, DateTimeOffset.UtcNow.AddDays(3), "Scheduled teaser"));
        var page = await SignedInAsync(email);
        var list = new PostsScreen(page);
        await list.OpenAsync();
        await Assertions.Expect(list.Summary).ToHaveTextAsync("All posts: 1–4 of 4, page 1 of 1.");
        await Assertions.Expect(list.Rows).ToHaveCountAsync(4);

        await page.GetByLabel("Search captions").FillAsync("teaser");
        await Assertions.Expect(list.Rows).ToHaveCountAsync(3);
        await Assertions.Expect(page).ToHaveURLAsync(new Regex(@"/app/posts\?q=teaser$"));

        await page.GetByRole(AriaRole.Checkbox, new() { Name = "Select “Teaser one for the spring drop”" }).CheckAsync();
        await page.GetByRole(AriaRole.Checkbox, new() { Name = "Select “Teaser that went live”" }).CheckAsync();
        await Assertions.Expect(page.GetByTestId("posts-bulk")).ToContainTextAsync("2 selected");
        await page.GetByRole(AriaRole.Button, new() { Name = "Delete selected" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await Assertions.Expect(dialog).ToContainTextAsync("Delete 2 posts?");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Delete 2 posts" }).ClickAsync();

        var report = page.GetByTestId("posts-report");
        await Assertions.Expect(report).ToContainTextAsync("Deleted 1 post. Skipped 1:");
        await Assertions.Expect(report).ToContainTextAsync("“Teaser that went live” is published: only drafts and scheduled posts can be deleted.");
        await Assertions.Expect(list.Rows).ToHaveCountAsync(2);
        await Accessibility.AssertNoSeriousViolationsAsync(page);
        await page.ScreenshotAsync(new() { Path = LiveAppFixture.ScreenshotPath("posts-list-after-delete"), FullPage = true });

        await list.ChooseStatusAsync("Scheduled");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex(@"/app/posts\?q=teaser&status=Scheduled$"));
        await Assertions.Expect(list.Rows).ToHaveCountAsync(1);
        var scheduled = list.Row("Scheduled teaser");
        await scheduled.GetByRole(AriaRole.Button, new() { Name = "Cancel schedule of “Scheduled teaser”" }).ClickAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Cancel schedule" }).ClickAsync();
        await Assertions.Expect(report).ToContainTextAsync("“Scheduled teaser” is unscheduled: it is a draft again.");
        // It is a draft now, so the Scheduled filter no longer shows it.
        await Assertions.Expect(page.GetByTestId("posts-no-match")).ToContainTextAsync("No posts match these filters");

        await page.GoBackAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex(@"/app/posts\?q=teaser$"));
        await Assertions.Expect(list.Rows).ToHaveCountAsync(2);
        await Assertions.Expect(list.Row("Scheduled teaser").Locator("[data-status]")).ToHaveTextAsync("Draft");
        await page.GoBackAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex(@"/app/posts$"));
        await Assertions.Expect(page.GetByLabel("Search captions")).ToHaveValueAsync("");
        await Assertions.Expect(list.Rows).ToHaveCountAsync(3);

        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<StudioDbContext>();
        var left = await db.Set<Post>().IgnoreQueryFilters().AsNoTracking().Where(p => posts.Select(x => x.Id).Contains(p.Id)).ToListAsync();
        Assert.Equal(3, left.Count);
        Assert.DoesNotContain(left, p => p.Id == posts[0].Id);
        Assert.Equal(PostStatus.Draft, left.Single(p => p.Id == posts[3].Id).Status);
    }

    [Fact]
    public async Task On_A_Phone_The_Rows_Are_Cards_And_Nothing_Scrolls_Sideways()
    {
        var (email, _) = await SeedAsync(
            (PostStatus.Scheduled, DateTimeOffset.UtcNow.AddDays(2), "A fairly long caption that has to wrap on a phone screen without pushing the page sideways #spring #launch"),
            (PostStatus.Failed, DateTimeOffset.UtcNow.AddDays(-2), "Did not go out"),
            (PostStatus.Draft, null, "Idea"));
        var page = await SignedInAsync(email);
        var list = new PostsScreen(page);
        await page.SetViewportSizeAsync(1280, 800);
        await list.OpenAsync();
        await Assertions.Expect(list.Rows).ToHaveCountAsync(3);
        await Accessibility.AssertNoSeriousViolationsAsync(page);
        // Beside the drawer every column fits: the grid does not hide its row actions behind a scrollbar of its own.
        var (gridWidth, gridRoom) = await list.TableWidthsAsync();
        Assert.True(gridWidth <= gridRoom, $"the grid's table is {gridWidth} px wide in {gridRoom} px");
        await page.ScreenshotAsync(new() { Path = LiveAppFixture.ScreenshotPath("posts-list-desktop"), FullPage = true });

        await page.SetViewportSizeAsync(390, 844);
        await list.OpenAsync();
        await Assertions.Expect(list.Rows).ToHaveCountAsync(3);
        await Accessibility.AssertNoHorizontalScrollAsync(page);
        await Accessibility.AssertNoSeriousViolationsAsync(page);
        // The controls are on screen and usable: the phone's sort choice and a row's actions.
        await list.ChooseAsync("Sort by", "Status, drafts first");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex(@"/app/posts\?sort=status$"));
        await Assertions.Expect(list.Rows.First).ToContainTextAsync("Idea");
        var edit = list.Row("Idea").GetByRole(AriaRole.Link, new() { Name = "Edit “Idea”" });
        await edit.ScrollIntoViewIfNeededAsync();
        await Assertions.Expect(edit).ToBeInViewportAsync(new() { Ratio = 1 });
        await Accessibility.AssertNoHorizontalScrollAsync(page);
        await page.ScreenshotAsync(new() { Path = LiveAppFixture.ScreenshotPath("posts-list-phone"), FullPage = true });
        await page.EvaluateAsync("() => window.scrollTo(0, document.querySelector('[data-testid=posts-summary]').getBoundingClientRect().top + window.scrollY - 80)");
        await page.ScreenshotAsync(new() { Path = LiveAppFixture.ScreenshotPath("posts-list-phone-grid") });
    }

    private async Task<IPage> SignedInAsync(string email)
    {
        var page = await app.NewPageAsync(Zone);
        await page.GotoAsync("/Account/Login");
        await new SignInPage(page).SignInAsync(email, Session.Password);
        await Assertions.Expect(page).ToHaveURLAsync(app.BaseUrl + "/app");
        return page;
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
            FailMessage = r.Status == PostStatus.Failed ? "TikTok could not process the video. What to do: Upload it again." : null,
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

/// <summary>/app/posts by roles and labels.</summary>
public sealed class PostsScreen(IPage page)
{
    public async Task OpenAsync()
    {
        await page.GotoAsync("/app/posts");
        await Assertions.Expect(page.Locator("main[data-circuit=ready]")).ToBeVisibleAsync();
        await Assertions.Expect(Summary).Not.ToHaveTextAsync("Loading the posts…");
    }

    public ILocator Summary => page.GetByTestId("posts-summary");

    /// <summary>The grid's rows that show a post (each has the link to its page).</summary>
    public ILocator Rows => page.GetByRole(AriaRole.Row).Filter(new() { Has = page.GetByTestId("post-link") });

    public ILocator Row(string caption) => Rows.Filter(new() { Has = page.GetByTestId("post-link").GetByText(caption, new() { Exact = true }) });

    public async Task<(int Width, int Room)> TableWidthsAsync()
    {
        var widths = await page.EvaluateAsync<int[]>("() => { const c = document.querySelector('[data-testid=posts-grid] .mud-table-container'); return [c.scrollWidth, c.clientWidth]; }");
        return (widths[0], widths[1]);
    }

    public Task ChooseStatusAsync(string status) => ChooseAsync("Status", status);

    public async Task ChooseAsync(string select, string option)
    {
        await page.GetByRole(AriaRole.Combobox, new() { Name = select }).ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = option, Exact = true }).ClickAsync();
    }
}
