namespace AdvisoryWatch.IntegrationTests.Access;

/// <summary>The system clock moved forward by <see cref="Offset"/>: a key's expiry or last-used time, reached in a test.</summary>
public sealed class ShiftedClock : TimeProvider
{
    public TimeSpan Offset { get; set; }

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + Offset;
}
