using AdvisoryWatch.Contracts;

namespace AdvisoryWatch.Notifications.Rendering;

/// <summary>One notification for a Teams channel, rendered in the department's language.</summary>
public sealed record TeamsMessage(string Title, string Text, Uri? Link, string LinkText, Severity Severity, IReadOnlyList<KeyValuePair<string, string>> Facts);
