using AdvisoryWatch.Data;
using AdvisoryWatch.Departments;
using AdvisoryWatch.Notifications.Sending;
using Microsoft.EntityFrameworkCore;

namespace AdvisoryWatch.Notifications;

/// <summary>The mail relay as this node sees it; only nodes that send mail (workers) know it.</summary>
public sealed record RelayStatusView(bool Down, DateTimeOffset? DownSince, string? LastProblem);

/// <summary>One channel: its deliveries per state, how many wait to be sent, and its latest refusal.</summary>
public sealed record ChannelStatusView(string Channel, int Waiting, IReadOnlyDictionary<string, int> Deliveries, string? LastError, DateTimeOffset? LastErrorAtUtc);

/// <summary>What <c>GET /api/v1/notifications/status</c> and the relay page show.</summary>
public sealed record NotificationStatusView(RelayStatusView? Relay, int Waiting, IReadOnlyDictionary<string, int> Deliveries, IReadOnlyList<ChannelStatusView> Channels);

/// <summary>
/// The notification relay's health and the delivery queue, overall and per channel. "Waiting" counts
/// the deliveries not yet settled (pending, queued for a digest, waiting to retry, ambiguous).
/// </summary>
public static class NotificationStatus
{
    private static readonly DeliveryState[] Settled = [DeliveryState.Sent, DeliveryState.Failed, DeliveryState.Skipped];

    private static readonly DeliveryState[] Refused = [DeliveryState.Failed, DeliveryState.RetryWaiting, DeliveryState.Ambiguous];

    public static async Task<NotificationStatusView> ReadAsync(AdvisoryWatchDbContext db, IServiceProvider services, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(services);
        var counts = await db.Set<Delivery>().AsNoTracking()
            .GroupBy(d => new { d.Channel, d.State })
            .Select(g => new { g.Key.Channel, g.Key.State, Count = g.Count() })
            .ToListAsync(ct);
        var channels = new List<ChannelStatusView>();
        foreach (var channel in Enum.GetValues<RecipientChannel>())
        {
            var last = await db.Set<Delivery>().AsNoTracking()
                .Where(d => d.Channel == channel && Refused.Contains(d.State) && d.LastReply != null)
                .OrderByDescending(d => d.LastAttemptAtUtc)
                .Select(d => new { d.LastReply, d.LastAttemptAtUtc })
                .FirstOrDefaultAsync(ct);
            var mine = counts.Where(c => c.Channel == channel).ToList();
            channels.Add(new ChannelStatusView(
                channel.ToString().ToLowerInvariant(),
                mine.Where(c => !Settled.Contains(c.State)).Sum(c => c.Count),
                mine.ToDictionary(c => DeliveriesApi.Kebab(c.State.ToString()), c => c.Count),
                last?.LastReply,
                last?.LastAttemptAtUtc));
        }

        // The relay's health is known where mail is sent (worker nodes); elsewhere it is null.
        var relay = services.GetService<RelayHealth>();
        return new NotificationStatusView(
            relay is null ? null : new RelayStatusView(relay.DownSince is not null, relay.DownSince, relay.LastProblem),
            channels.Sum(c => c.Waiting),
            counts.GroupBy(c => c.State).ToDictionary(g => DeliveriesApi.Kebab(g.Key.ToString()), g => g.Sum(c => c.Count)),
            channels);
    }
}
