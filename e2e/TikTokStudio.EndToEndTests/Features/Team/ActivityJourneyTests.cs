using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using TikTokStudio.EndToEndTests.Infrastructure;
using TikTokStudio.EndToEndTests.Pages;
using TikTokStudio.Web.Data;
using TikTokStudio.Web.Features.Billing;
using TikTokStudio.Web.Features.Connections;
using TikTokStudio.Web.Features.Posts;
using TikTokStudio.Web.Features.Workspaces;

namespace TikTokStudio.EndToEndTests.Features.Team;

/// <summary>
/// Per-account access and the activity log in Chromium: an Owner limits an Editor to one of two accounts on the Team
/// page; the Editor sees only that account in the composer, the calendar and the posts list, and duplicates a post;
/// the Owner's activity page shows the access change and the Editor's post, filtered by member.
/// </summary>
[Collection(LiveAppCollection.Name)]
[Trait("Category", "E2E")]
public sealed class ActivityJourneyTests(LiveAppFixture app)
{
    private const string Zone = "Europe/Berlin";

    [Fact]
    public async Task An_Owner_Limits_An_Editor_To_One_Account_And_The_Activity_Log_Tells_The_Story()
    {
        var seed = await SeedAsync();

        // The Owner limits the Editor to @alpha on the Team page.
        var owner = await SignedInAsync(seed.OwnerEmail);
        await owner.SetViewportSizeAsync(1280, 800);
        await owner.GotoAsync("/app/team");
        await Assertions.Expect(owner.Locator("main[data-circuit=ready]")).ToBeVisibleAsync();
        var editorRow = owner.GetByTestId("member").Filter(new() { HasText = seed.EditorEmail });
        await Assertions.Expect(editorRow.GetByTestId("member-accounts")).ToHaveTextAsync("All accounts");
        await owner.GetByRole(AriaRole.Button, new() { Name = $"Choose the accounts of {seed.EditorEmail}" }).ClickAsync();
        var editor = owner.GetByRole(AriaRole.Group, new() { Name = $"Accounts {seed.EditorEmail} may see and post to" });
        await editor.GetByText("Only the accounts ticked below").ClickAsync();
        await editor.Locator("label", new() { HasText = "@alpha" }).Locator("input").CheckAsync();
        await Accessibility.AssertNoSeriousViolationsAsync(owner);
        await owner.ScreenshotAsync(new() { Path = LiveAppFixture.ScreenshotPath("team-access-editor"), FullPage = true });
        await editor.GetByRole(AriaRole.Button, new() { Name = "Save access" }).ClickAsync();
        await Assertions.Expect(owner.GetByTestId("team-status")).ToContainTextAsync("now sees only the chosen accounts");
        await Assertions.Expect(editorRow.GetByTestId("member-accounts")).ToHaveTextAsync("Only @alpha");

        // The Editor sees @alpha only: composer, calendar, posts list.
        var member = await SignedInAsync(seed.EditorEmail);
        await member.SetViewportSizeAsync(1280, 800);
        await member.GotoAsync("/app/compose");
        await Assertions.Expect(member.Locator("main[data-circuit=ready]")).ToBeVisibleAsync();
        await Assertions.Expect(member.Locator($"[data-testid=target][data-account='{seed.Alpha}']")).ToBeVisibleAsync();
        await Assertions.Expect(member.Locator($"[data-testid=target][data-account='{seed.Beta}']")).ToHaveCountAsync(0);
        await Assertions.Expect(member.Locator("main")).Not.ToContainTextAsync("@beta");

        await member.GotoAsync("/app/calendar");
        await Assertions.Expect(member.Locator("main[data-circuit=ready]")).ToBeVisibleAsync();
        await Assertions.Expect(member.Locator($"[data-post-id='{seed.AlphaPost}']").First).ToBeVisibleAsync();
        await Assertions.Expect(member.Locator($"[data-post-id='{seed.BetaPost}']")).ToHaveCountAsync(0);
        await Assertions.Expect(member.Locator("main")).Not.ToContainTextAsync("Beta launch");

        await member.GotoAsync("/app/posts");
        await Assertions.Expect(member.Locator("main[data-circuit=ready]")).ToBeVisibleAsync();
        var rows = member.GetByRole(AriaRole.Row).Filter(new() { Has = member.GetByTestId("post-link") });
        await Assertions.Expect(rows).ToHaveCountAsync(1);
        await Assertions.Expect(rows.First).ToContainTextAsync("Alpha teaser");
        await rows.First.GetByRole(AriaRole.Button, new() { Name = "Duplicate “Alpha teaser”" }).ClickAsync();
        await Assertions.Expect(member.GetByTestId("posts-report")).ToContainTextAsync("Duplicated “Alpha teaser” as a new draft");
        await Assertions.Expect(rows).ToHaveCountAsync(2);

        // The Owner's activity log: the access change and the Editor's post, then only the Editor's entries.
        await owner.GotoAsync("/app/activity");
        await Assertions.Expect(owner.Locator("main[data-circuit=ready]")).ToBeVisibleAsync();
        var texts = owner.GetByTestId("activity-text");
        await Assertions.Expect(texts.Filter(new() { HasText = $"Limited {seed.EditorEmail} to 1 account: @alpha." })).ToHaveCountAsync(1);
        await Assertions.Expect(texts.Filter(new() { HasText = "Created “Alpha teaser” for @alpha as a draft, duplicated from another post." })).ToHaveCountAsync(1);
        await owner.GetByRole(AriaRole.Combobox, new() { Name = "Who" }).ClickAsync();
        await owner.GetByRole(AriaRole.Option, new() { Name = seed.EditorEmail, Exact = true }).ClickAsync();
        await Assertions.Expect(owner).ToHaveURLAsync(new Regex(@"/app/activity\?member=[^&]+$"));
        await Assertions.Expect(texts).ToHaveCountAsync(1);
        await Assertions.Expect(texts.First).ToContainTextAsync("duplicated from another post");
        var row = owner.GetByRole(AriaRole.Row).Filter(new() { Has = owner.GetByTestId("activity-text") });
        await Assertions.Expect(row.GetByTestId("activity-who")).ToHaveTextAsync(seed.EditorEmail);
        // The circuit's client address, captured when it opened (the browser is on loopback).
        await Assertions.Expect(row.GetByTestId("activity-ip")).ToHaveTextAsync(new Regex(@"^(127\.0\.0\.1|::1|::ffff:127\.0\.0\.1)$"));
        await Assertions.Expect(owner.GetByTestId("activity-csv")).ToHaveAttributeAsync("href", new Regex(@"^/app/activity\.csv\?member="));
        await Accessibility.AssertNoSeriousViolationsAsync(owner);
        await owner.ScreenshotAsync(new() { Path = LiveAppFixture.ScreenshotPath("activity-filtered"), FullPage = true });

        await owner.GetByTestId("activity-clear").ClickAsync();
        await Assertions.Expect(owner).ToHaveURLAsync(new Regex(@"/app/activity$"));
        await owner.ScreenshotAsync(new() { Path = LiveAppFixture.ScreenshotPath("activity-desktop"), FullPage = true });
        await owner.SetViewportSizeAsync(390, 844);
        await Assertions.Expect(texts.First).ToBeVisibleAsync();
        await Accessibility.AssertNoHorizontalScrollAsync(owner);
        await Accessibility.AssertNoSeriousViolationsAsync(owner);
        await owner.ScreenshotAsync(new() { Path = LiveAppFixture.ScreenshotPath("activity-phone"), FullPage = true });
        await owner.GotoAsync("/app/team");
        await Assertions.Expect(owner.Locator("main[data-circuit=ready]")).ToBeVisibleAsync();
        await Accessibility.AssertNoHorizontalScrollAsync(owner);
        await owner.ScreenshotAsync(new() { Path = LiveAppFixture.ScreenshotPath("team-access-phone"), FullPage = true });

        // The Owner's danger zone on Settings: the button stays off until the name is typed (nothing is deleted here).
        await owner.SetViewportSizeAsync(1280, 800);
        await owner.GotoAsync("/app/settings");
        await Assertions.Expect(owner.Locator("main[data-circuit=ready]")).ToBeVisibleAsync();
        var delete = owner.GetByRole(AriaRole.Button, new() { Name = "Delete workspace" });
        await Assertions.Expect(delete).ToBeDisabledAsync();
        await owner.GetByLabel("Type Shared Brand to confirm").FillAsync("Shared Brand");
        await Assertions.Expect(delete).ToBeEnabledAsync();
        await Accessibility.AssertNoSeriousViolationsAsync(owner);
        await owner.ScreenshotAsync(new() { Path = LiveAppFixture.ScreenshotPath("settings-danger-zone"), FullPage = true });
    }

