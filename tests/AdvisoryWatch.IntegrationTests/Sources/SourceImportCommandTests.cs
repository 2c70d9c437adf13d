namespace AdvisoryWatch.IntegrationTests.Sources;

public sealed class SourceImportCommandTests
{
    [Theory]
    [InlineData("30s", "interval '30s' is shorter than the minimum of 1 minute")]
    [InlineData("0.5", "interval '0.5' is not a duration")]
    public async Task An_interval_the_importer_cannot_take_is_refused_saying_what_it_takes(string interval, string why)
    {
        await using var env = TestEnvironment.Create();
        var file = Path.Combine(Path.GetTempPath(), $"aw-interval-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(file, $"sources:\n  - id: fast\n    name: Fast\n    url: https://example.org/feed\n    interval: {interval}\n", TestContext.Current.CancellationToken);
        try
        {
            var result = await TestEnvironment.CliAsync(["sources", "import", file, .. env.ConfigurationArgs(seeds: false)]);

            Assert.Equal(1, result.ExitCode);
            Assert.Contains("was not imported (1 problem):", result.Error, StringComparison.Ordinal);
            Assert.Contains($"YAML at line 5, column 15: {why}", result.Error, StringComparison.Ordinal);
            Assert.Contains("write whole minutes (60) or a duration: 5m, 1h, 1h30m, 1d or 00:15:00; the shortest is 1 minute.", result.Error, StringComparison.Ordinal);
            var list = await TestEnvironment.CliAsync(["sources", "list", .. env.ConfigurationArgs(seeds: false)]);
            Assert.DoesNotContain("fast", list.Output, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
