using System.Diagnostics;

namespace AdvisoryWatch.IntegrationTests;

/// <summary>
/// A clock that runs <c>speed</c> times faster than the wall clock, from now on: its timers and
/// delays fire that much sooner. The host reads all its time through it, so schedules, leases,
/// intervals and politeness spacing keep their proportions while a test lasts seconds, not minutes.
/// (Quartz ticks on the wall clock: a test gives the tick interval divided by the speed.)
/// </summary>
public sealed class FastClock(double speed) : TimeProvider
{
    private readonly DateTimeOffset _start = System.GetUtcNow();
    private readonly long _started = Stopwatch.GetTimestamp();

    public double Speed => speed;

    public override DateTimeOffset GetUtcNow() => _start + (Stopwatch.GetElapsedTime(_started) * speed);

    public override long GetTimestamp() => (long)(Stopwatch.GetTimestamp() * speed);

    public override long TimestampFrequency => Stopwatch.Frequency;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        new ScaledTimer(System.CreateTimer(callback, state, Scale(dueTime), Scale(period)), this);

    /// <summary>A span of this clock's time as wall-clock time.</summary>
    public TimeSpan Scale(TimeSpan span) =>
        span == Timeout.InfiniteTimeSpan || span <= TimeSpan.Zero ? span : span / speed;

    private sealed class ScaledTimer(ITimer inner, FastClock clock) : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period) => inner.Change(clock.Scale(dueTime), clock.Scale(period));

        public void Dispose() => inner.Dispose();

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
