using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AdvisoryWatch.Access;
using AdvisoryWatch.Access.Oidc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace AdvisoryWatch.IntegrationTests.Access;

/// <summary>
/// Sign-in with an OpenID Connect provider through the real host and middleware, against a
/// provider on loopback: the code flow with PKCE, the groups mapped to roles and departments, and
/// rights that follow the directory at every sign-in.
/// </summary>
public sealed class OidcSignInTests : IAsyncLifetime
{
    private const string Admins = "aw-admins";
    private const string FinansCoordinators = "aw-coord-finans";
    private const string HelseReaders = "aw-readers-helse";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly TestBrowser _browser = new();
    private OpenIdProviderStub _provider = null!;
    private TestEnvironment _env = null!;
    private RunningApp? _app;
    private LogCapture _log = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private Uri App(string path) => new(_app!.Http.BaseAddress!, path);

    public async ValueTask InitializeAsync()
    {
        _provider = await OpenIdProviderStub.StartAsync();
        _env = TestEnvironment.Create();
        var s = _env.Settings;
        s["AdvisoryWatch:Auth:Oidc:Authority"] = _provider.Issuer;
        s["AdvisoryWatch:Auth:Oidc:ClientId"] = OpenIdProviderStub.ClientId;
        s["AdvisoryWatch:Auth:Oidc:ClientSecret"] = OpenIdProviderStub.ClientSecret;
        s["AdvisoryWatch:Auth:Oidc:Mappings:0:Group"] = Admins;
        s["AdvisoryWatch:Auth:Oidc:Mappings:0:Role"] = "Admin";
        s["AdvisoryWatch:Auth:Oidc:Mappings:1:Group"] = FinansCoordinators;
        s["AdvisoryWatch:Auth:Oidc:Mappings:1:Role"] = "Coordinator";
        s["AdvisoryWatch:Auth:Oidc:Mappings:1:Departments:0"] = "oslo-finans";
        s["AdvisoryWatch:Auth:Oidc:Mappings:2:Group"] = HelseReaders;
        s["AdvisoryWatch:Auth:Oidc:Mappings:2:Role"] = "Reader";
        s["AdvisoryWatch:Auth:Oidc:Mappings:2:Departments:0"] = "oslo-helse";
    }

    private async Task StartAsync(string responseMode = "FormPost")
    {
        _env.Settings["AdvisoryWatch:Auth:Oidc:ResponseMode"] = responseMode;
        _app = await _env.StartAsync();
        _log = LogCapture.Attach(_app.App.Services);
    }

    /// <summary>Signs in as <paramref name="user"/>, starting where a person would, and returns the page it ends on.</summary>
    private async Task<(HttpStatusCode Status, string Body, IReadOnlyList<Uri> Visited)> SignInAsync(StubUser user, string returnUrl = "/api/v1/me")
    {
        _provider.User = user;
        var (response, visited) = await _browser.NavigateAsync(App("/signin/oidc?returnUrl=" + Uri.EscapeDataString(returnUrl)));
        using (response)
        {
            return (response.StatusCode, await response.Content.ReadAsStringAsync(Ct), visited);
        }
    }

    /// <summary>Who the session is, or null when the request is not let through.</summary>
    private async Task<MeView?> MeAsync()
    {
        using var response = await _browser.SendAsync(HttpMethod.Get, App("/api/v1/me"));
        return response.StatusCode == HttpStatusCode.OK ? await response.Content.ReadFromJsonAsync<MeView>(Json, Ct) : null;
    }

    [Theory]
    [InlineData("FormPost")]
    [InlineData("Query")]
    public async Task Signing_in_through_the_provider_gives_the_highest_mapped_role_in_that_roles_departments(string responseMode)
    {
        await StartAsync(responseMode);

        var (status, body, visited) = await SignInAsync(new StubUser("alice-sub", "alice@example.org", FinansCoordinators, HelseReaders, "some-other-group"));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("/api/v1/me", visited[^1].AbsolutePath);
        var me = JsonSerializer.Deserialize<MeView>(body, Json)!;
        Assert.Equal("user:alice@example.org", me.Name);
        Assert.Equal("Coordinator", me.Role);
        Assert.Equal(["oslo-finans"], me.Departments);
        var authorize = Assert.Single(_provider.AuthorizeRequests);
        Assert.Equal("S256", authorize["code_challenge_method"]);
        Assert.Equal(responseMode == "Query" ? "query" : "form_post", authorize.GetValueOrDefault("response_mode", "query"));
        Assert.Equal(1, _provider.TokensIssued);
        Assert.Empty(_provider.Refusals);

        var session = _browser.Cookies(App("/"))["__Host-AdvisoryWatch"];
        Assert.Equal("/", session.Path);
        Assert.Contains("secure", session.Attributes);
        Assert.Contains("httponly", session.Attributes);
        Assert.Contains("samesite=lax", session.Attributes);
        Assert.DoesNotContain(session.Attributes, a => a.StartsWith("domain=", StringComparison.Ordinal));
        Assert.Equal(1, _log.Count("Signed in alice@example.org through OpenID Connect as Coordinator of departments [oslo-finans]"));
    }

