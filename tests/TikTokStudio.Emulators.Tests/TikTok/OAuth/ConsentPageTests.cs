using System.Net;
using System.Web;

namespace TikTokStudio.Emulators.Tests.TikTok.OAuth;

public sealed class ConsentPageTests
{
    private const string Challenge = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    public static string AuthorizeQuery(string scope = "user.info.basic,video.list,video.publish", string redirectUri = EmulatorHost.RedirectUri,
        string clientKey = EmulatorHost.ClientKey, string? challenge = Challenge) =>
        $"v2/auth/authorize/?client_key={clientKey}&response_type=code&scope={Uri.EscapeDataString(scope)}" +
        $"&redirect_uri={Uri.EscapeDataString(redirectUri)}&state=xyz%20123" +
        (challenge is null ? "" : $"&code_challenge={challenge}&code_challenge_method=S256");

    public static FormUrlEncodedContent ConsentForm(string creator, string scope, IEnumerable<string> checkedScopes, string? challenge = Challenge)
    {
        var fields = new List<KeyValuePair<string, string>>
        {
            new("client_key", EmulatorHost.ClientKey), new("redirect_uri", EmulatorHost.RedirectUri), new("response_type", "code"),
            new("scope", scope), new("state", "xyz 123"), new("creator", creator),
        };
        if (challenge is not null)
        {
            fields.Add(new("code_challenge", challenge));
            fields.Add(new("code_challenge_method", "S256"));
        }
        fields.AddRange(checkedScopes.Select(s => new KeyValuePair<string, string>("granted_scope", s)));
        return new FormUrlEncodedContent(fields);
    }

    [Fact]
    public async Task Consent_Page_Shows_The_App_Scopes_And_One_Button_Per_Creator()
    {
        await using var emulator = await EmulatorHost.StartAsync();

        var html = await emulator.Http.GetStringAsync(AuthorizeQuery());

        Assert.Contains("TikTok Studio (sandbox)", html);
        Assert.Contains(">Authorize as @public_creator</button>", html);
        Assert.Contains(">Authorize as @short_creator</button>", html);
        Assert.Contains("name=\"granted_scope\" value=\"video.publish\" checked", html);
        Assert.DoesNotContain("name=\"granted_scope\" value=\"user.info.basic\"", html);
        Assert.Contains(">Deny</button>", html);
        Assert.Contains("<label for=\"scope-video-list\">", html);
    }

    [Fact]
    public async Task Submitting_Consent_Redirects_With_Code_Granted_Scopes_And_State()
    {
        await using var emulator = await EmulatorHost.StartAsync();
        const string scope = "user.info.basic,video.list,video.publish";

        // The creator unticks video.list.
        using var response = await emulator.Http.PostAsync("v2/auth/authorize/", ConsentForm("public_creator", scope, ["video.publish"]));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!;
        Assert.StartsWith(EmulatorHost.RedirectUri + "?", location.ToString());
        var query = HttpUtility.ParseQueryString(location.Query);
        Assert.StartsWith("code.", query["code"]);
        Assert.Equal("user.info.basic,video.publish", query["scopes"]);
        Assert.Equal("xyz 123", query["state"]);
    }

    [Fact]
    public async Task Deny_Redirects_With_Access_Denied_And_State()
    {
        await using var emulator = await EmulatorHost.StartAsync();
        var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["client_key"] = EmulatorHost.ClientKey, ["redirect_uri"] = EmulatorHost.RedirectUri, ["response_type"] = "code",
            ["scope"] = "user.info.basic", ["state"] = "s1", ["code_challenge"] = Challenge, ["code_challenge_method"] = "S256", ["deny"] = "1",
        });

        using var response = await emulator.Http.PostAsync("v2/auth/authorize/", form);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var query = HttpUtility.ParseQueryString(response.Headers.Location!.Query);
        Assert.Equal("access_denied", query["error"]);
        Assert.False(string.IsNullOrEmpty(query["error_description"]));
        Assert.Equal("s1", query["state"]);
        Assert.Null(query["code"]);
    }

    [Theory]
    [InlineData("https://evil.example.com/callback", EmulatorHost.ClientKey, "user.info.basic")]
    [InlineData(EmulatorHost.RedirectUri, "unknown-key", "user.info.basic")]
    [InlineData(EmulatorHost.RedirectUri, EmulatorHost.ClientKey, "user.info.basic,video.delete")]
    [InlineData(EmulatorHost.RedirectUri, EmulatorHost.ClientKey, "")]
    public async Task Invalid_Authorize_Requests_Get_An_Error_Page_Not_A_Redirect(string redirectUri, string clientKey, string scope)
    {
        await using var emulator = await EmulatorHost.StartAsync();

        using var response = await emulator.Http.GetAsync(AuthorizeQuery(scope, redirectUri, clientKey));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
        Assert.Contains("role=\"alert\"", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Configured_Redirect_Uri_On_Another_Host_Is_Accepted()
    {
        await using var emulator = await EmulatorHost.StartAsync(new Dictionary<string, string?>
        {
            ["Emulators:TikTok:RedirectUris:0"] = "https://studio.example.com/connections/tiktok/callback",
        });

        using var response = await emulator.Http.GetAsync(AuthorizeQuery(redirectUri: "https://studio.example.com/connections/tiktok/callback"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Missing_Code_Challenge_Is_Refused_When_Pkce_Is_Required()
    {
        await using var emulator = await EmulatorHost.StartAsync(new Dictionary<string, string?> { ["Emulators:TikTok:Pkce"] = "Required" });

        using var response = await emulator.Http.GetAsync(AuthorizeQuery(challenge: null));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("code_challenge", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Upload_Only_Creator_Grants_Only_Basic_And_Upload_Whatever_Is_Requested()
    {
        await using var emulator = await EmulatorHost.StartAsync();
        const string scope = "user.info.basic,video.publish,video.upload,user.info.stats";

        using var response = await emulator.Http.PostAsync("v2/auth/authorize/",
            ConsentForm("upload_only_creator", scope, ["video.publish", "video.upload", "user.info.stats"]));

        var query = HttpUtility.ParseQueryString(response.Headers.Location!.Query);
        Assert.Equal("user.info.basic,video.upload", query["scopes"]);
    }
}
