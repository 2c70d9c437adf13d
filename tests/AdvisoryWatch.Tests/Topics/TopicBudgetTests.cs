using AdvisoryWatch.Topics;

namespace AdvisoryWatch.Tests.Topics;

/// <summary>Patterns share one budget per item, and stop when the caller leaves.</summary>
public sealed class TopicBudgetTests
{
    // Forty patterns that each run out their 50 ms on the hostile text: without a total budget an
    // item costs two seconds, and the ten-second timeout the file allows would make it minutes.
    private static readonly TopicRuleSet Slow = Compile();

    private static readonly string Hostile = new string('a', 40) + "!";

    private static TopicRuleSet Compile(Microsoft.Extensions.Logging.ILogger? logger = null)
    {
        var yaml = "patternTimeoutMilliseconds: 50\ntopics:\n"
            + string.Concat(Enumerable.Range(0, 40).Select(i => $"  - id: slow-{i}\n    patterns: ['^(a+)+$']\n"))
            + "  - id: fine\n    keywords: [aaaa*]\n";
        var result = TopicRuleSet.Compile(yaml, logger);
        Assert.True(result.Succeeded, string.Join("\n", result.Problems));
        return result.RuleSet!;
    }

    [Fact]
    public void Patterns_not_run_when_the_items_budget_is_spent_count_as_no_match_and_are_reported()
    {
        var logger = new TopicRuleSetTests.ListLogger();
        var set = Compile(logger);

        var match = set.Classify("x", Hostile, "en", [], TimeSpan.FromMilliseconds(120), TestContext.Current.CancellationToken);

        // Each pattern that runs takes at least its 50 ms, so at most three start within 120 ms.
        Assert.InRange(match.SkippedPatterns, 40 - 3, 40);
        Assert.Equal(["fine"], match.Topics);
        Assert.Contains(logger.Lines, l => l.Contains("budget", StringComparison.Ordinal) && l.Contains("not run", StringComparison.Ordinal));
    }

    [Fact]
    public void Without_a_hostile_text_every_pattern_runs_within_the_budget()
    {
        var match = Slow.Classify("x", "aaaa", "en", [], TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        Assert.Equal(0, match.SkippedPatterns);
        Assert.Contains("slow-0", match.Topics);
    }

    [Fact]
    public void A_caller_that_leaves_stops_the_patterns()
    {
        using var left = new CancellationTokenSource();
        left.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() => Slow.Classify("x", Hostile, "en", [], TimeSpan.FromMinutes(1), left.Token));
    }
}
