using System.Diagnostics;
using System.Globalization;

namespace AdvisoryWatch.Benchmarks;

/// <summary>One contender's timing over one corpus.</summary>
internal sealed record Timing(string Corpus, string Contender, int Files, long Bytes, double MedianSeconds, int Errors, string? Note = null)
{
    public double MegabytesPerSecond => Bytes / 1e6 / MedianSeconds;

    public double FilesPerSecond => Files / MedianSeconds;
}

internal static class Measure
{
    /// <summary>One warm-up pass, then <paramref name="repetitions"/> timed passes; the median.</summary>
    public static double MedianSeconds(int repetitions, Action pass)
    {
        pass();
        var seconds = new List<double>(repetitions);
        for (var i = 0; i < repetitions; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            var watch = Stopwatch.StartNew();
            pass();
            seconds.Add(watch.Elapsed.TotalSeconds);
        }

        return Median(seconds);
    }

    public static double Median(IReadOnlyList<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    /// <summary>
    /// A Markdown table; the ratio columns compare <paramref name="ours"/> (and, when given,
    /// <paramref name="oursComplete"/>, the same work with every lazily derived field read) with
    /// each row of the same corpus.
    /// </summary>
    public static void PrintTable(IEnumerable<Timing> timings, string ours, string? oursComplete = null)
    {
        var rows = timings.ToList();
        var header = oursComplete is null ? string.Empty : " with every derived field: N× faster |";
        Console.WriteLine($"| corpus | contender | files | MB | MB/s | files/s | errors | ours is N× faster |{header}");
        Console.WriteLine("|---|---|---:|---:|---:|---:|---:|---:|" + (oursComplete is null ? string.Empty : "---:|"));
        foreach (var row in rows)
        {
            var speed = row.Note is null
                ? string.Create(CultureInfo.InvariantCulture, $"{row.MegabytesPerSecond:0.0} | {row.FilesPerSecond:0} | {row.Errors}")
                : $"{row.Note} | – | –";
            var ratios = Ratio(rows, row, ours) + (oursComplete is null ? string.Empty : " | " + Ratio(rows, row, oursComplete));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {row.Corpus} | {row.Contender} | {row.Files} | {row.Bytes / 1e6:0.00} | {speed} | {ratios} |"));
        }
    }

    private static string Ratio(List<Timing> rows, Timing row, string contender)
    {
        var mine = rows.FirstOrDefault(r => r.Corpus == row.Corpus && r.Contender == contender && r.Note is null);
        return mine is null || row.Note is not null ? "–" : (row.MedianSeconds / mine.MedianSeconds).ToString("0.00", CultureInfo.InvariantCulture) + "×";
    }
}
