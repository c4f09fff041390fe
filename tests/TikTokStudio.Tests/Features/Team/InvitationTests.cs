using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TikTokStudio.Tests.Infrastructure;
using TikTokStudio.Web.Data;
using TikTokStudio.Web.Email;
using TikTokStudio.Web.Features.Team;
using TikTokStudio.Web.Features.Workspaces;

namespace TikTokStudio.Tests.Features.Team;

/// <summary>
/// Invitations through the real handlers and pages: the email in the outbox, the accept page for each kind of visitor
/// and link, sign-up through the link, and the rules on roles (no escalation, always an Owner, removal takes effect).
/// </summary>
public sealed class InvitationTests(StudioAppFactoryFixture fixture) : IClassFixture<StudioAppFactoryFixture>
{
    private readonly StudioAppFactory app = fixture.App;

    [Fact]
    public async Task The_Invitation_Email_Carries_A_Link_Whose_Token_Is_Stored_Only_As_Its_Hash()
    {
        var (owner, workspace) = await app.CreateUserAsync(workspaceName: "Mail Co");
        var invitee = $"new-{Guid.NewGuid():N}@example.com";

        var (result, token) = await InviteAsync(owner.Id, invitee.ToUpperInvariant(), WorkspaceRole.Editor);

        Assert.True(result.Done, result.Message);
        var row = Assert.Single(await app.RowsOfAsync<Invitation>(workspace.Id));
        Assert.Equal(invitee, row.Email);
        Assert.Equal(WorkspaceRole.Editor, row.Role);
        Assert.Equal(owner.Id, row.InvitedByUserId);
        Assert.Equal(Invitation.HashOf(token), row.TokenHash);
        Assert.DoesNotContain(token, row.TokenHash);
        Assert.Equal(TimeSpan.FromDays(7), row.ExpiresAt - row.CreatedAt);
        var mail = await OutboxFor(invitee);
        Assert.Contains("Mail Co", mail.Subject);
        Assert.Contains(WebUtility.HtmlEncode(LinkFor(token)), mail.HtmlBody);
    }

    [Fact]
    public async Task A_Signed_In_User_With_The_Invited_Email_Joins_With_The_Role_And_Lands_In_The_Workspace()
    {
        var (owner, workspace) = await app.CreateUserAsync(workspaceName: "Join Co");
        var (invitee, own) = await app.CreateUserAsync(workspaceName: "Invitee's own");
        var (_, token) = await InviteAsync(owner.Id, invitee.Email!, WorkspaceRole.Contributor);
        var client = await app.SignInAsync(invitee.Email!);

        var page = await client.GetStringAsync(LinkPath(token));
        var accepted = await client.PostAsync(LinkPath(token), Form(page, "accept-invitation"));

        Assert.Contains("Join Join Co", WebUtility.HtmlDecode(page));
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        var membership = (await app.RowsOfAsync<Membership>(workspace.Id)).Single(m => m.UserId == invitee.Id);
        Assert.Equal(WorkspaceRole.Contributor, membership.Role);
        Assert.Equal(workspace.Id, (await UserAsync(invitee.Id)).CurrentWorkspaceId);
        Assert.Single(await app.RowsOfAsync<Membership>(own.Id));
        var home = WebUtility.HtmlDecode(await client.GetStringAsync("/app"));
        Assert.Contains("Join Co", home);
        Assert.NotNull((await app.RowsOfAsync<Invitation>(workspace.Id)).Single().AcceptedAt);
    }

    [Fact]
    public async Task A_Signed_In_User_With_Another_Email_Is_Told_And_Does_Not_Join()
    {
        var (owner, workspace) = await app.CreateUserAsync(workspaceName: "Wrong Co");
        var invited = $"invited-{Guid.NewGuid():N}@example.com";
        var (other, _) = await app.CreateUserAsync(workspaceName: "Other's own");
        var (_, token) = await InviteAsync(owner.Id, invited, WorkspaceRole.Editor);
        var client = await app.SignInAsync(other.Email!);

        var page = WebUtility.HtmlDecode(await client.GetStringAsync(LinkPath(token)));
        var direct = await Accept(token, other.Id);

        Assert.Contains($"This invitation was sent to {invited}, but you are signed in as {other.Email}", page);
        Assert.DoesNotContain("data-testid=\"accept-invitation\"", page);
        Assert.Equal(AcceptOutcome.WrongEmail, direct.Outcome);
        Assert.DoesNotContain(await app.RowsOfAsync<Membership>(workspace.Id), m => m.UserId == other.Id);
        Assert.Null((await app.RowsOfAsync<Invitation>(workspace.Id)).Single().AcceptedAt);
    }

