using System.CommandLine;
using System.Net.Http.Headers;
using AdvisoryWatch.Access;
using AdvisoryWatch.Access.ApiKeys;
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
        return await RunningApp.CreateAsync(app);
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

/// <summary>
/// A started host and clients for it. <see cref="Http"/> carries an Admin API key, made by the code
/// <c>apikeys create</c> uses and sent as any script sends it; <see cref="ClientAsync"/> makes
/// clients for other roles and departments, <see cref="Anonymous"/> one without a credential.
/// </summary>
public sealed class RunningApp : IAsyncDisposable
{
    private readonly List<HttpClient> _clients = [];

    private RunningApp(WebApplication app)
    {
        App = app;
        Http = Anonymous();
    }

    public WebApplication App { get; }

    /// <summary>A client with an Admin key: what every test that is not about access uses.</summary>
    public HttpClient Http { get; private set; }

    public static async Task<RunningApp> CreateAsync(WebApplication app)
    {
        var running = new RunningApp(app);
        try
        {
            running.Http = await running.ClientAsync(AccessRole.Admin);
            return running;
        }
        catch
        {
            await running.DisposeAsync();
            throw;
        }
    }

    /// <summary>A client sending a new key with <paramref name="role"/> for <paramref name="departments"/>.</summary>
    public async Task<HttpClient> ClientAsync(AccessRole role, params string[] departments) =>
        Client(await KeyAsync(role, departments));

    /// <summary>Makes a key as <c>apikeys create</c> does and returns its text.</summary>
    public async Task<string> KeyAsync(AccessRole role, IReadOnlyList<string> departments, DateTimeOffset? expiresAtUtc = null, string? name = null)
    {
        // Unique across restarts of a test on the same database.
        name ??= $"test-{role.ToString().ToLowerInvariant()}-{Guid.NewGuid().ToString("N")[..8]}";
        await using var scope = App.Services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<ApiKeyIssuer>()
            .CreateAsync(new ApiKeyRequest(name, role, departments, expiresAtUtc), Actor.CommandLine(), TestContext.Current.CancellationToken);
        return result is ApiKeyIssueResult.Created created
            ? created.Secret
            : throw new InvalidOperationException("No key: " + string.Join("; ", ((ApiKeyIssueResult.Refused)result).Problems));
    }

    /// <summary>A client sending <paramref name="key"/> as a bearer credential (none when null).</summary>
    public HttpClient Client(string? key)
    {
        // A host served over HTTPS (SecureHost) has the test certificate, which only this handler trusts.
        var address = App.Addresses()[0];
        var client = address.Scheme == Uri.UriSchemeHttps
            ? new HttpClient(Access.TestCertificate.TrustingHandler()) { BaseAddress = address }
            : new HttpClient { BaseAddress = address };
        if (key is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        _clients.Add(client);
        return client;
    }

    /// <summary>A client without any credential.</summary>
    public HttpClient Anonymous() => Client(null);

    /// <summary>Runs <paramref name="work"/> against the app's own database.</summary>
    public async Task<T> WithDbAsync<T>(Func<AdvisoryWatchDbContext, Task<T>> work)
    {
        await using var scope = App.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<AdvisoryWatchDbContext>());
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }

        await App.StopAsync();
        await App.DisposeAsync();
    }
}
