using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TikTokStudio.Tests.Infrastructure;
using TikTokStudio.Web.Data;
using TikTokStudio.Web.Email;

namespace TikTokStudio.Tests.Security;

/// <summary>The probes of the newcomer findings (issue 16, items 1, 2, 4 and 5), each now failing against the app.</summary>
public sealed class AccountSecurityTests
{
    [Fact]
    public async Task A_Password_Reset_Link_Uses_The_Configured_Public_Url_Not_The_Host_Header()
    {
        await using var app = new StudioAppFactory(settings: new() { ["App:PublicUrl"] = "https://studio.example.com" });
        var (user, _) = await app.CreateUserAsync();
        var client = app.CreateBrowserLikeClient();
        var form = await client.GetStringAsync("/Account/ForgotPassword");

        var request = new HttpRequestMessage(HttpMethod.Post, "/Account/ForgotPassword")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["_handler"] = "forgot-password",
                ["__RequestVerificationToken"] = StudioAppFactory.AntiforgeryFieldOf(form),
                ["Input.Email"] = user.Email!,
            }),
        };
        request.Headers.Host = "evil.example";
        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var email = await LatestEmailToAsync(app, user.Email!);
        Assert.Contains("https://studio.example.com/Account/ResetPassword?code=", email.HtmlBody);
        Assert.DoesNotContain("evil.example", email.HtmlBody);
    }

    [Fact]
    public async Task Outside_Development_The_App_Refuses_To_Start_Without_A_Public_Url()
    {
        await using var app = new StudioAppFactory(settings: new() { ["Emulators:Enabled"] = "false" }) { Environment = "Production" };

        var error = Assert.ThrowsAny<Exception>(() => app.CreateClient());

        Assert.Contains("App:PublicUrl is required outside Development", error.ToString());
    }

    [Theory]
    [InlineData("https://example.org/")]
    [InlineData("//evil.example")]
    [InlineData("/\\evil.example")]
    [InlineData("javascript:alert(1)")]
    public async Task A_Foreign_Return_Url_After_Sign_In_Goes_To_The_App_Instead_Of_Failing(string returnUrl)
    {
        await using var app = new StudioAppFactory();
        var (user, _) = await app.CreateUserAsync();
        var client = app.CreateBrowserLikeClient();
        var path = "/Account/Login?ReturnUrl=" + Uri.EscapeDataString(returnUrl);
        var form = await client.GetStringAsync(path);

        var response = await client.PostAsync(path, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login",
            ["__RequestVerificationToken"] = StudioAppFactory.AntiforgeryFieldOf(form),
            ["Input.Email"] = user.Email!,
            ["Input.Password"] = StudioAppFactory.Password,
        }));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/app", PathOf(response));
    }

    [Theory]
    [InlineData("//evil.example", "/app")]
    [InlineData("https://evil.example/", "/app")]
    [InlineData("app/posts", "/app/posts")]
    public async Task Signing_Out_With_Any_Return_Url_Signs_Out_And_Stays_On_The_Site(string returnUrl, string expected)
    {
        await using var app = new StudioAppFactory();
        var (user, _) = await app.CreateUserAsync();
        var client = await app.SignInAsync(user.Email!);
        var page = await client.GetStringAsync("/Account/Manage");

        var response = await client.PostAsync("/Account/Logout", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = StudioAppFactory.AntiforgeryFieldOf(page),
            ["ReturnUrl"] = returnUrl,
        }));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(expected, PathOf(response));
        var after = await client.GetAsync("/app");
        Assert.Contains("/Account/Login", after.Headers.Location!.ToString());
    }

    [Fact]
    public async Task A_Refused_Sign_Up_Never_Writes_The_Password_Back_Into_The_Page()
    {
        await using var app = new StudioAppFactory();
        var client = app.CreateBrowserLikeClient();
        var form = await client.GetStringAsync("/Account/Register");
        const string secret = "Unique-Secret-42!";

        var response = await client.PostAsync("/Account/Register", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "register",
            ["__RequestVerificationToken"] = StudioAppFactory.AntiforgeryFieldOf(form),
            ["Input.Email"] = "someone@example.com",
            ["Input.Password"] = secret,
            ["Input.ConfirmPassword"] = secret + "x",
            ["Input.WorkspaceName"] = "Echo",
            ["Input.TimeZoneId"] = "UTC",
        }));

        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("do not match", html);
        Assert.DoesNotContain(secret, html);
    }

    [Fact]
    public async Task Sign_Up_With_A_Taken_Email_Answers_Like_A_New_One_And_Tells_The_Owner_By_Email()
    {
        await using var app = new StudioAppFactory();
        var (owner, _) = await app.CreateUserAsync();
        var client = app.CreateBrowserLikeClient();
        var form = await client.GetStringAsync("/Account/Register");

        var response = await client.PostAsync("/Account/Register", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "register",
            ["__RequestVerificationToken"] = StudioAppFactory.AntiforgeryFieldOf(form),
            ["Input.Email"] = owner.Email!,
            ["Input.Password"] = StudioAppFactory.Password,
            ["Input.ConfirmPassword"] = StudioAppFactory.Password,
            ["Input.WorkspaceName"] = "Impostor",
            ["Input.TimeZoneId"] = "UTC",
        }));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/Account/RegisterConfirmation", response.Headers.Location!.ToString());
        var confirmation = await client.GetStringAsync(response.Headers.Location);
        Assert.DoesNotContain("already taken", confirmation);
        var email = await LatestEmailToAsync(app, owner.Email!);
        Assert.Equal("Someone tried to sign up with your address", email.Subject);
        using var scope = app.Services.CreateScope();
        Assert.Equal(1, await scope.ServiceProvider.GetRequiredService<StudioDbContext>().Workspaces.CountAsync());
    }

    [Fact]
    public async Task Repeated_Wrong_Passwords_Lock_Briefly_Email_The_Owner_And_A_New_Password_Unlocks()
    {
        await using var app = new StudioAppFactory();
        var (owner, _) = await app.CreateUserAsync();
        var client = app.CreateBrowserLikeClient();

        HttpResponseMessage last = default!;
        for (var i = 0; i < 5; i++) last = await PostLoginAsync(client, owner.Email!, "Wrong-password-1!");

        Assert.Contains("/Account/Lockout", last.Headers.Location!.ToString());
        var notice = await LatestEmailToAsync(app, owner.Email!);
        Assert.Equal("Your TikTok Studio sign-in is paused", notice.Subject);
        Assert.Contains("/Account/ResetPassword?code=", notice.HtmlBody);
        using (var scope = app.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            var user = await users.FindByEmailAsync(owner.Email!);
            Assert.True(await users.IsLockedOutAsync(user!));
            var end = await users.GetLockoutEndDateAsync(user!);
            Assert.True(end - DateTimeOffset.UtcNow <= TimeSpan.FromMinutes(5), "The lockout is short");
        }
        // The link in the email leads to the reset page; choosing a new password there lifts the lockout at once.
        var resetResponse = await ResetThroughPageAsync(app, client, owner.Email!);
        Assert.Contains("/Account/ResetPasswordConfirmation", resetResponse.Headers.Location!.ToString());
        var signIn = await PostLoginAsync(client, owner.Email!, "Another-pass-7!");
        Assert.Equal("/app", PathOf(signIn));
    }

    [Fact]
    public async Task Sign_In_Attempts_From_One_Address_Are_Throttled_With_429()
    {
        await using var app = new StudioAppFactory(settings: new() { ["Security:AccountPostsPerMinute"] = "3" });
        var client = app.CreateBrowserLikeClient();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++) statuses.Add((await PostLoginAsync(client, "nobody@example.com", "Whatever-1!")).StatusCode);

        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
        Assert.DoesNotContain(HttpStatusCode.TooManyRequests, statuses.Take(3));
    }

    /// <summary>Where a redirect leads on this site (absolute redirects to this host count as local).</summary>
    private static string PathOf(HttpResponseMessage redirect)
    {
        var location = redirect.Headers.Location!;
        if (!location.IsAbsoluteUri) return location.OriginalString;
        Assert.Equal("localhost", location.Host);
        return location.PathAndQuery;
    }

    private static async Task<HttpResponseMessage> PostLoginAsync(HttpClient client, string email, string password)
    {
        var form = await client.GetStringAsync("/Account/Login");
        return await client.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login",
            ["__RequestVerificationToken"] = StudioAppFactory.AntiforgeryFieldOf(form),
            ["Input.Email"] = email,
            ["Input.Password"] = password,
        }));
    }

    private static async Task<HttpResponseMessage> ResetThroughPageAsync(StudioAppFactory app, HttpClient client, string email)
    {
        string code;
        using (var scope = app.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            var user = await users.FindByEmailAsync(email);
            Assert.True(await users.IsLockedOutAsync(user!));
            code = Microsoft.AspNetCore.WebUtilities.WebEncoders.Base64UrlEncode(System.Text.Encoding.UTF8.GetBytes(await users.GeneratePasswordResetTokenAsync(user!)));
        }
        var path = "/Account/ResetPassword?code=" + code;
        var form = await client.GetStringAsync(path);
        return await client.PostAsync(path, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "reset-password",
            ["__RequestVerificationToken"] = StudioAppFactory.AntiforgeryFieldOf(form),
            ["Input.Email"] = email,
            ["Input.Password"] = "Another-pass-7!",
            ["Input.ConfirmPassword"] = "Another-pass-7!",
            ["Input.Code"] = code,
        }));
    }

    private static async Task<OutboxEmail> LatestEmailToAsync(StudioAppFactory app, string to)
    {
        using var scope = app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<StudioDbContext>().OutboxEmails
            .Where(e => e.To == to).OrderByDescending(e => e.CreatedAt).ThenByDescending(e => e.Id).FirstAsync();
    }
}
