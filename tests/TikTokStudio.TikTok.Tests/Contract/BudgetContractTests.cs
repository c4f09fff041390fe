using Microsoft.Extensions.DependencyInjection;
using TikTokStudio.TikTok.Display;
using TikTokStudio.TikTok.Errors;
using TikTokStudio.TikTok.Posting;
using TikTokStudio.TikTok.RateLimiting;

namespace TikTokStudio.TikTok.Tests.Contract;

/// <summary>
/// The client's per-token budgets and the emulator's limits are the same numbers: the client sends exactly the limit
/// and holds the next one back, while a second instance that does send it gets TikTok's 429.
/// </summary>
public sealed class BudgetContractTests
{
    public static TheoryData<TikTokEndpoint> Endpoints =>
    [
        TikTokEndpoint.CreatorInfo, TikTokEndpoint.VideoInit, TikTokEndpoint.InboxVideoInit, TikTokEndpoint.ContentInit,
        TikTokEndpoint.StatusFetch, TikTokEndpoint.UserInfo,
    ];

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task The_Client_Sends_Exactly_The_Emulators_Limit_Per_Minute_And_The_Next_Call_Gets_429_Only_When_Sent(TikTokEndpoint endpoint)
    {
        // Arrange
        // (a pending-share cap above the init budget, so every inbox init is answered by the limit under test)
        await using var host = await ContractHost.StartAsync(o => o.WaitWhenRateLimited = false,
            emulatorSettings: new Dictionary<string, string?> { ["Emulators:TikTok:PendingShareCap"] = "100" });
        var token = await host.AccessTokenAsync("public_creator");
        var setup = await Preparation(host, token, endpoint);
        var limit = TikTokRateLimiter.LimitFor(endpoint);
        var other = host.CreateClientServices(o => o.WaitWhenRateLimited = false);

        // Act
        for (var i = 0; i < limit; i++) await Call(host.Services, endpoint, token, setup);
        var local = await Assert.ThrowsAsync<TikTokApiException>(() => Call(host.Services, endpoint, token, setup));
        var sentBeforeOther = host.Received(Method(endpoint), Path(endpoint));
        var remote = await Assert.ThrowsAsync<TikTokApiException>(() => Call(other, endpoint, token, setup));

        // Assert
        Assert.Equal(limit, sentBeforeOther);
        Assert.Null(local.HttpStatus);
        Assert.Equal(TikTokErrorClass.RateLimited, local.Classification);
        Assert.Equal("rate_limit_exceeded", remote.Code);
        Assert.Equal(429, remote.HttpStatus);
        Assert.Equal(TikTokErrorClass.RateLimited, remote.Classification);
    }

    private sealed record Setup(string? PublishId, string PhotoUrl);

    // status/fetch needs a post to ask about; the photo init a verified URL.
    private static async Task<Setup> Preparation(ContractHost host, string token, TikTokEndpoint endpoint)
    {
        if (endpoint != TikTokEndpoint.StatusFetch) return new Setup(null, host.Media("photo-1.jpg"));
        var (init, _) = await ContractSteps.DirectPostFileAsync(host, token, 1_000);
        return new Setup(init.PublishId, host.Media("photo-1.jpg"));
    }

    private static async Task Call(IServiceProvider services, TikTokEndpoint endpoint, string token, Setup setup)
    {
        var posting = services.GetRequiredService<TikTokPostingClient>();
        var display = services.GetRequiredService<TikTokDisplayClient>();
        switch (endpoint)
        {
            case TikTokEndpoint.CreatorInfo:
                await posting.QueryCreatorInfoAsync(token);
                break;
            case TikTokEndpoint.VideoInit:
                await posting.InitDirectVideoAsync(token, new DirectVideoInitRequest
                {
                    PostInfo = new VideoPostInfo { PrivacyLevel = TikTokPrivacyLevel.SelfOnly },
                    SourceInfo = ContractSteps.SmallFile(),
                });
                break;
            case TikTokEndpoint.InboxVideoInit:
                await posting.InitInboxVideoAsync(token, new InboxVideoInitRequest { SourceInfo = ContractSteps.SmallFile() });
                break;
            case TikTokEndpoint.ContentInit:
                await posting.InitPhotoAsync(token, new PhotoInitRequest
                {
                    PostMode = TikTokPostMode.DirectPost,
                    PostInfo = new PhotoPostInfo { PrivacyLevel = TikTokPrivacyLevel.SelfOnly },
                    SourceInfo = new PhotoSourceInfo { PhotoImages = [setup.PhotoUrl], PhotoCoverIndex = 0 },
                });
                break;
            case TikTokEndpoint.StatusFetch:
                await posting.FetchStatusAsync(token, setup.PublishId!);
                break;
            case TikTokEndpoint.UserInfo:
                await display.GetUserInfoAsync(token, ["open_id"]);
                break;
        }
    }

    private static string Method(TikTokEndpoint endpoint) => endpoint == TikTokEndpoint.UserInfo ? "GET" : "POST";

    private static string Path(TikTokEndpoint endpoint) => endpoint switch
    {
        TikTokEndpoint.CreatorInfo => "/v2/post/publish/creator_info/query/",
        TikTokEndpoint.VideoInit => "/v2/post/publish/video/init/",
        TikTokEndpoint.InboxVideoInit => "/v2/post/publish/inbox/video/init/",
        TikTokEndpoint.ContentInit => "/v2/post/publish/content/init/",
        TikTokEndpoint.StatusFetch => "/v2/post/publish/status/fetch/",
        TikTokEndpoint.UserInfo => "/v2/user/info/",
        _ => throw new ArgumentOutOfRangeException(nameof(endpoint)),
    };
}
