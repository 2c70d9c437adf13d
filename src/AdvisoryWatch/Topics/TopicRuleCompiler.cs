using System.Text.RegularExpressions;
using AdvisoryWatch.Contracts;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace AdvisoryWatch.Topics;

/// <summary>Turns a <see cref="TopicRuleDocument"/> into a <see cref="TopicRuleSet"/>, collecting every problem instead of stopping at the first.</summary>
internal static partial class TopicRuleCompiler
{
    public const int DefaultPatternTimeoutMilliseconds = 100;
    private const int MaxPatternTimeoutMilliseconds = 10_000;

    // Unknown properties are errors: a misspelt "keyword:" must not silently disable a rule.
    private static readonly IDeserializer Reader = new DeserializerBuilder()
        .WithNamingConvention(CamelCaseNamingConvention.Instance)
        .Build();

    public static TopicRuleCompilation Compile(string yaml, ILogger logger, IReadOnlyList<TopicDefinition>? contributed = null)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        TopicRuleDocument document;
        try
        {
            document = Reader.Deserialize<TopicRuleDocument>(yaml) ?? new TopicRuleDocument();
        }
        catch (YamlException e)
        {
            return new TopicRuleCompilation(null, [new("", $"YAML at line {e.Start.Line}, column {e.Start.Column}: {e.InnerException?.Message ?? e.Message}")]);
        }

        if (contributed is { Count: > 0 })
        {
            document.Topics.AddRange(contributed);
        }

        var problems = new List<TopicRuleProblem>();
        var timeoutMs = document.PatternTimeoutMilliseconds ?? DefaultPatternTimeoutMilliseconds;
        if (timeoutMs is < 1 or > MaxPatternTimeoutMilliseconds)
        {
            problems.Add(new("", $"patternTimeoutMilliseconds must be between 1 and {MaxPatternTimeoutMilliseconds}."));
            timeoutMs = DefaultPatternTimeoutMilliseconds;
        }

        var defaultSeverity = Severity.Normal;
        if (document.DefaultSeverity is not null && ParseSeverity(document.DefaultSeverity) is not { } parsedDefault)
        {
            problems.Add(new("", $"defaultSeverity '{document.DefaultSeverity}' is not one of low, normal, high, urgent."));
        }
        else if (document.DefaultSeverity is not null)
        {
            defaultSeverity = ParseSeverity(document.DefaultSeverity)!.Value;
        }

        if (document.Topics.Count == 0)
        {
            problems.Add(new("", "the file defines no topics."));
        }

        var context = new Context(TimeSpan.FromMilliseconds(timeoutMs), problems);
        var canonical = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var topicsById = new Dictionary<string, TopicDefinition>(StringComparer.Ordinal);
        var rules = new List<CompiledRule>();
        var infos = new List<TopicInfo>();

        // Ids first, aliases second: an alias that names a topic defined further down is a clash too.
        foreach (var (topic, index) in document.Topics.Select((t, i) => (t, i)))
        {
            var label = Label("topics", topic.Id, index);
            if (CheckId(topic.Id, label, problems) && !canonical.TryAdd(topic.Id, topic.Id))
            {
                problems.Add(new(label, "the id is used by more than one topic."));
            }
        }

        foreach (var (topic, index) in document.Topics.Select((t, i) => (t, i)))
        {
            var label = Label("topics", topic.Id, index);
            foreach (var alias in topic.Aliases)
            {
                if (!CheckId(alias, label, problems, "alias"))
                {
                    continue;
                }

                if (canonical.TryGetValue(alias, out var owner))
                {
                    problems.Add(new(label, owner.Equals(topic.Id, StringComparison.Ordinal)
                        ? $"alias '{alias}' repeats the topic's id or another of its aliases."
                        : $"alias '{alias}' clashes with topic '{owner}', which already has that id or alias."));
                    continue;
                }

                canonical[alias] = topic.Id;
            }

            foreach (var language in topic.Names.Keys)
            {
                CheckLanguage(language, label, problems);
            }

            var ruleIndex = rules.Count;
            rules.Add(new CompiledRule(topic.Id, null));
            var (keywords, patterns) = CompileMatch(topic, ruleIndex, label, context);
            topicsById.TryAdd(topic.Id, topic);
            infos.Add(new TopicInfo(topic.Id, topic.Names, topic.Aliases, keywords, patterns));
        }

