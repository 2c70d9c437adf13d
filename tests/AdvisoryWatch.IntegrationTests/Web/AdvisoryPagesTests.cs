using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using AdvisoryWatch.Changes;
using AdvisoryWatch.Contracts;
using AdvisoryWatch.Departments;
using AdvisoryWatch.IntegrationTests.Access;
using AdvisoryWatch.IntegrationTests.Polling;
using AdvisoryWatch.Notifications;
using AdvisoryWatch.Sources;
using Microsoft.EntityFrameworkCore;

namespace AdvisoryWatch.IntegrationTests.Web;

/// <summary>
/// The overview and the advisories pages through the real host over HTTPS, signed in as people of
/// one department: what the authority stub published and polling recorded, found by search and
/// filters, compared version to version; deliveries and follow-up scoped to the reader's
/// departments; hostile source text shown as text.
/// </summary>
public sealed partial class AdvisoryPagesTests
{
    private const string Mine = "avd-a";
    private const string Theirs = "avd-b";
    private const string Hostile = "<script>alert(1)</script><img src=x onerror=alert(1)>";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Polled_advisories_show_on_the_overview_and_its_chart_are_found_by_search_and_filters_and_two_versions_are_compared_word_by_word()
    {
        await using var h = await PollingHarness.CreateAsync();
        var longAgo = "Mon, 05 Jan 2026 09:00:00 +0100";
        h.Stub.Set("feed", new StubResponse(200, AuthorityStub.Rss(("pw", "Råd om passord", "Bruk lange passord.", longAgo))));
        await h.ImportAsync("sources:\n" + PollingHarness.FeedAt("stub-news", h.Stub.Url("feed"), 60));
        var app = await h.StartSecureAsync();
        await AddDepartmentsAsync(app);
        await h.WaitForPollAsync("stub-news", null);

        // After the first reading (the baseline): the advice changes and a new item appears today.
        var today = TimeProvider.System.GetUtcNow().ToString("r", CultureInfo.InvariantCulture);
        h.Stub.Set("feed", new StubResponse(200, AuthorityStub.Rss(
            ("pw", "Råd om passord", "Bruk lange passordfraser og tofaktor.", longAgo),
            ("sky", "Ny veiledning om skytjenester", "Sikker bruk av skytjenester.", today))));
        await h.CheckNowAsync("stub-news");
        var advisories = await h.AdvisoriesAsync("stub-news");
        var passwords = advisories.Single(a => a.Title == "Råd om passord");
        var cloud = advisories.Single(a => a.Title == "Ny veiledning om skytjenester");
        Assert.Equal(2, passwords.CurrentVersion);

        // The department opens a follow-up of the new one (through the API, as a coordinator would).
        var put = await app.Http.PutAsJsonAsync($"/api/v1/assessments/{cloud.Id}/{Mine}", new { state = "to-assess" }, Ct);
        Assert.Equal(HttpStatusCode.Created, put.StatusCode);

        using var reader = await SignInAsync(h.Env, app, "reader@example.org", "Reader", Mine);
        var overview = await OkAsync(reader, "/");
        var recent = Section(overview, "recent", "</section>");
        Assert.Contains($"href=\"/advisories/{cloud.Id}\">Ny veiledning om skytjenester</a>", recent, StringComparison.Ordinal);
        Assert.Contains($"href=\"/advisories/{passwords.Id}\"", recent, StringComparison.Ordinal);
        Assert.Contains($"href=\"/follow-up/{cloud.Id}/{Mine}\">Ny veiledning om skytjenester</a>", Section(overview, "follow-ups", "</section>"), StringComparison.Ordinal);

        // The chart counts by publication week: the item from January is outside the twelve weeks.
        Assert.Contains("<svg class=\"chart\" id=\"weekly-chart\" role=\"img\"", overview, StringComparison.Ordinal);
        Assert.Contains("Stub authority: 1</li>", Section(overview, "chart-legend", "</ul>"), StringComparison.Ordinal);
        var thisWeek = Regex.Matches(Section(overview, "chart-table", "</table>"), "<td class=\"number\">(\\d+)</td>").Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(12 * 2, thisWeek.Count);
        Assert.Equal([1, 1], thisWeek[^2..]);

        // Search in title and text, and the filters: each finds its advisory and not the other.
        Assert.Equal([cloud.Id], Listed(await OkAsync(reader, "/advisories?q=SKYTJENESTER")));
        Assert.Equal([passwords.Id], Listed(await OkAsync(reader, "/advisories?q=tofaktor&authority=Stub+authority&source=stub-news")));
        Assert.Equal([cloud.Id], Listed(await OkAsync(reader, "/advisories?follow-up=open")));
        Assert.Equal([passwords.Id], Listed(await OkAsync(reader, "/advisories?follow-up=none")));
        Assert.Empty(Listed(await OkAsync(reader, "/advisories?authority=Another+authority")));
        var everything = await OkAsync(reader, "/advisories?from=2000-01-01&to=2999-12-31");
        Assert.Equal(2, Listed(everything).Count);
        var refused = await OkAsync(reader, "/advisories?severity=catastrophic");
        Assert.Contains("id=\"invalid-filters\"", refused, StringComparison.Ordinal);

        // Both versions, and the words that changed between them, either way round.
        var page = await OkAsync(reader, $"/advisories/{passwords.Id}");
        Assert.Equal(2, Regex.Count(Section(page, "versions", "</table>"), "<tr>") - 1);
        foreach (var compared in new[] { page, await OkAsync(reader, $"/advisories/{passwords.Id}?from=2&to=1") })
        {
            var diff = Section(compared, "diff", "</section>");
            Assert.Matches("<del>[^<]*passord[^<]*</del>", diff);
            Assert.Matches("<ins>[^<]*tofaktor[^<]*</ins>", diff);
            Assert.DoesNotMatch("<(ins|del)>[^<]*Bruk", diff);

            // Shown with its whitespace kept: exactly the words of the text, no spaces added around the marks.
            Assert.Contains("</span>Bruk lange <del>passord</del>.</div>", diff, StringComparison.Ordinal);
        }

        Assert.Contains("id=\"diff-same\"", await OkAsync(reader, $"/advisories/{passwords.Id}?from=2&to=2"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await reader.GetAsync($"/advisories/{Guid.NewGuid()}")).Status);
    }

