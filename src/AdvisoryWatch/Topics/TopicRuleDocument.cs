using YamlDotNet.Serialization;

namespace AdvisoryWatch.Topics;

/// <summary>The topic rule file (<c>seeds/topics.yaml</c>) as written; <see cref="TopicRuleSet.Compile(string, ILogger?)"/> turns it into a <see cref="TopicRuleSet"/>.</summary>
public sealed class TopicRuleDocument
{
    /// <summary>How long one pattern may run on one title or text before it counts as no match; null for 100 ms.</summary>
    [YamlMember(Order = 0)]
    public int? PatternTimeoutMilliseconds { get; set; }

    /// <summary>low, normal, high or urgent: the severity when no severity rule matches and the caller gives none; null for normal.</summary>
    [YamlMember(Order = 1)]
    public string? DefaultSeverity { get; set; }

    [YamlMember(Order = 2)]
    public List<TopicDefinition> Topics { get; set; } = [];

    [YamlMember(Order = 3)]
    public List<SeverityRuleDefinition> SeverityRules { get; set; } = [];
}

/// <summary>What a rule looks for and where; shared by topics and severity rules.</summary>
public abstract class MatchDefinition
{
    [YamlMember(Order = 0)]
    public string Id { get; set; } = "";

    /// <summary>title, text or any (null): which part of an item the rule reads.</summary>
    [YamlMember(Order = 10)]
    public string? Field { get; set; }

    /// <summary>The item languages (nb, sv, en, ...) the rule applies to; empty for all.</summary>
    [YamlMember(Order = 11)]
    public List<string> Languages { get; set; } = [];

    /// <summary>Whole words or phrases, any case; a word ending in <c>*</c> matches every word it begins.</summary>
    [YamlMember(Order = 12)]
    public List<string> Keywords { get; set; } = [];

    /// <summary>Keywords that only apply to items in one language, keyed by language.</summary>
    [YamlMember(Order = 13)]
    public Dictionary<string, List<string>> KeywordsByLanguage { get; set; } = [];

    /// <summary>.NET regular expressions, matched ignoring case; include <c>\b</c> where whole words are meant.</summary>
    [YamlMember(Order = 14)]
    public List<string> Patterns { get; set; } = [];
}

/// <summary>A topic: its names, the other ids it is known by, and what tags an item with it.</summary>
public sealed class TopicDefinition : MatchDefinition
{
    /// <summary>Display names keyed by language (nb, sv, en).</summary>
    [YamlMember(Order = 1)]
    public Dictionary<string, string> Names { get; set; } = [];

    /// <summary>Other ids that mean this topic, such as the ones the source catalogue uses.</summary>
    [YamlMember(Order = 2)]
    public List<string> Aliases { get; set; } = [];
}

/// <summary>A rule that sets the severity of the items it matches.</summary>
public sealed class SeverityRuleDefinition : MatchDefinition
{
    /// <summary>low, normal, high or urgent.</summary>
    [YamlMember(Order = 1)]
    public string Severity { get; set; } = "";
}
