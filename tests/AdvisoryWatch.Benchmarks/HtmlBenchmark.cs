using AdvisoryWatch.Extraction;
using AdvisoryWatch.Extraction.Html;
using AngleSharp.Html.Parser;

namespace AdvisoryWatch.Benchmarks;

/// <summary>
/// HTML list and watched-page extraction on one core, beside a bare AngleSharp parse of the same
/// documents (the floor: selectors, text normalisation and hashing come on top of it).
/// </summary>
internal static class HtmlBenchmark
{
    private const string OursList = "AdvisoryWatch HtmlListExtractor";
    private const string OursPage = "AdvisoryWatch PageExtractor";

    private static readonly HtmlListConfig ListConfig = new()
    {
        Item = "li.news-item",
        Title = "h2.title a",
        Link = "h2.title a",
        Date = "time.date",
        Summary = "p.ingress",
        DateCulture = "nb",
    };

    private static readonly PageWatchConfig PageConfig = new() { ExcludeSelectors = [".updated", ".cookie-banner"] };

    public static int Run(string[] args)
    {
        var options = new Options(args);
        var corpus = options.Get("corpus");
        if (corpus is null || !Directory.Exists(Path.Combine(corpus, "lists")) || !Directory.Exists(Path.Combine(corpus, "pages")))
        {
            Console.Error.WriteLine("html: --corpus DIR is required, holding lists/ and pages/ (see `generate`)");
            return 2;
        }

        var repetitions = options.GetInt("repetitions", 5);
        var context = new ExtractionContext(new Uri("https://authority.example/aktuelt/"));
        var timings = new List<Timing>();
        foreach (var (kind, ours) in new[] { ("lists", OursList), ("pages", OursPage) })
        {
            var documents = Directory.GetFiles(Path.Combine(corpus, kind), "*.html").Order(StringComparer.Ordinal).Select(File.ReadAllBytes).ToArray();
            long bytes = documents.Sum(d => (long)d.Length);
            Func<byte[], bool> extract = kind == "lists"
                ? d => HtmlListExtractor.Extract(d, ListConfig, context).Succeeded
                : d => PageExtractor.Extract(d, PageConfig, context).Succeeded;
            timings.Add(Time(kind, ours, documents, bytes, repetitions, extract));
            var parser = new HtmlParser();
            timings.Add(Time(kind, "bare AngleSharp parse", documents, bytes, repetitions, d =>
            {
                using var document = parser.ParseDocument(new MemoryStream(d));
                return document.Body is not null;
            }));
        }

        Measure.PrintTable(timings.Where(t => t.Corpus == "lists"), OursList);
        Console.WriteLine();
        Measure.PrintTable(timings.Where(t => t.Corpus == "pages"), OursPage);
        return 0;
    }

    private static Timing Time(string corpus, string contender, byte[][] documents, long bytes, int repetitions, Func<byte[], bool> extract)
    {
        int errors;
        try
        {
            errors = documents.Count(d => !extract(d));
        }
        catch (NotImplementedException)
        {
            return new Timing(corpus, contender, documents.Length, bytes, double.NaN, 0, "not implemented yet");
        }

        var seconds = Measure.MedianSeconds(repetitions, () =>
        {
            foreach (var document in documents)
            {
                extract(document);
            }
        });
        return new Timing(corpus, contender, documents.Length, bytes, seconds, errors);
    }
}
