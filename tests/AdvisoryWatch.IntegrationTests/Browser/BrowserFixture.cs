using AdvisoryWatch.Hosting;
using Microsoft.Playwright;

namespace AdvisoryWatch.IntegrationTests.Browser;

/// <summary>
/// One headless Chromium for the browser tests: the system's (<see cref="TestServices.ChromiumPath"/>:
/// the test command checks it and sets <c>ADVISORYWATCH_TEST_CHROMIUM</c>), never one Playwright
/// downloads; without it the browser tests fail saying so, they never skip. Each test opens a
/// <see cref="BrowserSession"/> (a new context and page) against its own host.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    /// <summary>Desktop width (the default of every session).</summary>
    public static readonly ViewportSize Desktop = new() { Width = 1280, Height = 800 };

    /// <summary>A phone held upright.</summary>
    public static readonly ViewportSize Phone = new() { Width = 390, Height = 844 };

    private IPlaywright? _playwright;
    private IBrowser? _browser;

    private IBrowser Browser => _browser ?? throw new InvalidOperationException("The browser did not start.");

    public async ValueTask InitializeAsync()
    {
        var chromium = TestServices.ChromiumPath;

        // A slow shared CI machine: expectations wait up to 15 s before they fail.
        Assertions.SetDefaultExpectTimeout(15_000);
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium,
            Headless = true,
            Timeout = 60_000,
        });
    }

    /// <summary>
    /// A new context and page on <paramref name="app"/> in <paramref name="language"/> (the browser's
    /// Accept-Language), at desktop width; signed in already when given another session's
    /// <paramref name="storageState"/> (<see cref="BrowserSession.StorageStateAsync"/>).
    /// </summary>
    public async Task<BrowserSession> OpenAsync(RunningApp app, string language = "en", string? storageState = null)
    {
        ArgumentNullException.ThrowIfNull(app);
        var origin = app.App.Addresses()[0];
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = origin.ToString(),

            // The test certificate is made per run and trusted by no browser.
            IgnoreHTTPSErrors = true,
            Locale = language switch { "nb" => "nb-NO", "sv" => "sv-SE", _ => "en-GB" },
            ViewportSize = Desktop,
            StorageState = storageState,
        });
        return await BrowserSession.StartAsync(context, origin, language);
    }

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
    }
}
