using Microsoft.Extensions.Options;

namespace AdvisoryWatch.Sources;

/// <summary>
/// Shares <see cref="ExtractionOptions.MemoryBudgetMegabytes"/> between the reads running at once:
/// each takes the memory its document is estimated to need before it starts, and waits, first come
/// first served, while that would go over. Queueing a read costs a poll some time; overcommitting
/// costs the process (sixteen large pages parsed at once can take gigabytes).
/// </summary>
public sealed class ExtractionMemoryBudget
{
    /// <summary>
    /// Peak memory a parsed HTML page takes per byte of the page: the DOM of a 9 MB page peaked near
    /// 45 times its size (an element object per tag, UTF-16 strings). Feeds are read as a stream.
    /// </summary>
    internal const int HtmlBytesPerByte = 48;

    internal const int FeedBytesPerByte = 8;

    private readonly Lock _gate = new();
    private readonly LinkedList<Waiter> _queue = new();
    private long _available;

    public ExtractionMemoryBudget(IOptions<ExtractionOptions> options)
        : this((long)(options ?? throw new ArgumentNullException(nameof(options))).Value.MemoryBudgetMegabytes * 1024 * 1024)
    {
    }

    internal ExtractionMemoryBudget(long capacity)
    {
        Capacity = capacity;
        _available = capacity;
    }

    /// <summary>The whole budget, in bytes.</summary>
    public long Capacity { get; }

    /// <summary>Bytes taken by the reads running now.</summary>
    public long InUse
    {
        get
        {
            lock (_gate)
            {
                return Capacity - _available;
            }
        }
    }

    /// <summary>Reads waiting for their share.</summary>
    public int Waiting
    {
        get
        {
            lock (_gate)
            {
                return _queue.Count;
            }
        }
    }

    /// <summary>The estimated peak memory of reading a document of <paramref name="bytes"/> as <paramref name="kind"/>.</summary>
    public static long Estimate(SourceKind kind, int bytes) =>
        (long)Math.Max(bytes, 1) * (kind == SourceKind.Feed ? FeedBytesPerByte : HtmlBytesPerByte);

    /// <summary>Takes <paramref name="bytes"/> of the budget (at most all of it), waiting while others hold it; dispose the lease to give it back.</summary>
    public Task<Lease> AcquireAsync(long bytes, CancellationToken cancellationToken)
    {
        var weight = Math.Clamp(bytes, 1, Capacity);
        Waiter waiter;
        lock (_gate)
        {
            // First come, first served: a read never overtakes one that waits, so a large page
            // cannot be starved by a stream of small ones.
            if (_queue.Count == 0 && _available >= weight)
            {
                _available -= weight;
                return Task.FromResult(new Lease(this, weight));
            }

            cancellationToken.ThrowIfCancellationRequested();
            waiter = new Waiter(weight);
            waiter.Node = _queue.AddLast(waiter);
        }

        return WaitAsync(waiter, cancellationToken);
    }

    private async Task<Lease> WaitAsync(Waiter waiter, CancellationToken cancellationToken)
    {
        await using (cancellationToken.Register(() => Abandon(waiter)))
        {
            await waiter.Granted.Task.ConfigureAwait(false);
        }

        return new Lease(this, waiter.Weight);
    }

    private void Abandon(Waiter waiter)
    {
        lock (_gate)
        {
            if (waiter.Node?.List is null)
            {
                // Granted meanwhile: the caller gets the lease and gives it back as usual.
                return;
            }

            _queue.Remove(waiter.Node);
            waiter.Granted.TrySetCanceled();

            // The one that left may have been the head everyone else waited behind.
            GrantWaiting();
        }
    }

    private void Release(long weight)
    {
        lock (_gate)
        {
            _available += weight;
            GrantWaiting();
        }
    }

    private void GrantWaiting()
    {
        while (_queue.First is { } head && _available >= head.Value.Weight)
        {
            _queue.RemoveFirst();
            _available -= head.Value.Weight;
            head.Value.Granted.TrySetResult();
        }
    }

    /// <summary>A share of the budget, given back on dispose.</summary>
    public sealed class Lease : IDisposable
    {
        private ExtractionMemoryBudget? _budget;

        internal Lease(ExtractionMemoryBudget budget, long bytes)
        {
            _budget = budget;
            Bytes = bytes;
        }

        public long Bytes { get; }

        public void Dispose() => Interlocked.Exchange(ref _budget, null)?.Release(Bytes);
    }

    private sealed class Waiter(long weight)
    {
        public long Weight { get; } = weight;

        public LinkedListNode<Waiter>? Node { get; set; }

        public TaskCompletionSource Granted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
