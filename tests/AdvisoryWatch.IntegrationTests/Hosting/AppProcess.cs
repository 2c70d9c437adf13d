using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;

namespace AdvisoryWatch.IntegrationTests.Hosting;

/// <summary>
/// <c>advisorywatch run</c> as a child process, started as a user starts it (the built executable,
/// its configuration as command-line tokens), so that it can be killed as the kernel kills it.
/// </summary>
public sealed class AppProcess : IAsyncDisposable
{
    // One Admin key per database (its configuration), made once for every restart of a test.
    private static readonly ConcurrentDictionary<string, Task<string>> AdminKeys = new(StringComparer.Ordinal);

    private readonly Process _process;

    // The last lines the process wrote, so a failure to start says why.
    private readonly ConcurrentQueue<string> _output = new();
    private bool _disposed;

    // The port is the kernel's choice (port 0), learnt from the host's "Now listening on" line:
    // a port picked here and bound later could be taken in between by another test.
    private readonly TaskCompletionSource<Uri> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly string _adminKey;
    private readonly bool _https;
    private HttpClient? _http;

    private AppProcess(Process process, bool https, string adminKey)
    {
        _process = process;
        _https = https;
        _adminKey = adminKey;
    }

    /// <summary>Where the process listens; known once <see cref="WaitUntilReadyAsync"/> has returned.</summary>
    public Uri BaseAddress => _listening.Task.IsCompletedSuccessfully
        ? _listening.Task.Result
        : throw new InvalidOperationException("The process has not said where it listens yet; wait until it is ready.");

    /// <summary>A client with an Admin key made by <c>apikeys create</c> on the same data; usable once ready.</summary>
    public HttpClient Http => _http ??= CreateClient(BaseAddress);

    public bool HasExited => _process.HasExited;

    private HttpClient CreateClient(Uri baseAddress)
    {
        var http = _https
            ? new HttpClient(Access.TestCertificate.TrustingHandler()) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(5) }
            : new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(5) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _adminKey);
        return http;
    }

    /// <summary>
    /// Makes an Admin key on the process's database with the command line (the first time for
    /// this configuration), then starts the process on a loopback port of the kernel's choosing; it is not yet ready
    /// to answer. With <paramref name="https"/>, serves HTTPS with the test certificate;
    /// <paramref name="environment"/> is set for the process (e.g. its own HOME, as on another machine).
    /// </summary>
    public static async Task<AppProcess> StartAsync(IReadOnlyList<string> configurationArgs, bool https = false, IReadOnlyDictionary<string, string>? environment = null)
    {
        var adminKey = await AdminKeys.GetOrAdd(string.Join('\n', configurationArgs), _ => MakeAdminKeyAsync(configurationArgs));
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
        foreach (var arg in (string[])[Path.Combine(AppContext.BaseDirectory, "advisorywatch.dll"), "run", "--urls", $"{scheme}://127.0.0.1:0", .. configurationArgs, .. tls])
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start)!;
        var app = new AppProcess(process, https, adminKey);

        // Drained, or a full pipe would stall the process's logging and with it the process.
        process.OutputDataReceived += (_, line) => app.Remember(line.Data);
        process.ErrorDataReceived += (_, line) => app.Remember(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return app;
    }

    /// <summary>The last lines the process wrote to its standard output and error.</summary>
    public string OutputTail => string.Join('\n', _output);

    private void Remember(string? line)
    {
        if (line is null)
        {
            return;
        }

        const string Listening = "Now listening on: ";
        var at = line.IndexOf(Listening, StringComparison.Ordinal);
        if (at >= 0 && Uri.TryCreate(line[(at + Listening.Length)..].Trim() + "/", UriKind.Absolute, out var address))
        {
            _listening.TrySetResult(address);
        }

        _output.Enqueue(line);
        while (_output.Count > 40 && _output.TryDequeue(out _))
        {
        }
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
            if (_process.HasExited)
            {
                // Let the output readers catch up with what the process wrote last.
                await _process.WaitForExitAsync(cancellationToken);
                Assert.Fail($"advisorywatch run exited with {_process.ExitCode} before it was ready:\n{OutputTail}");
            }

            if (!_listening.Task.IsCompleted)
            {
                await Task.Delay(50, cancellationToken);
                continue;
            }

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

        throw new TimeoutException($"advisorywatch run was not ready within 60 s:\n{OutputTail}");
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

    public async ValueTask DisposeAsync()
    {
        // A test that restarts a node may dispose it twice when the restart fails.
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _http?.Dispose();
        await KillAsync();
        _process.Dispose();
    }
}
