using System.Collections.Concurrent;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AdvisoryWatch.IntegrationTests.Browser;

/// <summary>
/// One browser context and its page on the app under test. From the start it watches for what a
/// hostile source must never cause: a dialog (dismissed and noted), a console error (a CSP
/// violation among them), an uncaught script error, and any request to another origin (aborted
/// and noted, so no test can reach out of the machine).
/// </summary>
public sealed class BrowserSession : IAsyncDisposable
{
    private readonly ConcurrentQueue<string> _dialogs = new();
    private readonly ConcurrentQueue<string> _consoleErrors = new();
    private readonly ConcurrentQueue<string> _foreignRequests = new();

    private BrowserSession(IBrowserContext context, IPage page, Uri origin, string language)
    {
        Context = context;
        Page = page;
        Origin = origin;
        Language = language;
    }

    /// <summary>
    /// Rules whose outcome the language does not change (the same elements and stylesheet in every
    /// language) and which cost most of axe's time: checked in the first language only.
    /// </summary>
    public static readonly string[] SameInEveryLanguage = ["color-contrast"];

    public IBrowserContext Context { get; }

    public IPage Page { get; }

    /// <summary>The app's origin: every request goes here and nowhere else.</summary>
    public Uri Origin { get; }

    /// <summary>en, nb or sv: the language the browser asks for.</summary>
    public string Language { get; }

    public IReadOnlyCollection<string> Dialogs => _dialogs;

    public IReadOnlyCollection<string> ConsoleErrors => _consoleErrors;

    public IReadOnlyCollection<string> ForeignRequests => _foreignRequests;

    internal static async Task<BrowserSession> StartAsync(IBrowserContext context, Uri origin, string language)
    {
        // Generous: a shared two-core CI machine can be slow; Playwright waits only as long as needed.
        context.SetDefaultTimeout(30_000);
        context.SetDefaultNavigationTimeout(60_000);
        var page = await context.NewPageAsync();
        var session = new BrowserSession(context, page, origin, language);
        var own = origin.GetLeftPart(UriPartial.Authority);
        await context.RouteAsync(url => !url.StartsWith(own + "/", StringComparison.OrdinalIgnoreCase), async route =>
        {
            session._foreignRequests.Enqueue($"{route.Request.Method} {route.Request.Url} (from {session.Page.Url})");
            await route.AbortAsync("blockedbyclient");
        });
        page.Dialog += (_, dialog) =>
        {
            session._dialogs.Enqueue($"{dialog.Type} \"{dialog.Message}\" on {page.Url}");
            _ = dialog.DismissAsync();
        };
        page.Console += (_, message) =>
        {
            // The status of the page itself is the crawl's to judge (it notes 4xx, fails on 5xx).
            if (message.Type == "error" && !(message.Text.StartsWith("Failed to load resource", StringComparison.Ordinal) && message.Location.StartsWith(page.Url, StringComparison.Ordinal)))
            {
                session._consoleErrors.Enqueue($"{message.Text} (on {page.Url})");
            }
        };
        page.PageError += (_, error) => session._consoleErrors.Enqueue($"uncaught: {error} (on {page.Url})");
        return session;
    }

    /// <summary>Goes to <paramref name="path"/> (following redirects) and returns the final answer.</summary>
    public async Task<IResponse> GotoAsync(string path) =>
        await Page.GotoAsync(path) ?? throw new InvalidOperationException("No response for " + path);

    /// <summary>Signs in through the sign-in page, as a person would, and waits for the account page.</summary>
    public async Task SignInAsync(string email, string password)
    {
        await GotoAsync("/account/sign-in");
        await Page.Locator("#Email").FillAsync(email);
        await Page.Locator("#Password").FillAsync(password);
        await Page.Locator("main form button[type=submit]").ClickAsync();
        await Expect(Page).ToHaveURLAsync(new Uri(Origin, "/account").ToString());
    }

    /// <summary>The session's cookies, to open another signed-in session (another language, say) without signing in again.</summary>
    public Task<string> StorageStateAsync() => Context.StorageStateAsync();

    /// <summary>
    /// Serious and critical axe-core violations on the page as it is now; all of axe's rules but
    /// <paramref name="skipRules"/> (see <see cref="SameInEveryLanguage"/>).
    /// </summary>
    public async Task<IReadOnlyList<AxeFinding>> AccessibilityViolationsAsync(params string[] skipRules)
    {
        var options = new AxeRunOptions
        {
            ResultTypes = [ResultType.Violations],

            // A frame is the digest preview: a mail, sandboxed without scripts, where axe cannot
            // run and would wait for an answer forever. Mails are not pages.
            Iframes = false,
            Rules = skipRules.ToDictionary(r => r, _ => new RuleOptions { Enabled = false }),
        };
        var result = await Page.RunAxe(options);
        var path = new Uri(Page.Url).PathAndQuery;
        return [.. result.Violations
            .Where(v => v.Impact is "serious" or "critical")
            .SelectMany(v => v.Nodes.Select(n => new AxeFinding(v.Id, v.Impact, v.Help, n.Target?.ToString() ?? "", path, Language)))];
    }

    /// <summary>
    /// Saves the page as it is at desktop and phone width (the whole page) under
    /// <c>.test-results/screenshots/&lt;name&gt;-&lt;language&gt;-&lt;width&gt;.png</c>; returns the files.
    /// </summary>
    public async Task<IReadOnlyList<string>> ScreenshotAsync(string name)
    {
        var files = new List<string>();
        foreach (var size in new[] { BrowserFixture.Desktop, BrowserFixture.Phone })
        {
            await Page.SetViewportSizeAsync(size.Width, size.Height);
            var file = TestArtifacts.Screenshot($"{name}-{Language}-{size.Width}");
            await Page.ScreenshotAsync(new PageScreenshotOptions { Path = file, FullPage = true, Animations = ScreenshotAnimations.Disabled });
            files.Add(file);
        }

        await Page.SetViewportSizeAsync(BrowserFixture.Desktop.Width, BrowserFixture.Desktop.Height);
        return files;
    }

    /// <summary>Fails with every dialog, console error and foreign request seen so far.</summary>
    public void AssertNothingHostileHappened()
    {
        var problems = _dialogs.Select(d => "dialog: " + d)
            .Concat(_consoleErrors.Select(e => "console error: " + e))
            .Concat(_foreignRequests.Select(r => "request to another host: " + r))
            .ToList();
        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    public async ValueTask DisposeAsync()
    {
        await Context.CloseAsync();
        await Context.DisposeAsync();
    }
}
