namespace TikTokStudio.TikTok.RateLimiting;

/// <summary>
/// TikTok's per-access-token request budgets (creator_info 20/min, each init 6/min, status 30/min...), which belong to
/// the token, not to a process. <see cref="TikTokRateLimiter"/> keeps them in memory (one process); an app that runs
/// several instances registers a shared implementation instead (the web app's database budget), so that instances
/// together never exceed one.
/// </summary>
public interface ITikTokRequestBudget
{
    /// <summary>The clock the windows are counted on (callers wait on it too).</summary>
    TimeProvider Time { get; }

    /// <summary>Takes one request from the budget: <see cref="TimeSpan.Zero"/> when taken, otherwise how long until one frees up (nothing taken).</summary>
    ValueTask<TimeSpan> TryAcquireAsync(string accessToken, TikTokEndpoint endpoint, CancellationToken cancellationToken = default);

    /// <summary>How long a call would have to wait now, without taking anything.</summary>
    ValueTask<TimeSpan> GetWaitTimeAsync(string accessToken, TikTokEndpoint endpoint, CancellationToken cancellationToken = default);

    /// <summary>TikTok answered 429 anyway: treat the window as full for a whole window.</summary>
    ValueTask MarkExhaustedAsync(string accessToken, TikTokEndpoint endpoint, CancellationToken cancellationToken = default);
}
