using System.CommandLine;

namespace AdvisoryWatch.Hosting;

/// <summary>What commands that need services share: the host is built and prepared, never started.</summary>
public static class CliHost
{
    private static readonly Option<string?> Data = new("--data") { Description = "Data directory (default ./data)", Recursive = true };

    /// <summary>A command that takes <c>--data</c> and further <c>--Key=Value</c> configuration tokens.</summary>
    public static Command NewCommand(string name, string description)
    {
        var command = new Command(name, description) { Data };
        command.TreatUnmatchedTokensAsErrors = false;
        return command;
    }

    /// <summary>Builds the host (no web server, no jobs), validates and prepares it, then runs <paramref name="work"/> in a scope.</summary>
    public static async Task<int> WithServicesAsync(
        ParseResult parse,
        Func<IServiceProvider, TextWriter, TextWriter, Task<int>> work,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parse);
        ArgumentNullException.ThrowIfNull(work);
        var output = parse.InvocationConfiguration.Output;
        var error = parse.InvocationConfiguration.Error;
        var prepared = await AppHost.BuildAndPrepareAsync(new HostSettings([.. parse.UnmatchedTokens], parse.GetValue(Data), ForCommand: true), error, cancellationToken);
        if (prepared is null)
        {
            return 2;
        }

        await using var app = prepared;
        await using var scope = app.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider, output, error);
    }

    /// <summary>The text of an input file, or null after telling the user it is missing.</summary>
    public static async Task<string?> ReadInputAsync(FileInfo path, TextWriter error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(error);
        if (!path.Exists)
        {
            await error.WriteLineAsync($"File not found: {path.FullName}");
            return null;
        }

        return await File.ReadAllTextAsync(path.FullName, cancellationToken);
    }

    /// <summary>"NAME was not imported (3 problems):" and one line each; the caller exits 1.</summary>
    public static async Task<int> ReportProblemsAsync<T>(TextWriter error, string what, IReadOnlyCollection<T> problems)
    {
        ArgumentNullException.ThrowIfNull(error);
        ArgumentNullException.ThrowIfNull(problems);
        await error.WriteLineAsync($"{what} ({problems.Count} problem{(problems.Count == 1 ? "" : "s")}):");
        foreach (var p in problems)
        {
            await error.WriteLineAsync($"  - {p}");
        }

        return 1;
    }
}
