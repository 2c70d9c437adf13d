using AdvisoryWatch.Polling;
using AdvisoryWatch.Sources;

namespace AdvisoryWatch.Tests.Polling;

/// <summary>The pure rules behind a busy host: how much one host may claim, the workers' turn-taking, and when a check by hand is allowed.</summary>
public sealed class BusyHostRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_host_is_claimed_for_what_its_spacing_can_start_within_the_horizon_and_at_least_its_concurrency()
    {
        var defaults = new PollingOptions();
        Assert.Equal(20, defaults.HostClaimLimit(TimeSpan.FromSeconds(10)));
        Assert.Equal(2, defaults.HostClaimLimit(TimeSpan.FromMilliseconds(100)));
        Assert.Equal(120, defaults.HostChecksPerMinute);
        Assert.Equal(int.MaxValue, new PollingOptions { PerHostSpacing = TimeSpan.Zero }.HostClaimLimit(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task Workers_take_hosts_in_turn_and_a_busy_host_holds_no_more_than_its_share_of_them()
    {
        using var queues = new HostQueues(perHost: 2);
        for (var i = 0; i < 50; i++)
        {
            queues.Enqueue(Source($"busy-{i}", $"https://busy.example/{i}"));
        }

        queues.Enqueue(Source("calm-0", "https://calm.example/0"));
        queues.Enqueue(Source("calm-1", "https://calm.example/1"));

        var taken = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            taken.Add((await queues.TakeAsync(TestContext.Current.CancellationToken)).Source.Id);
        }

        // Two of the busy host, then the other host, though the busy host's 48 others came first.
        Assert.Equal(["busy-0", "calm-0", "busy-1", "calm-1"], taken);
        using var none = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => queues.TakeAsync(none.Token));

        // A busy poll ends: the next of that host, oldest first.
        queues.Done("busy.example");
        Assert.Equal("busy-2", (await queues.TakeAsync(TestContext.Current.CancellationToken)).Source.Id);
    }

    [Fact]
    public void A_manual_check_waits_for_retry_after_and_for_the_spacing_doubled_per_failure()
    {
        var options = new PollingOptions();
        var source = Source("s", "https://a.example/");
        Assert.Equal((Now, null), ManualCheck.NextAllowed(source, Now, options));

        source.LastAttemptAtUtc = Now.AddSeconds(-20);
        Assert.Equal(Now.AddSeconds(40), ManualCheck.NextAllowed(source, Now, options).At);

        source.ConsecutiveFailures = 3;
        var (at, reason) = ManualCheck.NextAllowed(source, Now, options);
        Assert.Equal(Now.AddSeconds(-20).AddMinutes(8), at);
        Assert.Contains("backing off after 3", reason, StringComparison.Ordinal);

        source.RetryAfterUtc = Now.AddHours(1);
        (at, reason) = ManualCheck.NextAllowed(source, Now, options);
        Assert.Equal(Now.AddHours(1), at);
        Assert.Contains("Retry-After", reason, StringComparison.Ordinal);
    }

    private static Source Source(string id, string url) => new()
    {
        Id = id,
        Name = id,
        Authority = "A",
        Country = "NO",
        Language = "nb",
        Url = url,
        IntervalMinutes = 1,
    };
}