    [Fact]
    public async Task A_user_removed_from_a_group_in_the_directory_loses_what_it_gave_at_the_next_sign_in()
    {
        await StartAsync();
        await SignInAsync(new StubUser("alice-sub", "alice@example.org", Admins));
        Assert.Equal("Admin", (await MeAsync())!.Role);
        using (var mappings = await _browser.SendAsync(HttpMethod.Get, App("/api/v1/auth/oidc/mappings")))
        {
            Assert.Equal(HttpStatusCode.OK, mappings.StatusCode);
        }

        // The directory moves her from the admins to the readers of one department.
        await SignInAsync(new StubUser("alice-sub", "alice@example.org", HelseReaders));
        var me = await MeAsync();
        Assert.Equal("Reader", me!.Role);
        Assert.Equal(["oslo-helse"], me.Departments);
        using (var mappings = await _browser.SendAsync(HttpMethod.Get, App("/api/v1/auth/oidc/mappings")))
        {
            Assert.NotEqual(HttpStatusCode.OK, mappings.StatusCode);
        }

        // Then out of every mapped group: refused, and the session she still held ends too.
        var (status, body, _) = await SignInAsync(new StubUser("alice-sub", "alice@example.org", "some-other-group"));
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Contains("none of your groups gives access", body, StringComparison.Ordinal);
        Assert.Null(await MeAsync());
        Assert.False(_browser.Cookies(App("/")).ContainsKey("__Host-AdvisoryWatch"));
    }

