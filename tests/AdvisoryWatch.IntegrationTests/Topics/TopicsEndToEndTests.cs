using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using AdvisoryWatch.Changes;
using AdvisoryWatch.Contracts;
using AdvisoryWatch.IntegrationTests.Polling;
using AdvisoryWatch.Topics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AdvisoryWatch.IntegrationTests.Topics;

/// <summary>Topic and severity rules through the real host: polling tags, the rules API, re-application and storage.</summary>
public sealed partial class TopicsEndToEndTests
{
    private const string Monday = "Mon, 02 Nov 2026 09:00:00 +0100";
    private const string Tuesday = "Tue, 03 Nov 2026 10:30:00 +0100";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The shipped rules with one more topic, as an admin would edit them.</summary>
    private static string SeedWithSignalTopic() =>
        TopicsLine().Replace(TopicRules.ReadEmbeddedSeed(), "topics:\n  - id: signal\n    names: { nb: Signal, sv: Signal, en: Signal }\n    keywords: [Signal]\n", 1);

    private static Task<HttpResponseMessage> PutRulesAsync(HttpClient http, string yaml) =>
        http.PutAsync(new Uri("/api/v1/topics/rules?comment=test", UriKind.Relative), new StringContent(yaml, Encoding.UTF8, "application/yaml"), Ct);

    private static async Task<AdvisoryPage> AdvisoriesAsync(HttpClient http, string topic) =>
        (await http.GetFromJsonAsync<AdvisoryPage>($"/api/v1/advisories?topic={topic}", Json, Ct))!;

    [Fact]
    public async Task A_polled_item_about_tiktok_is_tagged_tiktok_and_a_cert_se_flash_bulletin_is_urgent()
    {
        await using var h = await PollingHarness.CreateAsync();
        h.Stub.Set("nsm", new StubResponse(200, AuthorityStub.Rss(
            ("nsm-1", "Råd om TikTok på jobbtelefoner", "NSM fraråder TikTok og Telegram på tjenestetelefoner.", Monday))));
        h.Stub.Set("certse", new StubResponse(200, AuthorityStub.Rss(
            ("cert-1", "Veckobrev v.44", "Veckans nyheter.", Monday))));
        var certSe = h.FeedSource("stub-cert-se", "certse").Replace("language: nb", "language: sv", StringComparison.Ordinal);
        await h.ImportAsync("sources:\n" + h.FeedSource("stub-nsm", "nsm") + certSe);
        await h.StartAsync();
        await h.WaitForPollAsync("stub-nsm", null);
        await h.WaitForPollAsync("stub-cert-se", null);

        var nsm = Assert.Single(await h.AdvisoriesAsync("stub-nsm"));
        Assert.Equal(["cybersecurity", "tiktok", "telegram", "mobile-devices", "guidance"], nsm.Topics);
        var tagged = await AdvisoriesAsync(h.App!.Http, "tiktok");
        Assert.Equal(nsm.Id, Assert.Single(tagged.Items).Id);

        h.Stub.Set("certse", new StubResponse(200, AuthorityStub.Rss(
            ("cert-2", "Blixtmeddelande: Kritisk sårbarhet i Fortinet FortiOS", "Sårbarheten CVE-2026-24858 utnyttjas aktivt.", Tuesday),
            ("cert-1", "Veckobrev v.44", "Veckans nyheter.", Monday))));
        await h.CheckNowAsync("stub-cert-se");

        var flash = (await h.AdvisoriesAsync("stub-cert-se")).Single(a => a.ItemKey == "cert-2");
        Assert.Equal(Severity.Urgent, flash.Severity);
        Assert.Contains("vulnerabilities", flash.Topics);
        var weekly = (await h.AdvisoriesAsync("stub-cert-se")).Single(a => a.ItemKey == "cert-1");
        Assert.Equal(Severity.Normal, weekly.Severity);
        var announced = await h.App.WithDbAsync(db => db.Set<OutboxMessage>().AsNoTracking().ToListAsync(Ct));
        var message = JsonSerializer.Deserialize<ChangeDetected>(Assert.Single(announced).Payload, Json)!;
        Assert.Equal(Severity.Urgent, message.Severity);
        Assert.Contains("vulnerabilities", message.Topics);
    }

