using System.CommandLine;
using System.Globalization;
using AdvisoryWatch.Data;
using AdvisoryWatch.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AdvisoryWatch.Sources;

/// <summary><c>advisorywatch sources list | show | import | export</c>.</summary>
public static class SourcesCommand
{
    public static Command Create()
    {
        var command = new Command("sources", "List, inspect, import and export the watched sources");
        command.Subcommands.Add(List());
        command.Subcommands.Add(Show());
        command.Subcommands.Add(Check());
        command.Subcommands.Add(Import());
        command.Subcommands.Add(Export());
        return command;
    }

    private static Command List()
    {
        var command = CliHost.NewCommand("list", "One line per source: id, kind, state, health, name; then the hosts that are behind");
        command.SetAction((parse, ct) => CliHost.WithServicesAsync(parse, async (services, output, error) =>
        {
            var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
            var rows = await services.GetRequiredService<AdvisoryWatchDbContext>().Set<Source>().AsNoTracking().OrderBy(s => s.Id).ToListAsync(ct);
            if (rows.Count == 0)
            {
                await error.WriteLineAsync("No sources yet: `run` imports the shipped catalogue when it starts (commands never do); `sources import FILE` adds your own.");
            }

            await output.WriteLineAsync($"{"ID",-34} {"KIND",-9} {"STATE",-8} {"HEALTH",-22} NAME");
            foreach (var s in rows)
            {
                await output.WriteLineAsync($"{s.Id,-34} {SourceDefinition.KindName(s.Kind),-9} {(s.Enabled ? "enabled" : "disabled"),-8} {HealthSummary(s, now),-22} {s.Name}");
            }

            var behind = Polling.HostLoad.Summarise(rows, now, services.GetRequiredService<IOptions<Polling.PollingOptions>>().Value).Where(h => h.Behind).ToList();
            if (behind.Count > 0)
            {
                await output.WriteLineAsync();
                await output.WriteLineAsync($"{"HOST BEHIND",-34} {"SOURCES",7} {"DUE",6} {"OVERDUE",7} {"CHECKED/MIN",11} {"LIMIT/MIN",9} {"ASKED/MIN",9}");
                foreach (var h in behind)
                {
                    await output.WriteLineAsync(string.Create(
                        CultureInfo.InvariantCulture,
                        $"{h.Host,-34} {h.Sources,7} {h.Due,6} {h.Overdue,7} {h.CheckedLastMinute,11} {(h.LimitPerMinute is { } l ? l.ToString("0", CultureInfo.InvariantCulture) : "-"),9} {h.DemandPerMinute,9:0}"));
                    await output.WriteLineAsync($"  {h.Note}");
                }
            }

            return 0;
        }, ct));
        return command;
    }

    private static Command Show()
    {
        var id = new Argument<string>("id") { Description = "The source id, e.g. nsm-all" };
        var command = CliHost.NewCommand("show", "The source's definition and health");
        command.Arguments.Add(id);
        command.SetAction((parse, ct) => CliHost.WithServicesAsync(parse, async (services, output, error) =>
        {
            if (await FindAsync(services, parse.GetRequiredValue(id), error, ct) is not { } s)
            {
                return 1;
            }

            await output.WriteAsync(SourceCatalogue.Write([SourceDefinition.From(s)]));
            await WriteHealthAsync(output, s, services.GetRequiredService<TimeProvider>().GetUtcNow());
            return 0;
        }, ct));
        return command;
    }

    /// <summary>The source, or null after telling the user there is none with that id.</summary>
    private static async Task<Source?> FindAsync(IServiceProvider services, string sourceId, TextWriter error, CancellationToken ct)
    {
        var source = await services.GetRequiredService<AdvisoryWatchDbContext>().Set<Source>().AsNoTracking().SingleOrDefaultAsync(x => x.Id == sourceId, ct);
        if (source is null)
        {
            await error.WriteLineAsync($"No source with id '{sourceId}'.");
        }

        return source;
    }

