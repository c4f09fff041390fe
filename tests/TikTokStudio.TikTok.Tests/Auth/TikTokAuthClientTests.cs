using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using TikTokStudio.TikTok.Auth;
using TikTokStudio.TikTok.Errors;
using TikTokStudio.TikTok.Tests.TestSupport;

namespace TikTokStudio.TikTok.Tests.Auth;

public class TikTokAuthClientTests
{
    // RFC 7636 Appendix B.
    private const string RfcVerifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    private const string RfcBase64UrlChallenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

    private const string TokenJson = """
        {"access_token":"act.new","expires_in":86400,"open_id":"afd97af1-b87b-48b9-ac98-410aghda5344",
         "refresh_expires_in":31536000,"refresh_token":"rft.new","scope":"user.info.basic,video.publish","token_type":"Bearer","extra":1}
        """;

    [Fact]
    public void Challenge_Is_Lowercase_Hex_Sha256_Of_The_Verifier()
    {
        // Arrange
        var hash = SHA256.HashData(Encoding.ASCII.GetBytes(RfcVerifier));
        var expected = Convert.ToHexStringLower(hash);

        // Act
        var challenge = TikTokPkce.ComputeChallenge(RfcVerifier);

        // Assert: the same digest RFC 7636 encodes as base64url, but hex as TikTok wants.
        Assert.Equal(RfcBase64UrlChallenge, WebEncoders.Base64UrlEncode(hash));
        Assert.Equal(expected, challenge);
        Assert.Equal(64, challenge.Length);
        Assert.Matches("^[0-9a-f]{64}$", challenge);
    }

    [Fact]
    public void Verifiers_Are_Long_Random_And_Unreserved()
    {
        // Act
        var a = TikTokPkce.CreateVerifier();
        var b = TikTokPkce.CreateVerifier();
        var longest = TikTokPkce.CreateVerifier(128);

        // Assert
        Assert.NotEqual(a, b);
        Assert.InRange(a.Length, 43, 128);
        Assert.Equal(128, longest.Length);
        Assert.Matches("^[A-Za-z0-9._~-]+$", a);
        Assert.Throws<ArgumentOutOfRangeException>(() => TikTokPkce.CreateVerifier(42));
        Assert.Throws<ArgumentOutOfRangeException>(() => TikTokPkce.CreateVerifier(129));
    }

    [Fact]
    public void Authorize_Url_Carries_Every_Parameter()
    {
        // Arrange
        var client = Clients.Auth(FakeHttpHandler.Always(HttpStatusCode.OK, "{}"));

        // Act
        var url = client.BuildAuthorizeUrl(new TikTokAuthorizeRequest
        {
            Scopes = [TikTokScopes.UserInfoBasic, TikTokScopes.VideoPublish, TikTokScopes.VideoUpload],
            RedirectUri = "https://studio.example.com/connections/tiktok/callback",
            State = "st ate&1",
            CodeVerifier = RfcVerifier,
        });

        // Assert
        Assert.Equal("http://127.0.0.1:5000/emulators/tiktok/v2/auth/authorize/", url.GetLeftPart(UriPartial.Path));
        var query = QueryHelpers.ParseQuery(url.Query);
        Assert.Equal("awkey123", query["client_key"]);
        Assert.Equal("user.info.basic,video.publish,video.upload", query["scope"]);
        Assert.Equal("code", query["response_type"]);
        Assert.Equal("https://studio.example.com/connections/tiktok/callback", query["redirect_uri"]);
        Assert.Equal("st ate&1", query["state"]);
        Assert.Equal(TikTokPkce.ComputeChallenge(RfcVerifier), query["code_challenge"]);
        Assert.Equal("S256", query["code_challenge_method"]);
        Assert.False(query.ContainsKey("client_secret"));
        Assert.False(query.ContainsKey("disable_auto_auth"));
    }

    [Fact]
    public async Task Code_Exchange_Posts_The_Documented_Form()
    {
        // Arrange
        var handler = FakeHttpHandler.Always(HttpStatusCode.OK, TokenJson);
        var client = Clients.Auth(handler);

        // Act
        var token = await client.ExchangeCodeAsync("code*with/special+chars", "https://studio.example.com/cb", RfcVerifier);

        // Assert
        var request = Assert.Single(handler.Requests);
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal("http://127.0.0.1:5000/emulators/tiktok/v2/oauth/token/", request.Uri.ToString());
        Assert.Equal("application/x-www-form-urlencoded", request.ContentType);
        var form = QueryHelpers.ParseQuery(request.BodyText);
        Assert.Equal("awkey123", form["client_key"]);
        Assert.Equal("s3cr3t", form["client_secret"]);
        Assert.Equal("code*with/special+chars", form["code"]);
        Assert.Equal("authorization_code", form["grant_type"]);
        Assert.Equal("https://studio.example.com/cb", form["redirect_uri"]);
        Assert.Equal(RfcVerifier, form["code_verifier"]);
        Assert.Equal("act.new", token.AccessToken);
        Assert.Equal("rft.new", token.RefreshToken);
        Assert.Equal(86400, token.ExpiresIn);
        Assert.Equal(31536000, token.RefreshExpiresIn);
        Assert.Equal("afd97af1-b87b-48b9-ac98-410aghda5344", token.OpenId);
        Assert.Equal([TikTokScopes.UserInfoBasic, TikTokScopes.VideoPublish], token.GrantedScopes);
        Assert.DoesNotContain("act.new", token.ToString());
        Assert.DoesNotContain("rft.new", token.ToString());
    }

