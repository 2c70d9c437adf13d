using AdvisoryWatch.Contracts;

namespace AdvisoryWatch.Notifications.Rendering;

/// <summary>The digest's items of one severity, by source.</summary>
internal sealed class SeverityGroup(Severity severity)
{
    public Severity Severity { get; } = severity;

    public List<SourceGroup> Sources { get; } = [];
}
