using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using TikTokStudio.EndToEndTests.Features.Posts.Compose;
using TikTokStudio.EndToEndTests.Features.Posts.Publish;
using TikTokStudio.EndToEndTests.Infrastructure;
using TikTokStudio.EndToEndTests.Pages;
using TikTokStudio.Web.Data;
using TikTokStudio.Web.Features.Media;
using TikTokStudio.Web.Features.Media.Probing;
using TikTokStudio.Web.Features.Posts;
using TikTokStudio.Web.Features.Workspaces;

namespace TikTokStudio.EndToEndTests.Features.Team;

/// <summary>
/// Three people share one workspace: the Owner invites an Editor and a Contributor through the dev outbox and turns
/// approvals on; the Contributor composes and submits; the Editor approves from the queue and the post page; the post
/// goes out at its minute and its timeline tells the story.
/// </summary>
[Trait("Category", "E2E")]
public sealed class ApprovalJourneyTests(PublishingLiveAppFixture app) : IClassFixture<PublishingLiveAppFixture>
{
    [Fact]
    public async Task A_Contributors_Post_Is_Published_At_Its_Minute_Only_After_An_Editor_Approves_It()
    {
        var workspaceName = "Approval Crew " + Guid.NewGuid().ToString("N")[..4];
        var owner = await Session.SignedInPageAsync(app, workspaceName);
        await owner.SetViewportSizeAsync(1280, 800);
        var connections = new ConnectionsScreen(owner);
        await connections.OpenAsync();
        await connections.ConnectAsync("public_creator");
        await Assertions.Expect(connections.Row("Pia Public")).ToBeVisibleAsync();

        var editorEmail = $"editor-{Guid.NewGuid():N}@example.com";
        var contributorEmail = $"contributor-{Guid.NewGuid():N}@example.com";
        await InviteAsync(owner, editorEmail, "Editor");
        await InviteAsync(owner, contributorEmail, "Contributor");
        var editor = await JoinAsync(editorEmail, workspaceName);
        var contributor = await JoinAsync(contributorEmail, workspaceName);

        // The Owner turns approvals on for Contributors.
        await owner.GotoAsync("/app/settings");
        await Assertions.Expect(owner.Locator("main[data-circuit=ready]")).ToBeVisibleAsync();
        await owner.GetByText(new Regex("^Required for Contributors")).ClickAsync();
        await owner.GetByTestId("approval-save").ClickAsync();
        await Assertions.Expect(owner.GetByTestId("approval-settings-result")).ToHaveTextAsync("Approvals: Required for Contributors.");

        // The Contributor composes (a video already in the library) and submits it for the next minute but one.
        await AddVideoAsync(workspaceName, "approval-clip.mp4");
        var composer = new ComposerPage(contributor);
        await composer.OpenAsync();
        await contributor.GetByRole(AriaRole.Radio, new() { Name = "approval-clip.mp4" }).CheckAsync();
        await composer.CaptionAsync("Team-approved launch #studio");
        await composer.TargetAsync("Pia Public");
        await composer.ChoosePrivacyAsync("Pia Public", "Everyone");
        var berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
        var slotUtc = NextMinuteAfter(DateTimeOffset.UtcNow.AddSeconds(75));
        await contributor.GetByLabel(new Regex("^Date and time")).FillAsync(TimeZoneInfo.ConvertTime(slotUtc, berlin).ToString("yyyy-MM-ddTHH:mm"));
        await Assertions.Expect(contributor.GetByTestId("approval-note")).ToBeVisibleAsync();
        await Assertions.Expect(contributor.GetByRole(AriaRole.Button, new() { Name = "Schedule", Exact = true })).ToHaveCountAsync(0);
        await contributor.GetByRole(AriaRole.Button, new() { Name = "Submit for approval", Exact = true }).ClickAsync();
        await Assertions.Expect(contributor).ToHaveURLAsync(new Regex("/app/compose\\?created="));
        await Assertions.Expect(contributor.GetByTestId("composed-post").Filter(new() { HasText = "Pending approval" })).ToHaveCountAsync(1);
        var postId = await PostIdAsync(workspaceName);

        // The calendar shows it as pending (outline and label) and warns that its slot is less than 2 hours away.
        await contributor.GotoAsync("/app/calendar?view=day");
        await Assertions.Expect(contributor.Locator("main[data-circuit=ready]")).ToBeVisibleAsync();
        var entry = contributor.Locator($"[data-testid=calendar-post][data-post-id='{postId}']");
        await Assertions.Expect(entry).ToContainTextAsync("Pending approval");
        await Assertions.Expect(entry).ToHaveClassAsync(new Regex("studio-post-pending"));
        await Assertions.Expect(entry.GetByTestId("calendar-urgent")).ToBeVisibleAsync();
        await contributor.ScreenshotAsync(new() { Path = LiveAppFixture.ScreenshotPath("approval-calendar-pending"), FullPage = true });

        // The Editor finds it in the queue, reviews it on the post page and approves it.
        await editor.GotoAsync("/app/approvals");
        await Assertions.Expect(editor.Locator("main[data-circuit=ready]")).ToBeVisibleAsync();
        await Assertions.Expect(editor.GetByTestId("approval-post-link")).ToHaveTextAsync("Team-approved launch #studio");
        await Assertions.Expect(editor.GetByTestId("approval-urgent")).ToBeVisibleAsync();
        await Accessibility.AssertNoSeriousViolationsAsync(editor);
        await editor.ScreenshotAsync(new() { Path = LiveAppFixture.ScreenshotPath("approvals-queue"), FullPage = true });
        await editor.SetViewportSizeAsync(390, 844);
        await ReloadAsync(editor);
        await Accessibility.AssertNoHorizontalScrollAsync(editor);
        await editor.ScreenshotAsync(new() { Path = LiveAppFixture.ScreenshotPath("approvals-queue-phone"), FullPage = true });
        await editor.SetViewportSizeAsync(1280, 800);

        // The queue's link goes to the post page; it is opened by its address (a click could race the reload's re-render).
        await Assertions.Expect(editor.GetByRole(AriaRole.Link, new() { Name = "Review “Team-approved launch #studio”" }))
            .ToHaveAttributeAsync("href", new System.Text.RegularExpressions.Regex($"/?app/posts/{postId}$"));
        await editor.GotoAsync($"/app/posts/{postId}");
        await Assertions.Expect(editor.Locator("main[data-circuit=ready]")).ToBeVisibleAsync();
        var panel = editor.GetByTestId("approval-panel");
        await Assertions.Expect(panel.GetByTestId("approval-state")).ToBeVisibleAsync();
        // What the approver approves is shown once, in "What is sent to TikTok": caption, privacy and the consent sentence.
        await Assertions.Expect(editor.GetByTestId("post-consent")).ToContainTextAsync("Music Usage Confirmation");
        await Assertions.Expect(editor.Locator("main")).ToContainTextAsync("Everyone");
        await Assertions.Expect(editor.Locator("main")).ToContainTextAsync("Team-approved launch #studio");
        await Accessibility.AssertNoSeriousViolationsAsync(editor);
        await editor.ScreenshotAsync(new() { Path = LiveAppFixture.ScreenshotPath("approval-post-page"), FullPage = true });
        await editor.SetViewportSizeAsync(390, 844);
        await ReloadAsync(editor);
        await Accessibility.AssertNoHorizontalScrollAsync(editor);
        await editor.ScreenshotAsync(new() { Path = LiveAppFixture.ScreenshotPath("approval-post-page-phone"), FullPage = true });
        await editor.SetViewportSizeAsync(1280, 800);
        await ReloadAsync(editor);
        await panel.GetByTestId("approve-button").ClickAsync();
        await Assertions.Expect(editor.GetByTestId("approval-result")).ToContainTextAsync("Approved by " + editorEmail);

        // The post goes out at its minute, watched live on the Contributor's post page.
        var post = new PostPage(contributor);
        await post.OpenAsync(postId);
        await Assertions.Expect(post.Status).ToContainTextAsync("Scheduled");
        await Assertions.Expect(post.Status).ToHaveTextAsync("Published", new() { Timeout = 150_000 });
        var events = post.Events;
        await Assertions.Expect(events.Filter(new() { HasText = "Submitted for approval by " + contributorEmail })).ToHaveCountAsync(1);
        await Assertions.Expect(events.Filter(new() { HasText = "Approved by " + editorEmail })).ToHaveCountAsync(1);
        await Accessibility.AssertNoSeriousViolationsAsync(contributor);
        await contributor.ScreenshotAsync(new() { Path = LiveAppFixture.ScreenshotPath("approval-published-timeline"), FullPage = true });
        using var scope = app.Services.CreateScope();
        var published = await scope.ServiceProvider.GetRequiredService<StudioDbContext>().Set<Post>().IgnoreQueryFilters().AsNoTracking().SingleAsync(p => p.Id == postId);
        Assert.True(published.CompletedAt >= slotUtc, "published at its minute, not before");
    }

