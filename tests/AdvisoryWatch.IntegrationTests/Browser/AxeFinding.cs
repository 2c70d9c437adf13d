namespace AdvisoryWatch.IntegrationTests.Browser;

/// <summary>One element that breaks one axe-core rule, on one page in one language.</summary>
public sealed record AxeFinding(string Rule, string Impact, string Help, string Target, string Page, string Language)
{
    public override string ToString() => $"{Impact} {Rule} at {Target} on {Page} [{Language}]: {Help}";
}