    [Fact]
    public async Task Refresh_Returns_The_Rotated_Refresh_Token()
    {
        // Arrange
        var handler = FakeHttpHandler.Always(HttpStatusCode.OK, TokenJson);
        var client = Clients.Auth(handler);

        // Act
        var token = await client.RefreshAsync("rft.old");

        // Assert
        var form = QueryHelpers.ParseQuery(Assert.Single(handler.Requests).BodyText);
        Assert.Equal("refresh_token", form["grant_type"]);
        Assert.Equal("rft.old", form["refresh_token"]);
        Assert.Equal("awkey123", form["client_key"]);
        Assert.Equal("s3cr3t", form["client_secret"]);
        Assert.Equal("rft.new", token.RefreshToken);
    }

    [Fact]
    public async Task Revoke_Posts_The_Token_And_Accepts_An_Empty_Body()
    {
        // Arrange
        var handler = new FakeHttpHandler((_, _) => new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent([]) });
        var client = Clients.Auth(handler);

        // Act
        await client.RevokeAsync("act.abc");

        // Assert
        var request = Assert.Single(handler.Requests);
        Assert.Equal("http://127.0.0.1:5000/emulators/tiktok/v2/oauth/revoke/", request.Uri.ToString());
        Assert.Equal("application/x-www-form-urlencoded", request.ContentType);
        var form = QueryHelpers.ParseQuery(request.BodyText);
        Assert.Equal("act.abc", form["token"]);
        Assert.Equal("awkey123", form["client_key"]);
        Assert.Equal("s3cr3t", form["client_secret"]);
    }

    [Theory]
    [InlineData(HttpStatusCode.OK)]
    [InlineData(HttpStatusCode.BadRequest)]
    public async Task OAuth_Error_Is_Detected_By_The_Error_Key_Whatever_The_Status(HttpStatusCode status)
    {
        // Arrange
        var handler = FakeHttpHandler.Always(status,
            """{"error":"invalid_grant","error_description":"Refresh token is invalid or expired.","log_id":"20230101ABC"}""");
        var client = Clients.Auth(handler);

        // Act
        var ex = await Assert.ThrowsAsync<TikTokApiException>(() => client.RefreshAsync("rft.old"));

        // Assert
        Assert.Equal("invalid_grant", ex.Code);
        Assert.Equal(TikTokErrorSource.OAuth, ex.ErrorSource);
        Assert.Equal(TikTokErrorClass.NeedsReauth, ex.Classification);
        Assert.Equal((int)status, ex.HttpStatus);
        Assert.Equal("20230101ABC", ex.LogId);
        Assert.Equal("Refresh token is invalid or expired.", ex.TikTokMessage);
        Assert.DoesNotContain("rft.old", ex.Message);
    }

    [Fact]
    public async Task OAuth_Server_Errors_Are_Transient()
    {
        // Arrange
        var client = Clients.Auth(FakeHttpHandler.Always(HttpStatusCode.OK, """{"error":"temporarily_unavailable","error_description":"later"}"""));

        // Act
        var ex = await Assert.ThrowsAsync<TikTokApiException>(() => client.ExchangeCodeAsync("c", "https://x/cb", RfcVerifier));

        // Assert
        Assert.Equal(TikTokErrorClass.Transient, ex.Classification);
    }

    [Fact]
    public async Task A_5xx_Without_Json_Is_Transient()
    {
        // Arrange
        var handler = new FakeHttpHandler((_, _) => new HttpResponseMessage(HttpStatusCode.BadGateway) { Content = new StringContent("<html>bad gateway</html>") });
        var client = Clients.Auth(handler);

        // Act
        var ex = await Assert.ThrowsAsync<TikTokApiException>(() => client.RefreshAsync("rft.old"));

        // Assert
        Assert.Equal(502, ex.HttpStatus);
        Assert.Equal(TikTokErrorClass.Transient, ex.Classification);
    }
}