    [Fact]
    public async Task A_reader_sees_who_was_told_in_their_own_department_only_and_hostile_titles_summaries_and_content_are_shown_as_text()
    {
        await using var env = TestEnvironment.Create();
        await using var app = await SecureHost.StartAsync(env);
        await AddDepartmentsAsync(app);
        var id = await AddHostileAdvisoryAsync(app);

        using var reader = await SignInAsync(env, app, "reader@example.org", "Reader", Mine);
        var page = await OkAsync(reader, $"/advisories/{id}");
        var told = Section(page, "deliveries", "</table>");
        Assert.Contains("someone@avd-a.example", told, StringComparison.Ordinal);
        Assert.DoesNotContain("avd-b", page, StringComparison.Ordinal);
        Assert.DoesNotContain("Record follow-up", page, StringComparison.Ordinal);

        // The failed delivery is the other department's: not on this reader's overview.
        var overview = await OkAsync(reader, "/");
        Assert.Contains("No failed deliveries in your departments.", overview, StringComparison.Ordinal);

        var list = await OkAsync(reader, "/advisories?q=alert");
        Assert.Equal([id], Listed(list));
        foreach (var (name, body) in new[] { ("overview", overview), ("list", list), ("advisory", page) })
        {
            var main = Section(body, "main", "</main>");
            Assert.False(main.Contains("<script", StringComparison.OrdinalIgnoreCase), name);
            Assert.False(main.Contains("<img", StringComparison.OrdinalIgnoreCase), name);
            Assert.True(main.Contains("&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src", StringComparison.Ordinal), name);
        }

        // The stored content went through the sanitiser again: the script and the image are gone, the text stays.
        Assert.Contains("<p>Les dette.</p>", Section(page, "advisory-content", "</section>"), StringComparison.Ordinal);
        Assert.DoesNotContain("javascript:", page, StringComparison.OrdinalIgnoreCase);

        // A coordinator of the department may record its follow-up; the other department is not offered.
        using var coordinator = await SignInAsync(env, app, "coordinator@example.org", "Coordinator", Mine);
        var managed = await OkAsync(coordinator, $"/advisories/{id}");
        Assert.Contains($"href=\"/follow-up/{id}/{Mine}\">Record follow-up for Avdeling A</a>", managed, StringComparison.Ordinal);
        Assert.DoesNotContain($"/follow-up/{id}/{Theirs}", managed, StringComparison.Ordinal);
    }

