using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using TikTokStudio.EndToEndTests.Infrastructure;
using TikTokStudio.TikTok.Auth;
using TikTokStudio.TikTok.Posting;
using TikTokStudio.TikTok.Upload;

namespace TikTokStudio.EndToEndTests.Features.TikTok;

/// <summary>
/// A person authorizes on the emulated TikTok's consent page in Chromium; the TikTok client, driven by this test,
/// exchanges the code, reads creator_info, sends a chunked direct post and an inbox post, and the emulator's own page
/// shows both where a person would look for them.
/// </summary>
[Collection(LiveAppCollection.Name)]
[Trait("Category", "E2E")]
public sealed class ClientAgainstEmulatorJourneyTests(LiveAppFixture app)
{
    [Fact]
    public async Task A_Creator_Authorizes_In_The_Browser_And_The_Client_Posts_Directly_And_To_The_Inbox()
    {
        using var scope = app.Services.CreateScope();
        var auth = scope.ServiceProvider.GetRequiredService<TikTokAuthClient>();
        var posting = scope.ServiceProvider.GetRequiredService<TikTokPostingClient>();
        var uploader = scope.ServiceProvider.GetRequiredService<ChunkedUploader>();
        var verifier = TikTokPkce.CreateVerifier();
        var state = TikTokPkce.CreateState();
        var redirectUri = app.BaseUrl + "/emulator-callback";
        var authorize = auth.BuildAuthorizeUrl(new TikTokAuthorizeRequest
        {
            Scopes = [TikTokScopes.UserInfoBasic, TikTokScopes.VideoPublish, TikTokScopes.VideoUpload],
            RedirectUri = redirectUri, State = state, CodeVerifier = verifier,
        });
        var page = await app.NewPageAsync();

        // A person on the consent page.
        await page.GotoAsync(authorize.AbsoluteUri);
        await page.GetByRole(AriaRole.Button, new() { Name = "Authorize as @public_creator" }).ClickAsync();
        await page.WaitForURLAsync(url => url.StartsWith(redirectUri));
        var callback = System.Web.HttpUtility.ParseQueryString(new Uri(page.Url).Query);
        Assert.Equal(state, callback["state"]);

        // The client takes over.
        var token = await auth.ExchangeCodeAsync(callback["code"]!, redirectUri, verifier);
        var creator = await posting.QueryCreatorInfoAsync(token.AccessToken);
        var video = new byte[12_000_123];
        Random.Shared.NextBytes(video);
        var plan = ChunkPlanner.Plan(video.Length, 5_242_880);
        var direct = await posting.InitDirectVideoAsync(token.AccessToken, new DirectVideoInitRequest
        {
            PostInfo = new VideoPostInfo { PrivacyLevel = creator.PrivacyLevelOptions.First(), Title = "Direct from the e2e test" },
            SourceInfo = VideoSourceInfo.FileUpload(plan),
        });
        await uploader.UploadAsync(new Uri(direct.UploadUrl!), new MemoryStream(video), plan);
        var inbox = await posting.InitInboxVideoAsync(token.AccessToken, new InboxVideoInitRequest { SourceInfo = VideoSourceInfo.FileUpload(plan) });
        await uploader.UploadAsync(new Uri(inbox.UploadUrl!), new MemoryStream(video), plan);

        var directStatus = await WaitForTerminalAsync(posting, token.AccessToken, direct.PublishId);
        var inboxStatus = await WaitForTerminalAsync(posting, token.AccessToken, inbox.PublishId);
        Assert.True(plan.TotalChunkCount > 1);
        Assert.Equal(TikTokPublishStatus.PublishComplete, directStatus);
        Assert.Equal(TikTokPublishStatus.SendToUserInbox, inboxStatus);

        // Both are visible on the emulated TikTok's page.
        await page.GotoAsync("/emulators/tiktok");
        var profile = page.GetByRole(AriaRole.Region, new() { Name = "Pia Public", Exact = false });
        await Assertions.Expect(profile.GetByRole(AriaRole.Row).Filter(new() { HasText = direct.PublishId })).ToContainTextAsync("PUBLISH_COMPLETE");
        await Assertions.Expect(profile.GetByRole(AriaRole.Button, new() { Name = $"Post draft {inbox.PublishId}" })).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = LiveAppFixture.ScreenshotPath("emulator-direct-and-inbox"), FullPage = true });
    }

    private static async Task<string> WaitForTerminalAsync(TikTokPostingClient posting, string accessToken, string publishId)
    {
        for (var attempt = 0; attempt < 40; attempt++)
        {
            var status = await posting.FetchStatusAsync(accessToken, publishId);
            if (status.IsTerminal) return status.Status;
            await Task.Delay(250);
        }
        throw new TimeoutException($"{publishId} did not finish processing.");
    }
}
