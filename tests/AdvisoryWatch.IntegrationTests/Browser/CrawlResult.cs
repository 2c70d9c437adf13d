namespace AdvisoryWatch.IntegrationTests.Browser;

/// <summary>What a crawl saw: the pages shown, the addresses that answered 4xx (not shown), and the routes no link led to.</summary>
public sealed record CrawlResult(IReadOnlyList<CrawledPage> Pages, IReadOnlyList<string> NotShown, IReadOnlyList<PageRoute> Unreached)
{
    /// <summary>One line per kind, for the test output.</summary>
    public override string ToString() =>
        $"shown ({Pages.Count}): {string.Join(", ", Pages.Select(p => p.Path))}\n"
        + $"not shown: {(NotShown.Count == 0 ? "none" : string.Join(", ", NotShown))}\n"
        + $"no link found to: {(Unreached.Count == 0 ? "none" : string.Join(", ", Unreached))}";
}
