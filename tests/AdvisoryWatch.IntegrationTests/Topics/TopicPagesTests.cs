using System.Net;
using System.Text.Encodings.Web;
using AdvisoryWatch.Audit;
using AdvisoryWatch.Changes;
using AdvisoryWatch.IntegrationTests.Access;
using AdvisoryWatch.IntegrationTests.Polling;
using AdvisoryWatch.Topics;
using Microsoft.EntityFrameworkCore;

namespace AdvisoryWatch.IntegrationTests.Topics;

/// <summary>The topic rule pages through the real host over HTTPS, as an admin's browser uses them.</summary>
public sealed class TopicPagesTests
{
    private const string Admin = "rules-admin@example.org";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The shipped rules with one more topic, whose name differs from its id.</summary>
    private static string SeedWithSignalTopic()
    {
        var seed = TopicRules.ReadEmbeddedSeed();
        var at = seed.IndexOf("\ntopics:\n", StringComparison.Ordinal) + "\ntopics:\n".Length;
        return seed.Insert(at, "  - id: signal\n    names: { nb: Signalappen, sv: Signalappen, en: Signalappen }\n    keywords: [Signal]\n");
    }

    [Fact]
    public async Task Invalid_rules_are_listed_and_not_saved_the_preview_uses_unsaved_rules_a_save_is_a_new_audited_version_with_a_diff_and_reapply_finishes()
    {
        await using var h = await PollingHarness.CreateAsync();
        h.Stub.Set("nsm", new StubResponse(200, SecurePolling.Atom(
            ("nsm-1", SecurePolling.HostileTitle, "Meldingstjenester med ende-til-ende-kryptering."),
            ("nsm-2", "Ny trusselvurdering", "Etterretningstrusselen øker."))));
        await h.ImportAsync("sources:\n" + h.FeedSource("stub-nsm", "nsm"));
        await using var app = await h.StartSecureAsync(advisories: 2);
        var password = await h.Env.AddUserAsync(Admin, "Admin");
        using var browser = app.Browser();
        Assert.Equal(HttpStatusCode.Redirect, (await browser.SignInAsync(Admin, password)).Status);
        var (status, page) = await browser.GetAsync("/topics");
        Assert.Equal(HttpStatusCode.OK, status);
        var token = BrowserClient.AntiforgeryToken(page);
        var versions = () => app.WithDbAsync(db => db.Set<TopicRuleVersion>().CountAsync(Ct));
        Assert.Equal(1, await versions());

        // Two problems in one file: both listed, with the rule they are in; nothing saved.
        var invalid = await browser.PostAsync("/topics?handler=Save", new Dictionary<string, string>
        {
            ["Yaml"] = "topics:\n  - id: Bad Id\n    keywords: [x]\n  - id: ok\n    patterns: ['(']\n",
            ["Comment"] = "broken",
        }, token);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.Status);
        Assert.Contains("role=\"alert\" id=\"rule-problems\"", invalid.Body, StringComparison.Ordinal);
        Assert.Contains("2 problem(s)", invalid.Body, StringComparison.Ordinal);
        Assert.Contains("<strong>topics/ok</strong>", invalid.Body, StringComparison.Ordinal);
        Assert.Equal(1, await versions());

        var valid = await browser.PostAsync("/topics?handler=Validate", new Dictionary<string, string> { ["Yaml"] = SeedWithSignalTopic() }, token);
        Assert.Contains("The rules are valid. Nothing was saved.", valid.Body, StringComparison.Ordinal);
        Assert.Equal(1, await versions());

        // The preview classifies with the editor's unsaved text; the hostile title stays text.
        var preview = await browser.PostAsync("/topics?handler=Preview", new Dictionary<string, string> { ["Yaml"] = SeedWithSignalTopic(), ["AdvisoryQuery"] = "Signal" }, token);
        Assert.Equal(HttpStatusCode.OK, preview.Status);
        Assert.Contains("Signalappen", BrowserClient.ById(preview.Body, "preview-would-topics"), StringComparison.Ordinal);
        Assert.DoesNotContain("Signalappen", BrowserClient.ById(preview.Body, "preview-has-topics") ?? "", StringComparison.Ordinal);
        var hostileTitle = (await app.WithDbAsync(db => db.Set<Advisory>().SingleAsync(a => a.ItemKey == "urn:stub:nsm-1", Ct))).Title;
        Assert.Contains("<script>", hostileTitle, StringComparison.Ordinal);
        Assert.Contains(HtmlEncoder.Default.Encode(hostileTitle), preview.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", preview.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("<img src=x", preview.Body, StringComparison.Ordinal);
        Assert.Equal(1, await versions());

        var saved = await browser.PostAsync("/topics?handler=Save", new Dictionary<string, string> { ["Yaml"] = SeedWithSignalTopic().ReplaceLineEndings("\r\n"), ["Comment"] = "signal" }, token);
        Assert.Equal(HttpStatusCode.Redirect, saved.Status);
        Assert.Equal("/topics?done=saved&version=2", saved.Location);
        var stored = await app.WithDbAsync(db => db.Set<TopicRuleVersion>().SingleAsync(v => v.Version == 2, Ct));
        Assert.Equal("user:" + Admin, stored.SavedBy);
        Assert.Equal(SeedWithSignalTopic(), stored.Yaml);
        var audited = await app.WithDbAsync(db => db.Set<AuditEntry>().SingleAsync(e => e.Action == "topics.rules-saved", Ct));
        Assert.Equal("user:" + Admin, audited.Actor);

        var diff = await browser.GetAsync("/topics/history?from=1&to=2");
        var shown = diff.Body[diff.Body.IndexOf("id=\"rules-diff\"", StringComparison.Ordinal)..diff.Body.IndexOf("</pre>", StringComparison.Ordinal)];
        Assert.Matches(@"<ins>(\+|&#x2B;) +- id: signal</ins>", shown);
        Assert.Contains("user:" + Admin, diff.Body, StringComparison.Ordinal);

        var start = await browser.SubmitAsync("/topics/reapply", new Dictionary<string, string>());
        Assert.Equal("/topics/reapply", start.Location);
        string? done = null;
        for (var i = 0; i < 100 && done is null; i++)
        {
            var statusPage = await browser.GetAsync("/topics/reapply");
            done = BrowserClient.ById(statusPage.Body, "reapply-status") is { } s && s.StartsWith("Done", StringComparison.Ordinal) ? s : null;
            await Task.Delay(100, Ct);
        }

        Assert.Equal("Done: 2 advisories examined, 1 re-tagged with rules version 2.", done);
        var hostile = await app.WithDbAsync(db => db.Set<Advisory>().SingleAsync(a => a.ItemKey == "urn:stub:nsm-1", Ct));
        Assert.Contains("signal", hostile.Topics);
        Assert.Equal("user:" + Admin, (await app.WithDbAsync(db => db.Set<AuditEntry>().SingleAsync(e => e.Action == "topics.reapplied", Ct))).Actor);
    }
}
