using System.Net;
using System.Xml.Linq;
using AdvisoryWatch.Audit;
using AdvisoryWatch.Changes;
using AdvisoryWatch.Feeds;
using AdvisoryWatch.IntegrationTests.Access;
using AdvisoryWatch.IntegrationTests.Notifications;
using AdvisoryWatch.IntegrationTests.Polling;
using Microsoft.EntityFrameworkCore;

namespace AdvisoryWatch.IntegrationTests.Feeds;

/// <summary>Atom feeds behind feed tokens, made and revoked at /account/feeds, read by a feed reader that cannot sign in.</summary>
public sealed class FeedTests
{
    private const string Reader = "feed-reader@example.org";
    private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_department_feed_lists_only_its_subscriptions_escapes_hostile_titles_and_stops_when_revoked_or_its_maker_leaves_the_department()
    {
        await using var h = await PollingHarness.CreateAsync();
        h.Stub.Set("nsm", new StubResponse(200, SecurePolling.Atom(
            ("nsm-1", SecurePolling.HostileTitle, "Meldingstjenester."),
            ("nsm-2", "Råd om TikTok på jobbtelefoner", "NSM fraråder TikTok."))));
        h.Stub.Set("imy", new StubResponse(200, SecurePolling.Atom(("imy-1", "Personuppgifter i skolan", "Vägledning."))));
        await h.ImportAsync("sources:\n" + h.FeedSource("stub-nsm", "nsm") + h.FeedSource("stub-imy", "imy"));
        await h.Env.ImportDepartmentsAsync(
            NotificationHarness.Department("oslo-finans", ["kari@test.example"], "      - sources: [stub-nsm]\n        cadence: daily 08:00")
            + NotificationHarness.Department("oslo-skole", ["ola@test.example"], "      - sources: [stub-imy]\n        cadence: daily 08:00").Replace("departments:\n", "", StringComparison.Ordinal));
        await using var app = await h.StartSecureAsync(advisories: 3);
        var password = await h.Env.AddUserAsync(Reader, "Reader", "oslo-finans");
        using var browser = app.Browser();
        Assert.Equal(HttpStatusCode.Redirect, (await browser.SignInAsync(Reader, password)).Status);

        // Another department's id is refused, and nothing is made.
        var foreign = await browser.SubmitAsync("/account/feeds", new Dictionary<string, string> { ["Kind"] = "Department", ["Department"] = "oslo-skole" });
        Assert.Equal(HttpStatusCode.BadRequest, foreign.Status);
        Assert.Equal(0, await app.WithDbAsync(db => db.Set<FeedToken>().CountAsync(Ct)));

        var made = await browser.SubmitAsync("/account/feeds", new Dictionary<string, string> { ["Kind"] = "Department", ["Department"] = "oslo-finans" });
        var url = new Uri(SecurePolling.InputValue(made.Body, "new-feed-url") ?? throw new InvalidOperationException(made.Body));
        Assert.Matches("^/feeds/awf_[A-Za-z0-9_-]{43}/department/oslo-finans\\.atom$", url.AbsolutePath);
        Assert.Equal("user:" + Reader, (await app.WithDbAsync(db => db.Set<AuditEntry>().SingleAsync(e => e.Action == "feeds.token-created", Ct))).Actor);

        using var reader = app.Browser();
        using var first = await reader.Http.GetAsync(new Uri(url.PathAndQuery, UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("application/atom+xml", first.Content.Headers.ContentType?.MediaType);
        var xml = await first.Content.ReadAsStringAsync(Ct);
        Assert.DoesNotContain("<script", xml, StringComparison.Ordinal);
        Assert.DoesNotContain("<img", xml, StringComparison.Ordinal);
        var feed = XDocument.Parse(xml).Root!;
        Assert.Equal(Atom + "feed", feed.Name);
        Assert.NotEmpty(feed.Element(Atom + "id")!.Value);
        Assert.NotEmpty(feed.Element(Atom + "updated")!.Value);
        Assert.Equal("AdvisoryWatch", feed.Element(Atom + "author")!.Element(Atom + "name")!.Value);
        var entries = feed.Elements(Atom + "entry").ToList();
        var hostile = await app.WithDbAsync(db => db.Set<Advisory>().SingleAsync(a => a.ItemKey == "urn:stub:nsm-1", Ct));
        Assert.Contains("<script>", hostile.Title, StringComparison.Ordinal);
        Assert.Equal(
            new[] { hostile.Title, "Råd om TikTok på jobbtelefoner" }.Order(StringComparer.Ordinal),
            entries.Select(e => e.Element(Atom + "title")!.Value).Order(StringComparer.Ordinal));
        Assert.All(entries, e => Assert.Equal("text", e.Element(Atom + "title")!.Attribute("type")!.Value));
        Assert.All(entries, e => Assert.StartsWith("http://localhost:5000/advisories/", e.Element(Atom + "link")!.Attribute("href")!.Value, StringComparison.Ordinal));
        Assert.All(entries, e => Assert.Equal("text", e.Element(Atom + "summary")!.Attribute("type")!.Value));

        // A feed reader's conditional request: nothing new, nothing sent.
        using var again = new HttpRequestMessage(HttpMethod.Get, url.PathAndQuery);
        again.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        using var notModified = await reader.Http.SendAsync(again, Ct);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        using var since = new HttpRequestMessage(HttpMethod.Get, url.PathAndQuery);
        since.Headers.IfModifiedSince = first.Content.Headers.LastModified;
        Assert.Equal(HttpStatusCode.NotModified, (await reader.Http.SendAsync(since, Ct)).StatusCode);

        // The token of another feed, an unknown token: the same bare 404.
        var token = url.Segments[2].TrimEnd('/');
        var unknown = await reader.GetAsync($"/feeds/{FeedTokens.Shape.New()}/department/oslo-finans.atom");
        var otherFeed = await reader.GetAsync($"/feeds/{token}/department/oslo-skole.atom");
        Assert.Equal((HttpStatusCode.NotFound, "No such feed."), unknown);
        Assert.Equal((HttpStatusCode.NotFound, "No such feed."), otherFeed);

        // The maker leaves the department: the feed stops at once.
        var moved = await h.Env.UsersAsync("set-role", "--email", Reader, "--role", "Reader", "--department", "oslo-skole");
        Assert.True(moved.ExitCode == 0, moved.Error);
        Assert.Equal((HttpStatusCode.NotFound, "No such feed."), await reader.GetAsync(url.PathAndQuery));

        // A topic feed, revoked from the page.
        var topic = await browser.SubmitAsync("/account/feeds", new Dictionary<string, string> { ["Kind"] = "Topic", ["Topic"] = "tiktok" });
        var topicUrl = new Uri(SecurePolling.InputValue(topic.Body, "new-feed-url")!);
        var tiktok = await reader.GetAsync(topicUrl.PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, tiktok.Status);
        Assert.Equal(["Råd om TikTok på jobbtelefoner"], XDocument.Parse(tiktok.Body).Root!.Elements(Atom + "entry").Select(e => e.Element(Atom + "title")!.Value));
        var id = await app.WithDbAsync(db => db.Set<FeedToken>().Where(t => t.Kind == FeedKind.Topic).Select(t => t.Id).SingleAsync(Ct));
        var antiforgery = BrowserClient.AntiforgeryToken((await browser.GetAsync("/account/feeds")).Body);
        var revoked = await browser.PostAsync($"/account/feeds?handler=Revoke&id={id}", new Dictionary<string, string>(), antiforgery);
        Assert.Equal("/account/feeds?done=revoked", revoked.Location);
        Assert.Equal((HttpStatusCode.NotFound, "No such feed."), await reader.GetAsync(topicUrl.PathAndQuery));
        Assert.Equal("user:" + Reader, (await app.WithDbAsync(db => db.Set<AuditEntry>().SingleAsync(e => e.Action == "feeds.token-revoked", Ct))).Actor);

        // The list shows both, neither with its secret.
        var list = await browser.GetAsync("/account/feeds");
        Assert.DoesNotContain(token, list.Body, StringComparison.Ordinal);
        Assert.Contains(token[..10], list.Body, StringComparison.Ordinal);

        // A Reader has no rule editor.
        Assert.NotEqual(HttpStatusCode.OK, (await browser.GetAsync("/topics")).Status);
    }
}
