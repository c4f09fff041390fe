using System.Security.Cryptography;
using System.Text;

namespace TikTokStudio.TikTok.RateLimiting;

/// <summary>The endpoints TikTok limits separately per user access token (§11).</summary>
public enum TikTokEndpoint
{
    CreatorInfo,
    VideoInit,
    InboxVideoInit,
    ContentInit,
    StatusFetch,
    UserInfo,
    VideoList,
    VideoQuery,
}

/// <summary>
/// Per-access-token sliding one-minute budgets, so our own traffic never earns a 429 (architecture §5.6: a 429 is a
/// bug in our planning). Windows are keyed by a SHA-256 of the token: raw tokens are never stored.
/// One instance per process (singleton); thread-safe. Several processes sharing tokens need a shared
/// <see cref="ITikTokRequestBudget"/> instead.
/// </summary>
public sealed class TikTokRateLimiter : ITikTokRequestBudget
{
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private readonly Dictionary<(string TokenHash, TikTokEndpoint Endpoint), SlidingWindow> _windows = new();
    private int _callsSinceSweep;

    public TikTokRateLimiter(TimeProvider timeProvider) => _time = timeProvider;

    /// <summary>Requests allowed per minute per token, as documented (§4, §5, §6, §7, §9.1, §11).</summary>
    public static int LimitFor(TikTokEndpoint endpoint) => endpoint switch
    {
        TikTokEndpoint.CreatorInfo => 20,
        TikTokEndpoint.VideoInit or TikTokEndpoint.InboxVideoInit or TikTokEndpoint.ContentInit => 6,
        TikTokEndpoint.StatusFetch => 30,
        TikTokEndpoint.UserInfo or TikTokEndpoint.VideoList or TikTokEndpoint.VideoQuery => 600,
        _ => throw new ArgumentOutOfRangeException(nameof(endpoint), endpoint, null),
    };

    /// <summary>Takes one request from the budget if available; otherwise says how long until one frees up.</summary>
    public bool TryAcquire(string accessToken, TikTokEndpoint endpoint, out TimeSpan retryAfter)
    {
        var key = (HashToken(accessToken), endpoint);
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            SweepOccasionally(now);
            if (!_windows.TryGetValue(key, out var window))
                _windows[key] = window = new SlidingWindow();
            return window.TryTake(now, LimitFor(endpoint), out retryAfter);
        }
    }

    /// <summary>How long a call would have to wait now, without taking anything.</summary>
    public TimeSpan GetWaitTime(string accessToken, TikTokEndpoint endpoint)
    {
        var key = (HashToken(accessToken), endpoint);
        lock (_gate)
        {
            return _windows.TryGetValue(key, out var window)
                ? window.WaitTime(_time.GetUtcNow(), LimitFor(endpoint))
                : TimeSpan.Zero;
        }
    }

    /// <summary>Waits (on the injected clock) until the budget allows one more request, then takes it.</summary>
    public async ValueTask AcquireAsync(string accessToken, TikTokEndpoint endpoint, CancellationToken cancellationToken = default)
    {
        while (!TryAcquire(accessToken, endpoint, out var wait))
        {
            await Task.Delay(wait, _time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>TikTok answered 429 anyway (another app instance, clock skew...): treat the window as full for a minute.</summary>
    public void MarkExhausted(string accessToken, TikTokEndpoint endpoint)
    {
        var key = (HashToken(accessToken), endpoint);
        lock (_gate)
        {
            if (!_windows.TryGetValue(key, out var window))
                _windows[key] = window = new SlidingWindow();
            window.BlockUntil(_time.GetUtcNow() + Window);
        }
    }

    TimeProvider ITikTokRequestBudget.Time => _time;

    ValueTask<TimeSpan> ITikTokRequestBudget.TryAcquireAsync(string accessToken, TikTokEndpoint endpoint, CancellationToken cancellationToken) =>
        ValueTask.FromResult(TryAcquire(accessToken, endpoint, out var wait) ? TimeSpan.Zero : wait);

    ValueTask<TimeSpan> ITikTokRequestBudget.GetWaitTimeAsync(string accessToken, TikTokEndpoint endpoint, CancellationToken cancellationToken) =>
        ValueTask.FromResult(GetWaitTime(accessToken, endpoint));

    ValueTask ITikTokRequestBudget.MarkExhaustedAsync(string accessToken, TikTokEndpoint endpoint, CancellationToken cancellationToken)
    {
        MarkExhausted(accessToken, endpoint);
        return ValueTask.CompletedTask;
    }

    /// <summary>A stable key for a token's budget: a SHA-256 of the token, so raw tokens are never kept.</summary>
    public static string HashToken(string accessToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(accessToken);
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(accessToken)));
    }

    // Windows of tokens no longer in use would otherwise accumulate for the life of the process.
    private void SweepOccasionally(DateTimeOffset now)
    {
        if (++_callsSinceSweep < 512) return;
        _callsSinceSweep = 0;
        foreach (var (key, window) in _windows.ToArray())
        {
            if (window.IsIdle(now)) _windows.Remove(key);
        }
    }

    private sealed class SlidingWindow
    {
        private readonly Queue<DateTimeOffset> _taken = new();
        private DateTimeOffset _blockedUntil = DateTimeOffset.MinValue;

        public bool TryTake(DateTimeOffset now, int limit, out TimeSpan retryAfter)
        {
            retryAfter = WaitTime(now, limit);
            if (retryAfter > TimeSpan.Zero) return false;
            _taken.Enqueue(now);
            return true;
        }

        public TimeSpan WaitTime(DateTimeOffset now, int limit)
        {
            if (now < _blockedUntil) return _blockedUntil - now;
            while (_taken.Count > 0 && _taken.Peek() + Window <= now) _taken.Dequeue();
            return _taken.Count < limit ? TimeSpan.Zero : _taken.Peek() + Window - now;
        }

        public void BlockUntil(DateTimeOffset until)
        {
            if (until > _blockedUntil) _blockedUntil = until;
        }

        public bool IsIdle(DateTimeOffset now)
        {
            while (_taken.Count > 0 && _taken.Peek() + Window <= now) _taken.Dequeue();
            return _taken.Count == 0 && now >= _blockedUntil;
        }
    }
}
