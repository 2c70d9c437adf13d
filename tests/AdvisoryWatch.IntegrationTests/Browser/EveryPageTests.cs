using AdvisoryWatch.Hosting.Web;
using static Microsoft.Playwright.Assertions;

namespace AdvisoryWatch.IntegrationTests.Browser;

/// <summary>
/// Every page of the real host, found from its endpoints and by following links (so pages added
/// later are covered without a list to keep), seen by an Admin and by an anonymous visitor, with
/// hostile advisories polled in from the authority stub.
/// </summary>
[Collection(BrowserTests.Name)]
public sealed class EveryPageTests(BrowserFixture browsers, HostileSourcesApp host) : IClassFixture<HostileSourcesApp>
{
    // What a page must never contain, whatever a source sent: elements that run or load
    // something, event handler attributes, inline styles (the CSP forbids them) and script URLs.
    private const string ActiveMarkup = """
        () => {
          const found = [];
          for (const e of document.querySelectorAll('body *')) {
            const tag = e.tagName.toLowerCase();
            if (['script', 'iframe', 'frame', 'object', 'embed', 'base', 'style', 'link', 'meta'].includes(tag)) found.push('<' + tag + '>');
            for (const a of e.attributes) {
              if (a.name.startsWith('on')) found.push(`<${tag} ${a.name}>`);
              if (a.name === 'style' || a.name === 'srcdoc') found.push(`<${tag} ${a.name}="${a.value}">`);
              if (/^\s*(javascript|vbscript|data):/i.test(a.value) && ['href', 'src', 'action', 'formaction', 'srcset', 'data', 'xlink:href'].includes(a.name)) found.push(`<${tag} ${a.name}="${a.value}">`);
            }
          }
          return found;
        }
        """;

    [Fact]
    public async Task Every_page_in_every_language_has_no_serious_or_critical_accessibility_violation()
    {
        var routes = PageRoutes.Of(host.App.App);
        string signedIn;
        await using (var first = await browsers.OpenAsync(host.App))
        {
            await first.SignInAsync(HostileSourcesApp.AdminEmail, host.AdminPassword);
            signedIn = await first.StorageStateAsync();
        }

        // One language after another: axe is CPU-bound, so side by side is no faster on two cores.
        var findings = new List<AxeFinding>();
        foreach (var language in WebPages.Languages)
        {
            var skip = language == WebPages.Languages[0] ? [] : BrowserSession.SameInEveryLanguage;
            await using (var admin = await browsers.OpenAsync(host.App, language, signedIn))
            {
                var crawl = await PageCrawl.RunAsync(admin, routes, async page =>
                {
                    await Expect(admin.Page.Locator("html")).ToHaveAttributeAsync("lang", language);
                    findings.AddRange(await admin.AccessibilityViolationsAsync(skip));
                });
                Assert.Contains(crawl.Pages, p => p.Route?.Route == "/account");
            }

            await using var anonymous = await browsers.OpenAsync(host.App, language);
            var seen = await PageCrawl.RunAsync(anonymous, routes, async page =>
            {
                await Expect(anonymous.Page.Locator("html")).ToHaveAttributeAsync("lang", language);
                findings.AddRange(await anonymous.AccessibilityViolationsAsync(skip));
            }, anonymous: true);
            Assert.Contains(seen.Pages, p => p.Route?.Route == "/account/sign-in");
        }

        Assert.True(findings.Count == 0, $"{findings.Count} serious or critical accessibility violations:\n" + string.Join('\n', findings));
    }

    [Fact]
    public async Task Hostile_source_text_opens_no_dialog_runs_no_script_and_loads_nothing_from_another_host_on_any_page()
    {
        var routes = PageRoutes.Of(host.App.App);
        await using var session = await browsers.OpenAsync(host.App);
        await session.SignInAsync(HostileSourcesApp.AdminEmail, host.AdminPassword);
        var active = new List<string>();

        var crawl = await PageCrawl.RunAsync(session, routes, async page =>
        {
            // Anything a source's markup could have started has had its chance once the page has loaded.
            await session.Page.WaitForLoadStateAsync(Microsoft.Playwright.LoadState.Load);
            active.AddRange((await session.Page.EvaluateAsync<string[]>(ActiveMarkup)).Select(m => $"{page.Path}: {m}"));
        });

        Assert.Contains(crawl.Pages, p => p.Route?.Route == "/account");
        session.AssertNothingHostileHappened();
        Assert.True(active.Count == 0, "Active markup on a page:\n" + string.Join('\n', active));
    }

    [Fact]
    public async Task Every_page_is_photographed_at_desktop_and_phone_width()
    {
        var routes = PageRoutes.Of(host.App.App);
        var files = new List<string>();
        await using (var admin = await browsers.OpenAsync(host.App))
        {
            await admin.SignInAsync(HostileSourcesApp.AdminEmail, host.AdminPassword);
            await PageCrawl.RunAsync(admin, routes, async page => files.AddRange(await admin.ScreenshotAsync(page.Name)));
        }

        await using var anonymous = await browsers.OpenAsync(host.App);
        var seen = await PageCrawl.RunAsync(anonymous, routes, async page => files.AddRange(await anonymous.ScreenshotAsync("anonymous-" + page.Name)), anonymous: true);

        Assert.Contains(files, f => f.EndsWith("account-en-1280.png", StringComparison.Ordinal));
        Assert.Contains(files, f => f.EndsWith("anonymous-account-sign-in-en-390.png", StringComparison.Ordinal));
        Assert.All(files, f => Assert.True(new FileInfo(f).Length > 1000, f + " is empty"));
        Assert.Equal(2 * seen.Pages.Count, files.Count(f => Path.GetFileName(f).StartsWith("anonymous-", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task The_checks_notice_a_missing_label_a_dialog_a_CSP_violation_active_markup_and_a_request_to_another_host()
    {
        await using var session = await browsers.OpenAsync(host.App);
        await session.GotoAsync("/account/sign-in");
        await session.Page.EvaluateAsync("() => document.querySelector('label[for=Email]').remove()");
        Assert.Contains(await session.AccessibilityViolationsAsync(), f => f.Rule == "label" && f.Target.Contains("#Email", StringComparison.Ordinal));

        // As if a page had let a source's markup through (script run by the test itself, which the CSP allows).
        await session.Page.EvaluateAsync("""
            () => {
              document.querySelector('main').insertAdjacentHTML('beforeend', '<p style="color: red">x</p>');
            }
            """);
        Assert.Contains(await session.Page.EvaluateAsync<string[]>(ActiveMarkup), m => m.StartsWith("<p style=", StringComparison.Ordinal));
        await session.Page.EvaluateAsync("""
            () => {
              setTimeout(() => alert('hostile'), 0);
              setTimeout(() => location.assign('https://evil.example/away'), 0);
            }
            """);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (session.Dialogs.Count == 0 || session.ForeignRequests.Count == 0 || session.ConsoleErrors.Count == 0)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"dialogs {session.Dialogs.Count}, requests {session.ForeignRequests.Count}, console errors {session.ConsoleErrors.Count}");
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }

        var failure = Assert.ThrowsAny<Xunit.Sdk.XunitException>(session.AssertNothingHostileHappened);
        Assert.Contains("dialog: alert \"hostile\"", failure.Message, StringComparison.Ordinal);
        Assert.Contains("request to another host: GET https://evil.example/away", failure.Message, StringComparison.Ordinal);
        Assert.Contains("Content Security Policy", failure.Message, StringComparison.Ordinal);
    }
}
