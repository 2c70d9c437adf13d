using Microsoft.Playwright;

namespace AdvisoryWatch.IntegrationTests.Browser;

/// <summary>
/// Visits every page of the app a session may see: each page route without parameters, and for each
/// route with parameters the first address that a link inside a visited page's &lt;main&gt; gives
/// (one per route). A page that answers 5xx fails the crawl; 4xx is noted and not shown.
/// </summary>
public static class PageCrawl
{
    public static async Task<CrawlResult> RunAsync(BrowserSession session, IReadOnlyList<PageRoute> routes, Func<CrawledPage, Task> atEachPage, bool anonymous = false)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(routes);
        ArgumentNullException.ThrowIfNull(atEachPage);
        var candidates = routes.Where(r => !anonymous || r.Anonymous).ToList();
        var queue = new Queue<string>(candidates.Where(r => !r.HasParameters).Select(r => r.Route));
        var sampled = new HashSet<PageRoute>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pages = new List<CrawledPage>();
        var notShown = new List<string>();
        var failures = new List<string>();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (queue.TryDequeue(out var address))
        {
            IResponse response;
            try
            {
                response = await session.GotoAsync(address);
            }
            catch (PlaywrightException e) when (e.Message.Contains("ERR_HTTP_RESPONSE_CODE_FAILURE", StringComparison.Ordinal))
            {
                // Chromium shows no page for an error status with an empty body (a bare 404).
                notShown.Add($"{address} (an error status without a body)");
                continue;
            }

            var final = new Uri(session.Page.Url);

            // Redirects (to the sign-in page, say) lead to pages already seen.
            if (!seen.Add(final.AbsolutePath))
            {
                continue;
            }

            if (response.Status >= 500)
            {
                failures.Add($"{address} → {final.PathAndQuery}: {response.Status}");
                continue;
            }

            if (response.Status >= 400)
            {
                notShown.Add($"{address} ({response.Status})");
                continue;
            }

            var page = new CrawledPage(routes.FirstOrDefault(r => !r.HasParameters && r.Route == final.AbsolutePath) ?? routes.FirstOrDefault(r => r.Matches(final.AbsolutePath)), final.PathAndQuery);
            pages.Add(page);
            await atEachPage(page);

            foreach (var link in await LinksInMainAsync(session.Page))
            {
                if (!Uri.TryCreate(link, UriKind.Absolute, out var uri) || !string.Equals(uri.GetLeftPart(UriPartial.Authority), session.Origin.GetLeftPart(UriPartial.Authority), StringComparison.OrdinalIgnoreCase)
                    || routes.Any(r => !r.HasParameters && r.Route == uri.AbsolutePath))
                {
                    continue;
                }

                var route = candidates.FirstOrDefault(r => r.HasParameters && !sampled.Contains(r) && r.Matches(uri.AbsolutePath));
                if (route is not null)
                {
                    sampled.Add(route);
                    queue.Enqueue(uri.PathAndQuery);
                }
            }
        }

        Assert.True(failures.Count == 0, "Pages that failed (5xx):\n" + string.Join('\n', failures));
        var result = new CrawlResult(pages, notShown, [.. candidates.Where(r => r.HasParameters && !sampled.Contains(r))]);
        TestContext.Current.TestOutputHelper?.WriteLine($"[{session.Language}{(anonymous ? ", anonymous" : "")}, {clock.Elapsed.TotalSeconds:0.0} s] {result}");
        return result;
    }

    private static Task<string[]> LinksInMainAsync(IPage page) =>
        page.Locator("main a[href]").EvaluateAllAsync<string[]>("links => links.map(a => a.href)");
}
