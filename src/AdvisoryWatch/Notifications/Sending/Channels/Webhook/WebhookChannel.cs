using AdvisoryWatch.Data;
using AdvisoryWatch.Departments;
using AdvisoryWatch.Notifications.Rendering;
using Microsoft.EntityFrameworkCore;

namespace AdvisoryWatch.Notifications.Sending.Channels.Webhook;

/// <summary>
/// The webhook channel as the sender sees it: the document, the host's health, the post. The
/// sender's claim, lease and per-chunk saves give webhooks mail's exactly-once rules; the stable
/// document id in the body and in <c>AdvisoryWatch-Delivery</c> lets a receiver drop the one repeat
/// a crash between its 2xx and our save can cause.
/// </summary>
public sealed class WebhookChannel(IWebhookNotifier notifier, WebhookHealth health, IServiceScopeFactory scopes, DeliverySignal signal, TimeProvider time)
{
    public Task<SendResult> SendAlertAsync(Delivery delivery, ChangeFacts facts, Audience audience, Uri? acknowledgeUrl, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        ArgumentNullException.ThrowIfNull(audience);
        return SendAsync(audience.Recipient, delivery.Id, () => WebhookDocument.Alert(delivery, facts, audience, acknowledgeUrl), ct);
    }

    /// <summary>A digest: the period's changes and, as a mail digest lists them, the department's open follow-ups.</summary>
    public Task<SendResult> SendDigestAsync(Digest digest, IEnumerable<(Delivery Delivery, ChangeFacts Facts)> items, Audience audience, IReadOnlyList<FollowUpLine> followUps, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(digest);
        ArgumentNullException.ThrowIfNull(audience);
        return SendAsync(audience.Recipient, digest.Id, () => WebhookDocument.Digest(digest, items, audience, followUps), ct);
    }

    private async Task<SendResult> SendAsync(Recipient recipient, Guid id, Func<byte[]> document, CancellationToken ct)
    {
        if (!Uri.TryCreate(recipient.Address, UriKind.Absolute, out var url))
        {
            return new SendResult.Rejected("The webhook URL is not valid.");
        }

        if (health.Wait(url.Host) is { } wait)
        {
            return new SendResult.RetryLater($"not tried: {url.Host} is down and waits for its next probe", wait);
        }

        var result = await notifier.PostAsync(url, recipient.Secret ?? "", id, document(), ct);
        if (health.Record(url.Host, result))
        {
            await MakeWaitingDueAsync(ct);
        }

        return result;
    }

    /// <summary>After a host's outage: its waiting documents go now rather than at their back-off time.</summary>
    private async Task MakeWaitingDueAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AdvisoryWatchDbContext>();
        var gate = scope.ServiceProvider.GetRequiredService<WriteGate>();
        var now = time.GetUtcNow();
        var webhookRecipients = db.Set<Recipient>().Where(r => r.Channel == RecipientChannel.Webhook).Select(r => r.Id);
        using var write = await gate.EnterAsync(db, ct);
        await db.Set<Delivery>()
            .Where(d => d.State == DeliveryState.RetryWaiting && d.Channel == RecipientChannel.Webhook && d.DueAtUtc > now)
            .ExecuteUpdateAsync(set => set.SetProperty(d => d.DueAtUtc, now), ct);
        await db.Set<Digest>()
            .Where(d => d.State == DeliveryState.RetryWaiting && d.DueAtUtc > now && webhookRecipients.Contains(d.RecipientId))
            .ExecuteUpdateAsync(set => set.SetProperty(d => d.DueAtUtc, now), ct);
        signal.Pulse();
    }
}