    [Fact]
    public async Task A_user_whose_groups_map_to_no_role_is_refused_with_a_page_and_a_security_event()
    {
        await StartAsync();

        var (status, body, _) = await SignInAsync(new StubUser("bob-sub", "bob@example.org", "some-other-group"));

        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Contains("No access to AdvisoryWatch", body, StringComparison.Ordinal);
        Assert.Contains("bob@example.org", body, StringComparison.Ordinal);
        Assert.Null(await MeAsync());
        Assert.False(_browser.Cookies(App("/")).ContainsKey("__Host-AdvisoryWatch"));
        var entry = Assert.Single(_log.Entries, e => e.Message.Contains("Security event: sign-in through OpenID Connect refused for bob@example.org", StringComparison.Ordinal));
        Assert.Equal(LogLevel.Warning, entry.Level);
        Assert.Contains("NoMappedGroup", entry.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_provider_sign_in_keeps_an_account_whose_session_survives_revalidation_and_ends_when_it_is_disabled()
    {
        _env.Settings["AdvisoryWatch:Auth:Accounts:SessionRevalidation"] = "00:00:00";
        await StartAsync();

        await SignInAsync(new StubUser("carol-sub", "carol@example.org", Admins));
        var first = await MeAsync();
        var second = await MeAsync();
        var listed = await _env.UsersAsync("list");
        var disabled = await _env.UsersAsync("disable", "--email", "carol@example.org");
        var afterDisable = await MeAsync();

        Assert.Equal("Admin", first?.Role);
        Assert.Equal("Admin", second?.Role);
        Assert.Contains("carol@example.org", listed.Output, StringComparison.Ordinal);
        Assert.Equal(0, disabled.ExitCode);
        Assert.Null(afterDisable);
    }

    [Fact]
    public async Task A_refused_provider_sign_in_is_a_security_event_in_the_audit_log()
    {
        await StartAsync();

        await SignInAsync(new StubUser("dave-sub", "dave@example.org", "some-other-group"));

        var entry = await _app!.WithDbAsync(db => db.Set<AdvisoryWatch.Audit.AuditEntry>().SingleAsync(e => e.Action == "sign-in.refused", Ct));
        Assert.Equal(AdvisoryWatch.Audit.AuditKind.Security, entry.Kind);
        Assert.Equal("account:dave@example.org", entry.Target);
        Assert.Contains("NoMappedGroup", entry.After, StringComparison.Ordinal);
    }

    [Fact]
    public async Task App_roles_are_read_from_the_configured_claim_type()
    {
        _env.Settings["AdvisoryWatch:Auth:Oidc:ClaimType"] = "roles";
        _provider.GroupClaim = "roles";
        await StartAsync();

        await SignInAsync(new StubUser("erin-sub", "erin@example.org", Admins));

        Assert.Equal("Admin", (await MeAsync())!.Role);
    }

    [Fact]
    public async Task An_admins_stored_mapping_wins_over_configuration_and_can_take_a_configured_group_away()
    {
        await StartAsync();
        await SignInAsync(new StubUser("alice-sub", "alice@example.org", Admins));
        var saved = new[]
        {
            new OidcMappingInput(HelseReaders, "Coordinator", ["oslo-helse", "oslo-kultur"]),
            new OidcMappingInput(FinansCoordinators, "None", []),
        };

        using (var put = await _browser.SendAsync(HttpMethod.Put, App("/api/v1/auth/oidc/mappings"), JsonContent.Create(saved, options: Json)))
        {
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
            var view = (await put.Content.ReadFromJsonAsync<OidcMappingsView>(Json, Ct))!;
            Assert.Equal(3, view.Configured.Count);
            Assert.All(view.Stored, s => Assert.Equal("user:alice@example.org", s.UpdatedBy));
            Assert.Equal(
                [(Admins, "Admin", "Configuration"), (FinansCoordinators, "None", "Stored"), (HelseReaders, "Coordinator", "Stored")],
                view.InForce.Select(e => (e.Group, e.Role, e.Origin)));
        }

        // A mapping naming a department that does not exist is refused whole.
        var bad = new[] { new OidcMappingInput(Admins, "Reader", ["no-such-department"]) };
        using (var put = await _browser.SendAsync(HttpMethod.Put, App("/api/v1/auth/oidc/mappings"), JsonContent.Create(bad, options: Json)))
        {
            Assert.Equal(HttpStatusCode.BadRequest, put.StatusCode);
            Assert.Contains("no-such-department", await put.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        }

        Assert.Equal(2, await _app!.WithDbAsync(db => db.Set<OidcStoredMapping>().CountAsync(Ct)));
        using (var get = await _browser.SendAsync(HttpMethod.Get, App("/api/v1/auth/oidc/mappings")))
        {
            Assert.DoesNotContain(OpenIdProviderStub.ClientSecret, await get.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        }

        var carol = new TestBrowser();
        using (carol)
        {
            _provider.User = new StubUser("carol-sub", "carol@example.org", HelseReaders);
            (await carol.NavigateAsync(App("/signin/oidc"))).Response.Dispose();
            using var me = await carol.SendAsync(HttpMethod.Get, App("/api/v1/me"));
            var view = (await me.Content.ReadFromJsonAsync<MeView>(Json, Ct))!;
            Assert.Equal("Coordinator", view.Role);
            Assert.Equal(["oslo-helse", "oslo-kultur"], view.Departments);
        }

        var (status, _, _) = await SignInAsync(new StubUser("dave-sub", "dave@example.org", FinansCoordinators));
        Assert.Equal(HttpStatusCode.Forbidden, status);

        Assert.DoesNotContain(_log.Entries, e => e.Message.Contains(OpenIdProviderStub.ClientSecret, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_code_redeemed_with_a_verifier_that_does_not_match_its_challenge_ends_in_a_page_and_no_session()
    {
        await StartAsync();
        _provider.SwapNextChallenge = true;

        var (status, body, _) = await SignInAsync(new StubUser("alice-sub", "alice@example.org", Admins));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("Sign-in did not complete", body, StringComparison.Ordinal);
        Assert.Equal(["token: code_verifier does not match the code_challenge"], _provider.Refusals);
        Assert.Null(await MeAsync());
        Assert.Equal(1, _log.Count("Security event: sign-in through OpenID Connect failed"));
    }

    [Fact]
    public async Task The_sign_in_returns_only_to_a_path_on_this_site()
    {
        await StartAsync();

        var (_, _, visited) = await SignInAsync(new StubUser("alice-sub", "alice@example.org", Admins), returnUrl: "https://evil.example/");

        Assert.Equal(_app!.Http.BaseAddress!.Authority, visited[^1].Authority);
        Assert.Equal("/", visited[^1].AbsolutePath);
    }

    public async ValueTask DisposeAsync()
    {
        _browser.Dispose();
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        await _env.DisposeAsync();
        await _provider.DisposeAsync();
    }
}
