using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TikTokStudio.Tests.Infrastructure;
using TikTokStudio.Web.Account.Google;
using TikTokStudio.Web.Data;
using TikTokStudio.Web.Features.Workspaces;

namespace TikTokStudio.Tests.Account.Google;

/// <summary>
/// "Continue with Google" through the real Google handler against the Google emulator the app mounts (the app calls
/// its token and userinfo endpoints over loopback, so the host listens on a real port).
/// </summary>
public sealed class GoogleSignInTests(RealServerFixture server) : IClassFixture<RealServerFixture>
{
    private readonly StudioAppFactory app = server.App;

    [Fact]
    public async Task A_New_Person_Lands_In_The_App_With_A_Workspace_Named_From_Them_And_A_14_Day_Trial()
    {
        var browser = app.CreateBrowserLikeClient();
        var account = GoogleAccount.Fresh("Nora Quinn");

        var done = await new EmulatedGoogle(browser).SignInAsync(account, fromPage: "/Account/Register", timeZone: "Europe/Paris");

        Assert.Equal("/app", EmulatedGoogle.Target(done));
        var dashboard = await browser.GetAsync("/app");
        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
        Assert.Contains("Nora&#x27;s workspace", await dashboard.Content.ReadAsStringAsync());

        var (user, logins, membership) = await AccountOfAsync(account.Email);
        Assert.True(user.EmailConfirmed);
        Assert.Null(user.PasswordHash);
        Assert.Equal("Europe/Paris", user.TimeZoneId);
        var login = Assert.Single(logins);
        Assert.Equal("Google", login.LoginProvider);
        Assert.Matches("^1[0-9]{20}$", login.ProviderKey);
        Assert.Equal(WorkspaceRole.Owner, membership!.Role);
        Assert.Equal("Nora's workspace", membership.Workspace!.Name);
        Assert.Equal("Europe/Paris", membership.Workspace.TimeZoneId);
        Assert.Equal(TimeSpan.FromDays(Workspace.TrialDays), membership.Workspace.TrialEndsAt - membership.Workspace.CreatedAt);
        Assert.Equal(14, Workspace.TrialDays);
        Assert.Equal(membership.WorkspaceId, user.CurrentWorkspaceId);
    }

    [Fact]
    public async Task A_New_Person_Through_An_Invitation_Joins_The_Inviting_Workspace_And_Another_Google_Address_Is_Refused()
    {
        var (owner, workspace) = await app.CreateUserAsync(workspaceName: "Inviting Co");
        var account = GoogleAccount.Fresh("Ines Invited");
        var accept = await InviteAsync(owner.Id, account.Email.ToUpperInvariant(), WorkspaceRole.Editor);

        // Another Google address: refused, nothing created.
        var stranger = GoogleAccount.Fresh("Stranger");
        var strangerBrowser = app.CreateBrowserLikeClient();
        var strangerGoogle = new EmulatedGoogle(strangerBrowser);
        var refused = await strangerGoogle.ReturnAsync(await strangerGoogle.AnswerAsync(await strangerGoogle.StartAsync(accept, returnUrl: accept), stranger));
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("but Google signed you in as", System.Net.WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync()));
        using (var scope = app.Services.CreateScope())
            Assert.False(await scope.ServiceProvider.GetRequiredService<StudioDbContext>().Users.AnyAsync(u => u.Email == stranger.Email));

        var browser = app.CreateBrowserLikeClient();
        var google = new EmulatedGoogle(browser);
        var done = await google.ReturnAsync(await google.AnswerAsync(await google.StartAsync(accept, returnUrl: accept), account));

