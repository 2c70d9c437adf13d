using System.CommandLine;
using System.Globalization;
using AdvisoryWatch.Hosting;

namespace AdvisoryWatch.Topics;

/// <summary><c>advisorywatch topics list | rules | set-rules | classify | reapply</c>.</summary>
public static class TopicsCommand
{
    public static Command Create()
    {
        var command = new Command("topics", "Show, edit and try the topic and severity rules; re-apply them to stored advisories");
        command.Subcommands.Add(List());
        command.Subcommands.Add(Rules());
        command.Subcommands.Add(SetRules());
        command.Subcommands.Add(Classify());
        command.Subcommands.Add(Reapply());
        return command;
    }

    private static Command List()
    {
        var command = CliHost.NewCommand("list", "One line per topic: id, keyword and pattern counts, names (nb/sv/en), aliases");
        command.SetAction((parse, ct) => CliHost.WithServicesAsync(parse, async (services, output, _) =>
        {
            var view = TopicsFeature.List(services.GetRequiredService<TopicRules>());
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"rules version {view.RuleVersion}: {view.Topics.Count} topics, {view.SeverityRules} severity rules, default severity {view.DefaultSeverity}"));
            await output.WriteLineAsync($"{"ID",-20} {"KEYWORDS",8} {"PATTERNS",8}  NAMES / ALIASES");
            foreach (var t in view.Topics)
            {
                var names = string.Join(" | ", t.Names.Select(n => $"{n.Key}: {n.Value}"));
                var aliases = t.Aliases.Count == 0 ? "" : $"  (aliases: {string.Join(", ", t.Aliases)})";
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{t.Id,-20} {t.Keywords,8} {t.Patterns,8}  {names}{aliases}"));
            }

            return 0;
        }, ct));
        return command;
    }

    private static Command Rules()
    {
        var outputFile = new Option<FileInfo?>("--output", "-o") { Description = "Write to this file instead of standard output" };
        var command = CliHost.NewCommand("rules", "The rule file in force (YAML), to edit and save with set-rules");
        command.Options.Add(outputFile);
        command.SetAction((parse, ct) => CliHost.WithServicesAsync(parse, async (services, output, error) =>
        {
            var rules = services.GetRequiredService<TopicRules>().CurrentRules;
            if (parse.GetValue(outputFile) is { } f)
            {
                await File.WriteAllTextAsync(f.FullName, rules.Yaml, ct);
                await error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"Wrote rules version {rules.Version} to {f.Name}."));
            }
            else
            {
                await output.WriteAsync(rules.Yaml);
            }

            return 0;
        }, ct));
        return command;
    }

    private static Command SetRules()
    {
        var file = new Argument<FileInfo>("file") { Description = "A rule file in the format of seeds/topics.yaml" };
        var comment = new Option<string?>("--comment") { Description = "Why the rules changed, kept with the version" };
        var command = CliHost.NewCommand("set-rules", "Validate a rule file and save it as the next version; nothing is saved if any problem is found");
        command.Arguments.Add(file);
        command.Options.Add(comment);
        command.SetAction((parse, ct) => CliHost.WithServicesAsync(parse, async (services, output, error) =>
        {
            var path = parse.GetRequiredValue(file);
            if (await CliHost.ReadInputAsync(path, error, ct) is not { } yaml)
            {
                return 1;
            }

            var result = await services.GetRequiredService<TopicRules>().SaveAsync(yaml, Access.Actor.CommandLine().Name, parse.GetValue(comment), ct);
            switch (result)
            {
                case SaveRulesResult.Saved saved:
                    await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"Saved {path.Name} as rules version {saved.Rules.Version}. Run 'topics reapply' to re-tag stored advisories."));
                    return 0;
                case SaveRulesResult.Invalid invalid:
                    return await CliHost.ReportProblemsAsync(error, $"{path.Name} was not saved", invalid.Problems);
                default:
                    throw new InvalidOperationException("unreachable");
            }
        }, ct));
        return command;
    }

    private static Command Classify()
    {
        var title = new Argument<string>("title") { Description = "The item's title" };
        var text = new Option<string?>("--text") { Description = "The item's summary or text" };
        var language = new Option<string>("--language") { Description = "The item's language (nb, sv, en, ...)", DefaultValueFactory = _ => "nb" };
        var topics = new Option<string[]>("--source-topic") { Description = "A default topic of the source (repeatable)" };
        var command = CliHost.NewCommand("classify", "Show the topics, severity and matching rules the rules in force give a title and text");
        command.Arguments.Add(title);
        command.Options.Add(text);
        command.Options.Add(language);
        command.Options.Add(topics);
        command.SetAction((parse, ct) => CliHost.WithServicesAsync(parse, async (services, output, _) =>
        {
            var view = TopicsFeature.Classify(
                services.GetRequiredService<TopicRules>(),
                parse.GetRequiredValue(title),
                parse.GetValue(text),
                parse.GetValue(language),
                parse.GetValue(topics) ?? [],
                ct);
            await output.WriteLineAsync($"topics: {(view.Topics.Count == 0 ? "-" : string.Join(", ", view.Topics))}");
            await output.WriteLineAsync($"severity: {view.Severity.ToString().ToLowerInvariant()}");
            await output.WriteLineAsync($"matched: {(view.MatchedRules.Count == 0 ? "-" : string.Join(", ", view.MatchedRules))}");
            return 0;
        }, ct));
        return command;
    }

    private static Command Reapply()
    {
        var command = CliHost.NewCommand("reapply", "Re-classify every stored advisory with the rules in force; nobody is notified");
        command.SetAction((parse, ct) => CliHost.WithServicesAsync(parse, async (services, output, _) =>
        {
            var report = await services.GetRequiredService<TopicReapplier>().ReapplyAsync(ct);
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"Rules version {report.RuleVersion} applied to {report.Examined} advisories: {report.Changed} re-tagged."));
            return 0;
        }, ct));
        return command;
    }
}
