namespace AdvisoryWatch.Departments;

/// <summary>
/// Digest times: "daily at 08:00" or "weekly on Monday at 08:00" in a department's time zone,
/// turned into UTC instants. A local time that does not exist (the spring-forward gap) moves to the
/// first instant after the gap; one that exists twice (autumn) takes the first.
/// </summary>
public static class CadenceClock
{
    /// <summary>The first digest time strictly after <paramref name="after"/>.</summary>
    public static DateTimeOffset Next(Cadence cadence, TimeOnly at, DayOfWeek? day, TimeZoneInfo zone, DateTimeOffset after)
    {
        ArgumentNullException.ThrowIfNull(zone);
        if (cadence == Cadence.Immediate)
        {
            return after;
        }

        var localDate = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(after, zone).DateTime);

        // Two weeks of candidates always contain the answer, whatever the day and DST shifts.
        for (var i = -1; i < 15; i++)
        {
            var date = localDate.AddDays(i);
            if (cadence == Cadence.Weekly && date.DayOfWeek != (day ?? DayOfWeek.Monday))
            {
                continue;
            }

            var instant = ToUtc(date.ToDateTime(at), zone);
            if (instant > after)
            {
                return instant;
            }
        }

        throw new InvalidOperationException("No digest time within two weeks.");
    }

    /// <summary>The earliest next digest time among <paramref name="subscriptions"/>; null when none is a digest.</summary>
    public static DateTimeOffset? NextDigest(IEnumerable<Subscription> subscriptions, TimeZoneInfo zone, DateTimeOffset after)
    {
        ArgumentNullException.ThrowIfNull(subscriptions);
        DateTimeOffset? earliest = null;
        foreach (var s in subscriptions.Where(s => s.Cadence != Cadence.Immediate))
        {
            var next = Next(s.Cadence, s.DigestTime, s.Day, zone, after);
            earliest = earliest is null || next < earliest ? next : earliest;
        }

        return earliest;
    }

    /// <summary>The digest time before <paramref name="next"/> (the start of the period it ends).</summary>
    public static DateTimeOffset Previous(Cadence cadence, TimeOnly at, DayOfWeek? day, TimeZoneInfo zone, DateTimeOffset next)
    {
        var step = cadence == Cadence.Weekly ? TimeSpan.FromDays(7) : TimeSpan.FromDays(1);
        // Three hours of slack cover a day of 23 or 25 hours.
        return Next(cadence, at, day, zone, next - step - TimeSpan.FromHours(3));
    }

    public static DateTimeOffset ToUtc(DateTime local, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        while (zone.IsInvalidTime(local))
        {
            local = local.AddMinutes(15);
        }

        var offset = zone.IsAmbiguousTime(local) ? zone.GetAmbiguousTimeOffsets(local).Max() : zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset).ToUniversalTime();
    }

    /// <summary>The zone for an IANA id; UTC for an unknown id (validation reports those at import).</summary>
    public static TimeZoneInfo Zone(string? id) =>
        id is not null && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : TimeZoneInfo.Utc;
}
