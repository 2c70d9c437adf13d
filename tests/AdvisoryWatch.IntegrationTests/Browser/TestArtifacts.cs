namespace AdvisoryWatch.IntegrationTests.Browser;

/// <summary>Files the tests leave for people to look at, in the results folder the test command keeps (<c>.test-results/</c>).</summary>
public static class TestArtifacts
{
    private static readonly Lazy<string> Screenshots = new(() =>
        Directory.CreateDirectory(Path.Combine(Access.EndpointCatalogue.RepoRoot(), ".test-results", "screenshots")).FullName);

    /// <summary>The file for a screenshot called <paramref name="name"/> (letters, digits and dashes kept).</summary>
    public static string Screenshot(string name)
    {
        var safe = new string([.. name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '-')]);
        return Path.Combine(Screenshots.Value, safe + ".png");
    }
}
