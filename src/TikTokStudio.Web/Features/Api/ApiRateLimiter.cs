using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace TikTokStudio.Web.Features.Api;

/// <summary>One rate-limit answer, with what the RateLimit-* headers report.</summary>
public sealed record RateDecision(bool Allowed, int Limit, int Remaining, int ResetSeconds);

/// <summary>
/// Fixed one-minute windows per (key, bucket), aligned to the clock's minutes. Written here rather than with
/// System.Threading.RateLimiting's FixedWindowRateLimiter because the headers need the window's reset time, which that
/// limiter does not expose. In-process: with several instances each one counts its own share (documented in the README).
/// </summary>
public sealed class ApiRateLimiter(IOptions<ApiOptions> options, TimeProvider time)
{
    public const string AllRequests = "requests";
    public const string PostCreations = "post-creations";

    private sealed class Window
    {
        public long Minute;
        public int Used;
    }

    private readonly ConcurrentDictionary<(Guid, string), Window> windows = new();

    public int LimitOf(string bucket) => bucket == PostCreations
        ? options.Value.RateLimits.PostCreationsPerMinute
        : options.Value.RateLimits.RequestsPerMinute;

    public RateDecision Acquire(Guid keyId, string bucket)
    {
        var limit = LimitOf(bucket);
        var now = time.GetUtcNow();
        var minute = now.ToUnixTimeSeconds() / 60;
        var reset = (int)(60 - now.ToUnixTimeSeconds() % 60);
        var window = windows.GetOrAdd((keyId, bucket), _ => new Window { Minute = minute });
        lock (window)
        {
            if (window.Minute != minute)
            {
                window.Minute = minute;
                window.Used = 0;
            }
            if (window.Used >= limit) return new(false, limit, 0, reset);
            window.Used++;
            return new(true, limit, limit - window.Used, reset);
        }
    }
}