    [Fact]
    public async Task New_rules_reapplied_retag_stored_advisories_without_announcing_anything()
    {
        await using var h = await PollingHarness.CreateAsync();
        h.Stub.Set("nsm", new StubResponse(200, AuthorityStub.Rss(
            ("nsm-1", "Sikker bruk av Signal", "Meldingstjenester med ende-til-ende-kryptering.", Monday),
            ("nsm-2", "Ny trusselvurdering", "Etterretningstrusselen øker.", Monday))));
        await h.ImportAsync("sources:\n" + h.FeedSource("stub-nsm", "nsm"));
        await h.StartAsync();
        await h.WaitForPollAsync("stub-nsm", null);
        var http = h.App!.Http;
        Assert.Empty((await AdvisoriesAsync(http, "signal")).Items);

        var put = await PutRulesAsync(http, SeedWithSignalTopic());
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal(2, (await put.Content.ReadFromJsonAsync<TopicRulesView>(Json, Ct))!.Version);

        // Saving alone re-tags nothing: history changes only when asked to.
        Assert.Empty((await AdvisoriesAsync(http, "signal")).Items);
        var reapply = await http.PostAsync(new Uri("/api/v1/topics/reapply", UriKind.Relative), null, Ct);
        var report = (await reapply.Content.ReadFromJsonAsync<ReapplyReport>(Json, Ct))!;
        Assert.Equal(new ReapplyReport(2, 2, 1), report);

        var signal = Assert.Single((await AdvisoriesAsync(http, "signal")).Items);
        Assert.Equal("Sikker bruk av Signal", signal.Title);
        Assert.Equal(["cybersecurity", "signal"], signal.Topics);
        Assert.Single((await AdvisoriesAsync(http, "espionage")).Items);
        Assert.Equal(0, await h.App.WithDbAsync(db => db.Set<OutboxMessage>().CountAsync(Ct)));

        // A second run finds nothing to change.
        reapply = await http.PostAsync(new Uri("/api/v1/topics/reapply", UriKind.Relative), null, Ct);
        Assert.Equal(0, (await reapply.Content.ReadFromJsonAsync<ReapplyReport>(Json, Ct))!.Changed);
    }

