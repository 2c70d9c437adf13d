using AdvisoryWatch.Overview;

namespace AdvisoryWatch.Tests.Overview;

/// <summary>The overview's advisories per week by authority.</summary>
public sealed class WeeklyChartTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 6, 5, 0, 0, TimeSpan.Zero); // a Sunday

    [Fact]
    public void Advisories_are_counted_in_their_monday_week_and_older_or_later_ones_are_left_out()
    {
        var chart = WeeklyChart.Build(
            [
                ("NSM", new DateTimeOffset(2026, 11, 30, 0, 0, 0, TimeSpan.Zero)), // Monday of this week
                ("NSM", Now),
                ("IMY", new DateTimeOffset(2026, 11, 29, 23, 59, 0, TimeSpan.Zero)), // Sunday: last week
                ("IMY", new DateTimeOffset(2026, 9, 14, 0, 0, 0, TimeSpan.Zero)), // Monday of the first week
                ("IMY", new DateTimeOffset(2026, 9, 13, 23, 0, 0, TimeSpan.Zero)), // before it
                ("EDPB", Now.AddHours(1)), // in the future
            ],
            Now,
            12);

        Assert.Equal(new DateOnly(2026, 9, 14), chart.Weeks[0]);
        Assert.Equal(new DateOnly(2026, 11, 30), chart.Weeks[^1]);
        Assert.Equal(["IMY", "NSM"], chart.Series.Select(s => s.Authority));
        Assert.Equal([1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0], chart.Series[0].Counts);
        Assert.Equal(2, chart.Series[1].Counts[^1]);
        Assert.Equal(2, chart.Max);
        Assert.Equal(2, chart.Bars[^1].Total);

        // The taller bar fills the plot; the segments of a bar stack without overlapping.
        var bar = chart.Bars[^1];
        Assert.Equal(WeeklyChart.Top, bar.Segments[^1].Y, 6);
        Assert.Equal(WeeklyChart.PlotHeight, bar.Segments.Sum(s => s.Height), 6);
    }

    [Fact]
    public void An_authority_keeps_its_colour_whatever_else_is_drawn()
    {
        var alone = WeeklyChart.Build([("Datatilsynet", Now)], Now, 12);
        var together = WeeklyChart.Build([("CERT-SE", Now), ("Datatilsynet", Now), ("NSM", Now)], Now, 12);
        Assert.Equal(alone.Series.Single().Colour, together.Series.Single(s => s.Authority == "Datatilsynet").Colour);
        Assert.Equal(WeeklyChart.ColourOf("Datatilsynet"), alone.Series.Single().Colour);
        Assert.Matches("^#[0-9a-f]{6}$", WeeklyChart.ColourOf("NSM"));
    }
}
