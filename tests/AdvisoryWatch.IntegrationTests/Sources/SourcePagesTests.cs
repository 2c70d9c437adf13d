using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using AdvisoryWatch.Audit;
using AdvisoryWatch.Hosting;
using AdvisoryWatch.IntegrationTests.Access;
using AdvisoryWatch.Sources;
using Microsoft.EntityFrameworkCore;

namespace AdvisoryWatch.IntegrationTests.Sources;

/// <summary>The sources pages through the real host over HTTPS, reading the authority stub.</summary>
public sealed class SourcePagesTests
{
    private const string Monday = "Mon, 02 Nov 2026 09:00:00 +0100";
    private const string Hostile = "<script>alert(1)</script><img src=x onerror=alert(1)>";
    private const string AdminEmail = "admin@example.org";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Preview_reads_a_feed_now_lists_its_items_with_hostile_titles_escaped_and_saves_nothing()
    {
        await using var stub = await AuthorityStub.StartAsync();
        stub.Set("feed", new StubResponse(200, AuthorityStub.Rss(("a1", "Ny veiledning om passord", "Om passord", Monday), ("a2", Hostile, Hostile, Monday), ("a3", WebUtility.HtmlEncode(Hostile), WebUtility.HtmlEncode(Hostile), Monday))));

        // A watched page's heading written as text keeps the markup as text: the page must encode it.
        stub.Set("page", new StubResponse(200, AuthorityStub.Page(WebUtility.HtmlEncode(Hostile), "Innhold"), "text/html; charset=utf-8"));
        await using var env = TestEnvironment.Create();
        await using var app = await StartAsync(env);
        using var browser = await AdminAsync(env, app);

        var result = await browser.SubmitAsync("/sources/new", Form(("Intent", "preview"), ("Form.Kind", "feed"), ("Form.Url", stub.Url("feed").AbsoluteUri)));

        Assert.Equal(HttpStatusCode.OK, result.Status);
        Assert.Equal("3", BrowserClient.ById(result.Body, "preview-primary-count"));
        Assert.Contains("Ny veiledning om passord", result.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>alert", result.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("<img src=x", result.Body, StringComparison.Ordinal);
        Assert.Equal(1, stub.Hits("feed"));

        var page = await browser.SubmitAsync("/sources/new", Form(("Intent", "preview"), ("Form.Kind", "page"), ("Form.Url", stub.Url("page").AbsoluteUri)));
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains(">&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;</a>", page.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>alert", page.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("<img src=x", page.Body, StringComparison.Ordinal);
        Assert.Equal(0, await app.WithDbAsync(db => db.Set<Source>().CountAsync(Ct)));
    }

    [Fact]
    public async Task Preview_of_an_html_list_shows_what_each_selector_matched_on_the_page_and_through_the_api()
    {
        await using var stub = await AuthorityStub.StartAsync();
        stub.Set("news", new StubResponse(200, """
            <!doctype html><html lang="nb"><head><title>Aktuelt</title></head><body><ul>
            <li class="news"><a href="/n/1">Første nyhet</a><time datetime="2026-11-02T09:00:00Z">2. november</time></li>
            <li class="news"><a href="/n/2">Andre nyhet</a><time datetime="2026-11-03T09:00:00Z">3. november</time></li>
            <li class="news"><a href="/n/3">Tredje nyhet</a></li>
            </ul></body></html>
            """, "text/html; charset=utf-8"));
        await using var env = TestEnvironment.Create();
        await using var app = await StartAsync(env);
        using var browser = await AdminAsync(env, app);

        var result = await browser.SubmitAsync("/sources/new", Form(
            ("Intent", "preview"), ("Form.Kind", "html-list"), ("Form.Url", stub.Url("news").AbsoluteUri),
            ("Form.List.Item", "li.news"), ("Form.List.Date", "time"), ("Form.List.Summary", "p.lead")));

        Assert.Equal(HttpStatusCode.OK, result.Status);
        var selectors = Table(result.Body, "preview-primary-selectors");
        Assert.Contains(selectors, r => r[0] == "item" && r[1] == "li.news" && r[2] == "3" && r[3].Contains("Første nyhet", StringComparison.Ordinal));
        Assert.Contains(selectors, r => r[0] == "date" && r[2] == "2" && r[3].Contains("2026-11-02T09:00:00Z", StringComparison.Ordinal));
        Assert.Contains(selectors, r => r[0] == "summary" && r[2] == "0");
        Assert.Equal("3", BrowserClient.ById(result.Body, "preview-primary-count"));

        // Scripts get the same preview from the API (Admin only).
        var definition = new { id = "", name = "", kind = "html-list", url = stub.Url("news").AbsoluteUri, htmlList = new { item = "li.news", date = "time" } };
        using var admin = await ApiClientAsync(app, AdvisoryWatch.Access.AccessRole.Admin);
        using var response = await admin.PostAsJsonAsync("/api/v1/sources/preview", definition, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var primary = body.GetProperty("readers")[0];
        Assert.Equal(3, primary.GetProperty("items").GetArrayLength());
        Assert.Equal(3, primary.GetProperty("selectors").EnumerateArray().Single(s => s.GetProperty("role").GetString() == "item").GetProperty("count").GetInt32());
        using var coordinator = await ApiClientAsync(app, AdvisoryWatch.Access.AccessRole.Coordinator);
        using var refused = await coordinator.PostAsJsonAsync("/api/v1/sources/preview", definition, Ct);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }

    [Fact]
    public async Task Preview_of_a_slow_site_ends_at_the_deadline_and_says_so()
    {
        await using var stub = await AuthorityStub.StartAsync();
        stub.Set("slow", new StubResponse(200, AuthorityStub.Rss(("a", "A", "a", Monday))) { Delay = TimeSpan.FromSeconds(20) });
        await using var env = TestEnvironment.Create();
        await using var app = await StartAsync(env);
        using var browser = await AdminAsync(env, app);

        var clock = Stopwatch.StartNew();
        var result = await browser.SubmitAsync("/sources/new", Form(("Intent", "preview"), ("Form.Kind", "feed"), ("Form.Url", stub.Url("slow").AbsoluteUri)));

        Assert.Equal(HttpStatusCode.OK, result.Status);
        Assert.InRange(clock.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(10));
        Assert.Contains("stopped after 1 seconds", BrowserClient.ById(result.Body, "preview-deadline"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Saving_lists_every_problem_by_its_field_then_creates_the_source_with_an_audit_entry_and_a_coordinator_gets_403()
    {
        await using var env = TestEnvironment.Create();
        await using var app = await StartAsync(env);
        using var browser = await AdminAsync(env, app);

        var invalid = await browser.SubmitAsync("/sources/new", Form(("Intent", "save"), ("Form.Id", "Not A Slug"), ("Form.Name", ""), ("Form.Kind", "html-list"), ("Form.Url", "not-a-url"), ("Form.Interval", "soon")));
        Assert.Equal(HttpStatusCode.OK, invalid.Status);
        foreach (var field in new[] { "source-id", "source-name", "source-url", "list-item", "source-interval" })
        {
            Assert.Matches($"<span class=\"error field-error\" role=\"alert\" id=\"{field}-problem\">", invalid.Body);
        }

        Assert.Equal(0, await app.WithDbAsync(db => db.Set<Source>().CountAsync(Ct)));

        var saved = await browser.SubmitAsync("/sources/new", Form(
            ("Intent", "save"), ("Form.Id", "nsm-news"), ("Form.Name", "NSM nyheter"), ("Form.Authority", "NSM"), ("Form.Country", "no"),
            ("Form.Language", "nb"), ("Form.Kind", "feed"), ("Form.Url", "https://nsm.example/rss"), ("Form.Interval", "1h30m"), ("Form.StaleAfterDays", "30")));
        Assert.Equal(HttpStatusCode.Redirect, saved.Status);
        Assert.Equal("/sources/nsm-news?done=saved", saved.Location);
        var source = await app.WithDbAsync(db => db.Set<Source>().SingleAsync(Ct));
        Assert.Equal(("nsm-news", "NSM nyheter", "NO", "https://nsm.example/rss", 90, true, 30), (source.Id, source.Name, source.Country, source.Url, source.IntervalMinutes, source.Enabled, source.StaleAfterDays));
        var entry = await app.WithDbAsync(db => db.Set<AuditEntry>().SingleAsync(e => e.Action == "sources.added", Ct));
        Assert.Equal(("user:" + AdminEmail, "source:nsm-news"), (entry.Actor, entry.Target));
        var page = await browser.GetAsync(saved.Location!);
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal("The source is saved.", BrowserClient.ById(page.Body, "done"));

        var password = await env.AddUserAsync("c@example.org", "Coordinator");
        using var coordinator = app.Browser();
        Assert.Equal(HttpStatusCode.Redirect, (await coordinator.SignInAsync("c@example.org", password)).Status);
        foreach (var path in new[] { "/sources", "/sources/new", "/sources/nsm-news" })
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await coordinator.GetAsync(path)).Status);
        }

        // Nor can a coordinator post the admin's form with a token of its own session.
        var (_, account) = await coordinator.GetAsync("/account");
        var posted = await coordinator.PostAsync("/sources?handler=enabled", new Dictionary<string, string> { ["id"] = "nsm-news", ["enabled"] = "false" }, BrowserClient.AntiforgeryToken(account));
        Assert.Equal(HttpStatusCode.Forbidden, posted.Status);
        Assert.True((await app.WithDbAsync(db => db.Set<Source>().SingleAsync(Ct))).Enabled);
    }

    [Fact]
    public async Task Accepting_a_redirect_notice_makes_the_source_read_the_new_address_and_check_now_keeps_its_spacing()
    {
        await using var stub = await AuthorityStub.StartAsync();
        stub.Set("old", new StubResponse(301, "", "text/plain") { Location = stub.Url("new").AbsoluteUri });
        stub.Set("new", new StubResponse(200, AuthorityStub.Rss(("a", "A", "a", Monday))));
        await using var env = TestEnvironment.Create();
        env.Settings.Remove("AdvisoryWatch:Roles");
        env.Settings["AdvisoryWatch:Polling:TickInterval"] = "00:00:00.200";
        env.Settings["AdvisoryWatch:Polling:Jitter"] = "0";
        await using var app = await StartAsync(env);
        using var browser = await AdminAsync(env, app);
        var saved = await browser.SubmitAsync("/sources/new", Form(("Intent", "save"), ("Form.Id", "moving"), ("Form.Name", "Moving"), ("Form.Kind", "feed"), ("Form.Url", stub.Url("old").AbsoluteUri)));
        Assert.Equal(HttpStatusCode.Redirect, saved.Status);

        var deadline = Stopwatch.StartNew();
        Source source;
        while ((source = await app.WithDbAsync(db => db.Set<Source>().AsNoTracking().SingleAsync(Ct))).PermanentRedirectTo is null)
        {
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(20), "the source was not polled");
            await Task.Delay(100, Ct);
        }

        Assert.Equal(stub.Url("new").AbsoluteUri, source.PermanentRedirectTo);
        Assert.Equal(stub.Url("old").AbsoluteUri, source.Url);
        var list = await browser.GetAsync("/sources");
        Assert.Contains("redirects permanently to " + stub.Url("new").AbsoluteUri, list.Body, StringComparison.Ordinal);

        var accepted = await browser.SubmitAsync("/sources", new Dictionary<string, string> { ["id"] = "moving", ["redirect"] = stub.Url("new").AbsoluteUri, ["accept"] = "true" }, "redirect");

        Assert.Equal(HttpStatusCode.Redirect, accepted.Status);
        Assert.Equal("/sources?done=redirect-accepted&source=moving", accepted.Location);
        source = await app.WithDbAsync(db => db.Set<Source>().AsNoTracking().SingleAsync(Ct));
        Assert.Equal((stub.Url("new").AbsoluteUri, (string?)null), (source.Url, source.PermanentRedirectTo));
        var entry = await app.WithDbAsync(db => db.Set<AuditEntry>().SingleAsync(e => e.Action == "sources.redirect-accepted", Ct));
        Assert.Equal((stub.Url("old").AbsoluteUri, stub.Url("new").AbsoluteUri), (entry.Before, entry.After));
        Assert.DoesNotContain("redirects permanently", (await browser.GetAsync("/sources")).Body, StringComparison.Ordinal);

        // "Check now" keeps the API's politeness: checked moments ago, so not yet, and the page says when.
        var check = await browser.SubmitAsync("/sources", new Dictionary<string, string> { ["id"] = "moving" }, "check");
        Assert.Equal("/sources?done=check-refused&source=moving", check.Location);
        Assert.Contains("Too early to check moving again", BrowserClient.ById((await browser.GetAsync(check.Location!)).Body, "done"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Opml_exported_from_one_installation_imports_into_another_with_the_same_sources()
    {
        string opml;
        IReadOnlyList<string> exported;
        await using (var env = TestEnvironment.Create())
        await using (var app = await StartAsync(env))
        {
            using var browser = await AdminAsync(env, app);
            foreach (var (id, url, interval) in new[] { ("cert-se", "https://cert.example/feed", "30"), ("imy-news", "https://imy.example/rss", "120") })
            {
                var saved = await browser.SubmitAsync("/sources/new", Form(("Intent", "save"), ("Form.Id", id), ("Form.Name", id.ToUpperInvariant()), ("Form.Authority", "A"), ("Form.Language", "sv"), ("Form.Kind", "feed"), ("Form.Url", url), ("Form.Interval", interval)));
                Assert.Equal(HttpStatusCode.Redirect, saved.Status);
            }

            (var status, opml) = await browser.GetAsync("/sources?handler=opml");
            Assert.Equal(HttpStatusCode.OK, status);
            exported = await DescribeAsync(app);
        }

        await using var other = TestEnvironment.Create();
        await using var second = await StartAsync(other);
        using var admin = await AdminAsync(other, second);
        var (_, page) = await admin.GetAsync("/sources");
        using var form = new MultipartFormDataContent
        {
            { new StringContent(BrowserClient.AntiforgeryToken(page)), "__RequestVerificationToken" },
            { new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(opml)), "file", "sources.opml" },
        };
        using var response = await admin.Http.PostAsync(new Uri("/sources?handler=import", UriKind.Relative), form, Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Imported: 2 added, 0 updated, 0 unchanged, 0 skipped.", body, StringComparison.Ordinal);
        Assert.Equal(exported, await DescribeAsync(second));
        Assert.Equal(2, await second.WithDbAsync(db => db.Set<AuditEntry>().CountAsync(e => e.Action == "sources.added" && e.Actor == "user:" + AdminEmail, Ct)));
    }

    private static async Task<RunningApp> StartAsync(TestEnvironment env)
    {
        env.Settings["AdvisoryWatch:Fetch:AllowedNetworks:0"] = "127.0.0.1";
        env.Settings["AdvisoryWatch:SourcePreview:Deadline"] = "00:00:01";
        return await SecureHost.StartAsync(env);
    }

    private static async Task<BrowserClient> AdminAsync(TestEnvironment env, RunningApp app)
    {
        var password = await env.AddUserAsync(AdminEmail, "Admin");
        var browser = app.Browser();
        Assert.Equal(HttpStatusCode.Redirect, (await browser.SignInAsync(AdminEmail, password)).Status);
        return browser;
    }

    /// <summary>A script's client: an API key, over the host's HTTPS.</summary>
    private static async Task<HttpClient> ApiClientAsync(RunningApp app, AdvisoryWatch.Access.AccessRole role, params string[] departments)
    {
        var client = new HttpClient(TestCertificate.TrustingHandler(), disposeHandler: true) { BaseAddress = app.App.Addresses()[0] };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", await app.KeyAsync(role, departments));
        return client;
    }

    private static Dictionary<string, string> Form(params (string Name, string Value)[] fields) => fields.ToDictionary(f => f.Name, f => f.Value);

    private static async Task<IReadOnlyList<string>> DescribeAsync(RunningApp app) =>
        [.. (await app.WithDbAsync(db => db.Set<Source>().AsNoTracking().OrderBy(s => s.Id).ToListAsync(Ct)))
            .Select(s => $"{s.Id} {s.Name} {s.Authority} {s.Language} {s.Kind} {s.Url} {s.IntervalMinutes} {s.Enabled}")];

    /// <summary>The cells' text of each body row of the table with this id.</summary>
    private static List<string[]> Table(string page, string id)
    {
        var start = page.IndexOf($"<table id=\"{id}\">", StringComparison.Ordinal);
        Assert.True(start >= 0, $"no table {id} in:\n{page}");
        var table = page[start..page.IndexOf("</table>", start, StringComparison.Ordinal)];
        var body = table[table.IndexOf("<tbody>", StringComparison.Ordinal)..];
        return [.. Regex.Matches(body, "<tr>(.*?)</tr>", RegexOptions.Singleline)
            .Select(row => Regex.Matches(row.Groups[1].Value, "<td[^>]*>(.*?)</td>", RegexOptions.Singleline)
                .Select(cell => WebUtility.HtmlDecode(Regex.Replace(cell.Groups[1].Value, "<[^>]+>", " ")).Trim())
                .ToArray())];
    }
}