    private static Command Check()
    {
        var id = new Argument<string>("id") { Description = "The source id, e.g. nsm-all" };
        var command = CliHost.NewCommand("check", "Poll the source once without saving anything; show what was found and the source's health");
        command.Arguments.Add(id);
        command.SetAction((parse, ct) => CliHost.WithServicesAsync(parse, async (services, output, error) =>
        {
            if (await FindAsync(services, parse.GetRequiredValue(id), error, ct) is not { } s)
            {
                return 1;
            }

            // Unconditional: an admin checking a source wants to see its items, not a 304.
            var result = await services.GetRequiredService<Polling.SourcePoller>().PollAsync(s, conditional: false, ct);
            var status = result.StatusCode?.ToString(CultureInfo.InvariantCulture) ?? "-";
            await output.WriteLineAsync($"check {s.Id}: {s.Url}");
            await output.WriteLineAsync($"  result: {result.GetType().Name} (HTTP {status}, final URL {result.FinalUrl?.AbsoluteUri ?? "-"})");
            if (result.PermanentRedirect is { } moved)
            {
                await output.WriteLineAsync($"  permanent redirect to {moved.AbsoluteUri} (recorded, not applied; edit the source to follow it)");
            }

            foreach (var baseline in result.Baselines.Where(b => b.Feed.Items.Count > 0))
            {
                await output.WriteLineAsync($"  also read the {baseline.Reader.Role.ToString().ToLowerInvariant()} {baseline.Reader.Url}: {baseline.Feed.Items.Count} items, whose baseline a poll would store");
            }

            switch (result)
            {
                case Polling.PollResult.Read read:
                    if (read.UsedFallback is { } why)
                    {
                        await output.WriteLineAsync($"  note: {why}");
                    }

                    await output.WriteAsync(Parsing.ParseOutput.Table(read.Feed));
                    break;
                case Polling.PollResult.Failed failed:
                    await output.WriteLineAsync($"  error: {failed.Reason}");
                    break;
                case Polling.PollResult.PageGone gone:
                    await output.WriteLineAsync($"  gone: {gone.Reason}");
                    break;
                case Polling.PollResult.RateLimited limited:
                    await output.WriteLineAsync($"  rate limited; retry after {limited.RetryAfter?.ToString() ?? "unspecified"}");
                    break;
            }

            await WriteHealthAsync(output, s, services.GetRequiredService<TimeProvider>().GetUtcNow());
            return result is Polling.PollResult.Read or Polling.PollResult.NotModified ? 0 : 2;
        }, ct));
        return command;
    }

    private static Command Import()
    {
        var file = new Argument<FileInfo>("file") { Description = "A YAML catalogue (as in seeds/) or an OPML 2.0 file" };
        var command = CliHost.NewCommand("import", "Add or update sources from a YAML or OPML file; what it names becomes admin-owned");
        command.Arguments.Add(file);
        command.SetAction((parse, ct) => CliHost.WithServicesAsync(parse, async (services, output, error) =>
        {
            var path = parse.GetRequiredValue(file);
            if (await CliHost.ReadInputAsync(path, error, ct) is not { } text)
            {
                return 1;
            }

            var imported = await services.GetRequiredService<SourceImporter>().ImportFileAsync(text, ct);
            if (imported.Report is not { } report)
            {
                return await CliHost.ReportProblemsAsync(error, $"{path.Name} was not imported", imported.Problems);
            }

            foreach (var (url, watchedAs) in imported.Skipped)
            {
                await output.WriteLineAsync($"  = {url} is already watched as {watchedAs}; skipped.");
            }

            await output.WriteLineAsync(string.Create(
                CultureInfo.InvariantCulture,
                $"Imported {path.Name}: {report.Added.Count} added, {report.Updated.Count} updated, {report.Unchanged.Count} unchanged."));
            foreach (var added in report.Added)
            {
                await output.WriteLineAsync($"  + {added}");
            }

            foreach (var updated in report.Updated)
            {
                await output.WriteLineAsync($"  ~ {updated}");
            }

            return 0;
        }, ct));
        return command;
    }

    private static Command Export()
    {
        var format = new Option<string>("--format") { Description = "yaml or opml (opml holds feed sources only)", DefaultValueFactory = _ => "yaml" };
        format.AcceptOnlyFromAmong("yaml", "opml");
        var outputFile = new Option<FileInfo?>("--output", "-o") { Description = "Write to this file instead of standard output" };
        var command = CliHost.NewCommand("export", "Write every source as YAML (the seeds format) or OPML 2.0");
        command.Options.Add(format);
        command.Options.Add(outputFile);
        command.SetAction((parse, ct) => CliHost.WithServicesAsync(parse, async (services, output, error) =>
        {
            var rows = await services.GetRequiredService<AdvisoryWatchDbContext>().Set<Source>().AsNoTracking().OrderBy(s => s.Id).ToListAsync(ct);
            var definitions = rows.Select(SourceDefinition.From).ToList();
            var opml = parse.GetValue(format) == "opml";
            var text = opml ? Opml.Write(definitions, "AdvisoryWatch sources") : SourceCatalogue.Write(definitions);
            if (opml && definitions.Count(d => d.Kind != "feed") is > 0 and var skipped)
            {
                await error.WriteLineAsync($"{skipped} html-list/page source(s) are not representable in OPML and were left out; use --format yaml for all.");
            }

            if (parse.GetValue(outputFile) is { } f)
            {
                await File.WriteAllTextAsync(f.FullName, text, ct);
            }
            else
            {
                await output.WriteAsync(text);
            }

            return 0;
        }, ct));
        return command;
    }

