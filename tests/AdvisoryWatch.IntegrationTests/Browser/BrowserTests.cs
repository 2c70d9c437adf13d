namespace AdvisoryWatch.IntegrationTests.Browser;

/// <summary>
/// The browser tests share one Chromium (<see cref="BrowserFixture"/>) and run one after another:
/// each opens its own context, so cookies and storage never leak between tests.
/// </summary>
[CollectionDefinition(Name)]
public sealed class BrowserTests : ICollectionFixture<BrowserFixture>
{
    public const string Name = "Browser";
}
