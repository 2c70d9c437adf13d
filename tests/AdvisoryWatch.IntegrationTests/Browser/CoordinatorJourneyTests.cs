using System.Net;
using System.Net.Http.Json;
using AdvisoryWatch.Changes;
using AdvisoryWatch.IntegrationTests.Access;
using AdvisoryWatch.IntegrationTests.Notifications;
using AdvisoryWatch.Notifications;
using Microsoft.EntityFrameworkCore;
using static Microsoft.Playwright.Assertions;

namespace AdvisoryWatch.IntegrationTests.Browser;

/// <summary>
/// The product end to end in a real browser, as its users meet it: an admin adds an authority with
/// the live preview and subscribes a department; the authority publishes advice that names an app
/// the department uses; the overview shows it, a follow-up opens, the coordinator records an
/// assessment and finds it in the digest preview; another department's reader cannot see it; the
/// delivery log shows the mail the SMTP server received.
/// </summary>
[Collection(BrowserTests.Name)]
public sealed class CoordinatorJourneyTests(BrowserFixture browsers)
{
    private const string Finance = "oslo-finans";
    private const string Schools = "oslo-skole";
    private const string AppNews = "NSM fraråder TikTok på tjenestetelefoner";

    [Fact]
    public async Task An_authority_added_with_the_preview_tells_the_department_whose_app_it_names_and_the_coordinator_follows_it_up()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var h = await NotificationHarness.CreateAsync();
        h.Stub.Set("nsm", new StubResponse(200, AuthorityStub.Rss(("nsm-1", "Råd om passord", "Lange passordfraser er best.", "Mon, 30 Nov 2026 09:00:00 +0100"))));
        var app = await h.StartSecureAsync();
        var adminPassword = await h.Env.AddUserAsync("admin@example.org", "Admin");

        // The admin adds the authority: the preview shows what the feed holds before anything is saved.
        await using var admin = await browsers.OpenAsync(app);
        await admin.SignInAsync("admin@example.org", adminPassword);
        var page = admin.Page;
        await admin.GotoAsync("/sources/new");
        await page.Locator("#source-id").FillAsync("stub-nsm");
        await page.Locator("#source-name").FillAsync("NSM (stub)");
        await page.Locator("#source-authority").FillAsync("NSM");
        await page.Locator("#source-url").FillAsync(h.Stub.Url("nsm").AbsoluteUri);
        await page.Locator("#preview-button").ClickAsync();
        await Expect(page.Locator("#preview-primary-count")).ToHaveTextAsync("1");
        await Expect(page.Locator("#preview")).ToContainTextAsync("Råd om passord");
        await admin.ScreenshotAsync("journey-source-preview");
        Assert.Equal(0, await app.WithDbAsync(db => db.Set<global::AdvisoryWatch.Sources.Source>().CountAsync(ct)));
        await page.Locator("#save-button").ClickAsync();
        await Expect(page.Locator("#done")).ToBeVisibleAsync();
        await h.WaitForPollAsync("stub-nsm", after: null);

        // Two departments; Finance uses TikTok, and the admin subscribes it to the authority at once.
        await h.ImportDepartmentsAsync(
            NotificationHarness.Department(Finance, ["kari@journey.example"], "      - sources: [stub-nsm]\n        cadence: weekly monday 08:00")
            + NotificationHarness.Department(Schools, ["ola@journey.example"], "      - sources: [stub-nsm]\n        cadence: daily 08:00").Replace("departments:\n", "", StringComparison.Ordinal));
        await PutAsync(app, "/api/v1/apps/tiktok", new { name = "TikTok", vendor = "ByteDance", aliases = new[] { "Tik Tok" } });
        await PutAsync(app, $"/api/v1/apps/tiktok/departments/{Finance}", new { protection = "sensitive", assessment = "allowed-with-conditions", rationale = "Bare på egne enheter." });
        await admin.GotoAsync($"/departments/{Finance}");
        var form = page.Locator("form").Filter(new() { Has = page.Locator("#sub-2-sources") });
        await page.Locator("#sub-2-sources").FillAsync("stub-nsm");
        await page.Locator("#sub-2-cadence").SelectOptionAsync("immediate");
        await form.Locator("button[type=submit]").ClickAsync();
        await Expect(page.Locator("#done")).ToBeVisibleAsync();
        await Expect(page.Locator("#subscriptions")).ToContainTextAsync("stub-nsm");