    [Fact]
    public async Task An_Expired_Invitation_Is_Refused_With_The_Reason()
    {
        var (owner, workspace) = await app.CreateUserAsync(workspaceName: "Late Co");
        var (invitee, _) = await app.CreateUserAsync(workspaceName: "Invitee's own");
        var (_, token) = await InviteAsync(owner.Id, invitee.Email!, WorkspaceRole.Editor);
        await ChangeInvitationAsync(workspace.Id, i => i.ExpiresAt = DateTimeOffset.UtcNow.AddMinutes(-1));

        var result = await Accept(token, invitee.Id);
        var page = WebUtility.HtmlDecode(await (await app.SignInAsync(invitee.Email!)).GetStringAsync(LinkPath(token)));

        Assert.Equal((AcceptOutcome.Unusable, InvitationAcceptance.Explain(InvitationState.Expired)), (result.Outcome, result.Message));
        Assert.Contains("This invitation has expired", page);
        Assert.DoesNotContain(await app.RowsOfAsync<Membership>(workspace.Id), m => m.UserId == invitee.Id);
    }

    [Fact]
    public async Task A_Revoked_Invitation_Is_Refused_And_Leaves_The_Pending_List()
    {
        var (owner, workspace) = await app.CreateUserAsync(workspaceName: "Revoke Co");
        var (invitee, _) = await app.CreateUserAsync(workspaceName: "Invitee's own");
        var (_, token) = await InviteAsync(owner.Id, invitee.Email!, WorkspaceRole.Editor);
        var id = (await app.RowsOfAsync<Invitation>(workspace.Id)).Single().Id;

        var revoked = await As(owner.Id, s => s.GetRequiredService<TeamService>().RevokeAsync(id));
        var result = await Accept(token, invitee.Id);
        var pending = await As(owner.Id, s => s.GetRequiredService<TeamService>().PendingAsync());

        Assert.True(revoked.Done, revoked.Message);
        Assert.Equal((AcceptOutcome.Unusable, InvitationAcceptance.Explain(InvitationState.Revoked)), (result.Outcome, result.Message));
        Assert.Empty(pending);
        Assert.DoesNotContain(await app.RowsOfAsync<Membership>(workspace.Id), m => m.UserId == invitee.Id);
    }

    [Fact]
    public async Task A_Used_Link_Cannot_Be_Used_Again_And_A_Resend_Kills_The_Old_Link()
    {
        var (owner, workspace) = await app.CreateUserAsync(workspaceName: "Once Co");
        var (first, _) = await app.CreateUserAsync(workspaceName: "First's own");
        var (_, token) = await InviteAsync(owner.Id, first.Email!, WorkspaceRole.Viewer);
        var (second, _) = await app.CreateUserAsync(workspaceName: "Second's own");
        var (_, oldToken) = await InviteAsync(owner.Id, second.Email!, WorkspaceRole.Viewer);
        var secondId = (await app.RowsOfAsync<Invitation>(workspace.Id)).Single(i => i.Email == second.Email!.ToLowerInvariant()).Id;
        string? newToken = null;

        var joined = await Accept(token, first.Id);
        var again = await Accept(token, first.Id);
        var resent = await As(owner.Id, s => s.GetRequiredService<TeamService>().ResendAsync(secondId, t => LinkFor(newToken = t)));
        var withOld = await Accept(oldToken, second.Id);
        var withNew = await Accept(newToken!, second.Id);

        Assert.Equal(AcceptOutcome.Joined, joined.Outcome);
        Assert.Equal((AcceptOutcome.Unusable, InvitationAcceptance.Explain(InvitationState.AlreadyUsed)), (again.Outcome, again.Message));
        Assert.True(resent.Done, resent.Message);
        Assert.Equal((AcceptOutcome.Unusable, InvitationAcceptance.Explain(InvitationState.Unknown)), (withOld.Outcome, withOld.Message));
        Assert.Equal(AcceptOutcome.Joined, withNew.Outcome);
        Assert.Equal(3, (await app.RowsOfAsync<Membership>(workspace.Id)).Count);
    }

