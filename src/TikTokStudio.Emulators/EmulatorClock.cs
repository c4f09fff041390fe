namespace TikTokStudio.Emulators;

/// <summary>
/// The emulator's own time: real time plus an offset that the control API can move forward, so tests can expire
/// tokens, upload URLs and daily caps without waiting. Nothing runs on timers; every state is derived from it.
/// </summary>
public sealed class EmulatorClock(TimeProvider inner) : TimeProvider
{
    private long _offsetTicks;

    public EmulatorClock() : this(TimeProvider.System) { }

    public TimeSpan Offset => TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    public override DateTimeOffset GetUtcNow() => inner.GetUtcNow() + Offset;

    public void Advance(TimeSpan by)
    {
        if (by < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(by), "The emulator clock only moves forward.");
        Interlocked.Add(ref _offsetTicks, by.Ticks);
    }

    public void Reset() => Interlocked.Exchange(ref _offsetTicks, 0);
}