        // The authority names the app: the overview shows it, and Finance has a follow-up to reassess it.
        h.Stub.Set("nsm", new StubResponse(200, AuthorityStub.Rss(
            ("nsm-2", AppNews, "NSM anbefaler at TikTok ikke brukes på telefoner som har tilgang til virksomhetens systemer.", "Sat, 05 Dec 2026 09:00:00 +0100"),
            ("nsm-1", "Råd om passord", "Lange passordfraser er best.", "Mon, 30 Nov 2026 09:00:00 +0100"))));
        await h.CheckNowAsync("stub-nsm");
        await h.WaitForOutboxAsync();
        await admin.GotoAsync("/");
        await Expect(page.Locator("#recent")).ToContainTextAsync(AppNews);
        await admin.ScreenshotAsync("journey-overview");
        var advisory = await app.WithDbAsync(db => db.Set<Advisory>().Where(a => a.Title == AppNews).Select(a => a.Id).SingleAsync(ct));

        var coordinatorPassword = await h.Env.AddUserAsync("kari@journey.example", "Coordinator", Finance);
        await using var coordinator = await browsers.OpenAsync(app, "nb");
        await coordinator.SignInAsync("kari@journey.example", coordinatorPassword);
        var mine = coordinator.Page;

        // The follow-up is opened by a consumer of the change event: soon, not necessarily yet.
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await coordinator.GotoAsync("/follow-up");
        while (!(await mine.Locator("main").InnerTextAsync()).Contains(AppNews, StringComparison.Ordinal) && clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(250, ct);
            await coordinator.GotoAsync("/follow-up");
        }

        await mine.Locator($"#follow-ups a[href='/follow-up/{advisory}/{Finance}']").ClickAsync();
        await mine.Locator("#state").SelectOptionAsync("action-needed");
        await mine.Locator("#owner").FillAsync("Kari Nordmann");
        await mine.Locator("#note").FillAsync("Fjern appen fra tjenestetelefonene innen fredag.");
        await mine.Locator("#save").ClickAsync();
        await Expect(mine.Locator("#done")).ToBeVisibleAsync();
        await Expect(mine.Locator("#history")).ToContainTextAsync("Kari Nordmann");
        await coordinator.ScreenshotAsync("journey-follow-up");

        // The digest preview shows the open follow-up as the recipient will get it, in Norwegian.
        await coordinator.GotoAsync($"/departments/{Finance}");
        await mine.Locator("#show-preview").ClickAsync();
        await Expect(mine.Locator("#preview-text")).ToContainTextAsync(AppNews);
        await Expect(mine.Locator("#preview-text")).ToContainTextAsync("Kari Nordmann");
        Assert.Empty(await coordinator.AccessibilityViolationsAsync());

        // A reader of another department sees neither the follow-up nor its page.
        var readerPassword = await h.Env.AddUserAsync("ola@journey.example", "Reader", Schools);
        await using var reader = await browsers.OpenAsync(app, "sv");
        await reader.SignInAsync("ola@journey.example", readerPassword);
        await reader.GotoAsync("/follow-up");
        await Expect(reader.Page.Locator("main")).Not.ToContainTextAsync("Kari Nordmann");
        var direct = await reader.Context.APIRequest.GetAsync(new Uri(reader.Origin, $"/follow-up/{advisory}/{Finance}").AbsoluteUri);
        Assert.Equal((int)HttpStatusCode.NotFound, direct.Status);

        // The alert went out at once to Finance, and the delivery log says so.
        await h.WaitForDeliveriesAsync(Finance, rows => rows.Any(d => d.AdvisoryId == advisory && d.State == DeliveryState.Sent));
        Assert.Contains(MailSink.For("kari@journey.example"), m => m.Header("Subject")?.Contains("TikTok", StringComparison.Ordinal) == true);
        await admin.GotoAsync($"/deliveries?department={Finance}&state=sent");
        await Expect(page.Locator("#deliveries")).ToContainTextAsync("kari@journey.example");
        await admin.ScreenshotAsync("journey-deliveries");

        admin.AssertNothingHostileHappened();
        coordinator.AssertNothingHostileHappened();
        reader.AssertNothingHostileHappened();
    }

    private static async Task PutAsync(RunningApp app, string path, object body)
    {
        using var response = await app.Http.PutAsJsonAsync(path, body, TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode, $"PUT {path}: {response.StatusCode} {await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)}");
    }
}