        Assert.Equal("/app", EmulatedGoogle.Target(done));
        var (user, _, membership) = await AccountOfAsync(account.Email);
        Assert.Equal(workspace.Id, membership!.WorkspaceId);
        Assert.Equal(WorkspaceRole.Editor, membership.Role);
        Assert.Equal(workspace.Id, user.CurrentWorkspaceId);
        using var check = app.Services.CreateScope();
        Assert.Equal(1, await check.ServiceProvider.GetRequiredService<StudioDbContext>().Memberships.IgnoreQueryFilters().CountAsync(m => m.UserId == user.Id));
    }

    [Fact]
    public async Task An_Existing_Account_Accepts_An_Invitation_Through_Google_After_Its_Password_Proves_It_And_Keeps_Its_Own_Workspace()
    {
        var (owner, inviting) = await app.CreateUserAsync(workspaceName: "Inviting Agency");
        var (member, own) = await app.CreateUserAsync(workspaceName: "Member's own");
        var accept = await InviteAsync(owner.Id, member.Email!, WorkspaceRole.Contributor);

        var browser = app.CreateBrowserLikeClient();
        var google = new EmulatedGoogle(browser);
        var asked = await google.ReturnAsync(await google.AnswerAsync(await google.StartAsync(accept, returnUrl: accept), new GoogleAccount(member.Email!, "Member")));

        // Google alone proves nothing about an existing account: the page asks for its password and nobody joins yet.
        Assert.Equal(HttpStatusCode.OK, asked.StatusCode);
        var askedHtml = await asked.Content.ReadAsStringAsync();
        Assert.Contains("You already have an account", askedHtml);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/app")).StatusCode);
        Assert.Equal([own.Id], await WorkspacesOfAsync(member.Id));

        var joined = await PostPasswordAsync(browser, asked.RequestMessage!.RequestUri!, askedHtml, StudioAppFactory.Password);

        Assert.Equal("/app", EmulatedGoogle.Target(joined));
        Assert.Equal(new[] { inviting.Id, own.Id }.Order(), (await WorkspacesOfAsync(member.Id)).Order());
        var (user, logins, _) = await AccountOfAsync(member.Email!);
        Assert.Equal(inviting.Id, user.CurrentWorkspaceId);
        Assert.Equal("Google", Assert.Single(logins).LoginProvider);
        using (var scope = app.Services.CreateScope())
        {
            var role = await scope.ServiceProvider.GetRequiredService<StudioDbContext>().Memberships.IgnoreQueryFilters()
                .Where(m => m.UserId == member.Id && m.WorkspaceId == inviting.Id).Select(m => m.Role).SingleAsync();
            Assert.Equal(WorkspaceRole.Contributor, role);
        }
        var dashboard = await browser.GetAsync("/app");
        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
        Assert.Contains("Inviting Agency", await dashboard.Content.ReadAsStringAsync());

        // Now that Google is linked, a later invitation is accepted by Google alone, without a password.
        var (thirdOwner, third) = await app.CreateUserAsync(workspaceName: "Third Studio");
        var secondAccept = await InviteAsync(thirdOwner.Id, member.Email!, WorkspaceRole.Viewer);
        var later = new EmulatedGoogle(app.CreateBrowserLikeClient());
        var direct = await later.ReturnAsync(await later.AnswerAsync(await later.StartAsync(secondAccept, returnUrl: secondAccept), new GoogleAccount(member.Email!, "Member")));

        Assert.Equal("/app", EmulatedGoogle.Target(direct));
        Assert.Equal(new[] { inviting.Id, own.Id, third.Id }.Order(), (await WorkspacesOfAsync(member.Id)).Order());
        Assert.Equal(third.Id, (await AccountOfAsync(member.Email!)).User.CurrentWorkspaceId);
    }

    [Fact]
    public async Task Signing_In_Again_With_The_Same_Google_Account_Opens_The_Same_Account()
    {
        var account = GoogleAccount.Fresh("Ravi Shah");
        await new EmulatedGoogle(app.CreateBrowserLikeClient()).SignInAsync(account);
        var (first, _, _) = await AccountOfAsync(account.Email);

        var again = app.CreateBrowserLikeClient();
        var done = await new EmulatedGoogle(again).SignInAsync(account);

        Assert.Equal("/app", EmulatedGoogle.Target(done));
        Assert.Equal(HttpStatusCode.OK, (await again.GetAsync("/app")).StatusCode);
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<StudioDbContext>();
        Assert.Equal(1, await db.Users.CountAsync(u => u.Email == account.Email));
        Assert.Equal(1, await db.Memberships.IgnoreQueryFilters().CountAsync(m => m.UserId == first.Id));
    }

    [Fact]
    public async Task An_Existing_Account_With_The_Same_Email_Is_Not_Signed_In_Or_Linked_Until_Its_Password_Proves_It()
    {
        var (owner, _) = await app.CreateUserAsync();
        var browser = app.CreateBrowserLikeClient();
        var google = new EmulatedGoogle(browser);

        var page = await google.SignInAsync(new GoogleAccount(owner.Email!, "Someone"));

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("You already have an account", html);
        Assert.Contains("we did not sign you in with Google", html);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/app")).StatusCode);
        Assert.Empty((await AccountOfAsync(owner.Email!)).Logins);

        // A wrong password links nothing.
        var wrong = await PostPasswordAsync(browser, page.RequestMessage!.RequestUri!, html, "Not-the-password1!");
        Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        var wrongHtml = await wrong.Content.ReadAsStringAsync();
        Assert.Contains("That password does not match the account", wrongHtml);
        Assert.Empty((await AccountOfAsync(owner.Email!)).Logins);

        var linked = await PostPasswordAsync(browser, page.RequestMessage!.RequestUri!, wrongHtml, StudioAppFactory.Password);

        Assert.Equal("/app", EmulatedGoogle.Target(linked));
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/app")).StatusCode);
        Assert.Equal("Google", Assert.Single((await AccountOfAsync(owner.Email!)).Logins).LoginProvider);

        // From now on Google alone signs the owner in.
        var later = app.CreateBrowserLikeClient();
        Assert.Equal("/app", EmulatedGoogle.Target(await new EmulatedGoogle(later).SignInAsync(new GoogleAccount(owner.Email!, "Someone"))));
    }

    [Fact]
    public async Task A_Verified_Google_Address_Of_An_Existing_Account_Gets_An_Emailed_Link_That_Adds_Google_Only_When_Confirmed()
    {
        var (owner, _) = await app.CreateUserAsync();
        var browser = app.CreateBrowserLikeClient();

        var page = await new EmulatedGoogle(browser).SignInAsync(new GoogleAccount(owner.Email!, "Someone"));

        Assert.Contains($"We sent a link to <strong>{owner.Email}</strong>", await page.Content.ReadAsStringAsync());
        var link = await LinkInOutboxAsync(browser, owner.Email!, "ConfirmLoginLink");
        // Opening the link (as a mail scanner would) changes nothing.
        var confirmPage = await browser.GetStringAsync(link);
        Assert.Empty((await AccountOfAsync(owner.Email!)).Logins);

        var confirmed = await browser.PostAsync(link, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "confirm-login-link",
            ["__RequestVerificationToken"] = StudioAppFactory.AntiforgeryFieldOf(confirmPage),
        }));

        Assert.Contains("Google sign-in was added to your account.", await confirmed.Content.ReadAsStringAsync());
        Assert.Equal("Google", Assert.Single((await AccountOfAsync(owner.Email!)).Logins).LoginProvider);
        // The link is spent: a second use adds nothing and says so.
        var again = await browser.PostAsync(link, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "confirm-login-link",
            ["__RequestVerificationToken"] = StudioAppFactory.AntiforgeryFieldOf(await browser.GetStringAsync(link)),
        }));
        Assert.Contains("This link is invalid, was already used, or has expired.", await again.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_Unverified_Google_Address_Of_An_Existing_Account_Is_Refused_Exactly_Like_A_New_One()
    {
        var (owner, _) = await app.CreateUserAsync();
        var browser = app.CreateBrowserLikeClient();

        var back = await new EmulatedGoogle(browser).SignInAsync(new GoogleAccount(owner.Email!, "Someone", EmailVerified: false));

        // The same answer as for an address nobody has: the page does not tell who has an account.
        Assert.Equal("/Account/Login?externalError=unverified", EmulatedGoogle.Target(back));
        Assert.DoesNotContain("ConfirmLoginLink", await OutboxOfAsync(browser, owner.Email!));
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/app")).StatusCode);
        Assert.Empty((await AccountOfAsync(owner.Email!)).Logins);
    }

    [Fact]
    public async Task Denied_Consent_Comes_Back_To_The_Sign_In_Page_With_A_Clear_Message_And_Creates_Nothing()
    {
        var browser = app.CreateBrowserLikeClient();
        var google = new EmulatedGoogle(browser);
        var account = GoogleAccount.Fresh();

        var callback = await google.AnswerAsync(await google.StartAsync(), account, allow: false);
        Assert.Equal("access_denied", EmulatedGoogle.ParameterOf(callback, "error"));
        var back = await google.ReturnAsync(callback);

        Assert.Equal("/Account/Login?externalError=denied", EmulatedGoogle.Target(back));
        Assert.Contains("You cancelled signing in with Google, so nothing was changed.", await browser.GetStringAsync(EmulatedGoogle.Target(back)));
        await AssertNoAccountAsync(account.Email);
    }

    [Fact]
    public async Task A_Replayed_Code_Is_Refused_By_Google_And_Signs_Nobody_In()
    {
        var first = new EmulatedGoogle(app.CreateBrowserLikeClient());
        var used = await first.AnswerAsync(await first.StartAsync(), GoogleAccount.Fresh());
        await first.ReturnAsync(used);

        // Another sign-in, whose answer carries the first (already redeemed) code instead of its own.
        var browser = app.CreateBrowserLikeClient();
        var google = new EmulatedGoogle(browser);
        var second = GoogleAccount.Fresh();
        var callback = await google.AnswerAsync(await google.StartAsync(), second);
        var back = await google.ReturnAsync(EmulatedGoogle.WithParameter(callback, "code", EmulatedGoogle.ParameterOf(used, "code")));

        Assert.Equal("/Account/Login?externalError=code", EmulatedGoogle.Target(back));
        Assert.Contains("its one-time code had already been used or had expired", await browser.GetStringAsync(EmulatedGoogle.Target(back)));
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/app")).StatusCode);
        await AssertNoAccountAsync(second.Email);
    }

    [Theory]
    [InlineData("tampered-state")]
    [InlineData("")]
    public async Task A_Wrong_Or_Missing_State_Is_Refused_With_A_Clear_Message_And_Creates_Nothing(string state)
    {
        var browser = app.CreateBrowserLikeClient();
        var google = new EmulatedGoogle(browser);
        var account = GoogleAccount.Fresh();
        var callback = await google.AnswerAsync(await google.StartAsync(), account);

        var back = await google.ReturnAsync(EmulatedGoogle.WithParameter(callback, "state", state));

        Assert.Equal("/Account/Login?externalError=state", EmulatedGoogle.Target(back));
        Assert.Contains("could not be matched to this browser", await browser.GetStringAsync(EmulatedGoogle.Target(back)));
        await AssertNoAccountAsync(account.Email);
    }

    [Fact]
    public async Task An_Unverified_Google_Address_Is_Refused_And_Creates_Nothing()
    {
        var browser = app.CreateBrowserLikeClient();
        var account = GoogleAccount.Fresh(emailVerified: false);

        var back = await new EmulatedGoogle(browser).SignInAsync(account);

        Assert.Equal("/Account/Login?externalError=unverified", EmulatedGoogle.Target(back));
        Assert.Contains("Google says the email address of that Google account is not verified, so we cannot use it", await browser.GetStringAsync(EmulatedGoogle.Target(back)));
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/app")).StatusCode);
        await AssertNoAccountAsync(account.Email);
    }

    [Fact]
    public async Task Removing_The_Last_Way_In_Is_Refused_With_The_Reason_And_Allowed_Once_A_Password_Is_Set()
    {
        var browser = app.CreateBrowserLikeClient();
        var account = GoogleAccount.Fresh();
        await new EmulatedGoogle(browser).SignInAsync(account);

        var refused = await RemoveGoogleAsync(browser);

        Assert.Contains(SignInMethods.LastWayIn, refused);
        Assert.Single((await AccountOfAsync(account.Email)).Logins);

        var setPassword = await browser.GetStringAsync("/Account/Manage/SetPassword");
        var set = await browser.PostAsync("/Account/Manage/SetPassword", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "set-password",
            ["__RequestVerificationToken"] = StudioAppFactory.AntiforgeryFieldOf(setPassword),
            ["Input.NewPassword"] = StudioAppFactory.Password,
            ["Input.ConfirmPassword"] = StudioAppFactory.Password,
        }));
        Assert.Equal(HttpStatusCode.Redirect, set.StatusCode);

        var removed = await RemoveGoogleAsync(browser);

        Assert.Contains("The sign-in method was removed.", removed);
        Assert.Empty((await AccountOfAsync(account.Email)).Logins);
        // The password now signs the person in.
        await app.SignInAsync(account.Email);
    }

    [Fact]
    public async Task The_Profile_Adds_Google_To_An_Account_That_Has_Only_A_Password()
    {
        var (owner, _) = await app.CreateUserAsync();
        var browser = await app.SignInAsync(owner.Email!);
        var methods = await browser.GetStringAsync("/Account/Manage/ExternalLogins");
        Assert.Contains("Add Google", methods);

        var start = await browser.PostAsync("/Account/Manage/LinkExternalLogin", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = StudioAppFactory.AntiforgeryFieldOf(methods),
            ["Provider"] = "Google",
        }));
        var google = new EmulatedGoogle(browser);
        var callback = await google.AnswerAsync(new Uri(browser.BaseAddress!, start.Headers.Location!), GoogleAccount.Fresh("Other Address"));
        var back = await browser.GetAsync(callback.PathAndQuery);
        var landed = await browser.GetAsync(EmulatedGoogle.Target(back));
        var done = await browser.GetStringAsync(EmulatedGoogle.Target(landed));

        Assert.Contains("Google sign-in was added", done);
        Assert.Equal("Google", Assert.Single((await AccountOfAsync(owner.Email!)).Logins).LoginProvider);
    }

    private static async Task<string> RemoveGoogleAsync(HttpClient browser)
    {
        var page = await browser.GetStringAsync("/Account/Manage/ExternalLogins");
        var form = EmulatedGoogle.Parse(page).QuerySelectorAll("form").Single(f => f.QuerySelector("input[name=LoginProvider][value=Google]") is not null);
        var response = await browser.PostAsync("/Account/Manage/ExternalLogins", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "remove-login-Google",
            ["__RequestVerificationToken"] = StudioAppFactory.AntiforgeryFieldOf(page),
            ["LoginProvider"] = "Google",
            ["ProviderKey"] = form.QuerySelector("input[name=ProviderKey]")!.GetAttribute("value")!,
        }));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return await browser.GetStringAsync("/Account/Manage/ExternalLogins");
    }

    private static async Task<HttpResponseMessage> PostPasswordAsync(HttpClient browser, Uri page, string html, string password) =>
        await browser.PostAsync(page.PathAndQuery, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "link-with-password",
            ["__RequestVerificationToken"] = StudioAppFactory.AntiforgeryFieldOf(html),
            ["Input.Password"] = password,
        }));

    /// <summary>The emails the development outbox holds for one address (the outbox is shared by the tests of this host).</summary>
    private static async Task<string> OutboxOfAsync(HttpClient browser, string email) =>
        string.Join("\n", EmulatedGoogle.Parse(await browser.GetStringAsync("/dev/outbox")).QuerySelectorAll("article")
            .Where(a => a.GetAttribute("aria-label")!.Contains(email)).Select(a => a.InnerHtml));

    private static async Task<string> LinkInOutboxAsync(HttpClient browser, string email, string path)
    {
        var outbox = EmulatedGoogle.Parse(await browser.GetStringAsync("/dev/outbox"));
        var href = outbox.QuerySelectorAll("article")
            .Where(a => a.GetAttribute("aria-label")!.Contains(email))
            .SelectMany(a => a.QuerySelectorAll("a"))
            .Select(a => a.GetAttribute("href")!)
            .Single(h => h.Contains(path));
        return new Uri(href).PathAndQuery;
    }

    private async Task<(ApplicationUser User, IList<UserLoginInfo> Logins, Membership? Membership)> AccountOfAsync(string email)
    {
        using var scope = app.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = await users.FindByEmailAsync(email) ?? throw new InvalidOperationException($"No account for {email}.");
        var membership = await scope.ServiceProvider.GetRequiredService<StudioDbContext>().Memberships.IgnoreQueryFilters()
            .Include(m => m.Workspace).AsNoTracking().FirstOrDefaultAsync(m => m.UserId == user.Id);
        return (user, await users.GetLoginsAsync(user), membership);
    }

    /// <summary>An invitation sent by a workspace's Owner through the real team service; returns its accept page's path.</summary>
    private async Task<string> InviteAsync(string ownerId, string email, WorkspaceRole role)
    {
        string token = "";
        var invited = await app.Services.AsUserAsync(ownerId, s => s.GetRequiredService<Web.Features.Team.TeamService>()
            .InviteAsync(email, role, t => "/invitations/accept?token=" + (token = t)));
        Assert.True(invited.Done, invited.Message);
        return Web.Features.Team.InvitationAcceptance.AcceptPath(token);
    }

    private async Task<List<Guid>> WorkspacesOfAsync(string userId)
    {
        using var scope = app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<StudioDbContext>().Memberships.IgnoreQueryFilters()
            .Where(m => m.UserId == userId).Select(m => m.WorkspaceId).ToListAsync();
    }

    private async Task AssertNoAccountAsync(string email)
    {
        using var scope = app.Services.CreateScope();
        Assert.False(await scope.ServiceProvider.GetRequiredService<StudioDbContext>().Users.AnyAsync(u => u.Email == email));
    }
}
