using AdvisoryWatch.Benchmarks;

// A plain Stopwatch harness: warm-up, several timed passes, the median reported, and every result
// given as a ratio against references timed in the same run (run.sh pins everything to one core).
// BenchmarkDotNet is not used: its per-invocation machinery adds little for whole-corpus passes
// and cannot time the Python and Go references beside ours.
return args.FirstOrDefault() switch
{
    "generate" => CorpusGenerator.Run(args[1..]),
    "feeds" => FeedBenchmark.Run(args[1..]),
    "html" => HtmlBenchmark.Run(args[1..]),
    "process" => ProcessBenchmark.Run(args[1..]),
    "polling" => await PollingBenchmark.RunAsync(args[1..]),
    "polling-stub" => await PollingBenchmark.RunStubAsync(args),
    "polling-busy-host" => await BusyHostBenchmark.RunAsync(args[1..]),
    "framework-floor" => await FrameworkFloor.RunAsync(),
    "digest" => DigestBenchmark.Run(args[1..]),
    "mail" => await MailBenchmark.RunAsync(args[1..]),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("""
        usage: AdvisoryWatch.Benchmarks <command> [options]
          generate --out DIR [--seed N] [--feeds N] [--pages N]
                                     write the deterministic feed and HTML corpus
          feeds --corpus DIR [--corpus DIR ...] [--python SCRIPT] [--go BINARY] [--repetitions N]
                                     feed parsing MB/s and files/s: ours, bare XmlReader, feedparser, gofeed
          process --advisorywatch PATH [--go BINARY] [--python SCRIPT] [--items N] [--repetitions N] [--out DIR]
                                     whole process: parse --json of one N-item RSS feed (default 20,000, about 52 MB) vs gofeed and feedparser, best wall time
          html --corpus DIR [--repetitions N]
                                     HTML list and page extraction MB/s beside a bare AngleSharp parse
          polling [--sources N] [--concurrency N] [--steady-seconds N]
                                     one polling cycle over N stub sources vs the loopback floor; CPU and memory
          polling-busy-host [--sources N] [--others N] [--seconds N]
                                     N one-minute sources on one host with the shipped limits: effective rate vs the limit, CPU and memory vs idle
          digest [--digests N] [--repetitions N] [--seed N] [--dump DIR]
                                     50-item digest rendering, digests/s and MB allocated, vs a string.Concat floor and the 1,000/s goal
          mail [--recipients N] [--sessions N]
                                     one change to N recipients into Postfix smtp-sink vs smtp-source
        """);
    return 2;
}
