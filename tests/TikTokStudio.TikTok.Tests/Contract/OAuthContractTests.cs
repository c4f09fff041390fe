using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Microsoft.Extensions.DependencyInjection;
using TikTokStudio.TikTok.Auth;
using TikTokStudio.TikTok.Errors;

namespace TikTokStudio.TikTok.Tests.Contract;

/// <summary>Login Kit v2: the client's authorize URL, code exchange, refresh, revoke and expiry against the emulator.</summary>
public sealed partial class OAuthContractTests
{
    private static readonly string[] AllScopes =
    [
        TikTokScopes.UserInfoBasic, TikTokScopes.UserInfoProfile, TikTokScopes.UserInfoStats,
        TikTokScopes.VideoList, TikTokScopes.VideoPublish, TikTokScopes.VideoUpload,
    ];

    private static TikTokAuthorizeRequest Request(string verifier, string state = "state-123") => new()
    {
        Scopes = AllScopes,
        RedirectUri = ContractHost.RedirectUri,
        State = state,
        CodeVerifier = verifier,
    };

    [GeneratedRegex("^[0-9a-f]{64}$")]
    private static partial Regex LowerHexSha256();

    [Fact]
    public async Task Authorize_Url_Built_By_The_Client_Is_Accepted_By_The_Consent_Page_With_A_Hex_Pkce_Challenge()
    {
        // Arrange
        await using var host = await ContractHost.StartAsync();
        var verifier = TikTokPkce.CreateVerifier();
        var url = host.Auth.BuildAuthorizeUrl(Request(verifier));

        // Act
        var page = await ConsentBrowser.OpenAsync(host.Browser, url);

        // Assert: the page echoes every parameter into its form, the challenge being hex SHA-256 of the verifier.
        string Hidden(string name) => page.QuerySelector<IHtmlInputElement>($"input[type=hidden][name={name}]")!.Value;
        Assert.Equal(ContractHost.ClientKey, Hidden("client_key"));
        Assert.Equal(ContractHost.RedirectUri, Hidden("redirect_uri"));
        Assert.Equal("code", Hidden("response_type"));
        Assert.Equal(string.Join(',', AllScopes), Hidden("scope"));
        Assert.Equal("state-123", Hidden("state"));
        Assert.Equal("S256", Hidden("code_challenge_method"));
        Assert.Matches(LowerHexSha256(), Hidden("code_challenge"));
        Assert.Equal(TikTokPkce.ComputeChallenge(verifier), Hidden("code_challenge"));
        Assert.Contains(page.QuerySelectorAll<IHtmlButtonElement>("button"), b => b.TextContent.Trim() == "Authorize as @public_creator");
    }

    [Fact]
    public async Task Consent_Then_Code_Exchange_Gives_Tokens_For_Exactly_The_Scopes_The_Creator_Left_Ticked()
    {
        // Arrange
        await using var host = await ContractHost.StartAsync();
        var verifier = TikTokPkce.CreateVerifier();
        var consent = await ConsentBrowser.AuthorizeAsAsync(host.Browser, host.Auth.BuildAuthorizeUrl(Request(verifier, "s t/ä")),
            "public_creator", untick: [TikTokScopes.VideoList]);
        var creators = await host.Control.GetFromJsonAsync<JsonElement[]>("creators");
        var openId = creators!.Single(c => c.GetProperty("username").GetString() == "public_creator").GetProperty("open_id").GetString();

        // Act
        var token = await host.Auth.ExchangeCodeAsync(consent.Code!, ContractHost.RedirectUri, verifier);

        // Assert
        Assert.StartsWith(ContractHost.RedirectUri + "?", consent.Location.ToString());
        Assert.Equal("s t/ä", consent.State);
        Assert.StartsWith("act.", token.AccessToken);
        Assert.StartsWith("rft.", token.RefreshToken);
        Assert.Equal(86_400, token.ExpiresIn);
        Assert.Equal(31_536_000, token.RefreshExpiresIn);
        Assert.Equal("Bearer", token.TokenType);
        Assert.Equal(openId, token.OpenId);
        Assert.Equal(consent.Scopes, token.Scope);
        Assert.DoesNotContain(TikTokScopes.VideoList, token.GrantedScopes);
        Assert.Equal(AllScopes.Where(s => s != TikTokScopes.VideoList), token.GrantedScopes);
    }

