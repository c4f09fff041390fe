namespace TikTokStudio.Web.Features.Webhooks;

/// <summary>
/// When to try again (issue #13): immediately, then after 5 s, 5 min, 30 min, 2 h, 5 h, 10 h and 24 h; then give up.
/// Each wait is spread by up to ±10% so that receivers coming back from an outage are not hit by every retry at once.
/// </summary>
public static class WebhookRetrySchedule
{
    public static readonly IReadOnlyList<TimeSpan> Delays =
    [
        TimeSpan.Zero,
        TimeSpan.FromSeconds(5),
        TimeSpan.FromMinutes(5),
        TimeSpan.FromMinutes(30),
        TimeSpan.FromHours(2),
        TimeSpan.FromHours(5),
        TimeSpan.FromHours(10),
        TimeSpan.FromHours(24),
    ];

    public const double Jitter = 0.10;

    public static int MaxAttempts => Delays.Count;

    /// <summary>When attempt number <paramref name="attemptsMade"/> + 1 is due after the last one failed at <paramref name="now"/>; null: no more attempts.</summary>
    public static DateTimeOffset? NextAttempt(int attemptsMade, DateTimeOffset now, Random random)
    {
        if (attemptsMade >= Delays.Count) return null;
        var delay = Delays[attemptsMade];
        var spread = delay.Ticks * Jitter * (random.NextDouble() * 2 - 1);
        return now + TimeSpan.FromTicks(delay.Ticks + (long)spread);
    }
}
