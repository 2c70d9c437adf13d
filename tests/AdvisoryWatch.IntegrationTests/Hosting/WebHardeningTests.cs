using System.Net;
using System.Text;

namespace AdvisoryWatch.IntegrationTests.Hosting;

/// <summary>What the web host refuses or adds before any feature sees a request.</summary>
public class WebHardeningTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Every_response_carries_the_security_headers()
    {
        await using var env = TestEnvironment.Create();
        await using var app = await env.StartAsync(seeds: false);
        using var anonymous = new HttpClient { BaseAddress = app.Http.BaseAddress };

        foreach (var path in new[] { "/health/live", "/no-such-page", "/api/v1/sources" })
        {
            using var response = await anonymous.GetAsync(new Uri(path, UriKind.Relative), Ct);
            var csp = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
            Assert.Contains("default-src 'self'", csp, StringComparison.Ordinal);
            Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
            Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
            Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
            Assert.Equal("no-referrer", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
            Assert.False(response.Headers.Contains("Strict-Transport-Security"), "HSTS only over HTTPS");
        }
    }

    [Fact]
    public async Task Public_pages_style_themselves_from_the_products_own_stylesheet_not_inline_styles_the_policy_blocks()
    {
        await using var env = TestEnvironment.Create();
        await using var app = await env.StartAsync(seeds: false);
        using var anonymous = app.Anonymous();

        using var css = await anonymous.GetAsync(new Uri("/assets/site.css", UriKind.Relative), Ct);
        var signIn = await anonymous.GetStringAsync(new Uri("/account/sign-in", UriKind.Relative), Ct);
        var invalidLink = await (await anonymous.GetAsync(new Uri("/unsubscribe/not-a-token", UriKind.Relative), Ct)).Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.OK, css.StatusCode);
        Assert.Equal("text/css", css.Content.Headers.ContentType?.MediaType);
        foreach (var page in new[] { signIn, invalidLink })
        {
            Assert.Contains("<link rel=\"stylesheet\" href=\"/assets/site.css\">", page, StringComparison.Ordinal);
            Assert.DoesNotContain("style=", page, StringComparison.Ordinal);
            Assert.DoesNotContain("<style", page, StringComparison.Ordinal);
            Assert.DoesNotContain("<script", page, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_host_name_not_served_is_refused_so_dns_rebinding_cannot_read_the_api()
    {
        await using var env = TestEnvironment.Create();
        env.Settings["AdvisoryWatch:Notifications:PublicBaseUrl"] = "https://advisories.example.org/";
        await using var app = await env.StartAsync(seeds: false);

        Assert.Equal(HttpStatusCode.BadRequest, await StatusForHostAsync(app, "attacker.example"));
        Assert.Equal(HttpStatusCode.OK, await StatusForHostAsync(app, "advisories.example.org"));
        Assert.Equal(HttpStatusCode.OK, await StatusForHostAsync(app, "localhost"));
    }

    [Fact]
    public async Task AllowedHosts_when_set_replaces_the_default_list()
    {
        await using var env = TestEnvironment.Create();
        env.Settings["AllowedHosts"] = "watch.kommune.example;127.0.0.1";
        await using var app = await env.StartAsync(seeds: false);

        Assert.Equal(HttpStatusCode.OK, await StatusForHostAsync(app, "watch.kommune.example"));
        Assert.Equal(HttpStatusCode.BadRequest, await StatusForHostAsync(app, "localhost"));
    }

    [Theory]
    [InlineData("Sec-Fetch-Site", "cross-site")]
    [InlineData("Sec-Fetch-Site", "same-site")]
    [InlineData("Origin", "https://attacker.example")]
    [InlineData("Origin", "null")]
    public async Task A_state_change_sent_by_a_browser_from_another_site_is_refused_and_changes_nothing(string header, string value)
    {
        await using var env = TestEnvironment.Create();
        await using var app = await env.StartAsync();
        var before = await app.Http.GetStringAsync(new Uri("/api/v1/topics/rules", UriKind.Relative), Ct);
        using var browser = new HttpClient { BaseAddress = app.Http.BaseAddress };

        using var request = new HttpRequestMessage(HttpMethod.Put, "/api/v1/topics/rules") { Content = new StringContent("topics: []\n", Encoding.UTF8, "application/yaml") };
        request.Headers.TryAddWithoutValidation(header, value);
        using var response = await browser.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(before, await app.Http.GetStringAsync(new Uri("/api/v1/topics/rules", UriKind.Relative), Ct));
    }

    [Fact]
    public async Task A_state_change_from_the_sites_own_pages_passes_the_origin_check()
    {
        await using var env = TestEnvironment.Create();
        await using var app = await env.StartAsync(seeds: false);
        using var browser = new HttpClient { BaseAddress = app.Http.BaseAddress };

        foreach (var (header, value) in new[] { ("Sec-Fetch-Site", "same-origin"), ("Origin", app.Http.BaseAddress!.GetLeftPart(UriPartial.Authority)) })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/topics/reapply");
            request.Headers.TryAddWithoutValidation(header, value);
            using var response = await browser.SendAsync(request, Ct);
            Assert.NotEqual(HttpStatusCode.Forbidden, response.StatusCode);
        }
    }

    [Fact]
    public async Task A_body_over_the_limit_is_refused_with_413()
    {
        await using var env = TestEnvironment.Create();
        env.Settings["AdvisoryWatch:Web:MaxRequestBodyBytes"] = "65536";
        await using var app = await env.StartAsync(seeds: false);

        using var content = new StringContent("# " + new string('x', 200_000) + "\ntopics: []\n", Encoding.UTF8, "application/yaml");
        using var response = await app.Http.PutAsync(new Uri("/api/v1/topics/rules", UriKind.Relative), content, Ct);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task Forwarded_headers_are_believed_only_from_a_trusted_proxy()
    {
        await using var untrustedEnv = TestEnvironment.Create();
        await using var untrusted = await untrustedEnv.StartAsync(seeds: false);
        Assert.False((await GetForwardedAsHttpsAsync(untrusted)).Headers.Contains("Strict-Transport-Security"));

        await using var trustedEnv = TestEnvironment.Create();
        trustedEnv.Settings["AdvisoryWatch:Web:TrustedProxies:0"] = "127.0.0.1";
        await using var trusted = await trustedEnv.StartAsync(seeds: false);
        Assert.True((await GetForwardedAsHttpsAsync(trusted)).Headers.Contains("Strict-Transport-Security"));
    }

    [Fact]
    public async Task A_trusted_proxy_that_is_not_an_address_refuses_start_up_with_the_key_named()
    {
        await using var env = TestEnvironment.Create();
        var result = await TestEnvironment.CliAsync("run", "--data", env.DataDirectory, "--AdvisoryWatch:Web:TrustedProxies:0=proxy.local");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("TrustedProxies: 'proxy.local'", result.Error, StringComparison.Ordinal);
    }

    private static async Task<HttpResponseMessage> GetForwardedAsHttpsAsync(RunningApp app)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/health/live");
        request.Headers.TryAddWithoutValidation("X-Forwarded-Proto", "https");
        request.Headers.TryAddWithoutValidation("X-Forwarded-For", "203.0.113.9");
        return await app.Http.SendAsync(request, Ct);
    }

    private static async Task<HttpStatusCode> StatusForHostAsync(RunningApp app, string host)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/health/live");
        request.Headers.Host = host;
        using var response = await app.Http.SendAsync(request, Ct);
        return response.StatusCode;
    }
}
