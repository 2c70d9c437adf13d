using AdvisoryWatch.Notifications.Rendering;

namespace AdvisoryWatch.Notifications.Sending.Channels.Teams;

/// <summary>Posts to a Teams channel through a Workflows (Power Automate) webhook URL.</summary>
public interface ITeamsNotifier
{
    /// <summary>The webhook URL is a secret: implementations never log it.</summary>
    Task<SendResult> PostAsync(Uri webhook, TeamsMessage message, CancellationToken cancellationToken);
}