    [Theory]
    [InlineData(200)] // as TikTok was seen answering
    [InlineData(400)]
    public async Task Code_Exchange_With_Another_Verifier_Is_Refused_As_Invalid_Grant_Whatever_The_Http_Status(int oauthErrorStatus)
    {
        // Arrange
        await using var host = await ContractHost.StartAsync(emulatorSettings: new Dictionary<string, string?>
        {
            ["Emulators:TikTok:OAuthErrorStatusCode"] = oauthErrorStatus.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        var verifier = TikTokPkce.CreateVerifier();
        var consent = await ConsentBrowser.AuthorizeAsAsync(host.Browser, host.Auth.BuildAuthorizeUrl(Request(verifier)), "public_creator");

        // Act
        var error = await Assert.ThrowsAsync<TikTokApiException>(() =>
            host.Auth.ExchangeCodeAsync(consent.Code!, ContractHost.RedirectUri, TikTokPkce.CreateVerifier()));

        // Assert
        Assert.Equal("invalid_grant", error.Code);
        Assert.Equal(TikTokErrorSource.OAuth, error.ErrorSource);
        Assert.Equal(TikTokErrorClass.NeedsReauth, error.Classification);
        Assert.Equal(oauthErrorStatus, error.HttpStatus);
        Assert.False(string.IsNullOrEmpty(error.LogId));
    }

    [Fact]
    public async Task Code_Exchange_With_Another_Redirect_Uri_Is_Refused_As_Invalid_Grant()
    {
        // Arrange
        await using var host = await ContractHost.StartAsync();
        var verifier = TikTokPkce.CreateVerifier();
        var consent = await ConsentBrowser.AuthorizeAsAsync(host.Browser, host.Auth.BuildAuthorizeUrl(Request(verifier)), "public_creator");

        // Act
        var error = await Assert.ThrowsAsync<TikTokApiException>(() =>
            host.Auth.ExchangeCodeAsync(consent.Code!, "http://127.0.0.1:5999/other-callback", verifier));

        // Assert
        Assert.Equal("invalid_grant", error.Code);
        Assert.Equal(TikTokErrorClass.NeedsReauth, error.Classification);
    }

    [Fact]
    public async Task A_Code_Is_Single_Use()
    {
        // Arrange
        await using var host = await ContractHost.StartAsync();
        var verifier = TikTokPkce.CreateVerifier();
        var consent = await ConsentBrowser.AuthorizeAsAsync(host.Browser, host.Auth.BuildAuthorizeUrl(Request(verifier)), "public_creator");
        await host.Auth.ExchangeCodeAsync(consent.Code!, ContractHost.RedirectUri, verifier);

        // Act
        var error = await Assert.ThrowsAsync<TikTokApiException>(() => host.Auth.ExchangeCodeAsync(consent.Code!, ContractHost.RedirectUri, verifier));

        // Assert
        Assert.Equal("invalid_grant", error.Code);
        Assert.Equal(TikTokErrorClass.NeedsReauth, error.Classification);
    }

    [Fact]
    public async Task Refresh_Rotates_The_Refresh_Token_And_The_Old_One_Is_Then_Refused()
    {
        // Arrange
        await using var host = await ContractHost.StartAsync();
        var issued = await host.IssueTokenAsync("public_creator");

        // Act
        var refreshed = await host.Auth.RefreshAsync(issued.RefreshToken);
        var reuse = await Assert.ThrowsAsync<TikTokApiException>(() => host.Auth.RefreshAsync(issued.RefreshToken));
        var again = await host.Auth.RefreshAsync(refreshed.RefreshToken);
        var info = await host.Posting.QueryCreatorInfoAsync(again.AccessToken);

        // Assert
        Assert.NotEqual(issued.RefreshToken, refreshed.RefreshToken);
        Assert.NotEqual(issued.AccessToken, refreshed.AccessToken);
        Assert.Equal(issued.OpenId, refreshed.OpenId);
        Assert.Equal(issued.Scope, refreshed.Scope);
        Assert.Equal(86_400, refreshed.ExpiresIn);
        Assert.Equal("invalid_grant", reuse.Code);
        Assert.Equal(TikTokErrorClass.NeedsReauth, reuse.Classification);
        Assert.Equal("public_creator", info.CreatorUsername);
    }

    [Fact]
    public async Task After_Revoke_Calls_Get_401_Access_Token_Invalid_Classified_NeedsReauth_And_Refresh_Is_Refused()
    {
        // Arrange
        await using var host = await ContractHost.StartAsync();
        var issued = await host.IssueTokenAsync("public_creator");
        await host.Posting.QueryCreatorInfoAsync(issued.AccessToken);

        // Act
        await host.Auth.RevokeAsync(issued.AccessToken);
        var call = await Assert.ThrowsAsync<TikTokApiException>(() => host.Posting.QueryCreatorInfoAsync(issued.AccessToken));
        var refresh = await Assert.ThrowsAsync<TikTokApiException>(() => host.Auth.RefreshAsync(issued.RefreshToken));

        // Assert
        Assert.Equal("access_token_invalid", call.Code);
        Assert.Equal(401, call.HttpStatus);
        Assert.Equal(TikTokErrorClass.NeedsReauth, call.Classification);
        Assert.Equal("invalid_grant", refresh.Code);
        Assert.Equal(TikTokErrorClass.NeedsReauth, refresh.Classification);
    }

    [Fact]
    public async Task Access_Token_Expires_After_24_Hours_And_A_Refresh_Restores_Access()
    {
        // Arrange
        await using var host = await ContractHost.StartAsync();
        var issued = await host.IssueTokenAsync("public_creator");
        await host.AdvanceClockAsync(TimeSpan.FromHours(24) + TimeSpan.FromSeconds(1));

        // Act
        var expired = await Assert.ThrowsAsync<TikTokApiException>(() => host.Posting.QueryCreatorInfoAsync(issued.AccessToken));
        var refreshed = await host.Auth.RefreshAsync(issued.RefreshToken);
        var info = await host.Posting.QueryCreatorInfoAsync(refreshed.AccessToken);

        // Assert
        Assert.Equal("access_token_invalid", expired.Code);
        Assert.Equal(401, expired.HttpStatus);
        Assert.Equal(TikTokErrorClass.NeedsReauth, expired.Classification);
        Assert.Equal("public_creator", info.CreatorUsername);
    }

    [Fact]
    public async Task The_Refresh_Window_Counts_From_The_First_Grant_And_Ends_After_365_Days()
    {
        // Arrange
        await using var host = await ContractHost.StartAsync();
        var issued = await host.IssueTokenAsync("public_creator");
        await host.AdvanceClockAsync(TimeSpan.FromDays(100));

        // Act
        var refreshed = await host.Auth.RefreshAsync(issued.RefreshToken);
        await host.AdvanceClockAsync(TimeSpan.FromDays(265) + TimeSpan.FromSeconds(1));
        var error = await Assert.ThrowsAsync<TikTokApiException>(() => host.Auth.RefreshAsync(refreshed.RefreshToken));

        // Assert
        Assert.InRange(refreshed.RefreshExpiresIn, (long)TimeSpan.FromDays(265).TotalSeconds - 5, (long)TimeSpan.FromDays(265).TotalSeconds);
        Assert.Equal(86_400, refreshed.ExpiresIn);
        Assert.Equal("invalid_grant", error.Code);
        Assert.Equal(TikTokErrorClass.NeedsReauth, error.Classification);
    }

    [Fact]
    public async Task A_Wrong_Client_Secret_Is_Refused_As_Invalid_Client_Classified_Permanent()
    {
        // Arrange
        await using var host = await ContractHost.StartAsync();
        var issued = await host.IssueTokenAsync("public_creator");
        var wrong = host.CreateClientServices(o => o.ClientSecret = "not-the-secret");
        var auth = wrong.GetRequiredService<TikTokAuthClient>();

        // Act
        var error = await Assert.ThrowsAsync<TikTokApiException>(() => auth.RefreshAsync(issued.RefreshToken));

        // Assert
        Assert.Equal("invalid_client", error.Code);
        Assert.Equal(TikTokErrorClass.Permanent, error.Classification);
    }
}
