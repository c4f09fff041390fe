using System.Net;
using Microsoft.AspNetCore.WebUtilities;
using TikTokStudio.Tests.Infrastructure;

namespace TikTokStudio.Tests.Account.Google;

/// <summary>Which Google the button leads to: real Google with keys, the emulator without them, none when neither.</summary>
public sealed class GoogleSignInConfigurationTests
{
    [Fact]
    public async Task With_Client_Keys_The_Button_Leads_To_Real_Google_With_Pkce_And_The_Sign_In_Scopes()
    {
        using var app = new StudioAppFactory(settings: new()
        {
            ["Google:ClientId"] = "1234-real.apps.googleusercontent.com",
            ["Google:ClientSecret"] = "real-secret",
        });
        var browser = app.CreateBrowserLikeClient();
        var login = await browser.GetAsync("/Account/Login");
        var html = await login.Content.ReadAsStringAsync();
        Assert.Contains("Continue with Google", html);
        Assert.DoesNotContain("Google is emulated here", html);
        // The sign-in form may lead to Google's page (a redirect after a form post obeys form-action).
        var formAction = login.Headers.GetValues("Content-Security-Policy").Single().Split("; ").Single(d => d.StartsWith("form-action ", StringComparison.Ordinal));
        Assert.Contains(" https://accounts.google.com", formAction);

        var challenge = await new EmulatedGoogle(browser).StartAsync(timeZone: null);

        Assert.Equal("https://accounts.google.com/o/oauth2/v2/auth", challenge.GetLeftPart(UriPartial.Path));
        var query = QueryHelpers.ParseQuery(challenge.Query);
        Assert.Equal("1234-real.apps.googleusercontent.com", query["client_id"].ToString());
        Assert.Equal("code", query["response_type"].ToString());
        Assert.Equal("openid email profile", query["scope"].ToString());
        Assert.Equal("S256", query["code_challenge_method"].ToString());
        Assert.Matches("^[A-Za-z0-9_-]{43}$", query["code_challenge"].ToString());
        Assert.EndsWith("/signin-google", query["redirect_uri"].ToString());
        Assert.False(string.IsNullOrEmpty(query["state"].ToString()));
    }

    [Fact]
    public async Task Without_Keys_And_With_Emulators_The_Button_Leads_To_The_Mounted_Emulator_On_The_Browsers_Own_Host()
    {
        using var app = new StudioAppFactory(realServer: true);
        var browser = app.CreateBrowserLikeClient();
        Assert.Contains("Google is emulated here", await browser.GetStringAsync("/Account/Login"));

        var challenge = await new EmulatedGoogle(browser).StartAsync();

        Assert.Equal(app.ServerAddress!.Authority, challenge.Authority);
        Assert.Equal("/emulators/google/o/oauth2/v2/auth", challenge.AbsolutePath);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync(challenge)).StatusCode);
    }

    [Fact]
    public async Task Without_Keys_Or_Emulators_There_Is_No_Google_Button_At_All()
    {
        using var app = new StudioAppFactory(settings: new() { ["Emulators:Enabled"] = "false" });
        var browser = app.CreateBrowserLikeClient();

        foreach (var page in new[] { "/Account/Login", "/Account/Register" })
        {
            var html = await browser.GetStringAsync(page);
            Assert.DoesNotContain("Continue with", html);
            Assert.DoesNotContain("PerformExternalLogin", html);
        }
    }

    [Fact]
    public void A_Client_Id_Without_Its_Secret_Stops_The_App_With_A_Clear_Message()
    {
        using var app = new StudioAppFactory(settings: new() { ["Google:ClientId"] = "1234-real.apps.googleusercontent.com" });

        var failure = Assert.Throws<InvalidOperationException>(() => app.CreateClient());

        Assert.Contains("Google:ClientSecret is missing", failure.Message);
    }
}
