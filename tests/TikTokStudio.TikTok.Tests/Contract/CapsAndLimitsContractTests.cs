using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using TikTokStudio.TikTok.Errors;
using TikTokStudio.TikTok.Posting;
using TikTokStudio.TikTok.RateLimiting;
using TikTokStudio.TikTok.Tests.TestSupport;

namespace TikTokStudio.TikTok.Tests.Contract;

/// <summary>Per-token minute limits on both sides, daily and pending caps, and the unaudited app's restrictions.</summary>
public sealed class CapsAndLimitsContractTests
{
    private const string VideoInitPath = "/v2/post/publish/video/init/";

    private static DirectVideoInitRequest SmallDirect(string privacy = TikTokPrivacyLevel.SelfOnly) => new()
    {
        PostInfo = new VideoPostInfo { PrivacyLevel = privacy },
        SourceInfo = ContractSteps.SmallFile(),
    };

    [Fact]
    public async Task A_Seventh_Init_In_A_Minute_From_A_Second_App_Instance_Gets_TikToks_429_Classified_RateLimited()
    {
        // Arrange: instance A spends the token's 6 inits; instance B has its own (empty) limiter and does not know.
        await using var host = await ContractHost.StartAsync();
        var token = await host.AccessTokenAsync("public_creator");
        for (var i = 0; i < 6; i++) await host.Posting.InitDirectVideoAsync(token, SmallDirect());
        var other = host.CreateClientServices(o => o.WaitWhenRateLimited = false);
        var posting = other.GetRequiredService<TikTokPostingClient>();

        // Act
        var tikTok429 = await Assert.ThrowsAsync<TikTokApiException>(() => posting.InitDirectVideoAsync(token, SmallDirect()));
        var local = await Assert.ThrowsAsync<TikTokApiException>(() => posting.InitDirectVideoAsync(token, SmallDirect()));

        // Assert: the emulator's 429 is classified; after it, B holds back on its own without sending.
        Assert.Equal("rate_limit_exceeded", tikTok429.Code);
        Assert.Equal(429, tikTok429.HttpStatus);
        Assert.Equal(TikTokErrorClass.RateLimited, tikTok429.Classification);
        Assert.Equal(TimeSpan.FromMinutes(1), tikTok429.RetryAfter);
        Assert.Equal(TikTokErrorClass.RateLimited, local.Classification);
        Assert.Null(local.HttpStatus);
        Assert.Equal(7, host.Received("POST", VideoInitPath));
        Assert.Equal(6, (await host.PostsAsync()).Length);
    }

    [Fact]
    public async Task With_Its_Limiter_Waiting_The_Client_Never_Sends_The_Seventh_Init_Within_The_Window()
    {
        // Arrange: the client's clock is manual, so the test decides when its minute is over.
        var clientTime = new ManualTimeProvider(DateTimeOffset.UtcNow);
        await using var host = await ContractHost.StartAsync(clientTime: clientTime);
        var token = await host.AccessTokenAsync("public_creator");
        for (var i = 0; i < 6; i++) await host.Posting.InitDirectVideoAsync(token, SmallDirect());

        var timersBefore = clientTime.ActiveTimers;

        // Act: the 7th parks on the limiter's timer; had it been sent, the emulator (whose minute is not over) would answer 429.
        var seventh = host.Posting.InitDirectVideoAsync(token, SmallDirect());
        for (var i = 0; i < 200 && clientTime.ActiveTimers == timersBefore && !seventh.IsCompleted; i++) await Task.Delay(10);
        await Task.Delay(100);
        var parked = clientTime.ActiveTimers > timersBefore && !seventh.IsCompleted;
        var receivedWhileParked = host.Received("POST", VideoInitPath);
        var budgetWait = host.Services.GetRequiredService<TikTokRateLimiter>().GetWaitTime(token, TikTokEndpoint.VideoInit);
        await host.AdvanceClockAsync(TimeSpan.FromSeconds(61));
        clientTime.Advance(TimeSpan.FromSeconds(61));
        var result = await seventh.WaitAsync(TimeSpan.FromSeconds(30));

        // Assert
        Assert.True(parked);
        Assert.Equal(6, receivedWhileParked);
        Assert.InRange(budgetWait, TimeSpan.FromSeconds(59), TikTokRateLimiter.Window);
        Assert.StartsWith("v_pub_file~v2-1.", result.PublishId);
        Assert.Equal(7, host.Received("POST", VideoInitPath));
        Assert.Equal(7, (await host.PostsAsync()).Length);
    }

