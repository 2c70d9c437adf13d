using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using AdvisoryWatch.Contracts;
using AdvisoryWatch.Notifications.Rendering;

namespace AdvisoryWatch.Benchmarks;

/// <summary>
/// Digest rendering on one thread: realistic 50-item digests (nb, sv and en in turn; every
/// severity, ten sources, long summaries, diffs on a third of the items, Nordic text and markup in
/// titles) rendered to subject, text and HTML, beside a floor measured in the same run: a plain
/// <c>string.Concat</c> of the same field values, HTML-encoded, which any renderer has to pay.
/// Goal from the issue: at least 1,000 digests/s.
/// </summary>
internal static class DigestBenchmark
{
    private const double Goal = 1_000;
    private const int ItemsPerDigest = 50;

    private static readonly string[] Languages = ["nb", "sv", "en"];
    private static readonly string[] Sources = ["NSM", "NSM NCSC", "CERT-SE", "MCF", "Datatilsynet", "IMY", "EDPB", "Justis- og beredskapsdepartementet", "Säkerhetspolisen", "Digdir"];
    private static readonly string[] Topics = ["Løsepengevirus", "Sårbarheter", "Personvern", "Skytjenester", "Beredskap", "Phishing", "Leverandørkjede", "Informasjonssikkerhet"];
    private static readonly string[] Words = ["sikkerhet", "sårbarhet", "oppdatering", "veiledning", "kommunen", "leverandør", "behandling", "personopplysninger", "säkerhet", "åtgärd", "myndighet", "rutiner", "tilgangsstyring", "hendelse", "angrep", "risiko", "<b>", "&", "\"sitat\"", "kritisk"];
    private static readonly TimeZoneInfo Oslo = TimeZoneInfo.FindSystemTimeZoneById("Europe/Oslo");
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    public static int Run(string[] args)
    {
        var options = new Options(args);
        var repetitions = options.GetInt("repetitions", 5);
        var perPass = options.GetInt("digests", 300);
        var random = new Random(options.GetInt("seed", 2026));
        var digests = Enumerable.Range(0, 30).Select(i => CreateDigest(random, Languages[i % Languages.Length])).ToArray();
        var renderer = new MessageRenderer();

        if (options.Get("dump") is { } dump)
        {
            Directory.CreateDirectory(dump);
            foreach (var language in Languages)
            {
                var message = renderer.RenderDigest(digests.First(d => d.Language == language));
                File.WriteAllText(Path.Combine(dump, $"digest-{language}.txt"), message.Subject + "\n\n" + message.TextBody);
                File.WriteAllText(Path.Combine(dump, $"digest-{language}.html"), message.HtmlBody);
            }

            var digest = digests[0];
            var changed = digest.Items.First(i => i.Diff is not null);
            var alert = renderer.RenderAlert(new AlertModel(digest.Language, digest.TimeZone, digest.DepartmentName, changed with { Severity = Severity.Urgent, AcknowledgeUrl = new Uri("https://advisorywatch.example/ack/example") }, digest.UnsubscribeUrl, TimeSpan.FromHours(2)));
            File.WriteAllText(Path.Combine(dump, "escalation.txt"), alert.Subject + "\n\n" + alert.TextBody);
            File.WriteAllText(Path.Combine(dump, "escalation.html"), alert.HtmlBody);
        }

        var sample = renderer.RenderDigest(digests[0]);
        var ours = Time(repetitions, perPass, digests, d => renderer.RenderDigest(d).HtmlBody.Length);
        var floor = Time(repetitions, perPass, digests, Floor);

        Console.WriteLine($"### Digest rendering: {ItemsPerDigest}-item digests (nb, sv, en), one thread; goal {Goal:N0} digests/s on one core");
        Console.WriteLine();
        Console.WriteLine("| contender | digests/s (wall) | digests per CPU second | MB allocated per digest | CPU time ÷ floor's | CPU-second rate ÷ goal | wall rate ÷ goal |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| **`MessageRenderer.RenderDigest`** (subject, text, HTML) | {ours.PerSecond:N0} | {ours.PerCpuSecond:N0} | {ours.MegabytesPerDigest:0.000} | {floor.PerCpuSecond / ours.PerCpuSecond:0.00}× | **{ours.PerCpuSecond / Goal:0.00}×** | {ours.PerSecond / Goal:0.00}× |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| floor: `string.Concat` of the same fields, HTML-encoded | {floor.PerSecond:N0} | {floor.PerCpuSecond:N0} | {floor.MegabytesPerDigest:0.000} | 1.00× | {floor.PerCpuSecond / Goal:0.00}× | {floor.PerSecond / Goal:0.00}× |"));
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"One digest: HTML {sample.HtmlBody.Length / 1024.0:0.0} K chars, text {sample.TextBody.Length / 1024.0:0.0} K chars; median of {repetitions} passes of {perPass} digests."));
        return 0;
    }

    /// <summary>
    /// Wall-clock digests/s (median pass), plus digests per second of the rendering thread's CPU
    /// time over three more passes: on a shared machine the wall figure includes time the thread
    /// waited for a core, and the process's CPU time the runtime's other threads (tiered JIT).
    /// The garbage collector (workstation, non-concurrent) runs on the rendering thread, so its
    /// cost is counted.
    /// </summary>
    private static (double PerSecond, double PerCpuSecond, double MegabytesPerDigest) Time(int repetitions, int perPass, DigestModel[] digests, Func<DigestModel, int> render)
    {
        var sink = 0;
        void Pass()
        {
            for (var i = 0; i < perPass; i++)
            {
                sink += render(digests[i % digests.Length]);
            }
        }

        var seconds = Measure.MedianSeconds(repetitions, Pass);
        var before = GC.GetAllocatedBytesForCurrentThread();
        Pass();
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        var cpuBefore = ThreadCpuSeconds();
        for (var i = 0; i < 3; i++)
        {
            Pass();
        }

        var cpu = ThreadCpuSeconds() - cpuBefore;
        GC.KeepAlive(sink);
        return (perPass / seconds, 3 * perPass / cpu, allocated / 1e6 / perPass);
    }

    /// <summary>This thread's time on a core (Linux's schedstat), else the whole process's.</summary>
    private static double ThreadCpuSeconds()
    {
        const string SchedStat = "/proc/thread-self/schedstat";
        if (File.Exists(SchedStat))
        {
            var text = File.ReadAllText(SchedStat);
            return long.Parse(text.AsSpan(0, text.IndexOf(' ', StringComparison.Ordinal)), CultureInfo.InvariantCulture) / 1e9;
        }

        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime.TotalSeconds;
    }

    /// <summary>What any renderer pays: every shown value encoded once into one text and one HTML string.</summary>
    private static int Floor(DigestModel digest)
    {
        var text = new List<string>(ItemsPerDigest * 8);
        var html = new List<string>(ItemsPerDigest * 8);
        foreach (var item in digest.Items)
        {
            var detected = TimeZoneInfo.ConvertTime(item.DetectedAtUtc, digest.TimeZone).ToString("g", CultureInfo.InvariantCulture);
            var topics = string.Join(", ", item.Topics);
            string?[] fields = [item.SourceName, item.Title, item.Url?.AbsoluteUri, item.Summary, topics, detected, item.Diff, item.AcknowledgeUrl?.AbsoluteUri];
            foreach (var field in fields)
            {
                if (field is not null)
                {
                    text.Add(field);
                    html.Add(Encoder.Encode(field));
                }
            }
        }

        return string.Concat(text).Length + string.Concat(html).Length;
    }

    private static DigestModel CreateDigest(Random random, string language)
    {
        var start = new DateTimeOffset(2026, 11, 15, 23, 0, 0, TimeSpan.Zero);
        var items = new AlertItem[ItemsPerDigest];
        for (var i = 0; i < items.Length; i++)
        {
            var severity = (Severity)Weighted(random, [15, 55, 20, 10]);
            var kind = (ChangeKind)Weighted(random, [45, 25, 22, 4, 4]);
            var source = Sources[random.Next(Sources.Length)];
            var id = random.Next(100_000).ToString(CultureInfo.InvariantCulture);
            var title = Sentence(random, 6, 16) + (random.Next(10) == 0 ? " <script>alert(1)</script>" : string.Empty);
            var summary = Sentence(random, 60, 220);
            var topics = Enumerable.Range(0, random.Next(1, 4)).Select(_ => Topics[random.Next(Topics.Length)]).Distinct().ToArray();
            var diff = kind is ChangeKind.Updated or ChangeKind.PageChanged ? CreateDiff(random) : null;
            items[i] = new AlertItem(Guid.NewGuid(), kind, source, title, new Uri("https://" + source.Replace(' ', '-').ToLowerInvariant() + ".example/aktuelt/" + id + "?utm=x&lang=" + language),
                summary, severity, topics, diff, start.AddMinutes(random.Next(7 * 24 * 60)),
                severity == Severity.Urgent ? new Uri("https://advisorywatch.example/ack/" + Guid.NewGuid().ToString("N")) : null);
        }

        return new DigestModel(language, Oslo, "Seksjon for informasjonssikkerhet", start, start.AddDays(7), items, new Uri("https://advisorywatch.example/unsubscribe/" + Guid.NewGuid().ToString("N")));
    }

    /// <summary>A stored diff as polling writes it: runs of changes with two lines of context, "…" between them.</summary>
    private static string CreateDiff(Random random)
    {
        var builder = new StringBuilder();
        var hunks = random.Next(1, 6);
        for (var h = 0; h < hunks; h++)
        {
            if (h > 0)
            {
                builder.Append("…\n");
            }

            builder.Append("  ").Append(Sentence(random, 5, 20)).Append('\n').Append("  ").Append(Sentence(random, 5, 20)).Append('\n');
            var changed = random.Next(1, 12);
            for (var c = 0; c < changed; c++)
            {
                builder.Append(random.Next(2) == 0 ? "- " : "+ ").Append(Sentence(random, 4, 40)).Append('\n');
            }

            builder.Append("  ").Append(Sentence(random, 5, 20)).Append('\n');
        }

        return builder.ToString();
    }

    private static string Sentence(Random random, int minWords, int maxWords)
    {
        var count = random.Next(minWords, maxWords + 1);
        var builder = new StringBuilder(count * 10);
        for (var i = 0; i < count; i++)
        {
            builder.Append(i == 0 ? string.Empty : " ").Append(Words[random.Next(Words.Length)]);
        }

        return builder.Append('.').ToString();
    }

    private static int Weighted(Random random, int[] weights)
    {
        var roll = random.Next(weights.Sum());
        for (var i = 0; i < weights.Length; i++)
        {
            roll -= weights[i];
            if (roll < 0)
            {
                return i;
            }
        }

        return weights.Length - 1;
    }
}
