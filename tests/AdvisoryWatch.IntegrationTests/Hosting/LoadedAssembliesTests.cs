using System.Diagnostics;

namespace AdvisoryWatch.IntegrationTests.Hosting;

/// <summary>
/// What a node on embedded defaults keeps in memory. This process has loaded every provider for
/// other tests, so the product runs as a child process, as a user starts it, and the files it has
/// mapped are read from /proc.
/// </summary>
public class LoadedAssembliesTests
{
    [Fact]
    public async Task Embedded_defaults_load_neither_the_PostgreSQL_nor_the_RabbitMQ_assemblies()
    {
        await using var env = TestEnvironment.Create();
        var ct = TestContext.Current.CancellationToken;
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in (string[])[
            Path.Combine(AppContext.BaseDirectory, "advisorywatch.dll"), "run", "--urls", "http://127.0.0.1:0", "--data", env.DataDirectory,
            // Every role, and no sources, so that nothing polls the internet.
            "--AdvisoryWatch:Roles=Web,Scheduler,Worker", "--AdvisoryWatch:Seeds:Enabled=false"])
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data?.Contains("Application started", StringComparison.Ordinal) == true)
            {
                started.TrySetResult();
            }
        };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await started.Task.WaitAsync(TimeSpan.FromSeconds(60), ct);

            // Let the scheduler's and the bus's first ticks run: they load what idle needs.
            await Task.Delay(TimeSpan.FromSeconds(2), ct);
            var mapped = (await File.ReadAllLinesAsync($"/proc/{process.Id}/maps", ct))
                .Select(line => Path.GetFileName(line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(5).FirstOrDefault() ?? ""))
                .Where(name => name.EndsWith(".dll", StringComparison.Ordinal))
                .ToHashSet(StringComparer.Ordinal);

            // What the chosen providers load is seen, so an absence below means something.
            Assert.Contains("Microsoft.EntityFrameworkCore.Sqlite.dll", mapped);
            Assert.Contains("MassTransit.dll", mapped);
            Assert.DoesNotContain("Npgsql.dll", mapped);
            Assert.DoesNotContain("Npgsql.EntityFrameworkCore.PostgreSQL.dll", mapped);
            Assert.DoesNotContain("MassTransit.RabbitMqTransport.dll", mapped);
            Assert.DoesNotContain("RabbitMQ.Client.dll", mapped);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
        }
    }
}
