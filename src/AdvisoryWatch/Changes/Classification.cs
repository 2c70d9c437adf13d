using AdvisoryWatch.Contracts;

namespace AdvisoryWatch.Changes;

/// <summary>Topics and severity for a text.</summary>
public sealed record Classification(IReadOnlyList<string> Topics, Severity Severity);

/// <summary>Tags advisories by topic and severity.</summary>
public interface IChangeClassifier
{
    Classification Classify(string title, string? text, string language, IReadOnlyList<string> sourceTopics);
}