    [Fact]
    public async Task With_Waiting_Disabled_The_Client_Refuses_The_Seventh_Init_Locally_Without_Sending_It()
    {
        // Arrange
        await using var host = await ContractHost.StartAsync(o => o.WaitWhenRateLimited = false);
        var token = await host.AccessTokenAsync("public_creator");
        for (var i = 0; i < 6; i++) await host.Posting.InitDirectVideoAsync(token, SmallDirect());

        // Act
        var error = await Assert.ThrowsAsync<TikTokApiException>(() => host.Posting.InitDirectVideoAsync(token, SmallDirect()));

        // Assert
        Assert.Equal(TikTokErrorClass.RateLimited, error.Classification);
        Assert.Null(error.HttpStatus);
        Assert.NotNull(error.RetryAfter);
        Assert.InRange(error.RetryAfter!.Value, TimeSpan.FromTicks(1), TikTokRateLimiter.Window);
        Assert.Equal(6, host.Received("POST", VideoInitPath));
    }

    [Fact]
    public async Task A_Server_Error_At_Init_Is_Transient_And_Sending_The_Same_Init_Again_Succeeds()
    {
        // Arrange
        await using var host = await ContractHost.StartAsync();
        var token = await host.AccessTokenAsync("public_creator");
        await host.SetFaultsAsync(new { next_init_status = 503 });

        // Act
        var error = await Assert.ThrowsAsync<TikTokApiException>(() => host.Posting.InitDirectVideoAsync(token, SmallDirect()));
        var retried = await host.Posting.InitDirectVideoAsync(token, SmallDirect());

        // Assert
        Assert.Equal("internal_error", error.Code);
        Assert.Equal(503, error.HttpStatus);
        Assert.Equal(TikTokErrorClass.Transient, error.Classification);
        Assert.Equal(retried.PublishId, Assert.Single(await host.PostsAsync()).GetProperty("publish_id").GetString());
    }

    [Fact]
    public async Task The_Daily_Cap_Refuses_Direct_Posts_With_403_And_Creator_Info_With_200()
    {
        // Arrange: 14 posts made elsewhere today; the 15th goes through.
        await using var host = await ContractHost.StartAsync();
        var token = await host.AccessTokenAsync("public_creator");
        await host.SetCreatorAsync("public_creator", new { posts_today = 14 });
        await host.Posting.InitDirectVideoAsync(token, SmallDirect());

        // Act
        var init = await Assert.ThrowsAsync<TikTokApiException>(() => host.Posting.InitDirectVideoAsync(token, SmallDirect()));
        var creatorInfo = await Assert.ThrowsAsync<TikTokApiException>(() => host.Posting.QueryCreatorInfoAsync(token));

        // Assert
        Assert.Equal("spam_risk_too_many_posts", init.Code);
        Assert.Equal(403, init.HttpStatus);
        Assert.Equal(TikTokErrorClass.CreatorCannotPostNow, init.Classification);
        Assert.Equal("spam_risk_too_many_posts", creatorInfo.Code);
        Assert.Equal(200, creatorInfo.HttpStatus);
        Assert.Equal(TikTokErrorClass.CreatorCannotPostNow, creatorInfo.Classification);
    }

    [Fact]
    public async Task A_Banned_Creators_Init_Is_Refused_As_CreatorCannotPostNow()
    {
        // Arrange
        await using var host = await ContractHost.StartAsync();
        var token = await host.AccessTokenAsync("banned_creator");

        // Act
        var error = await Assert.ThrowsAsync<TikTokApiException>(() => host.Posting.InitDirectVideoAsync(token, SmallDirect()));

        // Assert
        Assert.Equal("spam_risk_user_banned_from_posting", error.Code);
        Assert.Equal(403, error.HttpStatus);
        Assert.Equal(TikTokErrorClass.CreatorCannotPostNow, error.Classification);
    }

