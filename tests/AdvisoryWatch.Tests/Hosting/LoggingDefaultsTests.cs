using System.Diagnostics;
using System.Text.RegularExpressions;
using AdvisoryWatch.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace AdvisoryWatch.Tests.Hosting;

public sealed partial class LoggingDefaultsTests
{
    [Fact]
    public async Task Run_logs_with_utc_timestamps_and_without_a_line_per_api_request()
    {
        var data = Path.Combine(Path.GetTempPath(), "advisorywatch-tests", Guid.NewGuid().ToString("N"));

        // The API needs a key; made as an admin makes one.
        var made = await Cli.RunAsync(["apikeys", "create", "--name", "logging", "--role", "Reader", "--data", data, "--AdvisoryWatch:Seeds:Enabled=false"]);
        Assert.True(made.Exit == 0, made.Stderr);
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = TestPaths.RepoRoot,
        };
        foreach (var arg in new[]
        {
            Path.Combine(AppContext.BaseDirectory, "advisorywatch.dll"), "run", "--urls", "http://127.0.0.1:0", "--data", data,
            "--AdvisoryWatch:Roles=Web", "--AdvisoryWatch:Seeds:Enabled=false",
        })
        {
            start.ArgumentList.Add(arg);
        }

        // The product's own defaults, not a developer's environment.
        start.Environment.Remove("ASPNETCORE_ENVIRONMENT");
        start.Environment.Remove("DOTNET_ENVIRONMENT");
        using var process = Process.Start(start)!;
        var lines = new List<string>();
        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            lock (lines)
            {
                lines.Add(e.Data);
            }

            if (ListeningOn().Match(e.Data) is { Success: true } m)
            {
                listening.TrySetResult(new Uri(m.Groups[1].Value));
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            var address = await listening.Task.WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);
            using var http = new HttpClient { BaseAddress = address };
            http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", made.Stdout.Trim());
            for (var i = 0; i < 3; i++)
            {
                (await http.GetAsync(new Uri("/api/v1/sources", UriKind.Relative), TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
                (await http.GetAsync(new Uri("/api/v1/nothing-here", UriKind.Relative), TestContext.Current.CancellationToken)).Dispose();
            }

            // The console logger writes from a queue of its own: give it time to drain.
            await Task.Delay(1500, TestContext.Current.CancellationToken);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(TestContext.Current.CancellationToken);
            if (Directory.Exists(data))
            {
                Directory.Delete(data, recursive: true);
            }
        }

        string[] output;
        lock (lines)
        {
            output = [.. lines];
        }

        // A log entry's first line starts at column 0; its message lines are indented.
        var entries = output.Where(l => l.Length > 0 && !char.IsWhiteSpace(l[0])).ToList();
        Assert.NotEmpty(entries);
        Assert.All(entries, l => Assert.Matches(UtcTimestamp(), l));
        Assert.DoesNotContain(output, l => l.Contains("Request starting", StringComparison.Ordinal) || l.Contains("Request finished", StringComparison.Ordinal));
        Assert.DoesNotContain(output, l => l.Contains("Executing endpoint", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_defaults_are_standard_logging_keys_that_configuration_overrides()
    {
        await using (var defaults = AppHost.Build(new HostSettings([], Path.GetTempPath())))
        {
            Assert.Equal("simple", defaults.Services.GetRequiredService<IOptionsMonitor<ConsoleLoggerOptions>>().CurrentValue.FormatterName);
            var console = defaults.Services.GetRequiredService<IOptionsMonitor<SimpleConsoleFormatterOptions>>().CurrentValue;
            Assert.True(console.UseUtcTimestamp);
            Assert.Equal("yyyy-MM-dd'T'HH:mm:ss.fffzzz ", console.TimestampFormat);
            var factory = defaults.Services.GetRequiredService<ILoggerFactory>();
            Assert.False(factory.CreateLogger("Microsoft.AspNetCore.Hosting.Diagnostics").IsEnabled(LogLevel.Information));
            Assert.False(factory.CreateLogger("Microsoft.EntityFrameworkCore.Database.Command").IsEnabled(LogLevel.Information));
            Assert.True(factory.CreateLogger("Microsoft.AspNetCore.Server.Kestrel").IsEnabled(LogLevel.Error));
            Assert.True(factory.CreateLogger("Microsoft.Hosting.Lifetime").IsEnabled(LogLevel.Information));
            Assert.True(factory.CreateLogger("AdvisoryWatch.Polling.PollSourceConsumer").IsEnabled(LogLevel.Information));
        }

        await using var overridden = AppHost.Build(new HostSettings(
        [
            "--Logging:LogLevel:Microsoft.AspNetCore=Information",
            "--Logging:LogLevel:Microsoft.EntityFrameworkCore=Information",
            "--Logging:Console:FormatterOptions:TimestampFormat=HH:mm:ss ",
            "--Logging:Console:FormatterOptions:UseUtcTimestamp=false",
        ], Path.GetTempPath()));
        var options = overridden.Services.GetRequiredService<IOptionsMonitor<SimpleConsoleFormatterOptions>>().CurrentValue;
        Assert.False(options.UseUtcTimestamp);
        Assert.Equal("HH:mm:ss ", options.TimestampFormat);
        var logs = overridden.Services.GetRequiredService<ILoggerFactory>();
        Assert.True(logs.CreateLogger("Microsoft.AspNetCore.Hosting.Diagnostics").IsEnabled(LogLevel.Information));
        Assert.True(logs.CreateLogger("Microsoft.EntityFrameworkCore.Database.Command").IsEnabled(LogLevel.Information));
    }

    [GeneratedRegex(@"Now listening on: (http://127\.0\.0\.1:\d+)")]
    private static partial Regex ListeningOn();

    // 2026-12-01T09:30:00.123+00:00, then the level.
    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+00:00 (trce|dbug|info|warn|fail|crit): ")]
    private static partial Regex UtcTimestamp();
}
