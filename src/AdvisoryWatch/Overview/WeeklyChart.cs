using System.Globalization;

namespace AdvisoryWatch.Overview;

/// <summary>One authority's bars in <see cref="WeeklyChart"/>: its colour and its count per week.</summary>
public sealed record ChartSeries(string Authority, string Colour, IReadOnlyList<int> Counts)
{
    public int Total => Counts.Sum();
}

/// <summary>A stacked bar of one week: where each authority's part starts and how tall it is.</summary>
public sealed record ChartBar(DateOnly Week, double X, IReadOnlyList<ChartSegment> Segments, int Total);

public sealed record ChartSegment(ChartSeries Series, int Count, double Y, double Height);

/// <summary>
/// Advisories per week by authority, as the numbers and the geometry of a server-drawn SVG stacked
/// bar chart. Weeks start on Monday (UTC). Each authority keeps its colour from chart to chart
/// (a hash of its name picks it), and the legend and table name every series, so no meaning rests
/// on colour alone.
/// </summary>
public sealed class WeeklyChart
{
    public const double Width = 640;
    public const double Height = 240;
    public const double Left = 36;
    public const double Bottom = 28;
    public const double Top = 18; // room for the tallest bar's total above it

    // Each at least 3:1 against white (WCAG 2.1 non-text contrast), and told apart from its neighbours.
    private static readonly string[] Palette = ["#1a4d8f", "#b35c00", "#1e6b2f", "#a40000", "#6a3d9a", "#00707a", "#7a5c00", "#c2185b"];

    private WeeklyChart(IReadOnlyList<DateOnly> weeks, IReadOnlyList<ChartSeries> series)
    {
        Weeks = weeks;
        Series = series;
        var totals = weeks.Select((_, i) => series.Sum(s => s.Counts[i])).ToList();
        Max = Math.Max(1, totals.Count == 0 ? 0 : totals.Max());
        var slot = PlotWidth / Math.Max(1, weeks.Count);
        BarWidth = slot * 0.7;
        Bars = [.. weeks.Select((week, i) =>
        {
            var y = Top + PlotHeight;
            var segments = new List<ChartSegment>();
            foreach (var s in series.Where(s => s.Counts[i] > 0))
            {
                var h = PlotHeight * s.Counts[i] / Max;
                y -= h;
                segments.Add(new ChartSegment(s, s.Counts[i], y, h));
            }

            return new ChartBar(week, Left + (slot * i) + ((slot - BarWidth) / 2), segments, totals[i]);
        })];
    }

    public IReadOnlyList<DateOnly> Weeks { get; }

    /// <summary>Authorities with at least one advisory in the period, by name.</summary>
    public IReadOnlyList<ChartSeries> Series { get; }

    public IReadOnlyList<ChartBar> Bars { get; }

    /// <summary>The tallest bar's count (at least 1): the top of the axis.</summary>
    public int Max { get; }

    public double BarWidth { get; }

    public static double PlotWidth => Width - Left - 4;

    public static double PlotHeight => Height - Top - Bottom;

    public static double Baseline => Top + PlotHeight;

    public bool IsEmpty => Series.Count == 0;

    /// <summary>The Monday that starts the week of <paramref name="at"/> (UTC).</summary>
    public static DateOnly WeekOf(DateTimeOffset at)
    {
        var day = DateOnly.FromDateTime(at.UtcDateTime);
        return day.AddDays(-(((int)day.DayOfWeek + 6) % 7));
    }

    /// <summary>The first instant counted for a chart of <paramref name="weeks"/> weeks ending with the current one.</summary>
    public static DateTimeOffset Start(DateTimeOffset now, int weeks) =>
        new(WeekOf(now).AddDays(-7 * (weeks - 1)).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    /// <summary>Counts <paramref name="advisories"/> (authority, when published or else first seen) per week; later or earlier ones are left out.</summary>
    public static WeeklyChart Build(IEnumerable<(string Authority, DateTimeOffset At)> advisories, DateTimeOffset now, int weeks)
    {
        ArgumentNullException.ThrowIfNull(advisories);
        ArgumentOutOfRangeException.ThrowIfLessThan(weeks, 1);
        var first = WeekOf(Start(now, weeks));
        var weekList = Enumerable.Range(0, weeks).Select(i => first.AddDays(7 * i)).ToList();
        var counts = new SortedDictionary<string, int[]>(StringComparer.CurrentCultureIgnoreCase);
        foreach (var (authority, at) in advisories)
        {
            var index = (WeekOf(at).DayNumber - first.DayNumber) / 7;
            if (index < 0 || index >= weeks || at > now)
            {
                continue;
            }

            if (!counts.TryGetValue(authority, out var row))
            {
                counts[authority] = row = new int[weeks];
            }

            row[index]++;
        }

        return new WeeklyChart(weekList, [.. counts.Select(c => new ChartSeries(c.Key, ColourOf(c.Key), c.Value))]);
    }

    /// <summary>The authority's colour: the same wherever and whenever it is drawn.</summary>
    public static string ColourOf(string authority)
    {
        ArgumentNullException.ThrowIfNull(authority);

        // FNV-1a: string.GetHashCode differs from one process to the next.
        var hash = 2166136261u;
        foreach (var c in authority)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return Palette[hash % (uint)Palette.Length];
    }

    /// <summary>A number for an SVG attribute (invariant, two decimals at most).</summary>
    public static string N(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
