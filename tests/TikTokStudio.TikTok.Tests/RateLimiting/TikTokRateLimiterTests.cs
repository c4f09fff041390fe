using System.Net;
using TikTokStudio.TikTok.Errors;
using TikTokStudio.TikTok.Posting;
using TikTokStudio.TikTok.RateLimiting;
using TikTokStudio.TikTok.Tests.TestSupport;

namespace TikTokStudio.TikTok.Tests.RateLimiting;

public class TikTokRateLimiterTests
{
    private static readonly PhotoInitRequest Photo = new()
    {
        PostMode = TikTokPostMode.MediaUpload,
        SourceInfo = new PhotoSourceInfo { PhotoImages = ["https://m.example.com/1.jpg"], PhotoCoverIndex = 0 },
    };

    [Theory]
    [InlineData(TikTokEndpoint.CreatorInfo, 20)]
    [InlineData(TikTokEndpoint.VideoInit, 6)]
    [InlineData(TikTokEndpoint.InboxVideoInit, 6)]
    [InlineData(TikTokEndpoint.ContentInit, 6)]
    [InlineData(TikTokEndpoint.StatusFetch, 30)]
    [InlineData(TikTokEndpoint.UserInfo, 600)]
    [InlineData(TikTokEndpoint.VideoList, 600)]
    [InlineData(TikTokEndpoint.VideoQuery, 600)]
    public void Budget_Allows_The_Documented_Number_Per_Minute(TikTokEndpoint endpoint, int limit)
    {
        // Arrange
        var limiter = new TikTokRateLimiter(new ManualTimeProvider());

        // Act
        var granted = Enumerable.Range(0, limit).Count(i => limiter.TryAcquire("act.a", endpoint, out _));
        var extra = limiter.TryAcquire("act.a", endpoint, out var retryAfter);

        // Assert
        Assert.Equal(limit, granted);
        Assert.False(extra);
        Assert.Equal(TimeSpan.FromMinutes(1), retryAfter);
    }

    [Fact]
    public async Task Seventh_Init_In_A_Minute_Waits_For_The_Window_To_Slide()
    {
        // Arrange
        var clock = new ManualTimeProvider();
        var limiter = new TikTokRateLimiter(clock);
        for (var i = 0; i < 6; i++)
        {
            await limiter.AcquireAsync("act.a", TikTokEndpoint.VideoInit);
            clock.Advance(TimeSpan.FromSeconds(5));
        }

        // Act
        var seventh = limiter.AcquireAsync("act.a", TikTokEndpoint.VideoInit).AsTask();
        var waitedAtFirst = !seventh.IsCompleted;
        clock.Advance(TimeSpan.FromSeconds(29)); // t=59 s: the first call is still inside the window
        var waitedUntilTheSlide = !seventh.IsCompleted;
        clock.Advance(TimeSpan.FromSeconds(1)); // t=60 s: the first call leaves the window
        await seventh.WaitAsync(TimeSpan.FromSeconds(10));

        // Assert
        Assert.True(waitedAtFirst);
        Assert.True(waitedUntilTheSlide);
        Assert.False(limiter.TryAcquire("act.a", TikTokEndpoint.VideoInit, out var next));
        Assert.Equal(TimeSpan.FromSeconds(5), next);
    }

    [Fact]
    public async Task Waiting_Can_Be_Cancelled()
    {
        // Arrange
        var clock = new ManualTimeProvider();
        var limiter = new TikTokRateLimiter(clock);
        for (var i = 0; i < 6; i++) limiter.TryAcquire("act.a", TikTokEndpoint.ContentInit, out _);
        using var cts = new CancellationTokenSource();

        // Act
        var waiting = limiter.AcquireAsync("act.a", TikTokEndpoint.ContentInit, cts.Token).AsTask();
        await cts.CancelAsync();

        // Assert
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
    }

