using AdvisoryWatch.Departments;

namespace AdvisoryWatch.Tests.Departments;

public sealed class CadenceClockTests
{
    private static readonly TimeZoneInfo Oslo = TimeZoneInfo.FindSystemTimeZoneById("Europe/Oslo");

    [Fact]
    public void Daily_digest_is_the_next_local_time_of_day_in_winter_and_in_summer()
    {
        // 07:30 local in winter (UTC+1) is 06:30 UTC: today 08:00 local, 07:00 UTC.
        Assert.Equal(Utc(2026, 1, 15, 7, 0), CadenceClock.Next(Cadence.Daily, new TimeOnly(8, 0), null, Oslo, Utc(2026, 1, 15, 6, 30)));

        // In summer (UTC+2) the same local time is 06:00 UTC.
        Assert.Equal(Utc(2026, 7, 15, 6, 0), CadenceClock.Next(Cadence.Daily, new TimeOnly(8, 0), null, Oslo, Utc(2026, 7, 15, 5, 0)));

        // Already past today: tomorrow. Exactly at the time: the next one (strictly after).
        Assert.Equal(Utc(2026, 1, 16, 7, 0), CadenceClock.Next(Cadence.Daily, new TimeOnly(8, 0), null, Oslo, Utc(2026, 1, 15, 7, 0)));
    }

    [Fact]
    public void Weekly_digest_falls_on_its_day()
    {
        // Monday 16 November 2026, 08:00 Oslo; asked on Wednesday the 11th.
        var next = CadenceClock.Next(Cadence.Weekly, new TimeOnly(8, 0), DayOfWeek.Monday, Oslo, Utc(2026, 11, 11, 12, 0));
        Assert.Equal(Utc(2026, 11, 16, 7, 0), next);
        Assert.Equal(Utc(2026, 11, 9, 7, 0), CadenceClock.Previous(Cadence.Weekly, new TimeOnly(8, 0), DayOfWeek.Monday, Oslo, next));
    }

    [Fact]
    public void A_local_time_in_the_spring_gap_moves_past_the_gap_and_an_autumn_repeat_takes_the_first()
    {
        // 29 March 2026: 02:00-03:00 does not exist in Oslo. 02:30 becomes 03:00 CEST = 01:00 UTC.
        Assert.Equal(Utc(2026, 3, 29, 1, 0), CadenceClock.Next(Cadence.Daily, new TimeOnly(2, 30), null, Oslo, Utc(2026, 3, 28, 12, 0)));

        // 25 October 2026: 02:30 happens twice; the first is still summer time, 00:30 UTC.
        Assert.Equal(Utc(2026, 10, 25, 0, 30), CadenceClock.Next(Cadence.Daily, new TimeOnly(2, 30), null, Oslo, Utc(2026, 10, 24, 12, 0)));
    }

    [Fact]
    public void The_period_before_a_digest_spans_a_day_of_23_or_25_hours()
    {
        var afterSpring = Utc(2026, 3, 29, 6, 0);
        Assert.Equal(Utc(2026, 3, 28, 7, 0), CadenceClock.Previous(Cadence.Daily, new TimeOnly(8, 0), null, Oslo, afterSpring));
        var afterAutumn = Utc(2026, 10, 25, 7, 0);
        Assert.Equal(Utc(2026, 10, 24, 6, 0), CadenceClock.Previous(Cadence.Daily, new TimeOnly(8, 0), null, Oslo, afterAutumn));
    }

    private static DateTimeOffset Utc(int y, int m, int d, int h, int min) => new(y, m, d, h, min, 0, TimeSpan.Zero);
}
