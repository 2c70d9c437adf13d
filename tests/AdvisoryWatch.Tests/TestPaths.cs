namespace AdvisoryWatch.Tests;

internal static class TestPaths
{
    /// <summary>The repository root: the folder above the test binaries that holds AdvisoryWatch.sln.</summary>
    public static string RepoRoot { get; } = FindRoot();

    public static string Fixtures(params string[] parts) =>
        Path.Combine([RepoRoot, "tests", "AdvisoryWatch.Tests", "Fixtures", .. parts]);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "AdvisoryWatch.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("AdvisoryWatch.sln not found above " + AppContext.BaseDirectory);
    }
}
