namespace AdvisoryWatch.IntegrationTests.Browser;

/// <summary>A page the crawl showed: the route it belongs to (null for an address no page route matches) and the address visited.</summary>
public sealed record CrawledPage(PageRoute? Route, string Path)
{
    /// <summary>For file names: the route's name, or the address's.</summary>
    public string Name
    {
        get
        {
            if (Route is not null)
            {
                return Route.Name;
            }

            var name = string.Join('-', Path.Split('?')[0].Split('/', StringSplitOptions.RemoveEmptyEntries));
            return name.Length > 0 ? name : "home";
        }
    }
}
