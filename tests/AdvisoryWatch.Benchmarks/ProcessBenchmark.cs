using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace AdvisoryWatch.Benchmarks;

/// <summary>
/// The whole process, as an admin runs it: <c>advisorywatch parse FILE --json &gt; /dev/null</c> on
/// one large generated RSS feed, beside gofeed and Python feedparser each parsing the same file and
/// printing every item's fields as JSON, in the same run. Start-up counts, so each contender is also
/// timed on a one-item feed. Wall time, best of N (the least disturbed run on a shared machine).
/// </summary>
internal static class ProcessBenchmark
{
    private const string Ours = "advisorywatch parse --json";

    public static int Run(string[] args)
    {
        var options = new Options(args);
        if (options.Get("advisorywatch") is not { } advisorywatch)
        {
            Console.Error.WriteLine("process: --advisorywatch PATH (the executable or its .dll) is required");
            return 2;
        }

        var directory = Directory.CreateDirectory(options.Get("out") ?? Path.Combine(Path.GetTempPath(), "advisorywatch-process-bench")).FullName;
        var items = options.GetInt("items", 20_000);
        var repetitions = options.GetInt("repetitions", 5);
        var large = Path.Combine(directory, string.Create(CultureInfo.InvariantCulture, $"large-{items}.xml"));
        var bytes = CorpusGenerator.WriteLargeRss(large, 2026, items);
        var tiny = Path.Combine(directory, "tiny.xml");
        CorpusGenerator.WriteLargeRss(tiny, 2026, 1);
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"process: {large}: {items:N0} items, {bytes / 1e6:0.0} MB"));

        var contenders = new List<(string Name, string Executable, string[] Arguments, string ItemsProperty)>
        {
            advisorywatch.EndsWith(".dll", StringComparison.Ordinal)
                ? (Ours, "dotnet", [advisorywatch, "parse", "{file}", "--json"], "items")
                : (Ours, advisorywatch, ["parse", "{file}", "--json"], "items"),
        };
        if (options.Get("go") is { } go)
        {
            contenders.Add(("gofeed (Debian), JSON of the whole feed", go, ["{file}"], "items"));
        }

        if (options.Get("python") is { } script)
        {
            contenders.Add(("Python feedparser, JSON of every entry's core fields", "/usr/bin/python3", [script, "{file}"], "items"));
        }

        var rows = new List<(string Name, double Large, double Tiny, string Note)>();
        foreach (var (name, executable, arguments, itemsProperty) in contenders)
        {
            // One run into a file first: it checks the contender runs and prints every item, and
            // warms the page cache for the timed runs.
            var check = Path.Combine(directory, "output.json");
            var exit = RunOnce(executable, Substitute(arguments, large), check, out var error);
            if (exit is null || (exit != 0 && error.Contains("ModuleNotFoundError", StringComparison.Ordinal)))
            {
                Console.Error.WriteLine($"process: {name} skipped: {error}");
                rows.Add((name, double.NaN, double.NaN, "not installed"));
                continue;
            }

            if (exit != 0)
            {
                Console.Error.WriteLine($"process: {name} exited with {exit}: {error}");
                rows.Add((name, double.NaN, double.NaN, "failed"));
                continue;
            }

            var printed = CountItems(check, itemsProperty);
            File.Delete(check);
            var largeSeconds = Best(repetitions, () => RunOnce(executable, Substitute(arguments, large), "/dev/null", out _));
            var tinySeconds = Best(repetitions, () => RunOnce(executable, Substitute(arguments, tiny), "/dev/null", out _));
            rows.Add((name, largeSeconds, tinySeconds, printed == items ? string.Empty : string.Create(CultureInfo.InvariantCulture, $"printed {printed:N0} of {items:N0} items")));
        }

        var ours = rows[0];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Whole process, one {items:N0}-item RSS feed of {bytes / 1e6:0.0} MB, stdout to /dev/null, wall time, best of {repetitions}:"));
        Console.WriteLine();
        Console.WriteLine("| contender | large feed, s | MB/s | one-item feed (start-up), s | ours is N× faster | note |");
        Console.WriteLine("|---|---:|---:|---:|---:|---|");
        foreach (var (name, largeSeconds, tinySeconds, note) in rows)
        {
            var ratio = double.IsNaN(largeSeconds) || double.IsNaN(ours.Large) ? "–" : string.Create(CultureInfo.InvariantCulture, $"{largeSeconds / ours.Large:0.00}×");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {largeSeconds:0.000} | {bytes / 1e6 / largeSeconds:0.0} | {tinySeconds:0.000} | {ratio} | {note} |"));
        }

        Console.WriteLine();
        Console.WriteLine("Goals: at least 16× Python feedparser and 2× gofeed.");
        return 0;
    }

    private static string[] Substitute(string[] arguments, string file) =>
        [.. arguments.Select(a => a == "{file}" ? file : a)];

    private static double Best(int repetitions, Func<int?> run)
    {
        var best = double.PositiveInfinity;
        for (var i = 0; i < repetitions; i++)
        {
            var watch = Stopwatch.StartNew();
            run();
            best = Math.Min(best, watch.Elapsed.TotalSeconds);
        }

        return best;
    }

    /// <summary>
    /// Runs the contender with its stdout redirected by a shell, as an admin would, so the harness
    /// reads none of it; null when it cannot be started.
    /// </summary>
    private static int? RunOnce(string executable, string[] arguments, string stdout, out string error)
    {
        var start = new ProcessStartInfo("/bin/sh") { RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("command -v \"$0\" >/dev/null || exit 127; exec \"$0\" \"$@\" > \"$STDOUT_FILE\"");
        start.ArgumentList.Add(executable);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["STDOUT_FILE"] = stdout;
        // One core for every contender: the harness is pinned by run.sh (taskset) and children inherit it.
        start.Environment["GOMAXPROCS"] = "1";
        using var process = Process.Start(start)!;
        error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode == 127)
        {
            error = $"cannot start {executable}";
            return null;
        }

        return process.ExitCode;
    }

    private static int CountItems(string path, string property)
    {
        using var stream = File.OpenRead(path);
        using var json = JsonDocument.Parse(stream);
        return json.RootElement.TryGetProperty(property, out var items) && items.ValueKind == JsonValueKind.Array ? items.GetArrayLength() : -1;
    }
}
