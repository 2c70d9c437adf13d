using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;

namespace AdvisoryWatch.IntegrationTests.Hosting;

/// <summary>
/// <c>advisorywatch run</c> as a child process, started as a user starts it (the built executable,
/// its configuration as command-line tokens), so that it can be killed as the kernel kills it.
/// </summary>
public sealed class AppProcess : IAsyncDisposable
{
    private readonly Process _process;

    // One Admin key per database (its configuration), made once for every restart of a test.
    private static readonly ConcurrentDictionary<string, Task<string>> AdminKeys = new(StringComparer.Ordinal);

    private AppProcess(Process process, Uri baseAddress, string adminKey)
    {
        _process = process;
        BaseAddress = baseAddress;
        Http = baseAddress.Scheme == Uri.UriSchemeHttps
            ? new HttpClient(Access.TestCertificate.TrustingHandler()) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(5) }
            : new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(5) };
        Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", adminKey);
    }

    public Uri BaseAddress { get; }

    /// <summary>A client with an Admin key made by <c>apikeys create</c> on the same data.</summary>
    public HttpClient Http { get; }

    public bool HasExited => _process.HasExited;

    /// <summary>
    /// Makes an Admin key on the process's database with the command line (the first time for
    /// this configuration), then starts the process on a free loopback port; it is not yet ready
    /// to answer. With <paramref name="https"/>, serves HTTPS with the test certificate;
    /// <paramref name="environment"/> is set for the process (e.g. its own HOME, as on another machine).
    /// </summary>
    public static async Task<AppProcess> StartAsync(IReadOnlyList<string> configurationArgs, bool https = false, IReadOnlyDictionary<string, string>? environment = null)
    {
        var adminKey = await AdminKeys.GetOrAdd(string.Join('\n', configurationArgs), _ => MakeAdminKeyAsync(configurationArgs));
        var port = FreePort();
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        var scheme = https ? "https" : "http";
        var tls = https ? Access.TestCertificate.KestrelSettings.Select(kv => $"--{kv.Key}={kv.Value}") : [];
        foreach (var arg in (string[])[Path.Combine(AppContext.BaseDirectory, "advisorywatch.dll"), "run", "--urls", $"{scheme}://127.0.0.1:{port}", .. configurationArgs, .. tls])
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start)!;

        // Drained, or a full pipe would stall the process's logging and with it the process.
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new AppProcess(process, new Uri($"{scheme}://127.0.0.1:{port}/"), adminKey);
    }

    private static async Task<string> MakeAdminKeyAsync(IReadOnlyList<string> configurationArgs)
    {
        // Nodes with their own data folders may share one database: each makes its own key.
        var name = "test-admin-" + Guid.NewGuid().ToString("N")[..8];
        var made = await TestEnvironment.CliAsync(["apikeys", "create", "--name", name, "--role", "Admin", .. configurationArgs]);
        Assert.True(made.ExitCode == 0, "apikeys create failed: " + made.Error);
        return made.Output.Trim();
    }

    /// <summary>Waits until the process answers <c>/health/ready</c>.</summary>
    public async Task WaitUntilReadyAsync(CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            Assert.False(_process.HasExited, $"advisorywatch run exited with {(_process.HasExited ? _process.ExitCode : 0)} before it was ready");
            try
            {
                using var response = await Http.GetAsync(new Uri("health/ready", UriKind.Relative), cancellationToken);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(50, cancellationToken);
        }

        throw new TimeoutException("advisorywatch run was not ready within 60 s");
    }

    /// <summary>SIGKILL: no shutdown, no flush, nothing in memory survives.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: false);
        }

        await _process.WaitForExitAsync(CancellationToken.None);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await KillAsync();
        _process.Dispose();
    }
}
