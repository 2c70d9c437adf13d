using System.Net;
using AdvisoryWatch.IntegrationTests.Access;

namespace AdvisoryWatch.IntegrationTests.Hosting;

/// <summary>Pages speak English, Norwegian Bokmål or Swedish: the browser's language, until the reader chooses one.</summary>
public class PageLanguageTests
{
    [Theory]
    [InlineData("nb-NO,nb;q=0.9,en;q=0.5", "nb", "Gå til innholdet")]
    [InlineData("no", "nb", "Gå til innholdet")]
    [InlineData("nn-NO", "nb", "Gå til innholdet")]
    [InlineData("sv-SE,sv;q=0.8", "sv", "Gå till innehållet")]
    [InlineData("de-DE", "en", "Skip to content")]
    [InlineData("", "en", "Skip to content")]
    public async Task A_page_speaks_the_browsers_language(string acceptLanguage, string expected, string text)
    {
        await using var env = TestEnvironment.Create();
        await using var app = await SecureHost.StartAsync(env);
        using var browser = app.Browser();
        if (acceptLanguage.Length > 0)
        {
            browser.Http.DefaultRequestHeaders.AcceptLanguage.ParseAdd(acceptLanguage);
        }

        var (status, page) = await browser.GetAsync("/account/sign-in");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains($"<html lang=\"{expected}\">", page, StringComparison.Ordinal);
        Assert.Contains(text, page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_readers_choice_outlasts_the_browsers_language_and_returns_to_the_same_page()
    {
        await using var env = TestEnvironment.Create();
        await using var app = await SecureHost.StartAsync(env);
        using var browser = app.Browser();
        browser.Http.DefaultRequestHeaders.AcceptLanguage.ParseAdd("nb-NO");
        var (_, page) = await browser.GetAsync("/account/sign-in?ReturnUrl=%2Faccount");

        var chosen = await browser.PostAsync("/language", new Dictionary<string, string> { ["culture"] = "sv", ["returnUrl"] = "/account/sign-in?ReturnUrl=%2Faccount" }, BrowserClient.AntiforgeryToken(page));

        Assert.Equal(HttpStatusCode.Redirect, chosen.Status);
        Assert.Equal("/account/sign-in?ReturnUrl=%2Faccount", chosen.Location);
        var (_, after) = await browser.GetAsync("/account/sign-in");
        Assert.Contains("<html lang=\"sv\">", after, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://evil.example/", "xx")]
    [InlineData("//evil.example/", "xx")]
    public async Task A_foreign_return_address_or_an_unknown_language_changes_nothing_and_leads_home(string returnUrl, string culture)
    {
        await using var env = TestEnvironment.Create();
        await using var app = await SecureHost.StartAsync(env);
        using var browser = app.Browser();
        var (_, page) = await browser.GetAsync("/account/sign-in");

        var chosen = await browser.PostAsync("/language", new Dictionary<string, string> { ["culture"] = culture, ["returnUrl"] = returnUrl }, BrowserClient.AntiforgeryToken(page));

        Assert.Equal(HttpStatusCode.Redirect, chosen.Status);
        Assert.Equal("/", chosen.Location);
        Assert.Contains("<html lang=\"en\">", (await browser.GetAsync("/account/sign-in")).Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Choosing_a_language_needs_the_forms_antiforgery_token()
    {
        await using var env = TestEnvironment.Create();
        await using var app = await SecureHost.StartAsync(env);
        using var browser = app.Browser();

        var chosen = await browser.PostAsync("/language", new Dictionary<string, string> { ["culture"] = "sv", ["returnUrl"] = "/" }, antiforgeryToken: null);

        Assert.Equal(HttpStatusCode.BadRequest, chosen.Status);
    }
}
