using System.ComponentModel.DataAnnotations;

namespace AdvisoryWatch.Notifications.Sending.Channels.Webhook;

/// <summary><c>AdvisoryWatch:Webhooks:*</c>.</summary>
public sealed class WebhookOptions
{
    public const string Section = "AdvisoryWatch:Webhooks";

    /// <summary>
    /// CIDRs (<c>10.20.0.0/16</c>) or <c>host[:port]</c> entries a webhook may reach although they
    /// are private (an intranet ticketing system). Separate from the fetch list: letting a feed be
    /// read from a network is not letting mail-like documents be posted into it.
    /// </summary>
    public List<string> AllowedNetworks { get; init; } = [];

    /// <summary>Deadline for one post, connect included.</summary>
    [Range(1, 600)]
    public int TimeoutSeconds { get; set; } = 30;
}
