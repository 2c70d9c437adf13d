using AdvisoryWatch.Sources;

namespace AdvisoryWatch.Tests.Polling;

/// <summary>Reads running at once share one memory budget: over it, they queue rather than overcommit.</summary>
public sealed class ExtractionMemoryBudgetTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_read_that_would_go_over_the_budget_waits_and_later_ones_queue_behind_it()
    {
        var budget = new ExtractionMemoryBudget(100);
        var first = await budget.AcquireAsync(60, Ct);

        var second = budget.AcquireAsync(60, Ct);
        var third = budget.AcquireAsync(10, Ct);

        Assert.False(second.IsCompleted);
        Assert.False(third.IsCompleted, "a small read does not overtake a large one that waits");
        Assert.Equal(60, budget.InUse);
        Assert.Equal(2, budget.Waiting);

        first.Dispose();
        using var secondLease = await second;
        using var thirdLease = await third;
        Assert.Equal(70, budget.InUse);
        Assert.Equal(0, budget.Waiting);
    }

    [Fact]
    public async Task A_document_larger_than_the_whole_budget_is_read_alone()
    {
        var budget = new ExtractionMemoryBudget(100);
        var small = await budget.AcquireAsync(1, Ct);
        var huge = budget.AcquireAsync(5_000, Ct);

        Assert.False(huge.IsCompleted);
        small.Dispose();
        using var lease = await huge;
        Assert.Equal(100, lease.Bytes);
        var next = budget.AcquireAsync(1, Ct);
        Assert.False(next.IsCompleted);
    }

    [Fact]
    public async Task A_waiting_read_whose_poll_is_cancelled_leaves_the_queue_and_lets_the_next_through()
    {
        var budget = new ExtractionMemoryBudget(100);
        using var held = await budget.AcquireAsync(50, Ct);
        using var cancel = new CancellationTokenSource();
        var blocked = budget.AcquireAsync(80, cancel.Token);
        var behind = budget.AcquireAsync(40, Ct);
        Assert.False(behind.IsCompleted);

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await blocked);
        using var lease = await behind;
        Assert.Equal(90, budget.InUse);
    }

    [Fact]
    public async Task Many_concurrent_reads_never_hold_more_than_the_budget_and_all_finish()
    {
        // A fake extraction: takes its estimate, records what is held at once, then yields while
        // "parsing" so that the others run meanwhile.
        var budget = new ExtractionMemoryBudget(ExtractionMemoryBudget.Estimate(SourceKind.Page, 4 * 1024 * 1024));
        long held = 0, peak = 0;
        var sizes = Enumerable.Range(0, 64).Select(i => (i % 7 + 1) * 512 * 1024).ToList();
        var done = 0;

        await Task.WhenAll(sizes.Select(size => Task.Run(
            async () =>
            {
                using var lease = await budget.AcquireAsync(ExtractionMemoryBudget.Estimate(SourceKind.Page, size), Ct);
                var now = Interlocked.Add(ref held, lease.Bytes);
                InterlockedMax(ref peak, now);
                await Task.Yield();
                Interlocked.Add(ref held, -lease.Bytes);
                Interlocked.Increment(ref done);
            },
            Ct)));

        Assert.Equal(sizes.Count, done);
        Assert.InRange(peak, 1, budget.Capacity);
        Assert.Equal(0, budget.InUse);
    }

    [Fact]
    public void Html_is_estimated_at_many_times_its_size_and_feeds_at_less()
    {
        Assert.Equal(9L * 1024 * 1024 * ExtractionMemoryBudget.HtmlBytesPerByte, ExtractionMemoryBudget.Estimate(SourceKind.Page, 9 * 1024 * 1024));
        Assert.True(ExtractionMemoryBudget.Estimate(SourceKind.Feed, 1000) < ExtractionMemoryBudget.Estimate(SourceKind.HtmlList, 1000));
    }

    private static void InterlockedMax(ref long target, long value)
    {
        var current = Interlocked.Read(ref target);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }
}
