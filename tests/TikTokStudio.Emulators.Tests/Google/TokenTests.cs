using System.Net;

namespace TikTokStudio.Emulators.Tests.Google;

public sealed class TokenTests
{
    private const string Maya = "maya.fischer@example.com";

    [Fact]
    public async Task A_Code_With_Its_S256_Verifier_Is_Exchanged_For_Googles_Token_Answer()
    {
        await using var google = await GoogleEmulatorHost.StartAsync();
        var code = await google.CodeForAsync(Maya);

        var (status, json) = await google.TokenAsync(GoogleEmulatorHost.CodeGrant(code));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.StartsWith("ya29.", json.GetProperty("access_token").GetString());
        Assert.Equal(3599, json.GetProperty("expires_in").GetInt32());
        Assert.Equal("Bearer", json.GetProperty("token_type").GetString());
        Assert.Contains("openid", json.GetProperty("scope").GetString());
        Assert.Equal(3, json.GetProperty("id_token").GetString()!.Split('.').Length);
        Assert.False(json.TryGetProperty("refresh_token", out _));
    }

    [Fact]
    public async Task A_Wrong_Pkce_Verifier_Is_Invalid_Grant()
    {
        await using var google = await GoogleEmulatorHost.StartAsync();
        var code = await google.CodeForAsync(Maya);

        var (status, json) = await google.TokenAsync(GoogleEmulatorHost.CodeGrant(code, verifier: "another-verifier-of-sufficient-length-0123456789abcdef"));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("invalid_grant", json.GetProperty("error").GetString());
        Assert.Equal("Invalid code verifier.", json.GetProperty("error_description").GetString());
    }

    [Fact]
    public async Task A_Missing_Pkce_Verifier_Is_Invalid_Grant()
    {
        await using var google = await GoogleEmulatorHost.StartAsync();
        var code = await google.CodeForAsync(Maya);

        var (status, json) = await google.TokenAsync(GoogleEmulatorHost.CodeGrant(code, verifier: null));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("invalid_grant", json.GetProperty("error").GetString());
        Assert.Equal("Missing code verifier.", json.GetProperty("error_description").GetString());
    }

    [Fact]
    public async Task A_Plain_Challenge_Is_Checked_Against_The_Verifier_Itself()
    {
        await using var google = await GoogleEmulatorHost.StartAsync();
        var code = await google.CodeForAsync(Maya, authorizeUrl: GoogleEmulatorHost.AuthorizeUrl(challenge: GoogleEmulatorHost.Verifier, method: "plain"));

        var (status, _) = await google.TokenAsync(GoogleEmulatorHost.CodeGrant(code));

        Assert.Equal(HttpStatusCode.OK, status);
    }

    [Fact]
    public async Task A_Code_Works_Once()
    {
        await using var google = await GoogleEmulatorHost.StartAsync();
        var code = await google.CodeForAsync(Maya);
        var (first, _) = await google.TokenAsync(GoogleEmulatorHost.CodeGrant(code));

        var (second, json) = await google.TokenAsync(GoogleEmulatorHost.CodeGrant(code));

        Assert.Equal(HttpStatusCode.OK, first);
        Assert.Equal(HttpStatusCode.BadRequest, second);
        Assert.Equal("invalid_grant", json.GetProperty("error").GetString());
    }

    [Fact]
    public async Task A_Failed_Redemption_Also_Spends_The_Code()
    {
        await using var google = await GoogleEmulatorHost.StartAsync();
        var code = await google.CodeForAsync(Maya);
        await google.TokenAsync(GoogleEmulatorHost.CodeGrant(code, verifier: "wrong-verifier-wrong-verifier-wrong-verifier-0123"));

        var (status, json) = await google.TokenAsync(GoogleEmulatorHost.CodeGrant(code));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("invalid_grant", json.GetProperty("error").GetString());
    }

    [Fact]
    public async Task A_Code_Expires_After_Five_Minutes()
    {
        await using var google = await GoogleEmulatorHost.StartAsync();
        var fresh = await google.CodeForAsync(Maya);
        var stale = await google.CodeForAsync(Maya);
        await google.AdvanceClockAsync(299);
        var (inTime, _) = await google.TokenAsync(GoogleEmulatorHost.CodeGrant(fresh));

        await google.AdvanceClockAsync(2);
        var (late, json) = await google.TokenAsync(GoogleEmulatorHost.CodeGrant(stale));

        Assert.Equal(HttpStatusCode.OK, inTime);
        Assert.Equal(HttpStatusCode.BadRequest, late);
        Assert.Equal("invalid_grant", json.GetProperty("error").GetString());
    }

    [Fact]
    public async Task A_Different_Redirect_Uri_Than_Authorized_Is_Redirect_Uri_Mismatch()
    {
        await using var google = await GoogleEmulatorHost.StartAsync();
        var code = await google.CodeForAsync(Maya);

        var (status, json) = await google.TokenAsync(GoogleEmulatorHost.CodeGrant(code, redirectUri: "http://127.0.0.1:5999/elsewhere"));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("redirect_uri_mismatch", json.GetProperty("error").GetString());
        Assert.Equal("Bad Request", json.GetProperty("error_description").GetString());
    }

    [Fact]
    public async Task A_Wrong_Client_Secret_Or_Unknown_Client_Is_Invalid_Client_With_401()
    {
        await using var google = await GoogleEmulatorHost.StartAsync();
        var code = await google.CodeForAsync(Maya);

        var (wrongSecret, secretJson) = await google.TokenAsync(GoogleEmulatorHost.CodeGrant(code, secret: "not-the-secret"));
        var unknown = GoogleEmulatorHost.CodeGrant(code);
        unknown["client_id"] = "someone-else.apps.googleusercontent.com";
        var (unknownClient, clientJson) = await google.TokenAsync(unknown);

        Assert.Equal(HttpStatusCode.Unauthorized, wrongSecret);
        Assert.Equal("invalid_client", secretJson.GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, unknownClient);
        Assert.Equal("The OAuth client was not found.", clientJson.GetProperty("error_description").GetString());
    }

    [Fact]
    public async Task The_Client_May_Authenticate_With_Http_Basic_Instead_Of_Form_Fields()
    {
        await using var google = await GoogleEmulatorHost.StartAsync();
        var grant = GoogleEmulatorHost.CodeGrant(await google.CodeForAsync(Maya));
        grant.Remove("client_id");
        grant.Remove("client_secret");

        var (status, _) = await google.TokenAsync(grant, basicAuth: $"{GoogleEmulatorHost.ClientId}:{GoogleEmulatorHost.ClientSecret}");

        Assert.Equal(HttpStatusCode.OK, status);
    }

    [Theory]
    [InlineData("refresh_token", "unsupported_grant_type")]
    [InlineData("", "invalid_request")]
    public async Task Other_Grant_Types_Are_Refused_Like_Google(string grantType, string error)
    {
        await using var google = await GoogleEmulatorHost.StartAsync();
        var grant = GoogleEmulatorHost.CodeGrant("4/0-anything");
        grant["grant_type"] = grantType;

        var (status, json) = await google.TokenAsync(grant);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(error, json.GetProperty("error").GetString());
    }

    [Fact]
    public async Task A_Made_Up_Code_Is_A_Malformed_Auth_Code()
    {
        await using var google = await GoogleEmulatorHost.StartAsync();

        var (status, json) = await google.TokenAsync(GoogleEmulatorHost.CodeGrant("not-a-code"));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("invalid_grant", json.GetProperty("error").GetString());
        Assert.Equal("Malformed auth code.", json.GetProperty("error_description").GetString());
    }
}
