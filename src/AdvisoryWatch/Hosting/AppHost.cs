using AdvisoryWatch.Data;
using Microsoft.Extensions.Options;

namespace AdvisoryWatch.Hosting;

/// <summary>How a command wants the host built.</summary>
/// <param name="Args">Remaining command-line tokens, read as configuration (<c>--AdvisoryWatch:Roles=Web</c>).</param>
/// <param name="DataDirectory">From <c>--data</c>; wins over every other configuration source.</param>
/// <param name="Urls">From <c>--urls</c>.</param>
/// <param name="ForCommand">A CLI command: quiet logs, no web server or background jobs are started.</param>
public sealed record HostSettings(
    IReadOnlyList<string> Args,
    string? DataDirectory = null,
    string? Urls = null,
    bool ForCommand = false)
{
    /// <summary>Extra configuration applied last (tests use it instead of environment variables).</summary>
    public IReadOnlyDictionary<string, string?>? Overrides { get; init; }

    /// <summary>The clock every feature reads (tests run schedules faster with it); the system clock when null.</summary>
    public TimeProvider? Time { get; init; }
}

/// <summary>A step run once before the host serves or a command works: schema, seed imports...</summary>
public interface IStartupTask
{
    /// <summary>Lower runs first. Schema is 0; seed imports 100.</summary>
    int Order { get; }

    /// <summary>
    /// Runs only when the service starts (<c>run</c>), not before a CLI command: a command on a
    /// fresh data directory must not import the shipped catalogue of real sites.
    /// </summary>
    bool ServiceOnly => false;

    Task RunAsync(IServiceProvider services, CancellationToken cancellationToken);
}

public static class AppHost
{
    /// <summary>Builds the host with every feature registered. Nothing is started.</summary>
    public static WebApplication Build(HostSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        // The application is this assembly whoever hosts it (a test runner too): Razor Pages are
        // found in the application's assembly.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [.. settings.Args], ApplicationName = typeof(AppHost).Assembly.GetName().Name });
        var overrides = new Dictionary<string, string?>(settings.Overrides ?? new Dictionary<string, string?>());
        if (settings.DataDirectory is not null)
        {
            overrides["AdvisoryWatch:DataDirectory"] = settings.DataDirectory;
        }

        builder.Configuration.AddInMemoryCollection(overrides);
        if (settings.Urls is not null)
        {
            builder.WebHost.UseUrls(settings.Urls);
        }

        builder.AddLoggingDefaults();
        builder.Services.AddSingleton(settings);
        if (settings.ForCommand)
        {
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
        }

        Program.AddFeatures(builder);
        if (settings.Time is { } time)
        {
            builder.Services.AddSingleton(time);
        }

        return builder.Build();
    }

    /// <summary>
    /// <see cref="Build"/> then <see cref="PrepareAsync"/>; null (after writing why, and disposing
    /// what was built) when the configuration cannot be read or is invalid, or preparing failed.
    /// </summary>
    public static async Task<WebApplication?> BuildAndPrepareAsync(HostSettings settings, TextWriter error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(error);
        WebApplication app;
        try
        {
            app = Build(settings);
        }
        catch (InvalidDataException e)
        {
            // A configuration file (appsettings.json) that does not parse.
            await ReportInvalidAsync(error, [StartupProblems.ConfigurationFile(e)]);
            return null;
        }

        if (!await PrepareAsync(app, error, cancellationToken))
        {
            await app.DisposeAsync();
            return null;
        }

        return app;
    }

    /// <summary>
    /// Validates the whole configuration (every error at once), creates the data directory, then
    /// runs the start-up tasks. Returns false after writing the errors, or why a task refused.
    /// </summary>
    public static async Task<bool> PrepareAsync(WebApplication app, TextWriter error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(error);
        var errors = ConfigurationValidation.FindErrors(app.Services);
        if (errors.Count > 0)
        {
            await ReportInvalidAsync(error, errors);
            return false;
        }

        var hosting = app.Services.GetRequiredService<IOptions<HostingOptions>>().Value;
        try
        {
            Directory.CreateDirectory(hosting.DataDirectoryFullPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            await ReportInvalidAsync(error, [$"AdvisoryWatch:DataDirectory: cannot create '{hosting.DataDirectoryFullPath}': {e.Message}"]);
            return false;
        }

        var forCommand = app.Services.GetRequiredService<HostSettings>().ForCommand;
        foreach (var task in app.Services.GetServices<IStartupTask>().Where(t => !(forCommand && t.ServiceOnly)).OrderBy(t => t.Order))
        {
            try
            {
                await using var scope = app.Services.CreateAsyncScope();
                await task.RunAsync(scope.ServiceProvider, cancellationToken);
            }
            catch (StartupRefusedException e)
            {
                await error.WriteLineAsync(e.Message);
                return false;
            }
            catch (Exception e) when (StartupProblems.Database(e, app.Services) is { } problem)
            {
                await error.WriteLineAsync(problem);
                return false;
            }
        }

        return true;
    }

    private static async Task ReportInvalidAsync(TextWriter error, IReadOnlyCollection<string> errors)
    {
        await error.WriteLineAsync($"Configuration is invalid ({errors.Count} error{(errors.Count == 1 ? "" : "s")}):");
        foreach (var e in errors)
        {
            await error.WriteLineAsync($"  - {e}");
        }
    }

    public static WebApplicationBuilder AddHosting(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<IConfigurationCheck, HostingConfigurationCheck>();
        builder.Services.AddSingleton<IConfigurationCheck, ConfigurationSchema>();
        builder.Services.AddKnownSection<HostingOptions>(HostingOptions.Section);
        builder.Services.AddOptions<HostingOptions>().Configure<IConfiguration>((o, c) =>
        {
            o.DataDirectory = c["AdvisoryWatch:DataDirectory"] is { Length: > 0 } d ? d : o.DataDirectory;
            o.Roles = HostingOptions.ReadRoles(c);
        });
        builder.Services.AddSingleton<IStartupTask, SchemaStartupTask>();
        builder.Services.AddHealthChecks();
        return builder;
    }

    /// <summary>The roles this process plays, read at build time (features register by role).</summary>
    public static NodeRoles Roles(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return HostingOptions.ReadRoles(builder.Configuration);
    }

    private sealed class SchemaStartupTask : IStartupTask
    {
        public int Order => 0;

        public Task RunAsync(IServiceProvider services, CancellationToken cancellationToken) =>
            DatabaseMigrator.MigrateAsync(services.GetRequiredService<AdvisoryWatchDbContext>(), cancellationToken);
    }
}