    /// <summary>One word for the source's health, as the API gives it.</summary>
    internal static string HealthState(Source s, DateTimeOffset now) =>
        !s.Enabled ? "disabled"
        : s.IsOverdue(now) ? "overdue"
        : s.LastAttemptAtUtc is null ? "not polled yet"
        : s.ConsecutiveFailures > 0 ? "failing"
        : s.IsStale(now) ? "stale"
        : s.LastReadWarnings is not null ? "warnings"
        : "ok";

    internal static string HealthSummary(Source s, DateTimeOffset now)
    {
        if (s.IsOverdue(now) && s.LatenessAt(now) is { } late)
        {
            // Not "ok": a source its host cannot keep up with is unchecked for several intervals.
            return $"overdue {Duration(late)}";
        }

        if (s.LastAttemptAtUtc is null)
        {
            return "not polled yet";
        }

        if (s.ConsecutiveFailures > 0)
        {
            return $"failing x{s.ConsecutiveFailures} ({s.LastStatusCode?.ToString(CultureInfo.InvariantCulture) ?? "-"})";
        }

        return s.IsStale(now) ? "stale"
            : s.LastReadWarnings is not null ? $"warnings ({s.ItemsSeen ?? 0} items)"
            : $"ok ({s.ItemsSeen ?? 0} items)";
    }

    private static string Duration(TimeSpan t) =>
        t >= TimeSpan.FromDays(1) ? string.Create(CultureInfo.InvariantCulture, $"{t.TotalDays:0.#} d")
        : t >= TimeSpan.FromHours(1) ? string.Create(CultureInfo.InvariantCulture, $"{t.TotalHours:0.#} h")
        : string.Create(CultureInfo.InvariantCulture, $"{Math.Max(1, Math.Round(t.TotalMinutes)):0} min");

    internal static async Task WriteHealthAsync(TextWriter output, Source s, DateTimeOffset now)
    {
        static string T(DateTimeOffset? t) => t?.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture) ?? "-";
        await output.WriteLineAsync("health:");
        await output.WriteLineAsync($"  summary: {HealthSummary(s, now)}");
        await output.WriteLineAsync($"  lastAttempt: {T(s.LastAttemptAtUtc)}");
        await output.WriteLineAsync($"  lastSuccess: {T(s.LastSuccessAtUtc)}");
        await output.WriteLineAsync($"  httpStatus: {s.LastStatusCode?.ToString(CultureInfo.InvariantCulture) ?? "-"}");
        await output.WriteLineAsync($"  finalUrl: {s.FinalUrl ?? "-"}");
        await output.WriteLineAsync($"  permanentRedirectTo: {s.PermanentRedirectTo ?? "-"}");
        await output.WriteLineAsync($"  itemsSeen: {s.ItemsSeen?.ToString(CultureInfo.InvariantCulture) ?? "-"}");
        await output.WriteLineAsync($"  newestItem: {T(s.NewestItemAtUtc)}");
        await output.WriteLineAsync($"  consecutiveFailures: {s.ConsecutiveFailures.ToString(CultureInfo.InvariantCulture)}");
        await output.WriteLineAsync($"  stale: {(s.IsStale(now) ? "yes" : "no")} (after {s.StaleAfterDays.ToString(CultureInfo.InvariantCulture)} days)");
        await output.WriteLineAsync($"  lastError: {s.LastError ?? "-"}");
        await output.WriteLineAsync($"  lastReadWarnings: {s.LastReadWarnings ?? "-"}");
        await output.WriteLineAsync($"  nextCheck: {T(s.NextCheckAtUtc)}");
        await output.WriteLineAsync($"  overdue: {(s.IsOverdue(now) && s.LatenessAt(now) is { } late ? $"yes, due for {Duration(late)}" : "no")}");
        await output.WriteLineAsync($"  host: {Polling.SourceHost.Of(s.Url)}");
    }
}
