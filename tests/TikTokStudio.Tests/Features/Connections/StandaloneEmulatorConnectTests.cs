using System.Net;
using TikTokStudio.Tests.Features.Posts.Publish;
using TikTokStudio.Tests.Infrastructure;
using TikTokStudio.Web.Features.Connections;

namespace TikTokStudio.Tests.Features.Connections;

/// <summary>
/// TikTok emulated by a separate process (TikTok:EmulatorBaseUrl, as the benchmarks and crash tests run it) and no
/// emulator mounted in the app: Connect TikTok must send the browser to that process, not to a path on the app's host.
/// </summary>
public sealed class StandaloneEmulatorConnectTests
{
    [Fact]
    public async Task Connecting_Through_A_Standalone_Emulator_Sends_The_Browser_To_Its_Consent_Page_And_Connects()
    {
        await using var emulator = await StandaloneEmulator.StartAsync();
        using var app = new StudioAppFactory(realServer: true, settings: new Dictionary<string, string>
        {
            ["Emulators:Enabled"] = "false",
            ["TikTok:EmulatorBaseUrl"] = emulator.TikTokBaseUrl,
        });
        var (client, workspace) = await app.SignedInOwnerAsync();
        var page = await client.GetStringAsync("/app/connections");

        var start = await client.PostAsync("/app/connections/connect", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = StudioAppFactory.AntiforgeryFieldOf(page),
        }));

        Assert.Equal(HttpStatusCode.Redirect, start.StatusCode);
        var location = start.Headers.Location!;
        Assert.True(location.IsAbsoluteUri, $"The browser must be sent to the emulator's host, got \"{location}\".");
        Assert.StartsWith(emulator.TikTokBaseUrl + "/v2/auth/authorize/?", location.AbsoluteUri);
        // The browser follows it as a person would: the consent page is there, and TikTok's answer connects the account.
        using var browser = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false });
        var callback = await EmulatedTikTok.AnswerConsentAsync(browser, location, "public_creator");
        var done = await client.GetAsync(callback.PathAndQuery);
        Assert.StartsWith("/app/connections?connected=", done.Headers.Location!.ToString());
        var account = Assert.Single(await app.RowsOfAsync<TikTokAccount>(workspace.Id));
        Assert.Equal("public_creator", account.Username);
    }

    [Fact]
    public async Task Connecting_Through_The_Mounted_Emulator_Keeps_The_Browser_On_The_Host_It_Uses()
    {
        using var app = new StudioAppFactory(realServer: true);
        var (client, _) = await app.SignedInOwnerAsync();
        var page = await client.GetStringAsync("/app/connections");

        var start = await client.PostAsync("/app/connections/connect", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = StudioAppFactory.AntiforgeryFieldOf(page),
        }));

        var consent = new Uri(client.BaseAddress!, start.Headers.Location!);
        Assert.Equal(client.BaseAddress!.Authority, consent.Authority);
        Assert.StartsWith(TikTokAppSettings.EmulatorPath + "/v2/auth/authorize/?", consent.PathAndQuery);
    }
}
