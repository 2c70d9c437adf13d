using System.CommandLine;
using System.Globalization;
using AdvisoryWatch.Hosting;

namespace AdvisoryWatch.Access.ApiKeys;

/// <summary><c>advisorywatch apikeys create | list | revoke</c>.</summary>
public static class ApiKeysCommand
{
    public static Command Create()
    {
        var command = new Command("apikeys", "Make, list and revoke API keys for scripts and integrations");
        command.Subcommands.Add(New());
        command.Subcommands.Add(List());
        command.Subcommands.Add(Revoke());
        return command;
    }

    private static Command New()
    {
        var name = new Option<string>("--name") { Description = "What the key is for (letters, digits, '.', '_', '-'); unique", Required = true };
        var role = new Option<string>("--role") { Description = "Reader, Coordinator or Admin", Required = true };
        var departments = new Option<string[]>("--department") { Description = "A department the key covers (repeatable; Reader and Coordinator)" };
        var expires = new Option<string?>("--expires") { Description = "Last day of use (2027-06-30, through the end of that day UTC) or an ISO 8601 time" };
        var command = CliHost.NewCommand("create", "Make a key and print it once on standard output; the database keeps only its hash");
        command.Options.Add(name);
        command.Options.Add(role);
        command.Options.Add(departments);
        command.Options.Add(expires);
        command.SetAction((parse, ct) => CliHost.WithServicesAsync(parse, async (services, output, error) =>
        {
            var problems = new List<string>();
            var parsedRole = ParseRole(parse.GetRequiredValue(role));
            if (parsedRole is null)
            {
                problems.Add($"--role: one of {string.Join(", ", Enum.GetNames<AccessRole>())}");
            }

            DateTimeOffset? expiresAt = null;
            if (parse.GetValue(expires) is { } text)
            {
                expiresAt = ParseExpiry(text);
                if (expiresAt is null)
                {
                    problems.Add($"--expires: '{text}' is neither a date (2027-06-30) nor an ISO 8601 time");
                }
            }

            if (problems.Count > 0)
            {
                return await CliHost.ReportProblemsAsync(error, "No key was made", problems);
            }

            var request = new ApiKeyRequest(parse.GetRequiredValue(name), parsedRole!.Value, parse.GetValue(departments) ?? [], expiresAt);
            switch (await services.GetRequiredService<ApiKeyIssuer>().CreateAsync(request, Actor.CommandLine(), ct))
            {
                case ApiKeyIssueResult.Created created:
                    // The key alone on standard output, so that KEY=$(advisorywatch apikeys create ...) works.
                    await output.WriteLineAsync(created.Secret);
                    await error.WriteLineAsync($"Made API key '{created.Key.Name}' ({Describe(created.Key)}). It is shown only this once: keep it now; send it as 'Authorization: Bearer KEY'.");
                    return 0;
                case ApiKeyIssueResult.Refused refused:
                    return await CliHost.ReportProblemsAsync(error, "No key was made", refused.Problems);
                default:
                    throw new InvalidOperationException("unreachable");
            }
        }, ct));
        return command;
    }

    private static Command List()
    {
        var command = CliHost.NewCommand("list", "One line per key: name, prefix, role, state, departments, created, expires, last used, made by");
        command.SetAction((parse, ct) => CliHost.WithServicesAsync(parse, async (services, output, _) =>
        {
            var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
            var keys = await services.GetRequiredService<ApiKeyIssuer>().ListAsync(ct);
            await output.WriteLineAsync($"{"NAME",-24} {"PREFIX",-10} {"ROLE",-11} {"STATE",-8} {"DEPARTMENTS",-24} {"CREATED",-17} {"EXPIRES",-17} {"LAST USED",-17} MADE BY");
            foreach (var k in keys)
            {
                var state = k.RevokedAtUtc is not null ? "revoked" : k.IsActiveAt(now) ? "active" : "expired";
                var departments = k.Departments.Length == 0 ? "-" : string.Join(",", k.Departments);
                await output.WriteLineAsync($"{k.Name,-24} {k.Prefix,-10} {k.Role,-11} {state,-8} {departments,-24} {Time(k.CreatedAtUtc),-17} {Time(k.ExpiresAtUtc),-17} {Time(k.LastUsedAtUtc),-17} {k.CreatedBy}");
            }

            return 0;
        }, ct));
        return command;
    }

    private static Command Revoke()
    {
        var name = new Argument<string>("name") { Description = "The key's name (see 'apikeys list')" };
        var command = CliHost.NewCommand("revoke", "Revoke a key: every node refuses it from the next request on");
        command.Arguments.Add(name);
        command.SetAction((parse, ct) => CliHost.WithServicesAsync(parse, async (services, output, error) =>
        {
            var keyName = parse.GetRequiredValue(name);
            switch (await services.GetRequiredService<ApiKeyIssuer>().RevokeAsync(keyName, Actor.CommandLine(), ct))
            {
                case ApiKeyRevokeResult.Revoked:
                    await output.WriteLineAsync($"Revoked API key '{keyName}'.");
                    return 0;
                case ApiKeyRevokeResult.AlreadyRevoked:
                    await output.WriteLineAsync($"API key '{keyName}' was already revoked.");
                    return 0;
                default:
                    await error.WriteLineAsync($"No API key named '{keyName}' (see 'apikeys list').");
                    return 1;
            }
        }, ct));
        return command;
    }

    private static AccessRole? ParseRole(string text) =>
        Enum.TryParse<AccessRole>(text, ignoreCase: true, out var role) && Enum.IsDefined(role) && !int.TryParse(text, out _) ? role : null;

    /// <summary>A date means through the end of that day (UTC); a time without an offset is UTC.</summary>
    internal static DateTimeOffset? ParseExpiry(string text)
    {
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return new DateTimeOffset(day.AddDays(1), TimeOnly.MinValue, TimeSpan.Zero);
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time) ? time.ToUniversalTime() : null;
    }

    private static string Describe(ApiKey key) =>
        string.Join("; ", (string[])[
            key.Role.ToString(),
            .. key.Departments.Length == 0 ? [] : (string[])["departments: " + string.Join(", ", key.Departments)],
            key.ExpiresAtUtc is { } e ? "expires " + Time(e) : "does not expire",
        ]);

    private static string Time(DateTimeOffset? time) =>
        time is { } t ? t.UtcDateTime.ToString("yyyy-MM-dd HH:mm'Z'", CultureInfo.InvariantCulture) : "-";
}
