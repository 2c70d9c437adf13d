using System.CommandLine;
using System.Globalization;
using AdvisoryWatch.Data;
using AdvisoryWatch.Hosting;
using Microsoft.EntityFrameworkCore;

namespace AdvisoryWatch.Audit;

/// <summary><c>advisorywatch audit list [--actor A] [--target T] [--action X] [--kind K] [--since TIME] [--limit N]</c>.</summary>
public static class AuditCommand
{
    public static Command Create()
    {
        var command = new Command("audit", "Read the audit log: who changed what, and refused sign-ins and fetches");
        command.Subcommands.Add(List());
        return command;
    }

    private static Command List()
    {
        var actor = new Option<string?>("--actor") { Description = "Only this actor (user:ADDRESS, apikey:NAME, cli:USER, system)" };
        var target = new Option<string?>("--target") { Description = "Only this target (source:ID, recipient:ID, topic-rules)" };
        var action = new Option<string?>("--action") { Description = "Only this action (topics.rules-saved, ...)" };
        var kind = new Option<AuditKind?>("--kind") { Description = "change or security" };
        var since = new Option<DateTimeOffset?>("--since") { Description = "Only entries at or after this time (ISO 8601)" };
        var limit = new Option<int>("--limit") { Description = "Most entries shown, newest first", DefaultValueFactory = _ => 100 };
        var command = CliHost.NewCommand("list", "The newest entries first: time, kind, actor, action, target, before → after");
        command.Options.Add(actor);
        command.Options.Add(target);
        command.Options.Add(action);
        command.Options.Add(kind);
        command.Options.Add(since);
        command.Options.Add(limit);
        command.SetAction((parse, ct) => CliHost.WithServicesAsync(parse, async (services, output, error) =>
        {
            var count = parse.GetValue(limit);
            if (count < 1)
            {
                await error.WriteLineAsync("--limit must be at least 1");
                return 1;
            }

            var query = new AuditQuery(parse.GetValue(actor), parse.GetValue(target), parse.GetValue(action), parse.GetValue(kind), parse.GetValue(since));
            var rows = await query.Apply(services.GetRequiredService<AdvisoryWatchDbContext>()).Take(count).ToListAsync(ct);
            foreach (var e in rows)
            {
                var change = e.Before is null && e.After is null ? "" : $"  {e.Before ?? "-"} → {e.After ?? "-"}";
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"{e.AtUtc.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z {e.Kind.ToString().ToLowerInvariant(),-8} {e.Actor,-30} {e.Action,-28} {e.Target ?? "-"}{OneLine(change)}"));
            }

            return 0;
        }, ct));
        return command;
    }

    // A detail may hold line breaks (a rule file's comment); one entry stays one line.
    private static string OneLine(string text) => text.ReplaceLineEndings(" ⏎ ");
}
