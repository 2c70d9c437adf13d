using System.CommandLine;
using AdvisoryWatch.Data;
using AdvisoryWatch.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace AdvisoryWatch.IntegrationTests;

/// <summary>A temporary data directory (and, for PostgreSQL, a fresh database) for one test.</summary>
public sealed class TestEnvironment : IAsyncDisposable
{
    private readonly string? _postgresDatabase;
    private readonly string? _postgresAdmin;

    private TestEnvironment(string provider, string dataDirectory, string? connectionString, string? postgresDatabase, string? postgresAdmin)
    {
        Provider = provider;
        DataDirectory = dataDirectory;
        ConnectionString = connectionString;
        _postgresDatabase = postgresDatabase;
        _postgresAdmin = postgresAdmin;
    }

    public string Provider { get; }

    public string DataDirectory { get; }

    public string? ConnectionString { get; }

    /// <summary>The PostgreSQL server the test command started (Npgsql connection string).</summary>
    public static string? PostgresConnectionString => Environment.GetEnvironmentVariable("ADVISORYWATCH_TEST_POSTGRES");

    public static TestEnvironment Create(string provider = "Sqlite")
    {
        var dir = Path.Combine(Path.GetTempPath(), "advisorywatch-tests", Guid.NewGuid().ToString("N"));
        if (provider != "Postgres")
        {
            return new TestEnvironment(provider, dir, null, null, null);
        }

        var admin = PostgresConnectionString;
        Assert.SkipWhen(admin is null, "ADVISORYWATCH_TEST_POSTGRES is not set (./test.sh starts PostgreSQL and sets it)");
        var database = "aw_test_" + Guid.NewGuid().ToString("N")[..12];
        var cs = new NpgsqlConnectionStringBuilder(admin) { Database = database }.ConnectionString;
        return new TestEnvironment(provider, dir, cs, database, admin);
    }

    /// <summary>
    /// Further settings a test adds (polling pace, allowed networks...). By default the host plays
    /// only the web role: with the seed catalogue loaded, a scheduler would poll the real
    /// authorities, and no test may reach the internet. Polling tests remove it.
    /// </summary>
    public Dictionary<string, string?> Settings { get; } = new() { ["AdvisoryWatch:Roles"] = "Web" };

    /// <summary>Configuration for this environment, as a user would set it.</summary>
    public Dictionary<string, string?> Configuration(bool seeds = true)
    {
        var config = new Dictionary<string, string?>(Settings)
        {
            ["AdvisoryWatch:Database:Provider"] = Provider,
            ["AdvisoryWatch:Seeds:Enabled"] = seeds ? "true" : "false",
        };
        if (ConnectionString is not null)
        {
            config["ConnectionStrings:AdvisoryWatch"] = ConnectionString;
        }

        return config;
    }

    /// <summary>The same configuration as command-line tokens.</summary>
    public string[] ConfigurationArgs(bool seeds = true) =>
        ["--data", DataDirectory, .. Configuration(seeds).Select(kv => $"--{kv.Key}={kv.Value}")];

    /// <summary>Starts <c>advisorywatch run</c>'s real host on a free loopback port (on <paramref name="time"/>'s clock when given).</summary>
    public async Task<RunningApp> StartAsync(bool seeds = true, TimeProvider? time = null)
    {
        var error = new StringWriter();
        var settings = new HostSettings([], DataDirectory, "http://127.0.0.1:0") { Overrides = Configuration(seeds), Time = time };
        var app = await RunCommand.StartAsync(settings, error, TestContext.Current.CancellationToken)
            ?? throw new InvalidOperationException("The host did not start: " + error);
        return new RunningApp(app);
    }

    /// <summary>Runs a command line in-process and captures what it writes.</summary>
    public static async Task<CliResult> CliAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await Program.CreateCommandLine().Parse(args).InvokeAsync(
            new InvocationConfiguration { Output = output, Error = error },
            TestContext.Current.CancellationToken);
        return new CliResult(exit, output.ToString(), error.ToString());
    }

    public async ValueTask DisposeAsync()
    {
        if (_postgresDatabase is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(_postgresAdmin);
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_postgresDatabase}\" WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
        }

        if (Directory.Exists(DataDirectory))
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(DataDirectory, recursive: true);
        }
    }
}

public sealed record CliResult(int ExitCode, string Output, string Error);

/// <summary>A started host and a client for it.</summary>
public sealed class RunningApp(WebApplication app) : IAsyncDisposable
{
    public WebApplication App { get; } = app;

    public HttpClient Http { get; } = new() { BaseAddress = app.Addresses()[0] };

    /// <summary>Runs <paramref name="work"/> against the app's own database.</summary>
    public async Task<T> WithDbAsync<T>(Func<AdvisoryWatchDbContext, Task<T>> work)
    {
        await using var scope = App.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<AdvisoryWatchDbContext>());
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
