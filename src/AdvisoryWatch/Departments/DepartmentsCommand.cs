using System.CommandLine;
using System.Globalization;
using AdvisoryWatch.Data;
using AdvisoryWatch.Hosting;
using Microsoft.EntityFrameworkCore;

namespace AdvisoryWatch.Departments;

/// <summary><c>advisorywatch departments list | import FILE | export</c>.</summary>
public static class DepartmentsCommand
{
    public static Command Create()
    {
        var command = new Command("departments", "List, import and export departments, their recipients and subscriptions");
        command.Subcommands.Add(List());
        command.Subcommands.Add(Import());
        command.Subcommands.Add(Export());
        return command;
    }

    private static Command List()
    {
        var command = CliHost.NewCommand("list", "One line per department: id, language, recipients, subscriptions, name");
        command.SetAction((parse, ct) => CliHost.WithServicesAsync(parse, async (services, output, _) =>
        {
            var rows = await Load(services).ToListAsync(ct);
            await output.WriteLineAsync($"{"ID",-28} {"LANG",-4} {"RECIPIENTS",-10} {"SUBS",-4} NAME");
            foreach (var d in rows)
            {
                var members = d.Recipients.Count(r => r.Role == RecipientRole.Member && r.UnsubscribedAtUtc is null);
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{d.Id,-28} {d.Language,-4} {members,-10} {d.Subscriptions.Count,-4} {d.Name}"));
            }

            return 0;
        }, ct));
        return command;
    }

    private static Command Import()
    {
        var file = new Argument<FileInfo>("file") { Description = "A YAML file in the format of seeds/departments.yaml" };
        var command = CliHost.NewCommand("import", "Add or update departments from a YAML file; what it names becomes admin-owned");
        command.Arguments.Add(file);
        command.SetAction((parse, ct) => CliHost.WithServicesAsync(parse, async (services, output, error) =>
        {
            var path = parse.GetRequiredValue(file);
            if (await CliHost.ReadInputAsync(path, error, ct) is not { } yaml)
            {
                return 1;
            }

            var read = DepartmentCatalogue.Read(yaml);
            if (read.Problems.Count > 0)
            {
                return await CliHost.ReportProblemsAsync(error, $"{path.Name} was not imported", read.Problems);
            }

            var report = await services.GetRequiredService<DepartmentImporter>().ImportAsAdminAsync(read.Departments, ct);
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"Imported {path.Name}: {report.Added.Count} added, {report.Updated.Count} updated."));

            // Not an error: rules change, and a topic may be defined later. But say so now.
            var rules = services.GetRequiredService<Topics.TopicRules>().Current;
            foreach (var (department, topic) in read.Departments
                .SelectMany(d => d.Subscriptions.SelectMany(s => s.Topics).Distinct(StringComparer.OrdinalIgnoreCase).Select(t => (d.Id, t)))
                .Where(x => rules.Resolve(x.t) is null))
            {
                await error.WriteLineAsync($"warning: {department}: topic '{topic}' is not in the topic rules; it matches nothing until a rule defines it.");
            }
            return 0;
        }, ct));
        return command;
    }

    private static Command Export()
    {
        var to = new Option<FileInfo?>("--output", "-o") { Description = "Write to this file instead of standard output" };
        var command = CliHost.NewCommand("export", "Write every department as YAML (import reads it back); includes Teams webhook URLs, which are secrets");
        command.Options.Add(to);
        command.SetAction((parse, ct) => CliHost.WithServicesAsync(parse, async (services, output, _) =>
        {
            var rows = await Load(services).ToListAsync(ct);
            var yaml = DepartmentCatalogue.Write(rows.Select(DepartmentDefinition.From));
            if (parse.GetValue(to) is { } file)
            {
                await File.WriteAllTextAsync(file.FullName, yaml, ct);
            }
            else
            {
                await output.WriteAsync(yaml);
            }

            return 0;
        }, ct));
        return command;
    }

    private static IQueryable<Department> Load(IServiceProvider services) =>
        services.GetRequiredService<AdvisoryWatchDbContext>().Set<Department>().AsNoTracking().AsSplitQuery()
            .Include(d => d.Recipients).Include(d => d.Subscriptions).OrderBy(d => d.Id);
}
