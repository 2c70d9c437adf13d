using System.Data.Common;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.RegularExpressions;
using AdvisoryWatch.Data;
using Microsoft.AspNetCore.Connections;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AdvisoryWatch.Hosting;

/// <summary>
/// One clear line for each failure at start-up that is the installation's, not the code's: an
/// unreadable configuration file, a database that cannot be opened, an address already taken.
/// The caller exits 2 with it instead of a stack trace.
/// </summary>
internal static partial class StartupProblems
{
    /// <summary>"/etc/advisorywatch/appsettings.json: not valid JSON at line 3, position 19 (...)".</summary>
    public static string ConfigurationFile(InvalidDataException e)
    {
        ArgumentNullException.ThrowIfNull(e);

        // The configuration library names the file in its message: "Failed to load configuration from file '...'."
        var file = QuotedPath().Match(e.Message) is { Success: true } m ? m.Groups[1].Value : "a configuration file";
        if (Find<JsonException>(e) is { } json)
        {
            var reason = LinePosition().Replace(json.Message, "").Trim();
            return json.LineNumber is { } line
                ? $"{file}: not valid JSON at line {line + 1}, position {json.BytePositionInLine + 1} ({reason})"
                : $"{file}: not valid JSON ({reason})";
        }

        return $"{file}: {Innermost(e).Message}";
    }

    /// <summary>"Cannot start: the database (Sqlite, /data/advisorywatch.db) could not be opened or prepared: ..."; null when the failure is not the database's.</summary>
    public static string? Database(Exception e, IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(e);
        ArgumentNullException.ThrowIfNull(services);
        if (Find<DbException>(e) is not { } db)
        {
            return null;
        }

        var provider = services.GetRequiredService<IOptions<DatabaseOptions>>().Value.Provider;
        string where;
        try
        {
            using var scope = services.CreateScope();
            where = scope.ServiceProvider.GetRequiredService<AdvisoryWatchDbContext>().Database.GetDbConnection().DataSource;
        }
        catch (Exception inner) when (inner is InvalidOperationException or ArgumentException or DbException)
        {
            where = "ConnectionStrings:AdvisoryWatch";
        }

        return $"Cannot start: the database ({provider}, {where}) could not be opened or prepared: {db.Message}";
    }

    /// <summary>The report for a listening address another process holds.</summary>
    public static string AddressInUse(string address) => $"Cannot start: {address} is already in use (choose another address with --urls).";

    /// <summary>"Cannot start: http://127.0.0.1:8080 is already in use (...)"; null when the failure is not about listening.</summary>
    public static string? Listening(IOException e)
    {
        ArgumentNullException.ThrowIfNull(e);
        if (Find<AddressInUseException>(e) is not null)
        {
            return AddressInUse(BindAddress().Match(e.Message) is { Success: true } m ? m.Groups[1].Value : e.Message);
        }

        return Find<SocketException>(e) is not null || e.Message.StartsWith("Failed to bind", StringComparison.Ordinal)
            ? $"Cannot start: {e.Message} {Innermost(e).Message}"
            : null;
    }

    private static T? Find<T>(Exception? e)
        where T : Exception
    {
        for (; e is not null; e = e.InnerException)
        {
            if (e is T found)
            {
                return found;
            }
        }

        return null;
    }

    private static Exception Innermost(Exception e)
    {
        while (e.InnerException is not null)
        {
            e = e.InnerException;
        }

        return e;
    }

    [GeneratedRegex("'([^']+)'")]
    private static partial Regex QuotedPath();

    [GeneratedRegex(@"\s*(Path: \S*\s*\|\s*)?LineNumber: \d+ \| BytePositionInLine: \d+\.?")]
    private static partial Regex LinePosition();

    [GeneratedRegex(@"address (\S+): address already in use", RegexOptions.IgnoreCase)]
    private static partial Regex BindAddress();
}