    private static async Task ReloadAsync(IPage page)
    {
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("main[data-circuit=ready]")).ToBeVisibleAsync();
    }

    private static DateTimeOffset NextMinuteAfter(DateTimeOffset at) =>
        new DateTimeOffset(at.Year, at.Month, at.Day, at.Hour, at.Minute, 0, TimeSpan.Zero).AddMinutes(1);

    private static async Task InviteAsync(IPage owner, string email, string role)
    {
        await owner.GotoAsync("/app/team");
        await Assertions.Expect(owner.Locator("main[data-circuit=ready]")).ToBeVisibleAsync();
        if (role != "Editor")
        {
            await owner.GetByTestId("invite-role").ClickAsync();
            await owner.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasText = role }).First.ClickAsync();
            await Assertions.Expect(owner.GetByTestId("invite-role")).ToContainTextAsync(role);
        }
        await owner.GetByLabel("Email address").FillAsync(email);
        await owner.GetByRole(AriaRole.Button, new() { Name = "Send invitation" }).ClickAsync();
        await Assertions.Expect(owner.GetByTestId("team-status")).ToContainTextAsync($"Invited {email} as {role}.");
    }

    /// <summary>The invitee opens the email in the dev outbox, registers through its link and lands in the workspace.</summary>
    private async Task<IPage> JoinAsync(string email, string workspaceName)
    {
        var page = await app.NewPageAsync();
        await page.SetViewportSizeAsync(1280, 800);
        await page.GotoAsync("/dev/outbox");
        await page.GetByRole(AriaRole.Article, new() { Name = $"Email to {email}" })
            .GetByRole(AriaRole.Link, new() { Name = "Accept the invitation" }).ClickAsync();
        await page.GetByTestId("register-through-invitation").ClickAsync();
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(Session.Password);
        await page.GetByLabel("Confirm password").FillAsync(Session.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(app.BaseUrl + "/app");
        await Assertions.Expect(page.GetByTestId("current-workspace")).ToHaveTextAsync(workspaceName);
        return page;
    }

    /// <summary>A 6 MB video in the workspace's library, written straight into storage (the emulator does not decode video).</summary>
    private async Task AddVideoAsync(string workspaceName, string fileName)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<StudioDbContext>();
        var workspace = await db.Workspaces.SingleAsync(w => w.Name == workspaceName);
        var ownerId = await db.Memberships.IgnoreQueryFilters().Where(m => m.WorkspaceId == workspace.Id && m.Role == WorkspaceRole.Owner).Select(m => m.UserId).FirstAsync();
        var storage = scope.ServiceProvider.GetRequiredService<MediaStorage>();
        var bytes = new byte[6_000_000];
        Random.Shared.NextBytes(bytes);
        var file = new MediaFile
        {
            WorkspaceId = workspace.Id, OriginalFileName = fileName, ContentType = "video/mp4", Kind = MediaKind.Video,
            SizeBytes = bytes.Length, StoragePath = "", Status = MediaStatus.Ready, Container = MediaContainer.Mp4, Codec = "H.264",
            DurationMs = 15_000, Width = 720, Height = 1280, FrameRate = 30, CreatedAt = DateTimeOffset.UtcNow, UploadedByUserId = ownerId,
        };
        file.StoragePath = MediaStorage.RelativePathFor(workspace.Id, file.Id);
        file.SetChecks(TikTokStudio.Web.Features.Media.Checks.MediaChecks.Evaluate(file.ToProbe()!, null));
        Directory.CreateDirectory(Path.GetDirectoryName(storage.FullPath(file))!);
        await File.WriteAllBytesAsync(storage.FullPath(file), bytes);
        using (var acting = scope.ServiceProvider.GetRequiredService<WorkspaceContext>().ActFor(workspace))
        {
            db.Add(file);
            await db.SaveChangesAsync();
        }
    }

    private async Task<Guid> PostIdAsync(string workspaceName)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<StudioDbContext>();
        var workspace = await db.Workspaces.SingleAsync(w => w.Name == workspaceName);
        return await db.Set<Post>().IgnoreQueryFilters().Where(p => p.WorkspaceId == workspace.Id).Select(p => p.Id).SingleAsync();
    }
}
