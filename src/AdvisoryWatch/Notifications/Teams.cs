using AdvisoryWatch.Contracts;

namespace AdvisoryWatch.Notifications;

/// <summary>One notification for a Teams channel, rendered in the department's language.</summary>
public sealed record TeamsMessage(string Title, string Text, Uri? Link, string LinkText, Severity Severity, IReadOnlyList<KeyValuePair<string, string>> Facts);

/// <summary>Posts to a Teams channel through a Workflows (Power Automate) webhook URL.</summary>
public interface ITeamsNotifier
{
    /// <summary>The webhook URL is a secret: implementations never log it.</summary>
    Task<SendResult> PostAsync(Uri webhook, TeamsMessage message, CancellationToken cancellationToken);
}
