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

    /// <summary>A Markdown table; the ratio column compares <paramref name="ours"/> with each row of the same corpus.</summary>
    public static void PrintTable(IEnumerable<Timing> timings, string ours)
    {
        var rows = timings.ToList();
        Console.WriteLine("| corpus | contender | files | MB | MB/s | files/s | errors | ours is N× faster |");
        Console.WriteLine("|---|---|---:|---:|---:|---:|---:|---:|");
        foreach (var row in rows)
        {
            var mine = rows.FirstOrDefault(r => r.Corpus == row.Corpus && r.Contender == ours && r.Note is null);
            var ratio = mine is null || row.Note is not null ? "–" : (row.MedianSeconds / mine.MedianSeconds).ToString("0.00", CultureInfo.InvariantCulture) + "×";
            var speed = row.Note is null
                ? string.Create(CultureInfo.InvariantCulture, $"{row.MegabytesPerSecond:0.0} | {row.FilesPerSecond:0} | {row.Errors}")
                : $"{row.Note} | – | –";
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {row.Corpus} | {row.Contender} | {row.Files} | {row.Bytes / 1e6:0.00} | {speed} | {ratio} |"));
        }
    }
}
