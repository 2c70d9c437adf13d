namespace AdvisoryWatch.Notifications.Sending.Channels.Webhook;

/// <summary>Posts one signed JSON document to a recipient's webhook URL.</summary>
public interface IWebhookNotifier
{
    /// <param name="id">The document's id, sent again on every retry so the receiver can drop a repeat.</param>
    /// <param name="secret">The recipient's signing secret: never logged, never part of a reply.</param>
    Task<SendResult> PostAsync(Uri url, string secret, Guid id, byte[] body, CancellationToken cancellationToken);
}
