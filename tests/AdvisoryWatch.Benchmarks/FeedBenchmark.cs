using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Xml;
using AdvisoryWatch.Extraction;
using AdvisoryWatch.Extraction.Dates;
using AdvisoryWatch.Extraction.Feeds;
using AdvisoryWatch.Extraction.Text;

namespace AdvisoryWatch.Benchmarks;

/// <summary>
/// Feed parsing on one core: our <see cref="FeedParser"/>, a bare <see cref="XmlReader"/> pass
/// (the floor any XmlReader-based parser pays), Python feedparser and gofeed, over the same files
/// in the same run. Also the share of parse time spent reading dates.
/// </summary>
internal static class FeedBenchmark
{
    public const string Ours = "AdvisoryWatch FeedParser";

    public const string OursDerived = "AdvisoryWatch FeedParser + every derived field";

    public const string CodeHollow = "CodeHollow.FeedReader 2.1.1";

    private static readonly string[] FeedExtensions = [".xml", ".rss", ".atom", ".rdf"];

    public static int Run(string[] args)
    {
        var options = new Options(args);
        var corpora = options.All("corpus");
        if (corpora.Count == 0)
        {
            Console.Error.WriteLine("feeds: at least one --corpus DIR is required");
            return 2;
        }

        var repetitions = options.GetInt("repetitions", 5);
        var timings = new List<Timing>();
        var notes = new List<string>();
        foreach (var directory in corpora)
        {
            var name = Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory)));
            var paths = Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)
                .Where(p => FeedExtensions.Contains(Path.GetExtension(p), StringComparer.OrdinalIgnoreCase))
                .Order(StringComparer.Ordinal)
                .ToArray();
            if (paths.Length == 0)
            {
                Console.Error.WriteLine($"feeds: no feed files (*.xml, *.rss, *.atom, *.rdf) under {directory}");
                return 2;
            }

            var documents = paths.Select(File.ReadAllBytes).ToArray();
            long bytes = documents.Sum(d => (long)d.Length);
            Console.Error.WriteLine($"feeds: corpus {name}: {documents.Length} files, {bytes / 1e6:0.00} MB");

            var ours = TimeOurs(name, documents, bytes, repetitions, out var dates, out var contents);
            timings.Add(ours);
            if (ours.Note is null)
            {
                timings.Add(TimeOursDerived(name, documents, bytes, repetitions));
            }

            timings.Add(TimeBareXmlReader(name, documents, bytes, repetitions));
            timings.Add(TimeCodeHollow(name, documents, bytes, repetitions, notes));
            if (ours.Note is null && dates.Count > 0)
            {
                var dateSeconds = Measure.MedianSeconds(repetitions, () =>
                {
                    foreach (var raw in dates)
                    {
                        FeedDates.Parse(raw);
                    }
                });
                notes.Add(string.Create(CultureInfo.InvariantCulture, $"{name}: date parsing is {100 * dateSeconds / ours.MedianSeconds:0.0}% of parse time ({dates.Count} dates; goal ≤ 10%)"));
            }

            if (ours.Note is null && contents.Count > 0)
            {
                // An estimate of where the rest goes: sanitising the items' HTML again (the
                // sanitised output is close to the input in size and shape).
                var baseUri = new Uri("https://authority.example/feed");
                var sanitizeSeconds = Measure.MedianSeconds(repetitions, () =>
                {
                    foreach (var html in contents)
                    {
                        HtmlSanitizer.Sanitize(html, baseUri);
                    }
                });
                notes.Add(string.Create(CultureInfo.InvariantCulture, $"{name}: sanitising item content is about {100 * sanitizeSeconds / ours.MedianSeconds:0}% of parse time ({contents.Count} items with content; estimated by re-sanitising the output)"));
            }

            var manifest = Path.GetTempFileName();
            try
            {
                File.WriteAllLines(manifest, paths.Select(Path.GetFullPath));
                if (options.Get("python") is { } script)
                {
                    timings.Add(RunReference(name, "Python feedparser", "/usr/bin/python3", [script, manifest], Math.Max(1, repetitions / 2)));
                }

                if (options.Get("go") is { } binary)
                {
                    timings.Add(RunReference(name, "gofeed", binary, [manifest], repetitions));
                }
            }
            finally
            {
                File.Delete(manifest);
            }
        }

        Measure.PrintTable(timings, Ours, OursDerived);
        foreach (var note in notes)
        {
            Console.WriteLine();
            Console.WriteLine(note);
        }

        return 0;
    }

    private static Timing TimeOurs(string corpus, byte[][] documents, long bytes, int repetitions, out List<string> dates, out List<string> contents)
    {
        dates = [];
        contents = [];
        var context = new ExtractionContext(new Uri("https://authority.example/feed"));
        var errors = 0;
        try
        {
            foreach (var document in documents)
            {
                var result = FeedParser.Parse(document, context);
                if (!result.Succeeded)
                {
                    errors++;
                    continue;
                }

                AddDate(dates, result.Value.Updated);
                foreach (var item in result.Value.Items)
                {
                    AddDate(dates, item.Published);
                    AddDate(dates, item.Updated);
                    if (item.Content is not null)
                    {
                        contents.Add(item.Content);
                    }
                }
            }
        }
        catch (NotImplementedException)
        {
            return new Timing(corpus, Ours, documents.Length, bytes, double.NaN, 0, "not implemented yet");
        }

        var seconds = Measure.MedianSeconds(repetitions, () =>
        {
            foreach (var document in documents)
            {
                FeedParser.Parse(document, context);
            }
        });
        return new Timing(corpus, Ours, documents.Length, bytes, seconds, errors);
    }

    /// <summary>
    /// The parse plus every field <c>advisorywatch parse --json</c> writes: summaries and content
    /// are derived on first read, so a pass that never reads them would not time that work.
    /// </summary>
    private static Timing TimeOursDerived(string corpus, byte[][] documents, long bytes, int repetitions)
    {
        var context = new ExtractionContext(new Uri("https://authority.example/feed"));
        long characters = 0;
        int Pass()
        {
            var failed = 0;
            foreach (var document in documents)
            {
                var result = FeedParser.Parse(document, context);
                if (!result.Succeeded)
                {
                    failed++;
                    continue;
                }

                characters += Touch(result.Value);
            }

            return failed;
        }

        var errors = Pass();
        var seconds = Measure.MedianSeconds(repetitions, () => Pass());
        GC.KeepAlive(characters);
        return new Timing(corpus, OursDerived, documents.Length, bytes, seconds, errors);
    }

    private static long Touch(ExtractedFeed feed)
    {
        long characters = (feed.Title?.Length ?? 0) + (feed.Link?.Length ?? 0) + (feed.Description?.Length ?? 0) + (feed.Language?.Length ?? 0) + (feed.Updated?.Raw.Length ?? 0) + feed.Warnings.Count;
        foreach (var item in feed.Items)
        {
            characters += item.Id.Length + (item.Title?.Length ?? 0) + (item.Link?.Length ?? 0) + (item.Summary?.Length ?? 0) + (item.Content?.Length ?? 0)
                + (item.Published?.Raw.Length ?? 0) + (item.Updated?.Raw.Length ?? 0) + item.Authors.Count + item.Categories.Count;
        }

        return characters;
    }

    private static void AddDate(List<string> dates, ParsedDate? date)
    {
        if (date is not null)
        {
            dates.Add(date.Raw);
        }
    }

    /// <summary>Every node read and every text value materialised, nothing more: the in-run floor.</summary>
    private static Timing TimeBareXmlReader(string corpus, byte[][] documents, long bytes, int repetitions)
    {
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore, XmlResolver = null, IgnoreComments = true };
        int Pass()
        {
            var errors = 0;
            long characters = 0;
            foreach (var document in documents)
            {
                try
                {
                    using var reader = XmlReader.Create(new MemoryStream(document), settings);
                    while (reader.Read())
                    {
                        if (reader.NodeType is XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.SignificantWhitespace)
                        {
                            characters += reader.Value.Length;
                        }
                    }
                }
                catch (XmlException)
                {
                    errors++;
                }
            }

            GC.KeepAlive(characters);
            return errors;
        }

        var errors = Pass();
        var seconds = Measure.MedianSeconds(repetitions, () => Pass());
        return new Timing(corpus, "bare XmlReader pass", documents.Length, bytes, seconds, errors);
    }

    /// <summary>
    /// CodeHollow.FeedReader, the .NET feed library a design would reach for first: parsing only
    /// (it decodes and sanitises nothing). Its exceptions are counted as errors, by type.
    /// </summary>
    private static Timing TimeCodeHollow(string corpus, byte[][] documents, long bytes, int repetitions, List<string> notes)
    {
        var thrown = new Dictionary<string, int>(StringComparer.Ordinal);
        int Pass(Dictionary<string, int>? record)
        {
            var errors = 0;
            foreach (var document in documents)
            {
                try
                {
                    global::CodeHollow.FeedReader.FeedReader.ReadFromByteArray(document);
                }
#pragma warning disable CA1031 // Counting what a contender throws is the point.
                catch (Exception e)
#pragma warning restore CA1031
                {
                    errors++;
                    if (record is not null)
                    {
                        record[e.GetType().Name] = record.GetValueOrDefault(e.GetType().Name) + 1;
                    }
                }
            }

            return errors;
        }

        var errors = Pass(thrown);
        var seconds = Measure.MedianSeconds(repetitions, () => Pass(null));
        if (thrown.Count > 0)
        {
            notes.Add($"{corpus}: CodeHollow.FeedReader threw on {errors} of {documents.Length} files ({string.Join(", ", thrown.OrderByDescending(p => p.Value).Select(p => $"{p.Value} {p.Key}"))})");
        }

        return new Timing(corpus, CodeHollow, documents.Length, bytes, seconds, errors);
    }

    private static Timing RunReference(string corpus, string contender, string executable, string[] arguments, int repetitions)
    {
        var start = new ProcessStartInfo(executable) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.ArgumentList.Add(repetitions.ToString(CultureInfo.InvariantCulture));
        // One core for every contender: the harness is pinned by run.sh (taskset) and children inherit it.
        start.Environment["GOMAXPROCS"] = "1";
        try
        {
            using var process = Process.Start(start)!;
            var stderr = process.StandardError.ReadToEndAsync();
            var stdout = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                Console.Error.WriteLine($"feeds: {contender} exited with {process.ExitCode}: {stderr.Result}");
                return new Timing(corpus, contender, 0, 0, double.NaN, 0, "failed to run");
            }

            using var json = JsonDocument.Parse(stdout);
            var root = json.RootElement;
            var seconds = root.GetProperty("seconds").EnumerateArray().Select(e => e.GetDouble()).ToList();
            return new Timing(corpus, contender, root.GetProperty("files").GetInt32(), root.GetProperty("bytes").GetInt64(), Measure.Median(seconds), root.GetProperty("errors").GetInt32());
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            Console.Error.WriteLine($"feeds: cannot start {executable}: {e.Message}");
            return new Timing(corpus, contender, 0, 0, double.NaN, 0, "not installed");
        }
    }
}
