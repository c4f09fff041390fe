using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;

namespace TikTokStudio.Emulators.Tests.Google;

public sealed class UserInfoTests
{
    private static async Task<(HttpStatusCode Status, JsonElement Json, HttpResponseMessage Response)> UserInfoAsync(GoogleEmulatorHost google, string? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "oauth2/v3/userinfo");
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var response = await google.Http.SendAsync(request);
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone(), response);
    }

    [Fact]
    public async Task Userinfo_Answers_With_The_OpenId_Fields_Of_The_Chosen_Person()
    {
        await using var google = await GoogleEmulatorHost.StartAsync();
        var token = await google.AccessTokenForAsync("maya.fischer@example.com");

        var (status, json, _) = await UserInfoAsync(google, token);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Matches("^1[0-9]{20}$", json.GetProperty("sub").GetString());
        Assert.Equal("maya.fischer@example.com", json.GetProperty("email").GetString());
        Assert.Equal(JsonValueKind.True, json.GetProperty("email_verified").ValueKind);
        Assert.Equal("Maya Fischer", json.GetProperty("name").GetString());
        Assert.Equal("Maya", json.GetProperty("given_name").GetString());
        Assert.Equal("Fischer", json.GetProperty("family_name").GetString());
        using var picture = await google.Http.GetAsync(json.GetProperty("picture").GetString());
        Assert.Equal("image/svg+xml", picture.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task Another_Account_Keeps_Its_Address_And_A_Stable_Sub_And_Can_Be_Unverified()
    {
        await using var google = await GoogleEmulatorHost.StartAsync();
        var first = await google.AccessTokenForAsync("Someone.New@example.net", otherVerified: false, otherName: "Kim Park");
        var second = await google.AccessTokenForAsync("someone.new@example.net", otherVerified: false);

        var (_, one, _) = await UserInfoAsync(google, first);
        var (_, two, _) = await UserInfoAsync(google, second);

        Assert.Equal("Someone.New@example.net", one.GetProperty("email").GetString());
        Assert.Equal(JsonValueKind.False, one.GetProperty("email_verified").ValueKind);
        Assert.Equal("Kim Park", one.GetProperty("name").GetString());
        Assert.Equal(one.GetProperty("sub").GetString(), two.GetProperty("sub").GetString());
        Assert.Equal("someone.new", two.GetProperty("name").GetString());
    }

    [Fact]
    public async Task Only_The_Granted_Scopes_Fields_Are_Shared()
    {
        await using var google = await GoogleEmulatorHost.StartAsync();
        var code = await google.CodeForAsync("sam.okafor@example.com", authorizeUrl: GoogleEmulatorHost.AuthorizeUrl(scope: "openid email"));
        var (_, tokens) = await google.TokenAsync(GoogleEmulatorHost.CodeGrant(code));

        var (_, json, _) = await UserInfoAsync(google, tokens.GetProperty("access_token").GetString());

        Assert.True(json.TryGetProperty("email", out _));
        Assert.False(json.TryGetProperty("name", out _));
        Assert.False(json.TryGetProperty("picture", out _));
    }

    [Fact]
    public async Task A_Missing_Wrong_Or_Expired_Token_Gets_401_Invalid_Credentials()
    {
        await using var google = await GoogleEmulatorHost.StartAsync();
        var token = await google.AccessTokenForAsync("maya.fischer@example.com");

        var (missing, missingJson, response) = await UserInfoAsync(google, null);
        var (wrong, _, _) = await UserInfoAsync(google, "ya29.made-up");
        await google.AdvanceClockAsync(3600);
        var (expired, _, _) = await UserInfoAsync(google, token);

        Assert.Equal(HttpStatusCode.Unauthorized, missing);
        Assert.Equal("invalid_request", missingJson.GetProperty("error").GetString());
        Assert.Equal("Invalid Credentials", missingJson.GetProperty("error_description").GetString());
        Assert.StartsWith("Bearer", response.Headers.WwwAuthenticate.ToString());
        Assert.Equal(HttpStatusCode.Unauthorized, wrong);
        Assert.Equal(HttpStatusCode.Unauthorized, expired);
    }

    [Fact]
    public async Task The_Id_Token_Is_Signed_With_The_Published_Key_And_Names_The_Same_Person()
    {
        await using var google = await GoogleEmulatorHost.StartAsync();
        var code = await google.CodeForAsync("maya.fischer@example.com");
        var (_, tokens) = await google.TokenAsync(GoogleEmulatorHost.CodeGrant(code));
        var parts = tokens.GetProperty("id_token").GetString()!.Split('.');
        var discovery = await google.Http.GetFromJsonAsync<JsonElement>(".well-known/openid-configuration");
        var keys = await google.Http.GetFromJsonAsync<JsonElement>(discovery.GetProperty("jwks_uri").GetString());

        var key = keys.GetProperty("keys")[0];
        using var rsa = RSA.Create(new RSAParameters
        {
            Modulus = WebEncoders.Base64UrlDecode(key.GetProperty("n").GetString()!),
            Exponent = WebEncoders.Base64UrlDecode(key.GetProperty("e").GetString()!),
        });
        Assert.True(rsa.VerifyData(Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), WebEncoders.Base64UrlDecode(parts[2]),
            HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
        var header = JsonDocument.Parse(WebEncoders.Base64UrlDecode(parts[0])).RootElement;
        var claims = JsonDocument.Parse(WebEncoders.Base64UrlDecode(parts[1])).RootElement;
        Assert.Equal(key.GetProperty("kid").GetString(), header.GetProperty("kid").GetString());
        Assert.Equal(discovery.GetProperty("issuer").GetString(), claims.GetProperty("iss").GetString());
        Assert.Equal(GoogleEmulatorHost.ClientId, claims.GetProperty("aud").GetString());
        Assert.Equal("maya.fischer@example.com", claims.GetProperty("email").GetString());
        var (_, userinfo, _) = await UserInfoAsync(google, tokens.GetProperty("access_token").GetString());
        Assert.Equal(userinfo.GetProperty("sub").GetString(), claims.GetProperty("sub").GetString());
        Assert.True(claims.GetProperty("exp").GetInt64() > claims.GetProperty("iat").GetInt64());
    }
}
