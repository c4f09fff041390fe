using System.Net;
using Microsoft.AspNetCore.WebUtilities;

namespace TikTokStudio.Emulators.Tests.Google;

public sealed class AuthorizationTests
{
    [Fact]
    public async Task The_Chooser_Lists_The_Emulated_People_And_Another_Account_With_Labelled_Fields()
    {
        await using var google = await GoogleEmulatorHost.StartAsync();

        var page = await google.HtmlAsync(GoogleEmulatorHost.AuthorizeUrl());

        Assert.Equal("Choose an account", page.QuerySelector("h1")!.TextContent);
        var accounts = page.QuerySelectorAll("button[name=account]").Select(b => b.TextContent).ToList();
        Assert.Contains(accounts, a => a.Contains("maya.fischer@example.com"));
        Assert.Contains(accounts, a => a.Contains("lea.martin@example.org") && a.Contains("email not verified"));
        foreach (var input in page.QuerySelectorAll("input:not([type=hidden])"))
        {
            Assert.NotNull(page.QuerySelector($"label[for='{input.Id}']"));
        }
        Assert.Equal(2, page.QuerySelectorAll("input[name=other_email_verified]").Length);
    }

    [Fact]
    public async Task Allow_Redirects_With_State_Code_And_The_Granted_Scopes()
    {
        await using var google = await GoogleEmulatorHost.StartAsync();

        var redirect = await google.AuthorizeAsync("maya.fischer@example.com");

        Assert.Equal(GoogleEmulatorHost.RedirectUri, redirect.GetLeftPart(UriPartial.Path));
        var query = QueryHelpers.ParseQuery(redirect.Query);
        Assert.Equal("state-123", query["state"].ToString());
        Assert.StartsWith("4/0", query["code"].ToString());
        Assert.Equal("openid https://www.googleapis.com/auth/userinfo.email https://www.googleapis.com/auth/userinfo.profile", query["scope"].ToString());
        Assert.StartsWith("?state=", redirect.Query);
    }

    [Fact]
    public async Task Cancel_Redirects_With_Access_Denied_And_The_State()
    {
        await using var google = await GoogleEmulatorHost.StartAsync();

        var redirect = await google.AuthorizeAsync("maya.fischer@example.com", allow: false);

        var query = QueryHelpers.ParseQuery(redirect.Query);
        Assert.Equal("access_denied", query["error"].ToString());
        Assert.Equal("state-123", query["state"].ToString());
        Assert.False(query.ContainsKey("code"));
    }

    [Theory]
    [InlineData("https://evil.example/signin-google", 400, "redirect_uri_mismatch")]
    [InlineData("http://127.0.0.1:5999/cb#fragment", 400, "redirect_uri_mismatch")]
    public async Task An_Unregistered_Redirect_Uri_Gets_Googles_Error_Page_And_Never_A_Redirect(string redirectUri, int status, string error)
    {
        await using var google = await GoogleEmulatorHost.StartAsync();

        using var response = await google.Http.GetAsync(GoogleEmulatorHost.AuthorizeUrl(redirectUri: redirectUri));

        Assert.Equal((HttpStatusCode)status, response.StatusCode);
        Assert.Null(response.Headers.Location);
        Assert.Contains($"Error {status}: {error}", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_Configured_Redirect_Uri_On_Another_Host_Is_Accepted()
    {
        await using var google = await GoogleEmulatorHost.StartAsync(new Dictionary<string, string?>
        {
            ["Emulators:Google:RedirectUris:0"] = "https://studio.example.com/signin-google",
        });

        var redirect = await google.AuthorizeAsync("sam.okafor@example.com",
            authorizeUrl: GoogleEmulatorHost.AuthorizeUrl(redirectUri: "https://studio.example.com/signin-google"));

        Assert.Equal("https://studio.example.com/signin-google", redirect.GetLeftPart(UriPartial.Path));
    }

    [Fact]
    public async Task An_Unknown_Client_Gets_Invalid_Client()
    {
        await using var google = await GoogleEmulatorHost.StartAsync();

        using var response = await google.Http.GetAsync(GoogleEmulatorHost.AuthorizeUrl(clientId: "someone-else.apps.googleusercontent.com"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("Error 401: invalid_client", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Without_A_Code_Challenge_The_Request_Is_Refused_Unless_Pkce_Is_Made_Optional()
    {
        await using var strict = await GoogleEmulatorHost.StartAsync();
        var withoutPkce = GoogleEmulatorHost.AuthorizeUrl().Replace("code_challenge=", "x_challenge=").Replace("code_challenge_method=", "x_method=");

        using var refused = await strict.Http.GetAsync(withoutPkce);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("Missing required parameter: code_challenge", await refused.Content.ReadAsStringAsync());

        await using var lenient = await GoogleEmulatorHost.StartAsync(new Dictionary<string, string?> { ["Emulators:Google:RequirePkce"] = "false" });
        using var shown = await lenient.Http.GetAsync(withoutPkce);
        Assert.Equal(HttpStatusCode.OK, shown.StatusCode);
    }

    [Fact]
    public async Task Another_Account_Needs_A_Valid_Email_Address()
    {
        await using var google = await GoogleEmulatorHost.StartAsync();
        var chooser = await google.HtmlAsync(GoogleEmulatorHost.AuthorizeUrl());
        var form = chooser.QuerySelector("input[name=other_email]")!.Closest("form")!;
        var fields = form.QuerySelectorAll("input[type=hidden]").Select(i => new KeyValuePair<string, string>(i.GetAttribute("name")!, i.GetAttribute("value")!))
            .Append(new("account", "other")).Append(new("other_email", "not an address"));

        using var response = await google.Http.PostAsync("o/oauth2/v2/auth", new FormUrlEncodedContent(fields));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Enter a valid email address", await response.Content.ReadAsStringAsync());
    }
}