    [Fact]
    public async Task A_New_Person_Registers_Through_The_Link_And_Lands_In_The_Inviting_Workspace_Not_A_New_One()
    {
        var (owner, workspace) = await app.CreateUserAsync(workspaceName: "Welcome Co");
        var invitee = $"fresh-{Guid.NewGuid():N}@example.com";
        var (_, token) = await InviteAsync(owner.Id, invitee, WorkspaceRole.Editor);
        var client = app.CreateBrowserLikeClient();

        var accept = WebUtility.HtmlDecode(await client.GetStringAsync(LinkPath(token)));
        var form = await client.GetStringAsync("/Account/Register?invitation=" + Uri.EscapeDataString(token));
        var response = await client.PostAsync("/Account/Register?invitation=" + Uri.EscapeDataString(token), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "register",
            ["__RequestVerificationToken"] = StudioAppFactory.AntiforgeryFieldOf(form),
            ["Input.Email"] = invitee,
            ["Input.Password"] = StudioAppFactory.Password,
            ["Input.ConfirmPassword"] = StudioAppFactory.Password,
            ["Input.WorkspaceName"] = "Welcome Co",
            ["Input.TimeZoneId"] = "Europe/Berlin",
        }));

        Assert.Contains($"(sent to {invitee})", accept);
        Assert.Contains("Create my account", accept);
        Assert.Contains("You join <strong>Welcome Co</strong> as Editor.", WebUtility.HtmlDecode(form));
        Assert.DoesNotContain("Input.WorkspaceName\" class=\"form-control", form);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.EndsWith("/app", response.Headers.Location!.ToString());
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<StudioDbContext>();
        var user = await db.Users.SingleAsync(u => u.Email == invitee);
        var memberships = await db.Memberships.IgnoreQueryFilters().Where(m => m.UserId == user.Id).ToListAsync();
        Assert.Equal((workspace.Id, WorkspaceRole.Editor), (Assert.Single(memberships).WorkspaceId, memberships[0].Role));
        Assert.Equal(workspace.Id, user.CurrentWorkspaceId);
        Assert.True(user.EmailConfirmed);
        Assert.Contains("Welcome Co", WebUtility.HtmlDecode(await client.GetStringAsync("/app")));
    }

    [Fact]
    public async Task Signing_Up_Through_The_Link_With_Another_Address_Is_Refused_And_Creates_Nothing()
    {
        var (owner, _) = await app.CreateUserAsync(workspaceName: "Strict Co");
        var (_, token) = await InviteAsync(owner.Id, $"right-{Guid.NewGuid():N}@example.com", WorkspaceRole.Editor);
        var wrong = $"wrong-{Guid.NewGuid():N}@example.com";
        var client = app.CreateBrowserLikeClient();
        var url = "/Account/Register?invitation=" + Uri.EscapeDataString(token);
        var form = await client.GetStringAsync(url);

        var response = await client.PostAsync(url, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "register", ["__RequestVerificationToken"] = StudioAppFactory.AntiforgeryFieldOf(form),
            ["Input.Email"] = wrong, ["Input.Password"] = StudioAppFactory.Password, ["Input.ConfirmPassword"] = StudioAppFactory.Password,
            ["Input.WorkspaceName"] = "Strict Co", ["Input.TimeZoneId"] = "Europe/Berlin",
        }));

        Assert.Contains("This invitation is for right-", WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()));
        using var scope = app.Services.CreateScope();
        Assert.False(await scope.ServiceProvider.GetRequiredService<StudioDbContext>().Users.AnyAsync(u => u.Email == wrong));
    }

    [Fact]
    public async Task Nobody_Grants_A_Role_Above_Their_Own()
    {
        var (owner, workspace) = await app.CreateUserAsync(workspaceName: "Ladder Co");
        var (admin, _) = await app.CreateUserAsync(workspaceName: "Admin's own");
        await AddMembershipAsync(admin.Id, workspace.Id, WorkspaceRole.Admin);
        var (editor, _) = await app.CreateUserAsync(workspaceName: "Editor's own");
        await AddMembershipAsync(editor.Id, workspace.Id, WorkspaceRole.Editor);

        var (invite, _) = await InviteAsync(admin.Id, $"boss-{Guid.NewGuid():N}@example.com", WorkspaceRole.Owner);
        var promote = await As(admin.Id, s => s.GetRequiredService<TeamService>().ChangeRoleAsync(editor.Id, WorkspaceRole.Owner));
        var demoteOwner = await As(admin.Id, s => s.GetRequiredService<TeamService>().ChangeRoleAsync(owner.Id, WorkspaceRole.Viewer));
        var removeOwner = await As(admin.Id, s => s.GetRequiredService<TeamService>().RemoveAsync(owner.Id));
        var asAdmin = await As(admin.Id, s => s.GetRequiredService<TeamService>().ChangeRoleAsync(editor.Id, WorkspaceRole.Admin));

        Assert.Equal((false, "You cannot give the Owner role: nobody grants a role above their own (Admin)."), (invite.Done, invite.Message));
        Assert.Equal((false, "You cannot give the Owner role: nobody grants a role above their own (Admin)."), (promote.Done, promote.Message));
        Assert.Equal((false, "Only an Owner can change the role of an Owner."), (demoteOwner.Done, demoteOwner.Message));
        Assert.Equal((false, "Only an Owner can remove an Owner."), (removeOwner.Done, removeOwner.Message));
        Assert.True(asAdmin.Done, asAdmin.Message);
        Assert.Empty(await app.RowsOfAsync<Invitation>(workspace.Id));
        var roles = (await app.RowsOfAsync<Membership>(workspace.Id)).ToDictionary(m => m.UserId, m => m.Role);
        Assert.Equal(WorkspaceRole.Owner, roles[owner.Id]);
        Assert.Equal(WorkspaceRole.Admin, roles[editor.Id]);
    }

    [Fact]
    public async Task The_Last_Owner_Cannot_Leave_Or_Be_Demoted_But_Can_Transfer_Ownership()
    {
        var (owner, workspace) = await app.CreateUserAsync(workspaceName: "Keep Co");
        var (heir, _) = await app.CreateUserAsync(workspaceName: "Heir's own");
        await AddMembershipAsync(heir.Id, workspace.Id, WorkspaceRole.Editor);

        var leave = await As(owner.Id, s => s.GetRequiredService<TeamService>().RemoveAsync(owner.Id));
        var demote = await As(owner.Id, s => s.GetRequiredService<TeamService>().ChangeRoleAsync(owner.Id, WorkspaceRole.Admin));
        var transfer = await As(owner.Id, s => s.GetRequiredService<TeamService>().TransferOwnershipAsync(heir.Id));
        var leaveAfter = await As(owner.Id, s => s.GetRequiredService<TeamService>().RemoveAsync(owner.Id));

        Assert.Equal((false, TeamService.LastOwnerMessage), (leave.Done, leave.Message));
        Assert.Equal((false, TeamService.LastOwnerMessage), (demote.Done, demote.Message));
        Assert.True(transfer.Done, transfer.Message);
        Assert.True(leaveAfter.Done, leaveAfter.Message);
        var membership = Assert.Single(await app.RowsOfAsync<Membership>(workspace.Id));
        Assert.Equal((heir.Id, WorkspaceRole.Owner), (membership.UserId, membership.Role));
    }

    [Fact]
    public async Task A_Removed_Member_Loses_Access_On_Their_Next_Request_And_Their_Next_Circuit_Operation()
    {
        var (owner, workspace) = await app.CreateUserAsync(workspaceName: "Gone Co");
        var (member, own) = await app.CreateUserAsync(workspaceName: "Member's own");
        await AddMembershipAsync(member.Id, workspace.Id, WorkspaceRole.Editor);
        var client = await app.SignInAsync(member.Email!);
        Assert.Contains("Gone Co", WebUtility.HtmlDecode(await client.GetStringAsync("/app")));

        var removed = await As(owner.Id, s => s.GetRequiredService<TeamService>().RemoveAsync(member.Id));
        // What a circuit opened before the removal does on its next click: StudioOperations re-reads the membership.
        await using var operationScope = app.Services.CreateAsyncScope();
        var context = operationScope.ServiceProvider.GetRequiredService<WorkspaceContext>();
        await WorkspaceResolver.ResolveAsync(member.Id, context, operationScope.ServiceProvider.GetRequiredService<StudioDbContext>(), CancellationToken.None);
        var home = WebUtility.HtmlDecode(await client.GetStringAsync("/app"));

        Assert.True(removed.Done, removed.Message);
        Assert.Equal(own.Id, context.WorkspaceId);
        Assert.DoesNotContain(context.Available, w => w.Id == workspace.Id);
        Assert.DoesNotContain("Gone Co", home);
    }

    [Fact]
    public async Task Inviting_Refuses_A_Bad_Address_A_Member_And_A_Second_Pending_Invitation()
    {
        var (owner, workspace) = await app.CreateUserAsync(workspaceName: "Check Co");
        var address = $"twice-{Guid.NewGuid():N}@example.com";

        var (bad, _) = await InviteAsync(owner.Id, "not an address", WorkspaceRole.Editor);
        var (member, _) = await InviteAsync(owner.Id, owner.Email!, WorkspaceRole.Editor);
        var (first, _) = await InviteAsync(owner.Id, address, WorkspaceRole.Editor);
        var (second, _) = await InviteAsync(owner.Id, address, WorkspaceRole.Viewer);

        Assert.Equal("Enter the email address to invite, such as name@example.com.", bad.Message);
        Assert.Equal($"{owner.Email} is already a member of this workspace.", member.Message);
        Assert.True(first.Done);
        Assert.Equal($"{address} already has a pending invitation: resend or revoke it below.", second.Message);
        Assert.Single(await app.RowsOfAsync<Invitation>(workspace.Id));
    }

    [Fact]
    public async Task An_Invitation_Sent_While_There_Was_Room_Is_Refused_When_The_Workspace_Is_Full_At_Acceptance()
    {
        var (owner, workspace) = await app.CreateUserAsync(workspaceName: "Full Co");
        var (invitee, _) = await app.CreateUserAsync(workspaceName: "Invitee's own");
        // Sent on the trial (Pro: five seats), accepted after a downgrade to Starter (one seat, taken by the Owner).
        var (sent, token) = await InviteAsync(owner.Id, invitee.Email!, WorkspaceRole.Editor);
        await Billing.BillingTestData.PutOnPlanAsync(app, workspace.Id, "starter");

        var refused = await Accept(token, invitee.Id);
        await Billing.BillingTestData.PutOnPlanAsync(app, workspace.Id, "pro");
        var afterUpgrade = await Accept(token, invitee.Id);

        Assert.True(sent.Done, sent.Message);
        Assert.Equal(AcceptOutcome.WorkspaceFull, refused.Outcome);
        Assert.Equal("Full Co has no free seat on its plan right now, so you cannot join yet: Starter allows 1 member; you have 1. Upgrade to invite more. " +
            "Ask the workspace's Owner to make room or upgrade the plan, then open this invitation link again.", refused.Message);
        // The refusal changed nothing: the same link joins once there is room.
        Assert.Equal(AcceptOutcome.Joined, afterUpgrade.Outcome);
        Assert.Contains(await app.RowsOfAsync<Membership>(workspace.Id), m => m.UserId == invitee.Id);
    }

    [Fact]
    public async Task Signing_Up_Through_The_Link_Into_A_Full_Workspace_Says_So_Creates_Nothing_And_The_Link_Works_Once_There_Is_Room()
    {
        var (owner, workspace) = await app.CreateUserAsync(workspaceName: "Crowded Co");
        var invitee = $"later-{Guid.NewGuid():N}@example.com";
        var (_, token) = await InviteAsync(owner.Id, invitee, WorkspaceRole.Editor);
        await Billing.BillingTestData.PutOnPlanAsync(app, workspace.Id, "starter");
        var client = app.CreateBrowserLikeClient();
        var url = "/Account/Register?invitation=" + Uri.EscapeDataString(token);
        Task<HttpResponseMessage> SignUpAsync(string form) => client.PostAsync(url, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "register", ["__RequestVerificationToken"] = StudioAppFactory.AntiforgeryFieldOf(form),
            ["Input.Email"] = invitee, ["Input.Password"] = StudioAppFactory.Password, ["Input.ConfirmPassword"] = StudioAppFactory.Password,
            ["Input.WorkspaceName"] = "Crowded Co", ["Input.TimeZoneId"] = "Europe/Berlin",
        }));

        var refused = await SignUpAsync(await client.GetStringAsync(url));

        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("Crowded Co has no free seat on its plan right now, so you cannot join yet: Starter allows 1 member; you have 1.",
            WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync()));
        using (var scope = app.Services.CreateScope())
        {
            Assert.False(await scope.ServiceProvider.GetRequiredService<StudioDbContext>().Users.AnyAsync(u => u.Email == invitee));
        }
        Assert.Null((await app.RowsOfAsync<Invitation>(workspace.Id)).Single().AcceptedAt);

        await Billing.BillingTestData.PutOnPlanAsync(app, workspace.Id, "pro");
        var joined = await SignUpAsync(await client.GetStringAsync(url));

        Assert.Equal(HttpStatusCode.Redirect, joined.StatusCode);
        Assert.EndsWith("/app", joined.Headers.Location!.ToString());
        Assert.Single(await app.RowsOfAsync<Membership>(workspace.Id), m => m.Role == WorkspaceRole.Editor);
    }

    [Fact]
    public async Task A_Refused_Acceptance_Leaves_No_Membership_And_The_Invitation_Unused()
    {
        var (owner, workspace) = await app.CreateUserAsync(workspaceName: "Still Full Co");
        var (invitee, _) = await app.CreateUserAsync(workspaceName: "Invitee's own");
        var (_, token) = await InviteAsync(owner.Id, invitee.Email!, WorkspaceRole.Viewer);
        await Billing.BillingTestData.PutOnPlanAsync(app, workspace.Id, "starter");

        var refused = await Accept(token, invitee.Id);

        Assert.Equal(AcceptOutcome.WorkspaceFull, refused.Outcome);
        Assert.DoesNotContain(await app.RowsOfAsync<Membership>(workspace.Id), m => m.UserId == invitee.Id);
        Assert.Null((await app.RowsOfAsync<Invitation>(workspace.Id)).Single().AcceptedAt);
        Assert.NotEqual(workspace.Id, (await UserAsync(invitee.Id)).CurrentWorkspaceId);
    }

    private static string LinkPath(string token) => "/invitations/accept?token=" + Uri.EscapeDataString(token);
    private static string LinkFor(string token) => "http://localhost" + LinkPath(token);

    private async Task<(TeamResult Result, string Token)> InviteAsync(string inviterId, string email, WorkspaceRole role)
    {
        string token = "";
        var result = await As(inviterId, s => s.GetRequiredService<TeamService>().InviteAsync(email, role, t => LinkFor(token = t)));
        return (result, token);
    }

    private async Task<AcceptResult> Accept(string token, string userId)
    {
        using var scope = app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<InvitationAcceptance>().AcceptAsync(token, userId);
    }

    private Task<T> As<T>(string userId, Func<IServiceProvider, Task<T>> action) => app.Services.AsUserAsync(userId, action);

    private static FormUrlEncodedContent Form(string page, string formName) => new(new Dictionary<string, string>
    {
        ["_handler"] = formName,
        ["__RequestVerificationToken"] = StudioAppFactory.AntiforgeryFieldOf(page),
    });

    private async Task<OutboxEmail> OutboxFor(string to)
    {
        using var scope = app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<StudioDbContext>().OutboxEmails.AsNoTracking().SingleAsync(e => e.To == to);
    }

    private async Task<ApplicationUser> UserAsync(string id)
    {
        using var scope = app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<StudioDbContext>().Users.AsNoTracking().SingleAsync(u => u.Id == id);
    }

    private async Task ChangeInvitationAsync(Guid workspaceId, Action<Invitation> change)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<StudioDbContext>();
        var row = await db.Set<Invitation>().IgnoreQueryFilters().SingleAsync(i => i.WorkspaceId == workspaceId);
        change(row);
        await db.SaveChangesAsync();
    }

    private async Task AddMembershipAsync(string userId, Guid workspaceId, WorkspaceRole role)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<StudioDbContext>();
        db.Memberships.Add(new Membership { UserId = userId, WorkspaceId = workspaceId, Role = role, CreatedAt = DateTimeOffset.UtcNow });
        (await db.Users.SingleAsync(u => u.Id == userId)).CurrentWorkspaceId = workspaceId;
        await db.SaveChangesAsync();
    }
}
