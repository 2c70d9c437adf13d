using Microsoft.Extensions.Options;

namespace AdvisoryWatch.Notifications.Sending.Channels.Webhook;

/// <summary>
/// The relay-down rule of mail, per webhook host: after <see cref="NotificationsOptions.RelayDownAfter"/>
/// temporary failures in a row with no success between, that host gets one probe per
/// <see cref="NotificationsOptions.RelayProbeInterval"/> and its other documents wait, rather than
/// each burning an attempt against a receiver that is down. Other hosts are not held up.
/// </summary>
public sealed partial class WebhookHealth(TimeProvider time, IOptions<NotificationsOptions> options, ILogger<WebhookHealth> logger)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Endpoint> _endpoints = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Null when a document may go to <paramref name="host"/> now; otherwise how long until its next probe.</summary>
    public TimeSpan? Wait(string host)
    {
        lock (_lock)
        {
            if (!_endpoints.TryGetValue(host, out var endpoint) || endpoint.DownSince is null)
            {
                return null;
            }

            var now = time.GetUtcNow();
            if (now < endpoint.NextProbe)
            {
                return endpoint.NextProbe - now;
            }

            endpoint.NextProbe = now + options.Value.RelayProbeInterval;
            return null;
        }
    }

    /// <summary>Counts a result; true when it ended an outage of that host (waiting documents become due).</summary>
    public bool Record(string host, SendResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        lock (_lock)
        {
            if (!_endpoints.TryGetValue(host, out var endpoint))
            {
                if (result is not SendResult.RetryLater)
                {
                    return false;
                }

                _endpoints[host] = endpoint = new Endpoint();
            }

            if (result is SendResult.RetryLater later)
            {
                if (++endpoint.ConsecutiveTemporary >= options.Value.RelayDownAfter && endpoint.DownSince is null)
                {
                    endpoint.DownSince = time.GetUtcNow();
                    endpoint.NextProbe = endpoint.DownSince.Value + options.Value.RelayProbeInterval;
                    LogDown(logger, host, endpoint.ConsecutiveTemporary, later.Reason, options.Value.RelayProbeInterval);
                }

                return false;
            }

            if (result is not (SendResult.Sent or SendResult.Rejected))
            {
                return false;
            }

            _endpoints.Remove(host);
            if (endpoint.DownSince is { } since)
            {
                LogRecovered(logger, host, time.GetUtcNow() - since);
                return true;
            }

            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Webhook host {Host} looks down after {Failures} temporary failures in a row (last: {Reason}); its documents wait, probing every {Interval}")]
    private static partial void LogDown(ILogger logger, string host, int failures, string reason, TimeSpan interval);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook host {Host} is back after {Downtime}; its waiting documents are sent now")]
    private static partial void LogRecovered(ILogger logger, string host, TimeSpan downtime);

    private sealed class Endpoint
    {
        public int ConsecutiveTemporary { get; set; }

        public DateTimeOffset? DownSince { get; set; }

        public DateTimeOffset NextProbe { get; set; }
    }
}
