using AdvisoryWatch.Hosting;

namespace AdvisoryWatch.IntegrationTests.Access;

/// <summary><c>advisorywatch run</c>'s real host served over HTTPS (with <see cref="TestCertificate"/>), and the CLI beside it.</summary>
public static class SecureHost
{
    public static async Task<RunningApp> StartAsync(TestEnvironment env, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var overrides = env.Configuration(seeds: false);
        foreach (var (key, value) in TestCertificate.KestrelSettings.Concat(settings ?? new Dictionary<string, string?>()))
        {
            overrides[key] = value;
        }

        var error = new StringWriter();
        var app = await RunCommand.StartAsync(new HostSettings([], env.DataDirectory, "https://127.0.0.1:0") { Overrides = overrides }, error, TestContext.Current.CancellationToken)
            ?? throw new InvalidOperationException("The host did not start: " + error);
        return await RunningApp.CreateAsync(app);
    }

    public static BrowserClient Browser(this RunningApp app) => new(app.App.Addresses()[0]);

    /// <summary>Runs <c>advisorywatch users ...</c> on the environment's data and database.</summary>
    public static Task<CliResult> UsersAsync(this TestEnvironment env, params string[] args) =>
        TestEnvironment.CliAsync(["users", .. args, .. env.ConfigurationArgs(seeds: false)]);

    /// <summary>Adds an account with a generated password through the CLI; returns the password.</summary>
    public static async Task<string> AddUserAsync(this TestEnvironment env, string email, string role, params string[] departments)
    {
        var result = await env.UsersAsync(["add", "--email", email, "--role", role, "--generate-password", .. departments.SelectMany(d => new[] { "--department", d })]);
        Assert.True(result.ExitCode == 0, result.Error);
        const string marker = "Password (shown once): ";
        var line = result.Output.Split('\n').Single(l => l.Contains(marker, StringComparison.Ordinal));
        return line[(line.IndexOf(marker, StringComparison.Ordinal) + marker.Length)..].Trim();
    }
}
