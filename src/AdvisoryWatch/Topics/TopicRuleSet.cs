using System.Text.RegularExpressions;
using AdvisoryWatch.Contracts;

namespace AdvisoryWatch.Topics;

/// <summary>A topic as the API and notifications show it.</summary>
public sealed record TopicInfo(string Id, IReadOnlyDictionary<string, string> Names, IReadOnlyList<string> Aliases, int Keywords, int Patterns);

/// <summary>What <see cref="TopicRuleSet.Classify(string, string?, string, IReadOnlyList{string}, TimeSpan, CancellationToken)"/> found: topics, severity and the rules that matched (<c>topic:id</c>, <c>severity:id</c>).</summary>
public sealed record TopicMatch(IReadOnlyList<string> Topics, Severity Severity, IReadOnlyList<string> MatchedRules)
{
    /// <summary>Patterns not run because the item's budget was spent; they count as no match.</summary>
    public int SkippedPatterns { get; init; }
}

/// <summary>A compiled pattern and where it applies.</summary>
internal sealed record CompiledPattern(int Rule, RuleField Field, IReadOnlySet<string>? Languages, Regex Regex);

/// <summary>One compiled rule: a topic (<see cref="Severity"/> null) or a severity rule.</summary>
internal sealed record CompiledRule(string Id, Severity? Severity)
{
    public string Label => Severity is null ? "topic:" + Id : "severity:" + Id;
}

/// <summary>
/// The compiled, immutable topic and severity rules. Keywords of every rule sit in one
/// <see cref="KeywordIndex"/>, so a title and a text are each read once whatever the number of
/// rules; patterns run only for rules the keywords did not already match. Safe to share between
/// threads.
/// </summary>
public sealed partial class TopicRuleSet
{
    private readonly CompiledRule[] _rules;
    private readonly KeywordIndex _index;
    private readonly CompiledPattern[] _patterns;
    private readonly Dictionary<string, TopicDefinition> _topics;
    private readonly Dictionary<string, string> _canonical;
    private readonly ILogger _logger;

    internal TopicRuleSet(
        CompiledRule[] rules,
        KeywordIndex index,
        CompiledPattern[] patterns,
        IReadOnlyList<TopicInfo> topics,
        Dictionary<string, TopicDefinition> topicsById,
        Dictionary<string, string> canonical,
        Severity defaultSeverity,
        ILogger logger)
    {
        _rules = rules;
        _index = index;
        _patterns = patterns;
        Topics = topics;
        _topics = topicsById;
        _canonical = canonical;
        DefaultSeverity = defaultSeverity;
        _logger = logger;
    }

    /// <summary>The topics in file order.</summary>
    public IReadOnlyList<TopicInfo> Topics { get; }

    public Severity DefaultSeverity { get; }

    public int SeverityRuleCount => _rules.Count(r => r.Severity is not null);

    /// <summary>Compiles a rule file; every problem is reported at once and no set is returned then.</summary>
    public static TopicRuleCompilation Compile(string yaml, ILogger? logger = null) =>
        TopicRuleCompiler.Compile(yaml, logger ?? Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);

    /// <summary>Compiles a rule file with topics kept elsewhere (<see cref="ITopicContributor"/>) after the file's own.</summary>
    public static TopicRuleCompilation Compile(string yaml, IReadOnlyList<TopicDefinition> contributed, ILogger? logger = null) =>
        TopicRuleCompiler.Compile(yaml, logger ?? Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance, contributed);

    /// <summary>Whether <paramref name="keyword"/> is a valid keyword; <paramref name="problem"/> says why not.</summary>
    public static bool IsValidKeyword(string keyword, out string? problem) => KeywordIndex.Parse(keyword, out problem) is not null;

    /// <summary>The canonical topic id for an id or alias (any case); null when no topic has it.</summary>
    public string? Resolve(string idOrAlias) =>
        _canonical.TryGetValue(idOrAlias, out var id) ? id : null;

    /// <summary>
    /// The topic's name in <paramref name="language"/>; Nynorsk and "no" fall back to Bokmål, then
    /// any language to English, then to the id itself. Aliases resolve to their topic.
    /// </summary>
    public string DisplayName(string topicId, string language)
    {
        ArgumentNullException.ThrowIfNull(topicId);
        if (Resolve(topicId) is not { } id || !_topics.TryGetValue(id, out var topic))
        {
            return topicId;
        }

        var names = topic.Names;
        if (language is { Length: > 0 } && names.TryGetValue(language, out var name))
        {
            return name;
        }

        if (language is "nn" or "no" && names.TryGetValue("nb", out name))
        {
            return name;
        }

        return names.TryGetValue("en", out name) ? name : id;
    }

