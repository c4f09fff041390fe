using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Web;

namespace TikTokStudio.Emulators.Tests.TikTok.OAuth;

public sealed class TokenTests
{
    private const string Verifier = "a-long-random-code-verifier-0123456789-abcdefghijklmnop";
    private static readonly string HexChallenge = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Verifier)));

    private static async Task<string> AuthorizeAsync(EmulatorHost emulator, string? challenge, string creator = "public_creator")
    {
        const string scope = "user.info.basic,video.publish,video.upload";
        using var response = await emulator.Http.PostAsync("v2/auth/authorize/",
            ConsentPageTests.ConsentForm(creator, scope, ["video.publish", "video.upload"], challenge));
        return HttpUtility.ParseQueryString(response.Headers.Location!.Query)["code"]!;
    }

    private static async Task<(HttpStatusCode Status, JsonElement Json)> FormAsync(EmulatorHost emulator, string path, Dictionary<string, string> fields)
    {
        using var response = await emulator.Http.PostAsync(path, new FormUrlEncodedContent(fields));
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    private static Dictionary<string, string> CodeGrant(string code, string verifier) => new()
    {
        ["client_key"] = EmulatorHost.ClientKey, ["client_secret"] = EmulatorHost.ClientSecret, ["code"] = code,
        ["grant_type"] = "authorization_code", ["redirect_uri"] = EmulatorHost.RedirectUri, ["code_verifier"] = verifier,
    };

    private static Dictionary<string, string> RefreshGrant(string refreshToken) => new()
    {
        ["client_key"] = EmulatorHost.ClientKey, ["client_secret"] = EmulatorHost.ClientSecret,
        ["grant_type"] = "refresh_token", ["refresh_token"] = refreshToken,
    };

    [Fact]
    public async Task Code_Exchange_With_Hex_Pkce_Verifier_Returns_Flat_Token_Json()
    {
        await using var emulator = await EmulatorHost.StartAsync();
        var code = await AuthorizeAsync(emulator, HexChallenge);

        var (status, json) = await FormAsync(emulator, "v2/oauth/token/", CodeGrant(code, Verifier));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.StartsWith("act.", json.GetProperty("access_token").GetString());
        Assert.StartsWith("rft.", json.GetProperty("refresh_token").GetString());
        Assert.Equal(86400, json.GetProperty("expires_in").GetInt64());
        Assert.Equal(31536000, json.GetProperty("refresh_expires_in").GetInt64());
        Assert.Equal("user.info.basic,video.publish,video.upload", json.GetProperty("scope").GetString());
        Assert.Equal("Bearer", json.GetProperty("token_type").GetString());
        Assert.True(Guid.TryParse(json.GetProperty("open_id").GetString(), out _));
        Assert.False(json.TryGetProperty("data", out _));
    }

    [Fact]
    public async Task Wrong_Verifier_Or_Base64Url_Challenge_Fails_The_Exchange()
    {
        await using var emulator = await EmulatorHost.StartAsync();
        var code = await AuthorizeAsync(emulator, HexChallenge);
        // RFC 7636 style (base64url) is not what TikTok checks.
        var base64UrlChallenge = Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(Verifier))).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var otherCode = await AuthorizeAsync(emulator, base64UrlChallenge);

        var (status, wrong) = await FormAsync(emulator, "v2/oauth/token/", CodeGrant(code, "not-the-verifier"));
        var (_, base64) = await FormAsync(emulator, "v2/oauth/token/", CodeGrant(otherCode, Verifier));

        Assert.Equal(HttpStatusCode.OK, status); // TikTok answers OAuth errors with 200
        Assert.Equal("invalid_grant", wrong.GetProperty("error").GetString());
        Assert.False(string.IsNullOrEmpty(wrong.GetProperty("log_id").GetString()));
        Assert.Equal("invalid_grant", base64.GetProperty("error").GetString());
    }

    [Fact]
    public async Task A_Code_Cannot_Be_Used_Twice()
    {
        await using var emulator = await EmulatorHost.StartAsync();
        var code = await AuthorizeAsync(emulator, HexChallenge);

        var (_, first) = await FormAsync(emulator, "v2/oauth/token/", CodeGrant(code, Verifier));
        var (_, second) = await FormAsync(emulator, "v2/oauth/token/", CodeGrant(code, Verifier));

        Assert.True(first.TryGetProperty("access_token", out _));
        Assert.Equal("invalid_grant", second.GetProperty("error").GetString());
    }

    [Fact]
    public async Task A_Code_Expires_After_Ten_Minutes()
    {
        await using var emulator = await EmulatorHost.StartAsync();
        var code = await AuthorizeAsync(emulator, HexChallenge);
        await emulator.AdvanceClockAsync(601);

        var (_, json) = await FormAsync(emulator, "v2/oauth/token/", CodeGrant(code, Verifier));

        Assert.Equal("invalid_grant", json.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Wrong_Client_Secret_Is_Invalid_Client()
    {
        await using var emulator = await EmulatorHost.StartAsync();
        var code = await AuthorizeAsync(emulator, HexChallenge);
        var fields = CodeGrant(code, Verifier);
        fields["client_secret"] = "nope";

        var (_, json) = await FormAsync(emulator, "v2/oauth/token/", fields);

        Assert.Equal("invalid_client", json.GetProperty("error").GetString());
    }

    [Fact]
    public async Task OAuth_Error_Status_Is_Configurable()
    {
        await using var emulator = await EmulatorHost.StartAsync(new Dictionary<string, string?> { ["Emulators:TikTok:OAuthErrorStatusCode"] = "400" });

        var (status, json) = await FormAsync(emulator, "v2/oauth/token/", RefreshGrant("rft.unknown"));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("invalid_grant", json.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Refresh_Rotates_The_Refresh_Token_And_The_Old_One_Stops_Working()
    {
        await using var emulator = await EmulatorHost.StartAsync();
        var issued = await emulator.IssueTokenAsync("public_creator");
        var oldRefresh = issued.GetProperty("refresh_token").GetString()!;

        var (_, refreshed) = await FormAsync(emulator, "v2/oauth/token/", RefreshGrant(oldRefresh));
        var (_, reused) = await FormAsync(emulator, "v2/oauth/token/", RefreshGrant(oldRefresh));
        var newRefresh = refreshed.GetProperty("refresh_token").GetString()!;
        var (_, again) = await FormAsync(emulator, "v2/oauth/token/", RefreshGrant(newRefresh));

        Assert.NotEqual(oldRefresh, newRefresh);
        Assert.NotEqual(issued.GetProperty("access_token").GetString(), refreshed.GetProperty("access_token").GetString());
        Assert.Equal("invalid_grant", reused.GetProperty("error").GetString());
        Assert.True(again.TryGetProperty("access_token", out _));
    }

    [Fact]
    public async Task A_Held_Refresh_Rotates_At_Once_And_Answers_Only_When_The_Hold_Ends()
    {
        await using var emulator = await EmulatorHost.StartAsync();
        var issued = await emulator.IssueTokenAsync("public_creator");
        var oldRefresh = issued.GetProperty("refresh_token").GetString()!;
        await emulator.ControlAsync("faults", new { hold_next_refresh_ms = 1500 });

        var held = FormAsync(emulator, "v2/oauth/token/", RefreshGrant(oldRefresh));
        var log = await WaitForRefreshAsync(emulator, "public_creator");
        // TikTok already rotated while the answer is held: a client that dies now is left with a dead refresh token.
        Assert.False(held.IsCompleted, "the answer is still held");
        var (_, reused) = await FormAsync(emulator, "v2/oauth/token/", RefreshGrant(oldRefresh));
        var (_, answer) = await held;
        var (_, next) = await FormAsync(emulator, "v2/oauth/token/", RefreshGrant(answer.GetProperty("refresh_token").GetString()!));

        Assert.Equal("ok", log.GetProperty("outcome").GetString());
        Assert.Equal(1500, log.GetProperty("held_ms").GetInt32());
        Assert.Equal("invalid_grant", reused.GetProperty("error").GetString());
        Assert.NotEqual(oldRefresh, answer.GetProperty("refresh_token").GetString());
        Assert.True(next.TryGetProperty("access_token", out _), "only the next refresh would be held, and the rotated token works");
        var outcomes = (await emulator.Http.GetFromJsonAsync<JsonElement[]>("_emulator/refreshes"))!.Select(r => (r.GetProperty("outcome").GetString(), r.GetProperty("held_ms").GetInt32()));
        Assert.Equal([("ok", 1500), ("invalid_grant", 0), ("ok", 0)], outcomes);
    }

    private static async Task<JsonElement> WaitForRefreshAsync(EmulatorHost emulator, string creator)
    {
        for (var i = 0; i < 200; i++)
        {
            var refreshes = await emulator.Http.GetFromJsonAsync<JsonElement[]>("_emulator/refreshes");
            if (refreshes!.FirstOrDefault(r => r.GetProperty("creator").GetString() == creator) is { ValueKind: JsonValueKind.Object } found) return found;
            await Task.Delay(5);
        }
        throw new TimeoutException("The emulator never recorded the refresh.");
    }

    [Fact]
    public async Task Revoke_Kills_Access_And_Refresh_Tokens()
    {
        await using var emulator = await EmulatorHost.StartAsync();
        var issued = await emulator.IssueTokenAsync("public_creator");
        var access = issued.GetProperty("access_token").GetString()!;

        var (status, body) = await FormAsync(emulator, "v2/oauth/revoke/", new Dictionary<string, string>
        {
            ["client_key"] = EmulatorHost.ClientKey, ["client_secret"] = EmulatorHost.ClientSecret, ["token"] = access,
        });
        var info = await emulator.PostAsync("v2/post/publish/creator_info/query/", access, null);
        var (_, refresh) = await FormAsync(emulator, "v2/oauth/token/", RefreshGrant(issued.GetProperty("refresh_token").GetString()!));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(JsonValueKind.Undefined, body.ValueKind); // empty body
        Assert.Equal(HttpStatusCode.Unauthorized, info.Status);
        Assert.Equal("access_token_invalid", info.ErrorCode);
        Assert.Equal("invalid_grant", refresh.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Access_Token_Expires_After_A_Day_Of_Emulated_Time()
    {
        await using var emulator = await EmulatorHost.StartAsync();
        var access = await emulator.AccessTokenAsync("public_creator");
        var before = await emulator.PostAsync("v2/post/publish/creator_info/query/", access, null);

        await emulator.AdvanceClockAsync(86_401);
        var after = await emulator.PostAsync("v2/post/publish/creator_info/query/", access, null);

        Assert.Equal(HttpStatusCode.OK, before.Status);
        Assert.Equal(HttpStatusCode.Unauthorized, after.Status);
        Assert.Equal("access_token_invalid", after.ErrorCode);
    }

    [Fact]
    public async Task Token_Endpoint_Accepts_Only_Form_Bodies()
    {
        await using var emulator = await EmulatorHost.StartAsync();

        var reply = await emulator.PostAsync("v2/oauth/token/", null, new { client_key = EmulatorHost.ClientKey, grant_type = "refresh_token" });

        Assert.Equal("invalid_request", reply.Body.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Optional_Pkce_Accepts_A_Flow_Without_Challenge_Even_With_A_Stray_Verifier()
    {
        await using var emulator = await EmulatorHost.StartAsync(new Dictionary<string, string?> { ["Emulators:TikTok:Pkce"] = "Optional" });
        using var page = await emulator.Http.GetAsync(ConsentPageTests.AuthorizeQuery(challenge: null));
        var code = await AuthorizeAsync(emulator, challenge: null);

        // Postiz sends its state as code_verifier without ever sending a challenge.
        var (_, json) = await FormAsync(emulator, "v2/oauth/token/", CodeGrant(code, "the-state-value"));

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.StartsWith("act.", json.GetProperty("access_token").GetString());
    }

    /// <summary>A third-party web client that sends no PKCE at all, on the emulator's defaults, as TikTok accepts it.</summary>
    [Fact]
    public async Task On_The_Defaults_A_Client_Without_Code_Challenge_Connects()
    {
        await using var emulator = await EmulatorHost.StartAsync();
        using var page = await emulator.Http.GetAsync(ConsentPageTests.AuthorizeQuery(challenge: null));
        var code = await AuthorizeAsync(emulator, challenge: null);

        var fields = CodeGrant(code, "unused");
        fields.Remove("code_verifier");
        var (status, json) = await FormAsync(emulator, "v2/oauth/token/", fields);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.StartsWith("act.", json.GetProperty("access_token").GetString());
    }

    /// <summary>Optional PKCE still binds a code to the challenge that was sent with it.</summary>
    [Fact]
    public async Task On_The_Defaults_A_Sent_Challenge_Is_Verified_And_A_Wrong_Verifier_Is_Refused()
    {
        await using var emulator = await EmulatorHost.StartAsync();
        var wrongCode = await AuthorizeAsync(emulator, HexChallenge);
        var missingCode = await AuthorizeAsync(emulator, HexChallenge);
        var rightCode = await AuthorizeAsync(emulator, HexChallenge);

        var (_, wrong) = await FormAsync(emulator, "v2/oauth/token/", CodeGrant(wrongCode, "not-the-verifier"));
        var missingFields = CodeGrant(missingCode, "unused");
        missingFields.Remove("code_verifier");
        var (_, missing) = await FormAsync(emulator, "v2/oauth/token/", missingFields);
        var (_, right) = await FormAsync(emulator, "v2/oauth/token/", CodeGrant(rightCode, Verifier));

        Assert.Equal("invalid_grant", wrong.GetProperty("error").GetString());
        Assert.False(wrong.TryGetProperty("access_token", out _));
        Assert.Equal("invalid_request", missing.GetProperty("error").GetString());
        Assert.StartsWith("act.", right.GetProperty("access_token").GetString());
    }
}
