using System.Diagnostics;
using System.Globalization;
using AdvisoryWatch.Hosting;
using AdvisoryWatch.Polling;
using AdvisoryWatch.Sources;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AdvisoryWatch.Benchmarks;

/// <summary>
/// One busy host with the shipped politeness limits: 2,000 one-minute sources on one stub host
/// (every feed answers 304) and 8 on another, through the real host (SQLite, in-memory bus, all
/// roles, every polling option at its default). The busy host's effective rate is reported
/// against its politeness limit, CPU and working set against the same host idle, measured first
/// in the same run; polls thrown away for an expired claim are counted from the host's own log.
/// </summary>
internal static class BusyHostBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var options = new Options(args);
        var busy = options.GetInt("sources", 2_000);
        var others = options.GetInt("others", 8);
        var seconds = options.GetInt("seconds", 180);
        var window = Math.Min(60, seconds / 2);

        using var stub = PollingBenchmark.StartStub(changedEvery: 0);
        using var otherStub = PollingBenchmark.StartStub(changedEvery: 0, "127.0.0.2");
        var busyUrl = new Uri(await stub.StandardOutput.ReadLineAsync() ?? throw new InvalidOperationException("the stub did not start"));
        var otherUrl = new Uri(await otherStub.StandardOutput.ReadLineAsync() ?? throw new InvalidOperationException("the second stub did not start"));
        var data = Path.Combine(Path.GetTempPath(), "advisorywatch-bench-" + Guid.NewGuid().ToString("N"));
        try
        {
            var settings = new HostSettings([], data, "http://127.0.0.1:0")
            {
                Overrides = new Dictionary<string, string?>
                {
                    ["AdvisoryWatch:Seeds:Enabled"] = "false",
                    ["AdvisoryWatch:Fetch:AllowedNetworks:0"] = "127.0.0.0/8",
                    ["Logging:LogLevel:Default"] = "Warning",
                },
            };
            await using var app = await RunCommand.StartAsync(settings, Console.Error, CancellationToken.None) ?? throw new InvalidOperationException("the host did not start");
            var discarded = new DiscardCounter();
            app.Services.GetRequiredService<ILoggerFactory>().AddProvider(discarded);
            await Task.Delay(2_000);

            // The reference: the same host, idle, for the length of the measured window.
            var idleMb = PollingBenchmark.WorkingSetMb();
            var idleCpu = await CpuShareAsync(TimeSpan.FromSeconds(window));

            var now = TimeProvider.System.GetUtcNow();
            await PollingBenchmark.WithDbAsync(app, db =>
            {
                for (var i = 0; i < busy + others; i++)
                {
                    var url = i < busy ? new Uri(busyUrl, $"f/{i}") : new Uri(otherUrl, $"f/{i}");
                    db.Add(new Source
                    {
                        Id = i < busy ? $"busy-{i:D5}" : $"other-{i:D5}",
                        Name = $"Bench {i}",
                        Authority = "Bench",
                        Country = "NO",
                        Language = "nb",
                        Kind = SourceKind.Feed,
                        Url = url.AbsoluteUri,
                        IntervalMinutes = 1,
                        NextCheckAtUtc = now,
                    });
                }

                return db.SaveChangesAsync();
            });

            await Task.Delay(TimeSpan.FromSeconds(seconds - window));
            var cpu = await CpuShareAsync(TimeSpan.FromSeconds(window));
            var loadedMb = PollingBenchmark.WorkingSetMb();
            var polling = app.Services.GetRequiredService<IOptions<PollingOptions>>().Value;
            var hosts = await PollingBenchmark.WithDbAsync(app, db => HostLoad.ReadAsync(db, TimeProvider.System.GetUtcNow(), polling, CancellationToken.None));
            var busyHost = hosts.Single(h => h.Host == busyUrl.Host);
            var otherHost = hosts.Single(h => h.Host == otherUrl.Host);
            var limit = polling.HostChecksPerMinute ?? double.NaN;

            Console.WriteLine($"### One busy host: {busy:N0} one-minute sources on one host, {others} on another, shipped politeness limits");
            Console.WriteLine();
            Console.WriteLine("| measure | value | reference |");
            Console.WriteLine("|---|---:|---|");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| busy host checked in the last minute (after {seconds} s) | {busyHost.CheckedLastMinute} | politeness limit {limit:0} a minute: {busyHost.CheckedLastMinute / limit:P0} of it |"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| busy host backlog (due), overdue, longest wait | {busyHost.Due:N0}, {busyHost.Overdue:N0}, {busyHost.MaxLatenessSeconds:0} s | its intervals ask for {busyHost.DemandPerMinute:N0} a minute |"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| other host: checked in the last minute, overdue, longest wait | {otherHost.CheckedLastMinute}, {otherHost.Overdue}, {otherHost.MaxLatenessSeconds ?? 0:0} s | {others} sources at one minute |"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| polls thrown away for an expired claim | {discarded.Count} | 0 |"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| CPU over the last {window} s | {cpu * 100:F1}% of one core | the same host idle: {idleCpu * 100:F1}% |"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| working set | {loadedMb:F0} MB | idle: {idleMb:F0} MB (+{loadedMb - idleMb:F0} MB) |"));
            await app.StopAsync();
            return 0;
        }
        finally
        {
            stub.Kill(entireProcessTree: true);
            otherStub.Kill(entireProcessTree: true);
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (Directory.Exists(data))
            {
                Directory.Delete(data, recursive: true);
            }
        }
    }

    /// <summary>This process's CPU time over <paramref name="span"/>, as a share of one core.</summary>
    private static async Task<double> CpuShareAsync(TimeSpan span)
    {
        using var process = Process.GetCurrentProcess();
        var before = process.TotalProcessorTime;
        var wall = Stopwatch.StartNew();
        await Task.Delay(span);
        process.Refresh();
        return (process.TotalProcessorTime - before).TotalSeconds / wall.Elapsed.TotalSeconds;
    }

    /// <summary>Counts the host's "discarded: the claim expired" warnings.</summary>
    private sealed class DiscardCounter : ILoggerProvider, ILogger
    {
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel) && formatter(state, exception).Contains("the claim expired", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref _count);
            }
        }

        public void Dispose()
        {
        }
    }
}
