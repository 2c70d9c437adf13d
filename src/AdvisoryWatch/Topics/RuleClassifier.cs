using AdvisoryWatch.Changes;

namespace AdvisoryWatch.Topics;

/// <summary>Classifies with the topic rules in force (<see cref="TopicRules"/>).</summary>
internal sealed class RuleClassifier(TopicRules rules) : IChangeClassifier
{
    public Classification Classify(string title, string? text, string language, IReadOnlyList<string> sourceTopics)
    {
        var match = rules.Classify(title, text, language, sourceTopics, CancellationToken.None);
        return new Classification(match.Topics, match.Severity);
    }
}
