using System.CommandLine;
using System.Globalization;
using System.Security.Cryptography;
using AdvisoryWatch.Hosting;

namespace AdvisoryWatch.Access.Accounts;

/// <summary>
/// <c>advisorywatch users add | list | set-role | disable | enable</c>. There is no default account:
/// the first Admin is added here, by whoever may run the tool on the data directory.
/// </summary>
public static class UsersCommand
{
    /// <summary>Unambiguous letters and digits (no 0/O, 1/l/I) for generated passwords.</summary>
    private const string PasswordAlphabet = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    public static Command Create()
    {
        var command = new Command("users", "Add, list and change local accounts (the first Admin comes from here)");
        command.Subcommands.Add(Add());
        command.Subcommands.Add(List());
        command.Subcommands.Add(SetRole());
        command.Subcommands.Add(SetDisabled("disable", disabled: true, "Disable an account and end its sessions"));
        command.Subcommands.Add(SetDisabled("enable", disabled: false, "Enable a disabled account again"));
        return command;
    }

    private static Option<string> EmailOption() => new("--email") { Description = "The account's email address (its user name)", Required = true };

    private static Option<string> RoleOption() => new("--role") { Description = "Reader, Coordinator or Admin", Required = true };

    private static Option<string[]> DepartmentsOption() => new("--department") { Description = "A department id (repeatable); Readers and Coordinators act for these", AllowMultipleArgumentsPerToken = false };

    private static Command Add()
    {
        var email = EmailOption();
        var role = RoleOption();
        var departments = DepartmentsOption();
        var generate = new Option<bool>("--generate-password") { Description = "Print a generated password instead of a one-time link" };
        var command = CliHost.NewCommand("add", "Add a local account; prints a one-time set-password link (or a generated password)");
        command.Options.Add(email);
        command.Options.Add(role);
        command.Options.Add(departments);
        command.Options.Add(generate);
        command.SetAction((parse, ct) => CliHost.WithServicesAsync(parse, async (services, output, error) =>
        {
            if (!TryRole(parse.GetRequiredValue(role), out var accessRole))
            {
                await error.WriteLineAsync($"Unknown role '{parse.GetValue(role)}': use Reader, Coordinator or Admin.");
                return 1;
            }

            var directory = services.GetRequiredService<AccountDirectory>();
            var address = parse.GetRequiredValue(email).Trim();
            var (outcome, account, errors) = await directory.AddLocalAsync(address, accessRole, parse.GetValue(departments) ?? [], ct);
            switch (outcome)
            {
                case AccountOutcome.AddressTaken:
                    await error.WriteLineAsync($"An account with the address {address} exists already.");
                    return 1;
                case AccountOutcome.UnknownDepartment:
                    await error.WriteLineAsync($"Unknown department: {string.Join(", ", errors)} (see `departments list`).");
                    return 1;
                case AccountOutcome.Invalid:
                    return await CliHost.ReportProblemsAsync(error, $"{address} was not added", errors);
            }

            if (parse.GetValue(generate))
            {
                var password = await GeneratePasswordAsync(directory, account!);
                await output.WriteLineAsync($"Added {address} ({accessRole}). Password (shown once): {password}");
                return 0;
            }

            var link = await directory.SetPasswordLinkAsync(account!);
            var lifetime = directory.SetPasswordLinkLifetime;
            await output.WriteLineAsync($"Added {address} ({accessRole}). To set a password, open within {lifetime.TotalHours.ToString(CultureInfo.InvariantCulture)} h (once):");
            await output.WriteLineAsync(link.AbsoluteUri);
            return 0;
        }, ct));
        return command;
    }

