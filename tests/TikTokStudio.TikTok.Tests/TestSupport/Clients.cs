using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using TikTokStudio.TikTok.Auth;
using TikTokStudio.TikTok.Display;
using TikTokStudio.TikTok.Posting;
using TikTokStudio.TikTok.RateLimiting;

namespace TikTokStudio.TikTok.Tests.TestSupport;

/// <summary>Builds clients over a fake handler, pointed at an emulator-like base URL with a path.</summary>
public static class Clients
{
    public const string ApiBase = "http://127.0.0.1:5000/emulators/tiktok";

    public static TikTokOptions Options(bool wait = true) => new()
    {
        AuthorizeBaseUrl = ApiBase,
        ApiBaseUrl = ApiBase,
        ClientKey = "awkey123",
        ClientSecret = "s3cr3t",
        WaitWhenRateLimited = wait,
    };

    public static TikTokAuthClient Auth(FakeHttpHandler handler) =>
        new(new HttpClient(handler), Microsoft.Extensions.Options.Options.Create(Options()), NullLogger<TikTokAuthClient>.Instance);

    public static TikTokPostingClient Posting(FakeHttpHandler handler, TikTokRateLimiter? limiter = null, bool wait = true) =>
        new(new HttpClient(handler), Microsoft.Extensions.Options.Options.Create(Options(wait)), limiter ?? new TikTokRateLimiter(TimeProvider.System),
            NullLogger<TikTokPostingClient>.Instance);

    public static TikTokDisplayClient Display(FakeHttpHandler handler, TikTokRateLimiter? limiter = null) =>
        new(new HttpClient(handler), Microsoft.Extensions.Options.Options.Create(Options()), limiter ?? new TikTokRateLimiter(TimeProvider.System),
            NullLogger<TikTokDisplayClient>.Instance);
}
