using AdvisoryWatch.Changes;
using AdvisoryWatch.IntegrationTests.Access;
using AdvisoryWatch.IntegrationTests.Polling;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;

namespace AdvisoryWatch.IntegrationTests.Browser;

/// <summary>
/// The real host over HTTPS with advisories polled from the authority stub whose titles,
/// summaries and contents are hostile (scenario P2), and an Admin account to see every page.
/// Shared by the tests of one class: polling it in once costs a few seconds.
/// </summary>
public sealed class HostileSourcesApp : IAsyncLifetime
{
    public const string AdminEmail = "admin@example.org";

    /// <summary>Markup that runs script, loads from another host or restyles the page, in every form a feed or page can carry it.</summary>
    public const string HostileMarkup =
        "<script>alert('script')</script>"
        + "<img src=x onerror=\"alert('onerror')\">"
        + "<img src=\"https://evil.example/pixel.png\" alt=\"pixel\">"
        + "<img srcset=\"http:a<script>alert('srcset')</script>\">"
        + "<a href=\"javascript:alert('link')\">klikk her</a>"
        + "<iframe src=\"https://evil.example/frame\"></iframe>"
        + "<iframe srcdoc=\"<script>alert('srcdoc')</script>\"></iframe>"
        + "<svg onload=\"alert('svg')\"><circle r=\"5\"/></svg>"
        + "<div style=\"background:url(https://evil.example/bg.png);width:expression(alert('css'))\">stil</div>"
        + "<style>body{background:url(https://evil.example/style.png)}</style>"
        + "<link rel=\"stylesheet\" href=\"https://evil.example/x.css\">"
        + "<meta http-equiv=\"refresh\" content=\"0;url=https://evil.example/\">"
        + "<noscript><p title=\"</noscript><img src=x onerror=alert('mxss')>\"></noscript>"
        + "<object data=\"https://evil.example/x.swf\"></object>"
        + "<form action=\"https://evil.example/steal\"><button>Send</button></form>"
        + "<p>Vanlig tekst om sikkerhet.</p>";

    private const string Date = "Mon, 02 Nov 2026 09:00:00 +0100";

    private PollingHarness? _harness;

    public RunningApp App => _harness?.App ?? throw new InvalidOperationException("Not started.");

    public string AdminPassword { get; private set; } = "";

    public async ValueTask InitializeAsync()
    {
        _harness = await PollingHarness.CreateAsync();
        var stub = _harness.Stub;
        stub.Set("hostile-feed", new StubResponse(200, AuthorityStub.Rss(
            ("title", "<script>alert('title')</script><img src=x onerror=alert('title')> Råd om apper", HostileMarkup, Date),
            ("plain", "Nytt råd\"><svg onload=alert('attr')>", "<b>Kort</b> sammendrag" + HostileMarkup, Date))));
        stub.Set("hostile-page", new StubResponse(200,
            $"<!doctype html><html lang=\"nb\"><head><title>Veiledning</title></head><body><main><h1>Veiledning<script>alert('h1')</script></h1>{HostileMarkup}</main></body></html>",
            "text/html; charset=utf-8"));
        await _harness.ImportAsync("sources:\n" + _harness.FeedSource("hostile-feed", "hostile-feed") + _harness.PageSource("hostile-page", "hostile-page"));

        // A department told of both, so that its page, its digest preview, its deliveries and its
        // follow-ups carry the hostile text too.
        await _harness.Env.ImportDepartmentsAsync(Notifications.NotificationHarness.Department(
            Department, ["kari@test.example"], "      - sources: [hostile-feed, hostile-page]\n        cadence: daily 08:00"));
        await _harness.StartSecureAsync();
        await WaitForAdvisoriesAsync("hostile-feed", 2);
        await WaitForAdvisoriesAsync("hostile-page", 1);
        await _harness.WaitForOutboxAsync();
        AdminPassword = await _harness.Env.AddUserAsync(AdminEmail, "Admin");

        // An app in use and a follow-up, so that their pages are reached from the lists.
        await PutAsync("/api/v1/apps/tiktok", new { name = "TikTok", vendor = "ByteDance <script>alert('vendor')</script>", aliases = new[] { "Tik Tok" } });
        await PutAsync($"/api/v1/apps/tiktok/departments/{Department}", new { protection = "sensitive", assessment = "not-allowed", rationale = "<img src=x onerror=alert('rationale')>" });
        var advisory = await App.WithDbAsync(db => db.Set<Advisory>().Where(a => a.SourceId == "hostile-feed").Select(a => a.Id).FirstAsync(TestContext.Current.CancellationToken));
        await PutAsync($"/api/v1/assessments/{advisory}/{Department}", new { state = "action-needed", owner = "<b>Kari</b>", note = HostileMarkup });
    }

    private async Task PutAsync(string path, object body)
    {
        using var response = await App.Http.PutAsJsonAsync(path, body, TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode, $"PUT {path}: {response.StatusCode} {await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)}");
    }

    /// <summary>The department told of the hostile sources.</summary>
    public const string Department = "hostile-dept";

    private async Task WaitForAdvisoriesAsync(string source, int count)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (await App.WithDbAsync(db => db.Set<Advisory>().CountAsync(a => a.SourceId == source)) < count)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"{source} gave fewer than {count} advisories within 60 s");
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_harness is not null)
        {
            await _harness.DisposeAsync();
        }
    }
}
