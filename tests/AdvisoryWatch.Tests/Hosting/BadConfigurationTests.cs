using System.Net;
using System.Net.Sockets;

namespace AdvisoryWatch.Tests.Hosting;

/// <summary>
/// Each bad configuration through the real <c>advisorywatch run</c>: refused with exit 2 and a line
/// that names the problem, never a stack trace and never a start on a configuration nobody meant.
/// </summary>
public sealed class BadConfigurationTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "advisorywatch-config-tests", Guid.NewGuid().ToString("N"));

    public BadConfigurationTests() => Directory.CreateDirectory(_root);

    private string DataDirectory => Path.Combine(_root, "data");

    [Fact]
    public async Task A_misspelt_key_is_refused_with_the_right_name_suggested()
    {
        var stderr = await RefusedAsync(Run("--AdvisoryWatch:Polling:TickIntervall=00:00:10"));

        Assert.Contains("AdvisoryWatch:Polling:TickIntervall: not a known setting; did you mean AdvisoryWatch:Polling:TickInterval?", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_misspelt_section_is_refused_with_the_right_section_suggested()
    {
        var stderr = await RefusedAsync(Run("--AdvisoryWatch:Poling:TickInterval=00:00:10"));

        Assert.Contains("AdvisoryWatch:Poling: not a known setting; did you mean AdvisoryWatch:Polling?", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_nested_key_is_refused_and_the_known_ones_are_listed()
    {
        var stderr = await RefusedAsync(Run("--AdvisoryWatch:Mail:Smtp:Colour=blue"));

        Assert.Contains("AdvisoryWatch:Mail:Smtp:Colour: not a known setting; the settings here are Host, Port, Security, AllowInvalidCertificate, Username, Password, OAuth2, Connections, TimeoutSeconds.", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_misspelt_key_in_an_environment_variable_is_refused_too()
    {
        var stderr = await RefusedAsync(Run(), new Dictionary<string, string> { ["AdvisoryWatch__Fetch__MaxByte"] = "2048" });

        Assert.Contains("AdvisoryWatch:Fetch:MaxByte: not a known setting; did you mean AdvisoryWatch:Fetch:MaxBytes?", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0.0.0.0/0")]
    [InlineData("::/0")]
    public async Task An_allowed_network_that_switches_the_address_guard_off_is_refused(string network)
    {
        var stderr = await RefusedAsync(Run($"--AdvisoryWatch:Fetch:AllowedNetworks:0={network}"));

        Assert.Contains($"AdvisoryWatch:Fetch:AllowedNetworks: '{network}' spans", stderr, StringComparison.Ordinal);
        Assert.Contains("would switch the private-address guard off", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Port_zero_in_the_allowed_ports_is_refused()
    {
        var stderr = await RefusedAsync(Run("--AdvisoryWatch:Fetch:AllowedPorts:0=0"));

        Assert.Contains("AdvisoryWatch:Fetch:AllowedPorts: 0 is not a port", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Empty_roles_are_refused()
    {
        var stderr = await RefusedAsync(Run("--AdvisoryWatch:Roles="));

        Assert.Contains("AdvisoryWatch:Roles: empty;", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_RabbitMQ_transport_without_a_connection_string_is_refused()
    {
        var stderr = await RefusedAsync(Run("--AdvisoryWatch:Bus:Transport=RabbitMq"));

        Assert.Contains("ConnectionStrings:RabbitMq: an amqp:// or amqps:// URI is required when the transport is RabbitMq.", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_malformed_appsettings_file_is_refused_with_the_file_and_the_place_named()
    {
        var settings = Path.Combine(_root, "appsettings.json");
        await File.WriteAllTextAsync(settings, "{\n  \"AdvisoryWatch\": {\n    \"Roles\": \"Web\",,\n  }\n}\n", TestContext.Current.CancellationToken);

        var stderr = await RefusedAsync(Run(), workingDirectory: _root);

        Assert.Contains($"{settings}: not valid JSON", stderr, StringComparison.Ordinal);
        Assert.Contains("line 3", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_data_directory_that_is_a_file_is_refused()
    {
        var file = Path.Combine(_root, "not-a-directory");
        await File.WriteAllTextAsync(file, "x", TestContext.Current.CancellationToken);

        var stderr = await RefusedAsync(["run", "--data", file, "--urls", "http://127.0.0.1:0", "--AdvisoryWatch:Seeds:Enabled=false"]);

        Assert.Contains($"AdvisoryWatch:DataDirectory: '{file}' is a file, not a directory.", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_corrupt_database_file_is_refused_with_the_file_named()
    {
        Directory.CreateDirectory(DataDirectory);
        var database = Path.Combine(DataDirectory, "advisorywatch.db");
        await File.WriteAllTextAsync(database, string.Concat(Enumerable.Repeat("this is not a database. ", 400)), TestContext.Current.CancellationToken);

        var stderr = await RefusedAsync(Run());

        Assert.Contains($"Cannot start: the database (Sqlite, {database}) could not be opened or prepared: ", stderr, StringComparison.Ordinal);
        Assert.Contains("file is not a database", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_listening_address_already_in_use_is_refused_with_the_address_named()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var url = $"http://127.0.0.1:{((IPEndPoint)taken.LocalEndpoint).Port}";

        var stderr = await RefusedAsync(["run", "--data", DataDirectory, "--urls", url, "--AdvisoryWatch:Seeds:Enabled=false"]);

        Assert.Contains($"Cannot start: {url} is already in use (choose another address with --urls).", stderr, StringComparison.Ordinal);

        // Found before the host starts, so the framework logs no failure of its own either.
        var (_, stdout, _) = await Cli.RunAsync(["run", "--data", DataDirectory, "--urls", url, "--AdvisoryWatch:Seeds:Enabled=false"]);
        Assert.DoesNotContain("   at ", stdout, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    /// <summary><c>run</c> on embedded defaults (own data directory, no seeds, any free port) plus some settings.</summary>
    private string[] Run(params string[] settings) =>
        ["run", "--data", DataDirectory, "--urls", "http://127.0.0.1:0", "--AdvisoryWatch:Seeds:Enabled=false", .. settings];

    private static async Task<string> RefusedAsync(string[] args, IDictionary<string, string>? environment = null, string? workingDirectory = null)
    {
        var (exit, _, stderr) = await Cli.RunAsync(args, environment, workingDirectory);

        Assert.True(exit == 2, $"exit {exit}, stderr:\n{stderr}");
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", stderr, StringComparison.Ordinal);
        return stderr;
    }
}
