using System.Text.RegularExpressions;
using AdvisoryWatch.IntegrationTests.Access;
using static Microsoft.Playwright.Assertions;

namespace AdvisoryWatch.IntegrationTests.Browser;

/// <summary>The first admin's way in, in a real browser: the command line's one-time link, a password, the account page, another language, signing out.</summary>
[Collection(BrowserTests.Name)]
public sealed partial class FirstAdminJourneyTests(BrowserFixture browsers)
{
    [Fact]
    public async Task The_first_admin_sets_a_password_from_the_one_time_link_signs_in_switches_to_Swedish_and_signs_out()
    {
        await using var env = TestEnvironment.Create();
        await using var app = await SecureHost.StartAsync(env);
        var added = await env.UsersAsync("add", "--email", "first@example.org", "--role", "Admin");
        Assert.True(added.ExitCode == 0, added.Error);
        var link = new Uri(added.Output.Split('\n').Single(l => l.StartsWith("http", StringComparison.Ordinal)).Trim());
        await using var session = await browsers.OpenAsync(app);
        var page = session.Page;

        await session.GotoAsync(link.PathAndQuery);
        await page.Locator("#Password").FillAsync("violet harbour lantern seven");
        await page.Locator("main form button[type=submit]").ClickAsync();
        await Expect(page.Locator("#done")).ToBeVisibleAsync();

        await session.SignInAsync("first@example.org", "violet harbour lantern seven");
        await Expect(page.Locator("#role")).ToHaveTextAsync("Admin");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");

        await page.Locator("#language-choice").SelectOptionAsync("sv");
        await page.Locator("footer form.language button[type=submit]").ClickAsync();
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "sv");
        await Expect(page).ToHaveURLAsync(AccountPage());
        await Expect(page.Locator("label[for=language-choice]")).ToHaveTextAsync("Språk");
        await Expect(page.Locator("#role")).ToHaveTextAsync("Administratör");

        await page.Locator("header form[action='/account/sign-out'] button").ClickAsync();
        await Expect(page).ToHaveURLAsync(SignInPage());
        await session.GotoAsync("/account");
        await Expect(page).ToHaveURLAsync(SignInPage());
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "sv");
        session.AssertNothingHostileHappened();
    }

    [GeneratedRegex("/account$")]
    private static partial Regex AccountPage();

    [GeneratedRegex("/account/sign-in")]
    private static partial Regex SignInPage();
}