    private sealed record Seed(string OwnerEmail, string EditorEmail, Guid Alpha, Guid Beta, Guid AlphaPost, Guid BetaPost);

    private async Task<Seed> SeedAsync()
    {
        using var scope = app.Services.CreateScope();
        var services = scope.ServiceProvider;
        var owner = await Session.NewConfirmedUserAsync(services, "owner", Zone);
        var editor = await Session.NewConfirmedUserAsync(services, "editor", Zone);
        var workspace = await services.GetRequiredService<WorkspaceService>().CreateAsync(owner, "Shared Brand", Zone);
        var db = services.GetRequiredService<StudioDbContext>();
        db.Memberships.Add(new Membership { UserId = editor.Id, WorkspaceId = workspace.Id, Role = WorkspaceRole.Editor, CreatedAt = DateTimeOffset.UtcNow });
        (await db.Users.FindAsync(editor.Id))!.CurrentWorkspaceId = workspace.Id;
        // Upload-only accounts: the composer does not ask TikTok for their creator info, so nothing leaves the machine.
        TikTokAccount Account(string username) => new()
        {
            WorkspaceId = workspace.Id, OpenId = Guid.NewGuid().ToString("N"), DisplayName = username[..1].ToUpperInvariant() + username[1..],
            Username = username, GrantedScopes = "user.info.basic,video.upload", ConnectedAt = DateTimeOffset.UtcNow,
        };
        var alpha = Account("alpha");
        var beta = Account("beta");
        // Dated drafts two hours from now: on the calendar's current view, with no trigger to fire.
        Post Draft(TikTokAccount account, string title) => new()
        {
            WorkspaceId = workspace.Id, CompositionId = Guid.CreateVersion7(), AccountId = account.Id, Kind = PostKind.Video, VideoMediaId = Guid.NewGuid(),
            Title = title, PrivacyLevel = "SELF_ONLY", Status = PostStatus.Draft, PublishAt = DateTimeOffset.UtcNow.AddHours(2),
            CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow, CreatedByUserId = owner.Id,
        };
        var alphaPost = Draft(alpha, "Alpha teaser");
        var betaPost = Draft(beta, "Beta launch");
        db.AddRange(alpha, beta, alphaPost, betaPost);
        // Per-account access is an Agency feature (the trial has Pro's).
        db.Add(new WorkspaceBilling
        {
            WorkspaceId = workspace.Id, PlanId = "agency", Interval = BillingInterval.Monthly, State = SubscriptionState.Active,
            CurrentPeriodEnd = DateTimeOffset.UtcNow.AddDays(30), UpdatedAt = DateTimeOffset.UtcNow,
        });
        await db.SaveChangesAsync();
        return new(owner.Email!, editor.Email!, alpha.Id, beta.Id, alphaPost.Id, betaPost.Id);
    }

    private async Task<IPage> SignedInAsync(string email)
    {
        var page = await app.NewPageAsync(Zone);
        await page.GotoAsync("/Account/Login");
        await new SignInPage(page).SignInAsync(email, Session.Password);
        await Assertions.Expect(page).ToHaveURLAsync(app.BaseUrl + "/app");
        return page;
    }
}
