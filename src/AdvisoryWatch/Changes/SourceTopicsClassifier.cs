using AdvisoryWatch.Contracts;

namespace AdvisoryWatch.Changes;

/// <summary>The source's default topics at normal severity: used until topic rules are loaded.</summary>
internal sealed class SourceTopicsClassifier : IChangeClassifier
{
    public Classification Classify(string title, string? text, string language, IReadOnlyList<string> sourceTopics) =>
        new([.. sourceTopics], Severity.Normal);
}
