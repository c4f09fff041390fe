using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TikTokStudio.Tests.Infrastructure;
using TikTokStudio.Web.Data;
using TikTokStudio.Web.Features.Workspaces;

namespace TikTokStudio.Tests.Features.Workspaces;

public sealed class SignUpTests : IClassFixture<StudioAppFactoryFixture>
{
    private readonly StudioAppFactory app;

    public SignUpTests(StudioAppFactoryFixture fixture) => app = fixture.App;

    [Fact]
    public async Task Sign_Up_Creates_The_Workspace_With_A_Trial_And_The_User_As_Owner()
    {
        var email = $"new-{Guid.NewGuid():N}@example.com";
        var client = app.CreateBrowserLikeClient();

        var response = await SubmitSignUpAsync(client, email, "Rocket Agency", "Europe/Paris");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/Account/RegisterConfirmation", response.Headers.Location!.ToString());
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<StudioDbContext>();
        var user = await db.Users.SingleAsync(u => u.Email == email);
        var membership = await db.Memberships.IgnoreQueryFilters().Include(m => m.Workspace).SingleAsync(m => m.UserId == user.Id);
        Assert.Equal(WorkspaceRole.Owner, membership.Role);
        Assert.Equal("Rocket Agency", membership.Workspace!.Name);
        Assert.Equal("Europe/Paris", membership.Workspace.TimeZoneId);
        Assert.Equal(TimeSpan.FromDays(14), membership.Workspace.TrialEndsAt - membership.Workspace.CreatedAt);
        Assert.Equal(membership.WorkspaceId, user.CurrentWorkspaceId);
        Assert.False(user.EmailConfirmed);
    }

    [Fact]
    public async Task Confirmation_Email_Lands_In_The_Dev_Outbox_And_Its_Link_Confirms_And_Signs_In_In_Development()
    {
        var email = $"confirm-{Guid.NewGuid():N}@example.com";
        var client = app.CreateBrowserLikeClient();
        await SubmitSignUpAsync(client, email, "Confirm Co", "UTC");

        var outbox = await client.GetStringAsync("/dev/outbox");
        var link = ConfirmLinkFor(outbox, email);
        var confirmation = await client.GetAsync(link);

        Assert.Equal(HttpStatusCode.Redirect, confirmation.StatusCode);
        Assert.Equal("/app", new Uri(new Uri("http://localhost"), confirmation.Headers.Location!).AbsolutePath);
        var dashboard = await client.GetAsync("/app");
        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
        Assert.Contains("Confirm Co", await dashboard.Content.ReadAsStringAsync());
        using var scope = app.Services.CreateScope();
        Assert.True((await scope.ServiceProvider.GetRequiredService<StudioDbContext>().Users.SingleAsync(u => u.Email == email)).EmailConfirmed);
    }

    [Fact]
    public async Task Sign_Up_With_An_Unknown_Time_Zone_Is_Refused_And_Stores_Nothing()
    {
        var email = $"zone-{Guid.NewGuid():N}@example.com";
        var client = app.CreateBrowserLikeClient();

        var response = await SubmitSignUpAsync(client, email, "Nowhere", "Mars/Olympus");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Choose a time zone from the list.", await response.Content.ReadAsStringAsync());
        using var scope = app.Services.CreateScope();
        Assert.False(await scope.ServiceProvider.GetRequiredService<StudioDbContext>().Users.AnyAsync(u => u.Email == email));
    }

    [Fact]
    public async Task Sign_Up_Without_A_Workspace_Name_Is_Refused_And_Stores_Nothing()
    {
        var email = $"noname-{Guid.NewGuid():N}@example.com";
        var client = app.CreateBrowserLikeClient();

        var response = await SubmitSignUpAsync(client, email, "", "UTC");

        Assert.Contains("Give your workspace a name.", await response.Content.ReadAsStringAsync());
        using var scope = app.Services.CreateScope();
        Assert.False(await scope.ServiceProvider.GetRequiredService<StudioDbContext>().Users.AnyAsync(u => u.Email == email));
    }

    private static async Task<HttpResponseMessage> SubmitSignUpAsync(HttpClient client, string email, string workspaceName, string timeZoneId)
    {
        var form = await client.GetStringAsync("/Account/Register");
        return await client.PostAsync("/Account/Register", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "register",
            ["__RequestVerificationToken"] = StudioAppFactory.AntiforgeryFieldOf(form),
            ["Input.Email"] = email,
            ["Input.Password"] = StudioAppFactory.Password,
            ["Input.ConfirmPassword"] = StudioAppFactory.Password,
            ["Input.WorkspaceName"] = workspaceName,
            ["Input.TimeZoneId"] = timeZoneId,
        }));
    }

    private static string ConfirmLinkFor(string outboxHtml, string email)
    {
        var document = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(outboxHtml);
        var article = document.QuerySelectorAll("article").Single(a => a.GetAttribute("aria-label")!.Contains(email));
        var href = article.QuerySelectorAll("a").Select(a => a.GetAttribute("href")!).Single(h => h.Contains("ConfirmEmail"));
        return new Uri(href).PathAndQuery;
    }
}
