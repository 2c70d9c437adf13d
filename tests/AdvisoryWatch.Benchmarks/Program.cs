using AdvisoryWatch.Extraction;
using AdvisoryWatch.Extraction.Feeds;

foreach (var path in Directory.EnumerateFiles(args[0], "*.*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
{
    Console.Error.Write(path + " ... ");
    var sw = System.Diagnostics.Stopwatch.StartNew();
    var r = FeedParser.Parse(File.ReadAllBytes(path), new ExtractionContext(new Uri("https://example.org/")));
    Console.Error.WriteLine($"{sw.ElapsedMilliseconds} ms {(r.Succeeded ? "ok" : r.Error!.ToString())}");
}

return 0;
