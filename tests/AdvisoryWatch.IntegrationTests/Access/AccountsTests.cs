using System.Net;
using System.Net.Http.Json;
using AdvisoryWatch.Access.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace AdvisoryWatch.IntegrationTests.Access;

/// <summary>Local accounts through the real host over HTTPS, the account pages and the <c>users</c> command.</summary>
public class AccountsTests
{
    private const string Refused = "Sign-in failed. Check the address and the password, or try again later.";

    [Fact]
    public async Task A_fresh_start_has_no_account_and_no_usual_guess_signs_in()
    {
        await using var env = TestEnvironment.Create();
        await using var app = await SecureHost.StartAsync(env);
        using var browser = app.Browser();

        Assert.Equal(0, await app.WithDbAsync(db => db.Set<Account>().CountAsync(TestContext.Current.CancellationToken)));
        foreach (var (email, password) in new[] { ("admin@localhost", "admin"), ("admin", "password"), ("admin@example.org", "changeme-changeme") })
        {
            var result = await browser.SignInAsync(email, password);
            Assert.Equal(HttpStatusCode.OK, result.Status);
            Assert.Contains(Refused, result.Body, StringComparison.Ordinal);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/api/v1/me")).Status);
        using var page = await browser.Http.GetAsync(new Uri("/account", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/account/sign-in", page.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_first_admin_comes_from_the_command_line_and_sets_a_password_through_a_one_time_link()
    {
        await using var env = TestEnvironment.Create();
        await using var app = await SecureHost.StartAsync(env);
        using var browser = app.Browser();

        var added = await env.UsersAsync("add", "--email", "first@example.org", "--role", "Admin");
        Assert.True(added.ExitCode == 0, added.Error);
        var link = new Uri(added.Output.Split('\n').Single(l => l.StartsWith("http", StringComparison.Ordinal)).Trim());
        Assert.Equal("/account/set-password", link.AbsolutePath);

        // The account has no password until the link is used.
        Assert.Contains(Refused, (await browser.SignInAsync("first@example.org", "")).Body, StringComparison.Ordinal);

        var set = await browser.SubmitAsync(link.PathAndQuery, new Dictionary<string, string> { ["Password"] = "violet harbour lantern seven" });
        Assert.Contains("Your password is set", set.Body, StringComparison.Ordinal);
        var again = await browser.SubmitAsync(link.PathAndQuery, new Dictionary<string, string> { ["Password"] = "another quiet meadow path" });
        Assert.Contains("This link is not valid", again.Body, StringComparison.Ordinal);

        var signIn = await browser.SignInAsync("first@example.org", "violet harbour lantern seven");
        Assert.Equal(HttpStatusCode.Redirect, signIn.Status);
        Assert.Equal("/account", signIn.Location);
        var me = await browser.Http.GetFromJsonAsync<Me>(new Uri("/api/v1/me", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Equal(("user:first@example.org", "Admin"), (me!.Name, me.Role));
        var (status, page) = await browser.GetAsync("/account");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Admin", BrowserClient.ById(page, "role"));

        var cookie = browser.Cookies.GetCookies(browser.Http.BaseAddress!).Single(c => c.Name == "__Host-AdvisoryWatch");
        Assert.True(cookie is { Secure: true, HttpOnly: true, Path: "/" });
    }

    [Fact]
    public async Task A_password_is_judged_by_length_and_commonness_not_composition()
    {
        await using var env = TestEnvironment.Create();
        await using var app = await SecureHost.StartAsync(env);
        using var browser = app.Browser();
        var added = await env.UsersAsync("add", "--email", "kari.nordmann@example.org", "--role", "Reader");
        var link = new Uri(added.Output.Split('\n').Single(l => l.StartsWith("http", StringComparison.Ordinal)).Trim()).PathAndQuery;

        async Task<string> TryAsync(string password) =>
            (await browser.SubmitAsync(link, new Dictionary<string, string> { ["Password"] = password })).Body;

        Assert.Contains("at least 15 characters", await TryAsync("Sh0rt&Strong!"), StringComparison.Ordinal);
        Assert.Contains("too common", await TryAsync("P@ssw0rd12345678!"), StringComparison.Ordinal);
        Assert.Contains("too common", await TryAsync("qwertyuiopasdfgh"), StringComparison.Ordinal);
        Assert.Contains("repetitive or sequential", await TryAsync("aaaaaaaaaaaaaaaaaa"), StringComparison.Ordinal);
        Assert.Contains("repetitive or sequential", await TryAsync("1234567890123456"), StringComparison.Ordinal);
        Assert.Contains("the account&#x27;s address", await TryAsync("kari.nordmann likes tea"), StringComparison.Ordinal);
        Assert.Contains("at most 256", await TryAsync(new string('x', 100) + new string('y', 100) + "abcdefghijklmnopqrstuvwxyz0123456789" + new string('z', 40)), StringComparison.Ordinal);

        // Lower case letters and spaces only: accepted, as is a 64-character passphrase.
        Assert.Contains("Your password is set", await TryAsync("granite otter whistles softly"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Repeated_wrong_passwords_lock_the_account_and_the_refusal_reads_as_any_other()
    {
        await using var env = TestEnvironment.Create();
        await using var app = await SecureHost.StartAsync(env, new Dictionary<string, string?> { ["AdvisoryWatch:Auth:Accounts:LockoutThreshold"] = "3" });
        var logs = LogCapture.Attach(app.App.Services);
        using var browser = app.Browser();
        var password = await env.AddUserAsync("reader@example.org", "Reader");

        for (var i = 0; i < 3; i++)
        {
            Assert.Contains(Refused, (await browser.SignInAsync("reader@example.org", "wrong but long enough " + i)).Body, StringComparison.Ordinal);
        }

        var locked = await browser.SignInAsync("reader@example.org", password);
        var unknown = await browser.SignInAsync("nobody@example.org", password);
        Assert.Equal(HttpStatusCode.OK, locked.Status);
        Assert.Equal(Scrub(unknown.Body), Scrub(locked.Body));
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/api/v1/me")).Status);
        Assert.True(await app.WithDbAsync(db => db.Set<Account>().AnyAsync(a => a.Email == "reader@example.org" && a.LockoutEnd != null, TestContext.Current.CancellationToken)));
        Assert.Contains(logs.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("sign-in refused for reader@example.org (LockedOut)", StringComparison.Ordinal));
        Assert.Contains(logs.Entries, e => e.Message.Contains("sign-in refused for nobody@example.org (UnknownAccount)", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Entries, e => e.Message.Contains(password, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Sign_in_attempts_are_limited_per_account_and_per_client_address()
    {
        await using var env = TestEnvironment.Create();
        await using var app = await SecureHost.StartAsync(env, new Dictionary<string, string?>
        {
            ["AdvisoryWatch:Auth:Accounts:SignInAttemptsPerAccount"] = "3",
            ["AdvisoryWatch:Auth:Accounts:SignInAttemptsPerAddress"] = "6",
        });
        var logs = LogCapture.Attach(app.App.Services);
        using var browser = app.Browser();

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await browser.SignInAsync("target@example.org", "guess number " + i + " long")).Status);
        }

        var perAccount = await browser.SignInAsync("TARGET@example.org", "guess number 4 long");
        Assert.Equal(HttpStatusCode.TooManyRequests, perAccount.Status);
        Assert.Contains("Too many attempts", perAccount.Body, StringComparison.Ordinal);

        // Other names from the same address: allowed up to the address's limit (6 posts), then refused.
        Assert.Equal(HttpStatusCode.OK, (await browser.SignInAsync("other1@example.org", "guess number 5 long")).Status);
        Assert.Equal(HttpStatusCode.OK, (await browser.SignInAsync("other2@example.org", "guess number 6 long")).Status);
        var form = await browser.GetAsync("/account/sign-in");
        Assert.Equal(HttpStatusCode.OK, form.Status);
        var perAddress = await browser.PostAsync("/account/sign-in", new Dictionary<string, string> { ["Email"] = "other3@example.org", ["Password"] = "guess number 7 long" }, BrowserClient.AntiforgeryToken(form.Body));
        Assert.Equal(HttpStatusCode.TooManyRequests, perAddress.Status);

        Assert.Contains(logs.Entries, e => e.Message.Contains("sign-in refused for TARGET@example.org (RateLimited)", StringComparison.Ordinal));
        Assert.Contains(logs.Entries, e => e.Message.Contains("too many attempts (address)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_authenticator_app_becomes_the_second_factor_with_single_use_recovery_codes()
    {
        await using var env = TestEnvironment.Create();
        await using var app = await SecureHost.StartAsync(env);
        using var browser = app.Browser();
        var password = await env.AddUserAsync("totp@example.org", "Reader");
        Assert.Equal(HttpStatusCode.Redirect, (await browser.SignInAsync("totp@example.org", password)).Status);

        Assert.Equal(HttpStatusCode.Redirect, (await browser.SubmitAsync("/account/authenticator", new Dictionary<string, string>(), "Start")).Status);
        var (_, setup) = await browser.GetAsync("/account/authenticator");
        var key = BrowserClient.ById(setup, "key")!.Replace(" ", "", StringComparison.Ordinal);
        Assert.Contains($"otpauth://totp/AdvisoryWatch:totp%40example.org?secret={key.ToUpperInvariant()}", BrowserClient.ById(setup, "uri"), StringComparison.Ordinal);
        var wrongSetup = await browser.SubmitAsync("/account/authenticator", new Dictionary<string, string> { ["Code"] = Wrong(Totp.Code(key, Now())) }, "Confirm");
        Assert.Contains("The code was not accepted", wrongSetup.Body, StringComparison.Ordinal);
        var confirmed = await browser.SubmitAsync("/account/authenticator", new Dictionary<string, string> { ["Code"] = Totp.Code(key, Now()) }, "Confirm");
        var codes = System.Text.RegularExpressions.Regex.Matches(confirmed.Body, "<li>([^<]+)</li>").Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(10, codes.Count);

        await SignOutAsync(browser);
        var first = await browser.SignInAsync("totp@example.org", password);
        Assert.Equal(HttpStatusCode.Redirect, first.Status);
        Assert.StartsWith("/account/sign-in/code", first.Location, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/api/v1/me")).Status);
        var wrong = await browser.SubmitAsync(first.Location!, new Dictionary<string, string> { ["Code"] = Wrong(Totp.Code(key, Now())) });
        Assert.Contains("The code was not accepted", wrong.Body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/api/v1/me")).Status);
        var right = await browser.SubmitAsync(first.Location!, new Dictionary<string, string> { ["Code"] = Totp.Code(key, Now()) });
        Assert.Equal("/account", right.Location);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/api/v1/me")).Status);

        // A recovery code signs in once.
        for (var use = 0; use < 2; use++)
        {
            await SignOutAsync(browser);
            var step = await browser.SignInAsync("totp@example.org", password);
            var recovered = await browser.SubmitAsync(step.Location!, new Dictionary<string, string> { ["Code"] = codes[0] });
            Assert.Equal(use == 0 ? HttpStatusCode.Redirect : HttpStatusCode.OK, recovered.Status);
            Assert.Equal(use == 0 ? HttpStatusCode.OK : HttpStatusCode.Unauthorized, (await browser.GetAsync("/api/v1/me")).Status);
        }
    }

    [Fact]
    public async Task Disabling_an_account_ends_its_open_session_and_refuses_its_next_sign_in()
    {
        await using var env = TestEnvironment.Create();
        await using var app = await SecureHost.StartAsync(env, new Dictionary<string, string?> { ["AdvisoryWatch:Auth:Accounts:SessionRevalidation"] = "00:00:00" });
        using var browser = app.Browser();
        var password = await env.AddUserAsync("leaver@example.org", "Reader");
        Assert.Equal(HttpStatusCode.Redirect, (await browser.SignInAsync("leaver@example.org", password)).Status);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/api/v1/me")).Status);

        var disabled = await env.UsersAsync("disable", "--email", "leaver@example.org");
        Assert.True(disabled.ExitCode == 0, disabled.Error);

        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/api/v1/me")).Status);
        Assert.Contains(Refused, (await browser.SignInAsync("leaver@example.org", password)).Body, StringComparison.Ordinal);
        var list = await env.UsersAsync("list");
        Assert.Contains(list.Output.Split('\n'), l => l.StartsWith("leaver@example.org", StringComparison.Ordinal) && l.Contains("disabled", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_changed_role_applies_to_the_open_session()
    {
        await using var env = TestEnvironment.Create();
        await using var app = await SecureHost.StartAsync(env, new Dictionary<string, string?> { ["AdvisoryWatch:Auth:Accounts:SessionRevalidation"] = "00:00:00" });
        using var browser = app.Browser();
        var password = await env.AddUserAsync("mover@example.org", "Reader");
        Assert.Equal(HttpStatusCode.Redirect, (await browser.SignInAsync("mover@example.org", password)).Status);

        var changed = await env.UsersAsync("set-role", "--email", "mover@example.org", "--role", "Admin");
        Assert.True(changed.ExitCode == 0, changed.Error);

        var me = await browser.Http.GetFromJsonAsync<Me>(new Uri("/api/v1/me", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Equal("Admin", me!.Role);
        Assert.Equal(1, (await env.UsersAsync("set-role", "--email", "nobody@example.org", "--role", "Admin")).ExitCode);
        Assert.Equal(1, (await env.UsersAsync("add", "--email", "mover@example.org", "--role", "Reader")).ExitCode);
        Assert.Equal(1, (await env.UsersAsync("add", "--email", "new@example.org", "--role", "Owner")).ExitCode);
    }

    [Fact]
    public async Task The_account_pages_refuse_plain_HTTP_with_a_reason_rather_than_an_error()
    {
        await using var env = TestEnvironment.Create();
        env.Settings["AdvisoryWatch:Notifications:PublicBaseUrl"] = "http://advisories.example.org/";
        await using var app = await env.StartAsync(seeds: false);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/account/sign-in");
        request.Headers.Host = "advisories.example.org";
        using var response = await app.Anonymous().SendAsync(request, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("served over HTTPS only", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refused_sign_in_is_a_security_event_in_the_audit_log_without_the_password()
    {
        await using var env = TestEnvironment.Create();
        await using var app = await SecureHost.StartAsync(env);
        await env.AddUserAsync("erin@example.org", "Reader");
        using var browser = app.Browser();

        var refused = await browser.SignInAsync("erin@example.org", "not the password at all, clearly");

        Assert.Equal(HttpStatusCode.OK, refused.Status);
        var entry = await app.WithDbAsync(db => db.Set<AdvisoryWatch.Audit.AuditEntry>().SingleAsync(e => e.Action == "sign-in.refused", TestContext.Current.CancellationToken));
        Assert.Equal(AdvisoryWatch.Audit.AuditKind.Security, entry.Kind);
        Assert.Equal("account:erin@example.org", entry.Target);
        Assert.Equal("WrongPassword", entry.After);
        Assert.StartsWith("client:", entry.Actor, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plain_http_to_localhost_from_the_same_machine_signs_in_as_a_browser_would_over_https()
    {
        await using var env = TestEnvironment.Create();
        await using var app = await env.StartAsync(seeds: false);
        var password = await env.AddUserAsync("local@example.org", "Admin");

        // As Chromium and Firefox do for localhost: Secure cookies are kept and sent over plain
        // HTTP (.NET's CookieContainer would drop them, so a jar that keeps them).
        using var http = new HttpClient(new LocalhostCookieJar()) { BaseAddress = new Uri($"http://localhost:{app.Http.BaseAddress!.Port}/") };
        var page = await http.GetStringAsync(new Uri("/account/sign-in", UriKind.Relative), TestContext.Current.CancellationToken);
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Email"] = "local@example.org",
            ["Password"] = password,
            ["__RequestVerificationToken"] = BrowserClient.AntiforgeryToken(page),
        });
        using var signedIn = await http.PostAsync(new Uri("/account/sign-in", UriKind.Relative), form, TestContext.Current.CancellationToken);
        using var me = await http.GetAsync(new Uri("/api/v1/me", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Contains(signedIn.Headers.GetValues("Set-Cookie"), c => c.StartsWith("__Host-AdvisoryWatch=", StringComparison.Ordinal) && c.Contains("secure", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        Assert.False(me.Headers.Contains("Strict-Transport-Security"), "no HSTS over plain HTTP");
    }

    private sealed class LocalhostCookieJar() : DelegatingHandler(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false })
    {
        private readonly Dictionary<string, string> _cookies = new(StringComparer.Ordinal);

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (_cookies.Count > 0)
            {
                request.Headers.Add("Cookie", string.Join("; ", _cookies.Select(c => $"{c.Key}={c.Value}")));
            }

            var response = await base.SendAsync(request, cancellationToken);
            foreach (var header in response.Headers.TryGetValues("Set-Cookie", out var values) ? values : [])
            {
                var pair = header.Split(';', 2)[0];
                var equals = pair.IndexOf('=', StringComparison.Ordinal);
                _cookies[pair[..equals]] = pair[(equals + 1)..];
            }

            return response;
        }
    }

    private static async Task SignOutAsync(BrowserClient browser) =>
        Assert.Equal(HttpStatusCode.Redirect, (await browser.SubmitAsync("/account/sign-out", new Dictionary<string, string>())).Status);

    private static DateTimeOffset Now() => TimeProvider.System.GetUtcNow();

    private static string Wrong(string code) => ((int.Parse(code, System.Globalization.CultureInfo.InvariantCulture) + 1) % 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The page without its per-request antiforgery token and the echoed address.</summary>
    private static string Scrub(string page) =>
        System.Text.RegularExpressions.Regex.Replace(page, "value=\"[^\"]*\"", "value=\"\"");

    private sealed record Me(string Name, string Role, IReadOnlyList<string> Departments);
}