        var severityIds = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (rule, index) in document.SeverityRules.Select((r, i) => (r, i)))
        {
            var label = Label("severityRules", rule.Id, index);
            if (CheckId(rule.Id, label, problems) && !severityIds.Add(rule.Id))
            {
                problems.Add(new(label, "the id is used by more than one severity rule."));
            }

            var severity = ParseSeverity(rule.Severity);
            if (severity is null)
            {
                problems.Add(new(label, $"severity '{rule.Severity}' is not one of low, normal, high, urgent."));
            }

            var ruleIndex = rules.Count;
            rules.Add(new CompiledRule(rule.Id, severity ?? Severity.Normal));
            CompileMatch(rule, ruleIndex, label, context);
        }

        if (problems.Count > 0)
        {
            return new TopicRuleCompilation(null, problems);
        }

        var set = new TopicRuleSet(
            [.. rules],
            new KeywordIndex(context.Keywords),
            [.. context.Patterns],
            infos,
            topicsById,
            canonical,
            defaultSeverity,
            logger);
        return new TopicRuleCompilation(set, []);
    }

    private static (int Keywords, int Patterns) CompileMatch(MatchDefinition definition, int rule, string label, Context context)
    {
        var problems = context.Problems;
        var field = RuleField.Any;
        switch (definition.Field?.ToLowerInvariant())
        {
            case null or "any":
                break;
            case "title":
                field = RuleField.Title;
                break;
            case "text":
                field = RuleField.Text;
                break;
            default:
                problems.Add(new(label, $"field '{definition.Field}' is not one of title, text, any."));
                break;
        }

        HashSet<string>? languages = null;
        if (definition.Languages.Count > 0)
        {
            languages = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var language in definition.Languages)
            {
                if (CheckLanguage(language, label, problems))
                {
                    languages.Add(language);
                }
            }
        }

        var keywords = 0;
        foreach (var keyword in definition.Keywords)
        {
            if (ParseKeyword(keyword, label, problems) is not { } words)
            {
                continue;
            }

            keywords++;
            if (languages is null)
            {
                context.Keywords.Add(new KeywordEntry(rule, field, null, words));
                continue;
            }

            foreach (var language in languages)
            {
                context.Keywords.Add(new KeywordEntry(rule, field, language, words));
            }
        }

        foreach (var (language, list) in definition.KeywordsByLanguage)
        {
            if (!CheckLanguage(language, label, problems))
            {
                continue;
            }

            if (languages is not null && !languages.Contains(language))
            {
                problems.Add(new(label, $"keywordsByLanguage '{language}' never applies: the rule is limited to {string.Join(", ", languages)}."));
                continue;
            }

            foreach (var keyword in list)
            {
                if (ParseKeyword(keyword, label, problems) is { } words)
                {
                    keywords++;
                    context.Keywords.Add(new KeywordEntry(rule, field, language, words));
                }
            }
        }

        var patterns = 0;
        foreach (var pattern in definition.Patterns)
        {
            if (string.IsNullOrWhiteSpace(pattern))
            {
                problems.Add(new(label, "a pattern is empty."));
                continue;
            }

            try
            {
                var regex = new Regex(pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Compiled, context.Timeout);
                context.Patterns.Add(new CompiledPattern(rule, field, languages, regex));
                patterns++;
            }
            catch (ArgumentException e)
            {
                problems.Add(new(label, $"pattern '{pattern}' is not a valid regular expression: {e.Message}"));
            }
        }

        if (definition.Keywords.Count == 0 && definition.KeywordsByLanguage.Values.All(l => l.Count == 0) && definition.Patterns.Count == 0)
        {
            problems.Add(new(label, "the rule has no keywords or patterns, so it would never match."));
        }

        return (keywords, patterns);
    }

    private static KeywordWord[]? ParseKeyword(string? keyword, string label, List<TopicRuleProblem> problems)
    {
        var words = KeywordIndex.Parse(keyword ?? "", out var problem);
        if (words is null)
        {
            problems.Add(new(label, problem ?? $"keyword '{keyword}' is invalid."));
        }

        return words;
    }

    internal static Severity? ParseSeverity(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        "low" => Severity.Low,
        "normal" => Severity.Normal,
        "high" => Severity.High,
        "urgent" => Severity.Urgent,
        _ => null,
    };

    private static string Label(string list, string? id, int index) =>
        string.IsNullOrWhiteSpace(id) ? $"{list}[{index}]" : $"{list}/{id}";

    private static bool CheckId(string? id, string label, List<TopicRuleProblem> problems, string what = "id")
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            problems.Add(new(label, $"the {what} is missing."));
            return false;
        }

        if (!Slug().IsMatch(id))
        {
            problems.Add(new(label, $"{what} '{id}' must be a lower-case slug (letters a-z, digits, hyphens)."));
            return false;
        }

        return true;
    }

    private static bool CheckLanguage(string? language, string label, List<TopicRuleProblem> problems)
    {
        if (language is null || !LanguageCode().IsMatch(language))
        {
            problems.Add(new(label, $"'{language}' is not a language code such as nb, sv or en."));
            return false;
        }

        return true;
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex Slug();

    [GeneratedRegex("^[a-z]{2,3}$", RegexOptions.CultureInvariant)]
    private static partial Regex LanguageCode();

    private sealed record Context(TimeSpan Timeout, List<TopicRuleProblem> Problems)
    {
        public List<KeywordEntry> Keywords { get; } = [];

        public List<CompiledPattern> Patterns { get; } = [];
    }
}