    private static Command List()
    {
        var command = CliHost.NewCommand("list", "One line per account: address, role, state, second factor, departments");
        command.SetAction((parse, ct) => CliHost.WithServicesAsync(parse, async (services, output, _) =>
        {
            var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
            var accounts = await services.GetRequiredService<AccountDirectory>().ListAsync(ct);
            await output.WriteLineAsync($"{"EMAIL",-40} {"ROLE",-11} {"STATE",-8} {"2FA",-3} DEPARTMENTS");
            foreach (var a in accounts)
            {
                var state = a.Disabled ? "disabled" : a.LockoutEnd > now ? "locked" : a.PasswordHash is null && a.Role is not null ? "no-pass" : "active";
                var departments = string.Join(",", a.Departments.Select(d => d.DepartmentId).Order(StringComparer.Ordinal));
                await output.WriteLineAsync($"{a.Email,-40} {a.Role?.ToString() ?? "-",-11} {state,-8} {(a.TwoFactorEnabled ? "on" : "off"),-3} {departments}");
            }

            return 0;
        }, ct));
        return command;
    }

    private static Command SetRole()
    {
        var email = EmailOption();
        var role = RoleOption();
        var departments = DepartmentsOption();
        var command = CliHost.NewCommand("set-role", "Change an account's role; with --department, its departments too (replaced)");
        command.Options.Add(email);
        command.Options.Add(role);
        command.Options.Add(departments);
        command.SetAction((parse, ct) => CliHost.WithServicesAsync(parse, async (services, output, error) =>
        {
            if (!TryRole(parse.GetRequiredValue(role), out var accessRole))
            {
                await error.WriteLineAsync($"Unknown role '{parse.GetValue(role)}': use Reader, Coordinator or Admin.");
                return 1;
            }

            var address = parse.GetRequiredValue(email).Trim();
            var given = parse.GetResult(departments) is null ? null : parse.GetValue(departments) ?? [];
            var outcome = await services.GetRequiredService<AccountDirectory>().SetRoleAsync(address, accessRole, given, keepAnAdmin: false, ct);
            return await ReportAsync(outcome, address, $"{address} is now {accessRole}.", output, error);
        }, ct));
        return command;
    }

    private static Command SetDisabled(string name, bool disabled, string description)
    {
        var email = EmailOption();
        var command = CliHost.NewCommand(name, description);
        command.Options.Add(email);
        command.SetAction((parse, ct) => CliHost.WithServicesAsync(parse, async (services, output, error) =>
        {
            var address = parse.GetRequiredValue(email).Trim();
            var outcome = await services.GetRequiredService<AccountDirectory>().SetDisabledAsync(address, disabled, keepAnAdmin: false, ct);
            return await ReportAsync(outcome, address, disabled ? $"{address} is disabled; its sessions end." : $"{address} is enabled.", output, error);
        }, ct));
        return command;
    }

    private static async Task<int> ReportAsync(AccountOutcome outcome, string address, string done, TextWriter output, TextWriter error)
    {
        switch (outcome)
        {
            case AccountOutcome.Done:
                await output.WriteLineAsync(done);
                return 0;
            case AccountOutcome.NotFound:
                await error.WriteLineAsync($"No account has the address {address}.");
                return 1;
            case AccountOutcome.UnknownDepartment:
                await error.WriteLineAsync("Unknown department (see `departments list`); nothing changed.");
                return 1;
            default:
                await error.WriteLineAsync($"{address}: {outcome}.");
                return 1;
        }
    }

    private static bool TryRole(string text, out AccessRole role) =>
        Enum.TryParse(text, ignoreCase: true, out role) && Enum.IsDefined(role) && !int.TryParse(text, out _);

    private static async Task<string> GeneratePasswordAsync(AccountDirectory directory, Account account)
    {
        // 24 characters of 57: about 140 bits. Retried in the unlikely case the rules refuse one.
        for (var attempt = 0; ; attempt++)
        {
            var password = RandomNumberGenerator.GetString(PasswordAlphabet, 24);
            var errors = await directory.SetPasswordAsync(account, password);
            if (errors.Count == 0)
            {
                return password;
            }

            if (attempt == 10)
            {
                throw new InvalidOperationException("No generated password passed the password rules: " + string.Join("; ", errors));
            }
        }
    }
}
