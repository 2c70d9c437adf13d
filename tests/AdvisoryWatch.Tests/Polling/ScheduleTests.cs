using AdvisoryWatch.Polling;

namespace AdvisoryWatch.Tests.Polling;

public sealed class ScheduleTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);

    [Theory]
    [InlineData(0.0, 54)]
    [InlineData(0.5, 60)]
    [InlineData(0.999999, 66)]
    public void Success_waits_the_interval_stretched_by_at_most_the_jitter(double random, int minutes) =>
        Assert.Equal(Now.AddMinutes(minutes), Schedule.AfterSuccess(Now, Hour, 0.1, random), TimeSpan.FromSeconds(1));

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(3, 4)]
    [InlineData(5, 12)]
    [InlineData(40, 12)]
    public void Failures_double_the_wait_up_to_the_cap(int failures, int hours) =>
        Assert.Equal(Now.AddHours(hours), Schedule.AfterFailure(Now, Hour, failures, TimeSpan.FromHours(12), 0, 0.5));

    [Fact]
    public void The_cap_never_shortens_a_long_interval() =>
        Assert.Equal(Now.AddDays(2), Schedule.AfterFailure(Now, TimeSpan.FromDays(2), 3, TimeSpan.FromHours(12), 0, 0.5));

    [Fact]
    public void Retry_after_longer_than_the_interval_is_honoured_up_to_the_cap()
    {
        Assert.Equal(Now.AddHours(3), Schedule.AfterRateLimit(Now, Hour, TimeSpan.FromHours(3), TimeSpan.FromHours(12)));
        Assert.Equal(Now.AddHours(12), Schedule.AfterRateLimit(Now, Hour, TimeSpan.FromDays(30), TimeSpan.FromHours(12)));
    }

    [Fact]
    public void Retry_after_shorter_than_the_interval_does_not_poll_sooner() =>
        Assert.Equal(Now.AddHours(1), Schedule.AfterRateLimit(Now, Hour, TimeSpan.FromSeconds(5), TimeSpan.FromHours(12)));
}