    private static Task<int> AddDepartmentsAsync(RunningApp app) =>
        app.WithDbAsync(db =>
        {
            db.Add(new Department { Id = Mine, Name = "Avdeling A" });
            db.Add(new Department { Id = Theirs, Name = "Avdeling B" });
            return db.SaveChangesAsync(Ct);
        });

    /// <summary>An advisory whose title and summary are markup, and whose stored content was never sanitised, told to both departments.</summary>
    private static Task<Guid> AddHostileAdvisoryAsync(RunningApp app) =>
        app.WithDbAsync(async db =>
        {
            var now = TimeProvider.System.GetUtcNow();
            db.Add(new Source { Id = "hostile", Name = "Hostile source", Authority = "Hostile authority", Country = "NO", Language = "nb", Url = "https://hostile.example/feed" });
            var advisory = new Advisory
            {
                Id = Guid.CreateVersion7(),
                SourceId = "hostile",
                ItemKey = "x",
                Title = Hostile,
                Summary = Hostile,
                ContentHtml = "<p>Les dette.</p><script>alert(1)</script><img src=x onerror=alert(1)><a href=\"javascript:alert(1)\">lenke</a>",
                Url = "javascript:alert(1)",
                Language = "nb",
                Severity = Severity.Urgent,
                ContentHash = "h",
                FirstSeenAtUtc = now,
                LastChangedAtUtc = now,
            };
            db.Add(advisory);
            var version = new AdvisoryVersion { Id = Guid.CreateVersion7(), AdvisoryId = advisory.Id, Version = 1, Kind = ChangeKind.Published, Title = Hostile, Summary = Hostile, ContentHash = "h", ObservedAtUtc = now };
            db.Add(version);
            foreach (var (department, state) in new[] { (Mine, DeliveryState.Sent), (Theirs, DeliveryState.Failed) })
            {
                db.Add(new Delivery
                {
                    Id = Guid.NewGuid(),
                    ChangeId = version.Id,
                    AdvisoryId = advisory.Id,
                    RecipientId = Guid.NewGuid(),
                    DepartmentId = department,
                    Address = $"someone@{department}.example",
                    State = state,
                    CreatedAtUtc = now,
                    SentAtUtc = state == DeliveryState.Sent ? now : null,
                });
            }

            await db.SaveChangesAsync(Ct);
            return advisory.Id;
        });

    private static async Task<BrowserClient> SignInAsync(TestEnvironment env, RunningApp app, string email, string role, params string[] departments)
    {
        var password = await env.AddUserAsync(email, role, departments);
        var browser = app.Browser();
        Assert.Equal(HttpStatusCode.Redirect, (await browser.SignInAsync(email, password)).Status);
        return browser;
    }

    private static async Task<string> OkAsync(BrowserClient browser, string path)
    {
        var (status, body) = await browser.GetAsync(path);
        Assert.True(status == HttpStatusCode.OK, $"GET {path}: {status}\n{body}");
        return body;
    }

    /// <summary>The advisories the list page shows, in order.</summary>
    private static List<Guid> Listed(string page) =>
        [.. AdvisoryLink().Matches(Section(page, "main", "</main>")).Select(m => Guid.Parse(m.Groups[1].Value))];

    /// <summary>The page from the element with this id up to the first <paramref name="end"/> after it.</summary>
    private static string Section(string page, string id, string end)
    {
        var from = page.IndexOf($"id=\"{id}\"", StringComparison.Ordinal);
        Assert.True(from >= 0, $"no #{id} in:\n{page}");
        var to = page.IndexOf(end, from, StringComparison.Ordinal);
        return page[from..(to < 0 ? page.Length : to)];
    }

    [GeneratedRegex("<a href=\"/advisories/([0-9a-f-]{36})\">")]
    private static partial Regex AdvisoryLink();
}