    [Fact]
    public async Task The_Unaudited_App_Posting_Public_To_A_Public_Creator_Is_Refused()
    {
        // Arrange
        await using var host = await ContractHost.StartAsync();
        var unaudited = UnauditedPosting(host);
        var token = await host.AccessTokenAsync("public_creator", clientKey: ContractHost.UnauditedKey);

        // Act
        var error = await Assert.ThrowsAsync<TikTokApiException>(() =>
            unaudited.InitDirectVideoAsync(token, SmallDirect(TikTokPrivacyLevel.PublicToEveryone)));

        // Assert
        Assert.Equal("unaudited_client_can_only_post_to_private_accounts", error.Code);
        Assert.Equal(403, error.HttpStatus);
        Assert.Equal(TikTokErrorClass.InvalidRequest, error.Classification);
        Assert.Empty(await host.PostsAsync());
    }

    [Fact]
    public async Task The_Unaudited_App_Posting_Self_Only_To_A_Private_Creator_Succeeds()
    {
        // Arrange
        await using var host = await ContractHost.StartAsync();
        var unaudited = UnauditedPosting(host);
        var token = await host.AccessTokenAsync("private_creator", clientKey: ContractHost.UnauditedKey);

        // Act
        var info = await unaudited.QueryCreatorInfoAsync(token);
        var init = await unaudited.InitDirectVideoAsync(token, SmallDirect(TikTokPrivacyLevel.SelfOnly));
        var record = await host.PostRecordAsync(init.PublishId);

        // Assert
        Assert.True(info.IsPrivateAccount);
        Assert.Equal(ContractHost.UnauditedKey, record.GetProperty("client_key").GetString());
        Assert.Equal("SELF_ONLY", record.GetProperty("privacy_level").GetString());
        Assert.Equal("private_creator", record.GetProperty("creator").GetString());
    }

    [Fact]
    public async Task The_Unaudited_App_Reaches_Its_Active_User_Cap_At_The_Sixth_Distinct_Creator()
    {
        // Arrange: six private creators; five of them post through the unaudited app.
        await using var host = await ContractHost.StartAsync();
        var unaudited = UnauditedPosting(host);
        using var generated = await host.Control.PostAsJsonAsync("creators/generate", new { count = 6 });
        var usernames = (await generated.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("usernames").EnumerateArray()
            .Select(u => u.GetString()!).ToArray();
        var tokens = new List<string>();
        foreach (var username in usernames)
        {
            await host.SetCreatorAsync(username, new { is_private = true });
            tokens.Add(await host.AccessTokenAsync(username, clientKey: ContractHost.UnauditedKey));
        }
        foreach (var token in tokens.Take(5)) await unaudited.InitDirectVideoAsync(token, SmallDirect());

        // Act
        var init = await Assert.ThrowsAsync<TikTokApiException>(() => unaudited.InitDirectVideoAsync(tokens[5], SmallDirect()));
        var creatorInfo = await Assert.ThrowsAsync<TikTokApiException>(() => unaudited.QueryCreatorInfoAsync(tokens[5]));
        var againForAnActiveUser = await unaudited.InitDirectVideoAsync(tokens[0], SmallDirect());

        // Assert
        Assert.Equal("reached_active_user_cap", init.Code);
        Assert.Equal(403, init.HttpStatus);
        Assert.Equal(TikTokErrorClass.CreatorCannotPostNow, init.Classification);
        Assert.Equal("reached_active_user_cap", creatorInfo.Code);
        Assert.Equal(200, creatorInfo.HttpStatus);
        Assert.False(string.IsNullOrEmpty(againForAnActiveUser.PublishId));
    }

    private static TikTokPostingClient UnauditedPosting(ContractHost host) =>
        host.CreateClientServices(o =>
        {
            o.ClientKey = ContractHost.UnauditedKey;
            o.ClientSecret = ContractHost.UnauditedSecret;
            o.Audited = false;
        }).GetRequiredService<TikTokPostingClient>();
}
