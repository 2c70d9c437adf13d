using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using AdvisoryWatch.Topics;
using Microsoft.EntityFrameworkCore;

namespace AdvisoryWatch.IntegrationTests.Topics;

/// <summary>
/// Hostile rules and texts through the real host: a classify request stops at its item budget and
/// says so, and saved rule versions stay bounded in size and in the text they keep.
/// </summary>
public sealed class TopicBudgetEndToEndTests
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // Forty patterns that each run out their 100 ms on a text of a's ending in '!': four seconds
    // an item without a total budget, and the file may raise the timeout to ten seconds.
    private static string SlowRules(int marker = 0) =>
        $"# version {marker}\npatternTimeoutMilliseconds: 100\ntopics:\n"
        + string.Concat(Enumerable.Range(0, 40).Select(i => $"  - id: slow-{i}\n    patterns: ['^(a+)+$']\n"))
        + "  - id: fine\n    keywords: [aaaa*]\n";

    private static Task<HttpResponseMessage> PutRulesAsync(HttpClient http, string yaml, string comment) =>
        http.PutAsync(new Uri($"/api/v1/topics/rules?comment={comment}", UriKind.Relative), new StringContent(yaml, Encoding.UTF8, "application/yaml"), Ct);

    [Fact]
    public async Task A_classify_request_with_hostile_patterns_stops_at_the_item_budget_and_reports_what_it_skipped()
    {
        await using var env = TestEnvironment.Create();
        env.Settings["AdvisoryWatch:Topics:ItemBudget"] = "00:00:00.250";
        await using var app = await env.StartAsync(seeds: false);
        Assert.Equal(HttpStatusCode.OK, (await PutRulesAsync(app.Http, SlowRules(), "slow")).StatusCode);

        var response = await app.Http.PostAsJsonAsync("/api/v1/topics/classify", new ClassifyRequest("x", new string('a', 40) + "!", "en", null), Json, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var view = (await response.Content.ReadFromJsonAsync<ClassifyView>(Json, Ct))!;
        Assert.Equal(["fine"], view.Topics);

        // Each pattern that runs takes at least its 100 ms, so at most three start within 250 ms.
        Assert.InRange(view.SkippedPatterns, 40 - 3, 40);
    }

    [Fact]
    public async Task A_classify_request_longer_than_a_polled_text_can_be_is_refused()
    {
        await using var env = TestEnvironment.Create();
        await using var app = await env.StartAsync(seeds: false);

        var response = await app.Http.PostAsJsonAsync("/api/v1/topics/classify", new ClassifyRequest("x", new string('a', 1_000_001), "en", null), Json, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Rule_versions_beyond_the_kept_number_keep_their_audit_but_not_their_text()
    {
        await using var env = TestEnvironment.Create();
        env.Settings["AdvisoryWatch:Topics:KeepVersions"] = "3";
        await using var app = await env.StartAsync(seeds: false);
        for (var i = 2; i <= 6; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await PutRulesAsync(app.Http, SlowRules(i), $"edit-{i}")).StatusCode);
        }

        var versions = await app.WithDbAsync(db => db.Set<TopicRuleVersion>().AsNoTracking().OrderBy(v => v.Version).ToListAsync(Ct));

        Assert.Equal([1, 2, 3, 4, 5, 6], versions.Select(v => v.Version));
        Assert.All(versions.Take(3), v => Assert.Equal("", v.Yaml));
        Assert.Equal([SlowRules(4), SlowRules(5), SlowRules(6)], versions.Skip(3).Select(v => v.Yaml));
        Assert.Equal(["shipped seed", "edit-2", "edit-3", "edit-4", "edit-5", "edit-6"], versions.Select(v => v.Comment));
        Assert.All(versions, v => Assert.NotEqual(default, v.SavedAtUtc));
        Assert.Equal(6, (await app.Http.GetFromJsonAsync<TopicRulesView>("/api/v1/topics/rules", Json, Ct))!.Version);
    }

    [Fact]
    public async Task A_rule_file_larger_than_the_limit_is_refused_by_the_cli_too()
    {
        await using var env = TestEnvironment.Create();
        var file = Path.Combine(Path.GetTempPath(), $"aw-topics-{Guid.NewGuid():N}.yaml");
        try
        {
            // Valid rules padded with a comment past 1 MB: the API refuses such a body, and so must every other way in.
            var padding = string.Concat(Enumerable.Repeat("# " + new string('x', 1000) + "\n", 1_100));
            await File.WriteAllTextAsync(file, padding + TopicRules.ReadEmbeddedSeed(), Ct);

            var result = await TestEnvironment.CliAsync(["topics", "set-rules", file, .. env.ConfigurationArgs(seeds: false)]);

            Assert.NotEqual(0, result.ExitCode);
            Assert.Contains("limit", result.Error, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
