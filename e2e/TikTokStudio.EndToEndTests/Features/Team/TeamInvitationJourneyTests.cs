using Microsoft.Playwright;
using TikTokStudio.EndToEndTests.Infrastructure;
using TikTokStudio.EndToEndTests.Pages;

namespace TikTokStudio.EndToEndTests.Features.Team;

[Collection(LiveAppCollection.Name)]
[Trait("Category", "E2E")]
public sealed class TeamInvitationJourneyTests(LiveAppFixture app)
{
    [Fact]
    public async Task An_Owner_Invites_An_Editor_Who_Signs_Up_Through_The_Outbox_Link_And_Lands_In_The_Owners_Workspace()
    {
        var owner = await Session.SignedInPageAsync(app, "Studio Crew");
        await owner.SetViewportSizeAsync(1280, 800);
        await owner.GotoAsync("/app/team");
        await Assertions.Expect(owner.Locator("main[data-circuit=ready]")).ToBeVisibleAsync();
        var editorEmail = $"editor-{Guid.NewGuid():N}@example.com";

        await owner.GetByLabel("Email address").FillAsync(editorEmail);
        await owner.GetByRole(AriaRole.Button, new() { Name = "Send invitation" }).ClickAsync();

        await Assertions.Expect(owner.GetByTestId("team-status")).ToHaveTextAsync($"Invited {editorEmail} as Editor. The link in the email works for 7 days.");
        await Assertions.Expect(owner.GetByTestId("pending")).ToContainTextAsync(editorEmail);
        await Accessibility.AssertNoSeriousViolationsAsync(owner);
        await owner.ScreenshotAsync(new() { Path = LiveAppFixture.ScreenshotPath("team-invited"), FullPage = true });
        await owner.SetViewportSizeAsync(390, 844);
        await Accessibility.AssertNoHorizontalScrollAsync(owner);
        await owner.ScreenshotAsync(new() { Path = LiveAppFixture.ScreenshotPath("team-invited-phone"), FullPage = true });
        await owner.SetViewportSizeAsync(1280, 800);

        // The invitee, signed out in a browser of their own, opens the email in the dev outbox.
        var invitee = await app.NewPageAsync();
        await invitee.GotoAsync("/dev/outbox");
        await invitee.GetByRole(AriaRole.Article, new() { Name = $"Email to {editorEmail}" })
            .GetByRole(AriaRole.Link, new() { Name = "Accept the invitation" }).ClickAsync();
        await Assertions.Expect(invitee.GetByRole(AriaRole.Heading, new() { Name = "Join Studio Crew" })).ToBeVisibleAsync();
        await Accessibility.AssertNoSeriousViolationsAsync(invitee);
        await invitee.ScreenshotAsync(new() { Path = LiveAppFixture.ScreenshotPath("invitation-accept"), FullPage = true });
        await invitee.SetViewportSizeAsync(390, 844);
        await Accessibility.AssertNoHorizontalScrollAsync(invitee);
        await invitee.ScreenshotAsync(new() { Path = LiveAppFixture.ScreenshotPath("invitation-accept-phone"), FullPage = true });
        await invitee.SetViewportSizeAsync(1280, 800);

        await invitee.GetByTestId("register-through-invitation").ClickAsync();
        await Assertions.Expect(invitee.GetByTestId("invited-to")).ToHaveTextAsync("You join Studio Crew as Editor.");
        await Assertions.Expect(invitee.GetByLabel("Email address")).ToHaveValueAsync(editorEmail);
        await invitee.GetByLabel("Password", new() { Exact = true }).FillAsync(Session.Password);
        await invitee.GetByLabel("Confirm password").FillAsync(Session.Password);
        await Accessibility.AssertNoSeriousViolationsAsync(invitee);
        await invitee.ScreenshotAsync(new() { Path = LiveAppFixture.ScreenshotPath("invitation-register"), FullPage = true });
        await invitee.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();

        await Assertions.Expect(invitee).ToHaveURLAsync(app.BaseUrl + "/app");
        await Assertions.Expect(invitee.Locator("main[data-circuit=ready]")).ToBeVisibleAsync();
        await Assertions.Expect(invitee.GetByTestId("current-workspace")).ToHaveTextAsync("Studio Crew");

        await owner.ReloadAsync();
        await Assertions.Expect(owner.Locator("main[data-circuit=ready]")).ToBeVisibleAsync();
        var row = owner.GetByTestId("member").Filter(new() { HasText = editorEmail });
        await Assertions.Expect(row.GetByTestId("member-role")).ToHaveTextAsync("Editor");
        await Assertions.Expect(owner.GetByTestId("pending")).ToContainTextAsync("No invitation is waiting for an answer.");
        await Accessibility.AssertNoSeriousViolationsAsync(owner);
        await owner.ScreenshotAsync(new() { Path = LiveAppFixture.ScreenshotPath("team-joined"), FullPage = true });
    }
}
