using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using AdvisoryWatch.Hosting;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AdvisoryWatch.Tests.Hosting;

/// <summary>A privacy tool for public bodies sends nothing anywhere it was not told to.</summary>
public sealed class NoPhoneHomeTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "advisorywatch-phone-home", Guid.NewGuid().ToString("N"));

    public NoPhoneHomeTests() => Directory.CreateDirectory(_root);

    [Fact]
    public async Task The_bus_is_built_with_MassTransit_usage_telemetry_off()
    {
        var app = AppHost.Build(new HostSettings([], _root) { Overrides = new Dictionary<string, string?> { ["AdvisoryWatch:Seeds:Enabled"] = "false" } });
        await using (app)
        {
            Assert.False(app.Services.GetRequiredService<IOptions<UsageTelemetryOptions>>().Value.Enabled);
        }
    }

    [Fact]
    public async Task Run_on_embedded_defaults_opens_no_connection_to_any_host_outside_its_configuration()
    {
        using var proxy = new RecordingProxy();
        var proxyUrl = $"http://127.0.0.1:{proxy.Port}";
        var environment = new Dictionary<string, string>
        {
            // Every HTTP client that follows the platform's proxy settings asks this recorder first.
            ["HTTP_PROXY"] = proxyUrl,
            ["HTTPS_PROXY"] = proxyUrl,
            ["ALL_PROXY"] = proxyUrl,
            ["http_proxy"] = proxyUrl,
            ["https_proxy"] = proxyUrl,
            ["all_proxy"] = proxyUrl,
            ["NO_PROXY"] = "",
            ["no_proxy"] = "",
            ["MASSTRANSIT_USAGE_TELEMETRY"] = "",
            ["DOTNET_STARTUP_HOOKS"] = typeof(StartupHook).Assembly.Location,
        };

        // Every role, in-memory bus, SQLite, mail to the pickup folder; no seeds, which would poll
        // the real authorities (sources are configuration, but no test may reach the internet).
        using var child = Cli.Start(["run", "--data", Path.Combine(_root, "data"), "--urls", "http://127.0.0.1:0", "--AdvisoryWatch:Seeds:Enabled=false"], environment, _root);
        var output = new ConcurrentQueue<string>();
        var started = new TaskCompletionSource();
        child.OutputDataReceived += (_, e) =>
        {
            if (e.Data is { } line)
            {
                output.Enqueue(line);
                if (line.Contains("Application started", StringComparison.Ordinal))
                {
                    started.TrySetResult();
                }
            }
        };
        child.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { } line)
            {
                output.Enqueue(line);
            }
        };
        child.EnableRaisingEvents = true;
        child.Exited += (_, _) => started.TrySetResult();
        child.BeginOutputReadLine();
        child.BeginErrorReadLine();

        var remote = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            await WatchAsync(child, remote, started.Task.WaitAsync(TimeSpan.FromSeconds(90), TestContext.Current.CancellationToken));

            // A few scheduler and sender ticks, then an ordinary stop (SIGTERM), which is when the
            // startup hook makes MassTransit send a usage report if it is enabled.
            await WatchAsync(child, remote, Task.Delay(TimeSpan.FromSeconds(3), TestContext.Current.CancellationToken));
            using (var term = Process.Start("kill", ["-TERM", child.Id.ToString(CultureInfo.InvariantCulture)]))
            {
                await term.WaitForExitAsync(TestContext.Current.CancellationToken);
            }

            await WatchAsync(child, remote, child.WaitForExitAsync(TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken));
        }
        finally
        {
            if (!child.HasExited)
            {
                child.Kill(entireProcessTree: true);
            }
        }

        var log = string.Join('\n', output);
        Assert.Contains("startup hook:", log, StringComparison.Ordinal);
        Assert.Contains("Application started", log, StringComparison.Ordinal);
        Assert.True(proxy.Requests.IsEmpty, $"asked the proxy for: {string.Join(", ", proxy.Requests)}\n{log}");
        Assert.True(remote.Count == 0, $"connected to: {string.Join(", ", remote)}\n{log}");
    }

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    /// <summary>Until <paramref name="until"/> ends, notes every non-loopback peer of the child's sockets.</summary>
    private static async Task WatchAsync(Process child, HashSet<string> remote, Task until)
    {
        while (!until.IsCompleted)
        {
            if (!child.HasExited)
            {
                remote.UnionWith(RemotePeers(child.Id));
            }

            await Task.WhenAny(until, Task.Delay(50, TestContext.Current.CancellationToken));
        }

        await until;
    }

    /// <summary>The peers of the process's own TCP and UDP sockets that are neither loopback nor unset.</summary>
    private static List<string> RemotePeers(int pid)
    {
        var peers = new List<string>();
        try
        {
            var inodes = new HashSet<string>(StringComparer.Ordinal);
            foreach (var fd in Directory.EnumerateFileSystemEntries($"/proc/{pid}/fd"))
            {
                if (new FileInfo(fd).LinkTarget is { } target && target.StartsWith("socket:[", StringComparison.Ordinal))
                {
                    inodes.Add(target["socket:[".Length..^1]);
                }
            }

            foreach (var table in new[] { "tcp", "tcp6", "udp", "udp6" })
            {
                foreach (var line in File.ReadAllLines($"/proc/{pid}/net/{table}").Skip(1))
                {
                    var columns = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                    if (columns.Length < 10 || !inodes.Contains(columns[9]))
                    {
                        continue;
                    }

                    var (address, port) = ParseEndpoint(columns[2]);
                    var v4 = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
                    if (!IPAddress.IsLoopback(v4) && !v4.Equals(IPAddress.Any) && !v4.Equals(IPAddress.IPv6Any))
                    {
                        peers.Add($"{table} {address}:{port}");
                    }
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The process ended (or an fd closed) while it was being read; the next sample goes on.
        }

        return peers;
    }

    /// <summary>/proc/net's hex form: the address as 32-bit words in host (little-endian) order, then the port.</summary>
    private static (IPAddress Address, int Port) ParseEndpoint(string hex)
    {
        var parts = hex.Split(':');
        var words = Convert.FromHexString(parts[0]);
        for (var i = 0; i < words.Length; i += 4)
        {
            Array.Reverse(words, i, 4);
        }

        return (new IPAddress(words), int.Parse(parts[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture));
    }

    /// <summary>An HTTP proxy that forwards nothing: it notes each request line and refuses it.</summary>
    private sealed class RecordingProxy : IDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly CancellationTokenSource _stop = new();

        public RecordingProxy()
        {
            _listener.Start();
            _ = AcceptAsync();
        }

        public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

        public ConcurrentQueue<string> Requests { get; } = new();

        public void Dispose()
        {
            _stop.Cancel();
            _listener.Dispose();
            _stop.Dispose();
        }

        private async Task AcceptAsync()
        {
            try
            {
                while (true)
                {
                    using var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                    var stream = client.GetStream();
                    using var reader = new StreamReader(stream);
                    Requests.Enqueue(await reader.ReadLineAsync(_stop.Token) ?? "(connection without a request)");
                    await stream.WriteAsync("HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"u8.ToArray(), _stop.Token);
                }
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException or IOException)
            {
            }
        }
    }
}