    [Fact]
    public async Task Invalid_rules_are_refused_with_every_problem_and_nothing_is_saved()
    {
        await using var env = TestEnvironment.Create();
        await using var app = await env.StartAsync(seeds: false);
        const string broken = """
            defaultSeverity: loud
            topics:
              - id: tiktok
                keywords: [tiktok]
                patterns: ['(unclosed']
              - id: tiktok
            """;
        var response = await PutRulesAsync(app.Http, broken);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problems = (await response.Content.ReadFromJsonAsync<RuleProblemsView>(Json, Ct))!.Problems;
        Assert.Equal(4, problems.Count);
        Assert.Contains(problems, p => p.Message.Contains("loud", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Message.Contains("(unclosed", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Message.Contains("more than one topic", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Message.Contains("no keywords or patterns", StringComparison.Ordinal));

        var rules = (await app.Http.GetFromJsonAsync<TopicRulesView>("/api/v1/topics/rules", Json, Ct))!;
        Assert.Equal(1, rules.Version);
        Assert.Equal(TopicRules.ReadEmbeddedSeed(), rules.Yaml);
        Assert.Equal(1, await app.WithDbAsync(db => db.Set<TopicRuleVersion>().CountAsync(Ct)));
    }

    [Fact]
    public async Task The_topics_list_and_the_classify_preview_use_the_rules_in_force()
    {
        await using var env = TestEnvironment.Create();
        await using var app = await env.StartAsync(seeds: false);
        var list = (await app.Http.GetFromJsonAsync<TopicListView>("/api/v1/topics", Json, Ct))!;
        var privacy = list.Topics.Single(t => t.Id == "privacy");
        Assert.Equal("Dataskydd", privacy.Names["sv"]);
        Assert.True(privacy.Keywords > 0);

        var response = await app.Http.PostAsJsonAsync("/api/v1/topics/classify", new ClassifyRequest("Nolldagssårbarhet i appar", "Personuppgifter kan läcka.", "sv", ["security"]), Json, Ct);
        var view = (await response.Content.ReadFromJsonAsync<ClassifyView>(Json, Ct))!;
        Assert.Equal(["national-security", "apps", "privacy", "vulnerabilities"], view.Topics);
        Assert.Equal(Severity.High, view.Severity);
        Assert.Contains("severity:actively-exploited", view.MatchedRules);
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task Saved_rules_survive_a_restart_and_are_not_replaced_by_the_seed(string provider)
    {
        await using var env = TestEnvironment.Create(provider);
        var edited = SeedWithSignalTopic();
        await using (var app = await env.StartAsync(seeds: false))
        {
            Assert.Equal(HttpStatusCode.OK, (await PutRulesAsync(app.Http, edited)).StatusCode);
        }

        await using (var app = await env.StartAsync(seeds: false))
        {
            var rules = (await app.Http.GetFromJsonAsync<TopicRulesView>("/api/v1/topics/rules", Json, Ct))!;
            Assert.Equal(2, rules.Version);
            Assert.Equal(edited, rules.Yaml);
            Assert.Equal("test", rules.Comment);
            Assert.Equal("Signal", app.App.Services.GetRequiredService<TopicRules>().DisplayName("signal", "nb"));
            Assert.Equal(2, await app.WithDbAsync(db => db.Set<TopicRuleVersion>().CountAsync(Ct)));
        }
    }

    [Fact]
    public async Task Rules_saved_on_one_node_are_in_force_on_another_within_the_refresh_interval()
    {
        await using var env = TestEnvironment.Create();
        env.Settings["AdvisoryWatch:Topics:RefreshInterval"] = "00:00:01";
        await using var first = await env.StartAsync(seeds: false);
        await using var second = await env.StartAsync(seeds: false);
        var secondRules = second.App.Services.GetRequiredService<TopicRules>();
        Assert.Equal(1, secondRules.Version);
        Assert.Equal("signal", secondRules.DisplayName("signal", "nb"));

        Assert.Equal(HttpStatusCode.OK, (await PutRulesAsync(first.Http, SeedWithSignalTopic())).StatusCode);
        Assert.Equal(2, first.App.Services.GetRequiredService<TopicRules>().Version);

        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (secondRules.Version != 2 && clock.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(100, Ct);
        }

        Assert.Equal(2, secondRules.Version);
        Assert.Equal("Signal", secondRules.DisplayName("signal", "nb"));
    }

    [Fact]
    public async Task The_cli_saves_valid_rules_refuses_invalid_ones_and_classifies()
    {
        await using var env = TestEnvironment.Create();
        var file = Path.Combine(Path.GetTempPath(), $"aw-topics-{Guid.NewGuid():N}.yaml");
        try
        {
            await File.WriteAllTextAsync(file, "topics:\n  - id: x\n", Ct);
            var refused = await TestEnvironment.CliAsync(["topics", "set-rules", file, .. env.ConfigurationArgs(seeds: false)]);
            Assert.Equal(1, refused.ExitCode);
            Assert.Contains("no keywords or patterns", refused.Error, StringComparison.Ordinal);

            await File.WriteAllTextAsync(file, SeedWithSignalTopic(), Ct);
            var saved = await TestEnvironment.CliAsync(["topics", "set-rules", file, "--comment", "add Signal", .. env.ConfigurationArgs(seeds: false)]);
            Assert.True(saved.ExitCode == 0, saved.Error);
            Assert.Contains("rules version 2", saved.Output, StringComparison.Ordinal);

            var classified = await TestEnvironment.CliAsync(["topics", "classify", "Signal og TikTok", "--language", "nb", .. env.ConfigurationArgs(seeds: false)]);
            Assert.Contains("topics: signal, tiktok", classified.Output, StringComparison.Ordinal);
            Assert.Contains("severity: normal", classified.Output, StringComparison.Ordinal);

            var rules = await TestEnvironment.CliAsync(["topics", "rules", .. env.ConfigurationArgs(seeds: false)]);
            Assert.Equal(SeedWithSignalTopic(), rules.Output);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [GeneratedRegex("^topics:\n", RegexOptions.Multiline)]
    private static partial Regex TopicsLine();
}
