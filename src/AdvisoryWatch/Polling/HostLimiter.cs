using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace AdvisoryWatch.Polling;

/// <summary>
/// Keeps a worker polite to each authority: at most N requests in flight to one host, and a
/// minimum gap between request starts. Per process: with several workers the limits add up, which
/// the defaults allow for.
/// </summary>
public sealed class HostLimiter(IOptions<PollingOptions> options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, HostGate> _gates = new(StringComparer.OrdinalIgnoreCase);

    public async Task<IDisposable> EnterAsync(Uri url, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(url);
        var o = options.Value;
        var gate = _gates.GetOrAdd(url.IdnHost, _ => new HostGate(o.PerHostConcurrency));
        await gate.Slots.WaitAsync(cancellationToken);
        try
        {
            if (o.PerHostSpacing > TimeSpan.Zero)
            {
                TimeSpan wait;
                lock (gate)
                {
                    var now = time.GetUtcNow();
                    var start = gate.NextStart > now ? gate.NextStart : now;
                    gate.NextStart = start + o.PerHostSpacing;
                    wait = start - now;
                }

                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, time, cancellationToken);
                }
            }

            return new Release(gate.Slots);
        }
        catch
        {
            gate.Slots.Release();
            throw;
        }
    }

    private sealed class HostGate(int slots)
    {
        public SemaphoreSlim Slots { get; } = new(slots, slots);

        public DateTimeOffset NextStart { get; set; }
    }

    private sealed class Release(SemaphoreSlim slots) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                slots.Release();
            }
        }
    }
}