    /// <summary>Classifies with no total budget (each pattern still has its own timeout).</summary>
    internal TopicMatch Classify(string title, string? text, string language, IReadOnlyList<string> sourceTopics) =>
        Classify(title, text, language, sourceTopics, Timeout.InfiniteTimeSpan, CancellationToken.None);

    /// <summary>
    /// Topics: the source's default topics (aliases mapped to their topic; unknown ids kept as they
    /// are) then every matching topic in file order, without duplicates. Severity: the highest of
    /// the matching severity rules, else the default.
    /// </summary>
    /// <param name="budget">
    /// The time all patterns together may run on this item: once it is spent, the patterns not yet
    /// run count as no match (<see cref="TopicMatch.SkippedPatterns"/>). The one running when it is
    /// spent runs on to its own timeout at most.
    /// </param>
    /// <param name="cancellationToken">Checked before every pattern: the caller left.</param>
    public TopicMatch Classify(string title, string? text, string language, IReadOnlyList<string> sourceTopics, TimeSpan budget, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(title);
        ArgumentNullException.ThrowIfNull(sourceTopics);
        language ??= "";
        var normalisedTitle = KeywordIndex.Normalise(title);
        var normalisedText = text is null ? "" : KeywordIndex.Normalise(text);
        var hits = _rules.Length <= 256 ? stackalloc bool[_rules.Length] : new bool[_rules.Length];
        _index.Scan(normalisedTitle, RuleField.Title, language, hits);
        _index.Scan(normalisedText, RuleField.Text, language, hits);
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var skipped = 0;
        foreach (var pattern in _patterns)
        {
            if (hits[pattern.Rule]
                || (pattern.Languages is not null && !pattern.Languages.Contains(language)))
            {
                continue;
            }

            cancellationToken.ThrowIfCancellationRequested();
            if (skipped > 0 || (budget != Timeout.InfiniteTimeSpan && System.Diagnostics.Stopwatch.GetElapsedTime(started) >= budget))
            {
                skipped++;
                continue;
            }

            hits[pattern.Rule] = (pattern.Field != RuleField.Text && IsMatch(pattern, normalisedTitle))
                || (pattern.Field != RuleField.Title && IsMatch(pattern, normalisedText));
        }

        var topics = new List<string>(sourceTopics.Count + 4);
        foreach (var t in sourceTopics)
        {
            var id = Resolve(t) ?? t;
            if (!topics.Contains(id, StringComparer.Ordinal))
            {
                topics.Add(id);
            }
        }

        Severity? severity = null;
        var matched = new List<string>();
        for (var i = 0; i < _rules.Length; i++)
        {
            if (!hits[i])
            {
                continue;
            }

            var rule = _rules[i];
            matched.Add(rule.Label);
            if (rule.Severity is { } s)
            {
                severity = severity is { } before && before >= s ? before : s;
            }
            else if (!topics.Contains(rule.Id, StringComparer.Ordinal))
            {
                topics.Add(rule.Id);
            }
        }

        if (skipped > 0)
        {
            LogBudgetSpent(_logger, skipped, budget.TotalMilliseconds, title.Length + (text?.Length ?? 0));
        }

        return new TopicMatch(topics, severity ?? DefaultSeverity, matched) { SkippedPatterns = skipped };
    }

    private bool IsMatch(CompiledPattern pattern, string input)
    {
        if (input.Length == 0)
        {
            return false;
        }

        try
        {
            return pattern.Regex.IsMatch(input);
        }
        catch (RegexMatchTimeoutException)
        {
            // A pathological pattern on a hostile text must not stop polling: no match, and a log line
            // for the admin who wrote the pattern.
            LogPatternTimeout(_logger, _rules[pattern.Rule].Label, pattern.Regex.ToString(), input.Length);
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Topic patterns ran out of their budget of {BudgetMs} ms on an item of {Length} characters; {Skipped} patterns were not run and count as no match")]
    private static partial void LogBudgetSpent(ILogger logger, int skipped, double budgetMs, int length);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Topic rule {Rule}: pattern {Pattern} timed out on a text of {Length} characters; counted as no match")]
    private static partial void LogPatternTimeout(ILogger logger, string rule, string pattern, int length);
}

/// <summary>One thing wrong with a rule file; <see cref="Rule"/> names where (<c>topics/tiktok</c>), empty for the file.</summary>
public sealed record TopicRuleProblem(string Rule, string Message)
{
    public override string ToString() => Rule.Length == 0 ? Message : $"{Rule}: {Message}";
}

/// <summary>The outcome of compiling a rule file: a set, or every problem found.</summary>
public sealed record TopicRuleCompilation(TopicRuleSet? RuleSet, IReadOnlyList<TopicRuleProblem> Problems)
{
    public bool Succeeded => RuleSet is not null;
}
