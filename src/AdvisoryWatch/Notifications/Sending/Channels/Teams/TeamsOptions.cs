namespace AdvisoryWatch.Notifications.Sending.Channels.Teams;

/// <summary><c>AdvisoryWatch:Teams:*</c>.</summary>
public sealed class TeamsOptions
{
    public const string Section = "AdvisoryWatch:Teams";

    /// <summary>Deadline for one webhook post.</summary>
    [System.ComponentModel.DataAnnotations.Range(1, 600)]
    public int TimeoutSeconds { get; set; } = 30;
}