    [Fact]
    public void Separate_Tokens_Do_Not_Share_A_Budget()
    {
        // Arrange
        var limiter = new TikTokRateLimiter(new ManualTimeProvider());
        for (var i = 0; i < 6; i++) limiter.TryAcquire("act.a", TikTokEndpoint.VideoInit, out _);

        // Act
        var sameToken = limiter.TryAcquire("act.a", TikTokEndpoint.VideoInit, out _);
        var otherToken = limiter.TryAcquire("act.b", TikTokEndpoint.VideoInit, out _);
        var otherEndpoint = limiter.TryAcquire("act.a", TikTokEndpoint.InboxVideoInit, out _);

        // Assert
        Assert.False(sameToken);
        Assert.True(otherToken);
        Assert.True(otherEndpoint);
    }

    [Fact]
    public async Task Client_Waits_Instead_Of_Sending_The_Seventh_Init()
    {
        // Arrange
        var clock = new ManualTimeProvider();
        var limiter = new TikTokRateLimiter(clock);
        var handler = new FakeHttpHandler((_, _) => FakeHttpHandler.Ok("""{"publish_id":"p_inbox_url~v2.1"}"""));
        var client = Clients.Posting(handler, limiter);
        for (var i = 0; i < 6; i++) await client.InitPhotoAsync("act.a", Photo);

        // Act
        var seventh = client.InitPhotoAsync("act.a", Photo);
        await Task.Delay(50);
        var sentBeforeTheMinute = handler.Requests.Count;
        clock.Advance(TimeSpan.FromMinutes(1));
        await seventh.WaitAsync(TimeSpan.FromSeconds(10));

        // Assert
        Assert.Equal(6, sentBeforeTheMinute);
        Assert.Equal(7, handler.Requests.Count);
    }

    [Fact]
    public async Task Client_Can_Be_Told_To_Report_The_Wait_Instead()
    {
        // Arrange
        var limiter = new TikTokRateLimiter(new ManualTimeProvider());
        var handler = new FakeHttpHandler((_, _) => FakeHttpHandler.Ok("""{"publish_id":"p_inbox_url~v2.1"}"""));
        var client = Clients.Posting(handler, limiter, wait: false);
        for (var i = 0; i < 6; i++) await client.InitPhotoAsync("act.a", Photo);

        // Act
        var ex = await Assert.ThrowsAsync<TikTokApiException>(() => client.InitPhotoAsync("act.a", Photo));

        // Assert
        Assert.Equal(TikTokErrorClass.RateLimited, ex.Classification);
        Assert.Equal(TimeSpan.FromMinutes(1), ex.RetryAfter);
        Assert.Null(ex.HttpStatus);
        Assert.Equal(6, handler.Requests.Count);
    }

    [Fact]
    public async Task A_429_From_TikTok_Marks_The_Window_Full_For_A_Minute()
    {
        // Arrange
        var clock = new ManualTimeProvider();
        var limiter = new TikTokRateLimiter(clock);
        var handler = new FakeHttpHandler((_, _) => FakeHttpHandler.Error(HttpStatusCode.TooManyRequests, "rate_limit_exceeded"));
        var client = Clients.Posting(handler, limiter);

        // Act
        var ex = await Assert.ThrowsAsync<TikTokApiException>(() => client.FetchStatusAsync("act.a", "v_pub_file~v2-1.1"));
        var allowedRightAfter = limiter.TryAcquire("act.a", TikTokEndpoint.StatusFetch, out var wait);
        clock.Advance(TimeSpan.FromSeconds(30));
        var allowedAfter30s = limiter.TryAcquire("act.a", TikTokEndpoint.StatusFetch, out _);
        clock.Advance(TimeSpan.FromSeconds(30));
        var allowedAfterAMinute = limiter.TryAcquire("act.a", TikTokEndpoint.StatusFetch, out _);

        // Assert
        Assert.Equal(TikTokErrorClass.RateLimited, ex.Classification);
        Assert.Equal(429, ex.HttpStatus);
        Assert.Equal(TimeSpan.FromMinutes(1), ex.RetryAfter);
        Assert.False(allowedRightAfter);
        Assert.Equal(TimeSpan.FromMinutes(1), wait);
        Assert.False(allowedAfter30s);
        Assert.True(allowedAfterAMinute);
        Assert.True(limiter.TryAcquire("act.b", TikTokEndpoint.StatusFetch, out _));
    }
}
