using System.CommandLine;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace AdvisoryWatch.Hosting;

/// <summary><c>advisorywatch run</c>: web host, scheduler and workers in one process.</summary>
public static class RunCommand
{
    public static Command Create()
    {
        var urls = new Option<string?>("--urls") { Description = "Addresses to listen on, e.g. http://127.0.0.1:8080" };
        var data = new Option<string?>("--data") { Description = "Data directory (default ./data); created if missing" };
        var command = new Command("run", "Run the web host, scheduler and workers (roles from AdvisoryWatch:Roles)")
        {
            urls,
            data,
        };

        // Further tokens are configuration: --AdvisoryWatch:Roles=Web
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(async (parse, ct) =>
        {
            var settings = new HostSettings([.. parse.UnmatchedTokens], parse.GetValue(data), parse.GetValue(urls));
            await using var app = await StartAsync(settings, parse.InvocationConfiguration.Error, ct);
            if (app is null)
            {
                return 2;
            }

            await app.WaitForShutdownAsync(ct);
            return 0;
        });
        return command;
    }

    /// <summary>Builds, validates, prepares and starts the host; null (after writing why) when it cannot start as configured.</summary>
    public static async Task<WebApplication?> StartAsync(HostSettings settings, TextWriter error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(error);
        var app = await AppHost.BuildAndPrepareAsync(settings, error, cancellationToken);
        if (app is null)
        {
            return null;
        }

        if (ListenProbe.FindTaken(app.Configuration[WebHostDefaults.ServerUrlsKey]) is { } taken)
        {
            await error.WriteLineAsync(StartupProblems.AddressInUse(taken));
            await app.DisposeAsync();
            return null;
        }

        Program.MapFeatures(app);
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch (IOException e) when (StartupProblems.Listening(e) is { } problem)
        {
            await error.WriteLineAsync(problem);
            await app.DisposeAsync();
            return null;
        }

        return app;
    }

    /// <summary>The addresses Kestrel bound (resolves port 0).</summary>
    public static IReadOnlyList<Uri> Addresses(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var feature = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>();
        return feature?.Addresses.Select(a => new Uri(a)).ToList() ?? [];
    }
}
