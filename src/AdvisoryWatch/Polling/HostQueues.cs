using AdvisoryWatch.Sources;

namespace AdvisoryWatch.Polling;

/// <summary>
/// The local workers' queue, one line per host: a worker takes the next source of the next host
/// in turn that has fewer than <c>perHost</c> polls running. A busy host's sources wait in their
/// own line instead of holding every worker at that host's politeness gate, so the other hosts'
/// sources go straight through. Within a host, sources keep the order they were claimed in
/// (oldest due first).
/// </summary>
internal sealed class HostQueues(int perHost) : IDisposable
{
    private readonly Dictionary<string, Line> _lines = new(StringComparer.OrdinalIgnoreCase);
    private readonly Queue<Line> _ready = new();

    // Counts the lines in _ready: each entry added releases it once, each take waits on it once.
    private readonly SemaphoreSlim _signal = new(0);
    private readonly Lock _gate = new();

    public void Enqueue(Source source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var host = SourceHost.Of(source.Url);
        lock (_gate)
        {
            if (!_lines.TryGetValue(host, out var line))
            {
                line = new Line(host);
                _lines.Add(host, line);
            }

            line.Pending.Enqueue(source);
            MarkReady(line);
        }
    }

    /// <summary>The next source to poll; call <see cref="Done"/> with its host when the poll ends.</summary>
    public async Task<(Source Source, string Host)> TakeAsync(CancellationToken cancellationToken)
    {
        await _signal.WaitAsync(cancellationToken);
        lock (_gate)
        {
            var line = _ready.Dequeue();
            line.InReady = false;
            var source = line.Pending.Dequeue();
            line.Running++;

            // Back of the queue of hosts: each host with work gets its turn.
            MarkReady(line);
            return (source, line.Host);
        }
    }

    public void Done(string host)
    {
        lock (_gate)
        {
            var line = _lines[host];
            line.Running--;
            if (line.Running == 0 && line.Pending.Count == 0)
            {
                _lines.Remove(host);
                return;
            }

            MarkReady(line);
        }
    }

    public void Dispose() => _signal.Dispose();

    private void MarkReady(Line line)
    {
        if (!line.InReady && line.Pending.Count > 0 && line.Running < perHost)
        {
            line.InReady = true;
            _ready.Enqueue(line);
            _signal.Release();
        }
    }

    private sealed class Line(string host)
    {
        public string Host { get; } = host;

        public Queue<Source> Pending { get; } = new();

        public int Running { get; set; }

        public bool InReady { get; set; }
    }
}
