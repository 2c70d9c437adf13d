using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using AdvisoryWatch.Access;
using AdvisoryWatch.Access.Accounts;
using AdvisoryWatch.Access.ApiKeys;
using AdvisoryWatch.Access.Oidc;
using AdvisoryWatch.Audit;
using AdvisoryWatch.Departments;
using Microsoft.EntityFrameworkCore;

namespace AdvisoryWatch.IntegrationTests.Access;

/// <summary>The administration pages through the real host over HTTPS, signed in as a browser is.</summary>
public partial class AdministrationPagesTests
{
    private const string AdminEmail = "admin@example.org";
    private const string Department = "it-drift";

    [Fact]
    public async Task An_account_added_on_the_page_sets_its_password_through_the_link_shown_once_and_takes_up_a_role_change_at_its_next_request()
    {
        await using var env = TestEnvironment.Create();
        await using var app = await SecureHost.StartAsync(env, new Dictionary<string, string?> { ["AdvisoryWatch:Auth:Accounts:SessionRevalidation"] = "00:00:00" });
        await AddDepartmentAsync(app);
        using var admin = await SignedInAdminAsync(env, app);

        var added = await admin.SubmitAsync("/admin/users", new Dictionary<string, string> { ["Email"] = "new@example.org", ["Role"] = "Coordinator", ["Departments"] = Department });
        Assert.Equal(HttpStatusCode.OK, added.Status);
        var link = new Uri(BrowserClient.ById(added.Body, "set-password-link")!);
        Assert.Equal("/account/set-password", link.AbsolutePath);
        Assert.DoesNotContain(link.Query, (await admin.GetAsync("/admin/users")).Body, StringComparison.Ordinal);
        var audited = await app.WithDbAsync(db => db.Set<AuditEntry>().SingleAsync(e => e.Action == "accounts.added" && e.Target == "account:new@example.org", TestContext.Current.CancellationToken));
        Assert.Equal(("user:" + AdminEmail, "Coordinator of it-drift"), (audited.Actor, audited.After));

        using var person = app.Browser();
        var set = await person.SubmitAsync(link.PathAndQuery, new Dictionary<string, string> { ["Password"] = "copper meadow lantern nine" });
        Assert.Contains("Your password is set", set.Body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await person.SignInAsync("new@example.org", "copper meadow lantern nine")).Status);
        Assert.Equal(("Coordinator", Department), await MeAsync(person));

        // The admin's list shows the sign-in; the role change reaches the open session at its next request.
        var id = await app.WithDbAsync(db => db.Set<Account>().Where(a => a.Email == "new@example.org").Select(a => a.Id).SingleAsync(TestContext.Current.CancellationToken));
        Assert.NotNull(await app.WithDbAsync(db => db.Set<Account>().Where(a => a.Id == id).Select(a => a.LastSignInAtUtc).SingleAsync(TestContext.Current.CancellationToken)));
        var saved = await admin.SubmitAsync($"/admin/users/{id}", new Dictionary<string, string> { ["Role"] = "Reader" }, "Save");
        Assert.Equal(HttpStatusCode.Redirect, saved.Status);
        Assert.Equal(("Reader", ""), await MeAsync(person));
        Assert.Equal("Reader", BrowserClient.ById((await admin.GetAsync(saved.Location!)).Body, "role"));
        Assert.True(await app.WithDbAsync(db => db.Set<AuditEntry>().AnyAsync(e => e.Action == "accounts.role-changed" && e.Actor == "user:" + AdminEmail && e.After == "Reader", TestContext.Current.CancellationToken)));

        // Disabled on the page: the open session ends.
        Assert.Equal(HttpStatusCode.Redirect, (await admin.SubmitAsync($"/admin/users/{id}", new Dictionary<string, string>(), "Disable")).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await person.GetAsync("/api/v1/me")).Status);
    }

    [Fact]
    public async Task The_last_enabled_admin_can_be_neither_demoted_nor_disabled_on_the_page()
    {
        await using var env = TestEnvironment.Create();
        await using var app = await SecureHost.StartAsync(env);
        using var admin = await SignedInAdminAsync(env, app);
        var id = await app.WithDbAsync(db => db.Set<Account>().Where(a => a.Email == AdminEmail).Select(a => a.Id).SingleAsync(TestContext.Current.CancellationToken));

        var demoted = await admin.SubmitAsync($"/admin/users/{id}", new Dictionary<string, string> { ["Role"] = "Coordinator" }, "Save");
        Assert.Equal(HttpStatusCode.OK, demoted.Status);
        Assert.Contains("is the last enabled Admin", BrowserClient.ById(demoted.Body, "error"), StringComparison.Ordinal);
        var disabled = await admin.SubmitAsync($"/admin/users/{id}", new Dictionary<string, string>(), "Disable");
        Assert.Contains("is the last enabled Admin", BrowserClient.ById(disabled.Body, "error"), StringComparison.Ordinal);
        Assert.Equal(("Admin", ""), await MeAsync(admin));
        Assert.False(await app.WithDbAsync(db => db.Set<AuditEntry>().AnyAsync(e => e.Action == "accounts.role-changed" || e.Action == "accounts.disabled", TestContext.Current.CancellationToken)));

        // With a second Admin, the first may step down.
        await env.AddUserAsync("second@example.org", "Admin");
        Assert.Equal(HttpStatusCode.Redirect, (await admin.SubmitAsync($"/admin/users/{id}", new Dictionary<string, string> { ["Role"] = "Coordinator" }, "Save")).Status);
    }

    [Fact]
    public async Task A_key_made_on_the_page_is_shown_once_authenticates_the_API_and_is_refused_once_revoked()
    {
        await using var env = TestEnvironment.Create();
        await using var app = await SecureHost.StartAsync(env);
        await AddDepartmentAsync(app);
        using var admin = await SignedInAdminAsync(env, app);

        var made = await admin.SubmitAsync("/admin/keys", new Dictionary<string, string> { ["Name"] = "report-script", ["Role"] = "Reader", ["Departments"] = Department }, "Create");
        Assert.Equal(HttpStatusCode.OK, made.Status);
        var secret = BrowserClient.ById(made.Body, "secret")!;
        Assert.True(ApiKeySecret.IsWellFormed(secret), secret);

        using var script = app.Browser();
        script.Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        Assert.Equal(("Reader", Department), await MeAsync(script));
        var list = (await admin.GetAsync("/admin/keys")).Body;
        Assert.Contains("report-script", list, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, list, StringComparison.Ordinal);
        Assert.DoesNotContain(secret[ApiKeySecret.Prefix(secret).Length..], list, StringComparison.Ordinal);

        var taken = await admin.SubmitAsync("/admin/keys", new Dictionary<string, string> { ["Name"] = "report-script", ["Role"] = "Reader" }, "Create");
        Assert.Contains("A key named &#x27;report-script&#x27; exists", taken.Body, StringComparison.Ordinal);
        Assert.Null(BrowserClient.ById(taken.Body, "secret"));

        var (_, page) = await admin.GetAsync("/admin/keys");
        var revoked = await admin.PostAsync("/admin/keys?handler=Revoke", new Dictionary<string, string> { ["name"] = "report-script" }, BrowserClient.AntiforgeryToken(page));
        Assert.Equal((HttpStatusCode.Redirect, "/admin/keys?done=revoked"), (revoked.Status, revoked.Location));
        Assert.Equal(HttpStatusCode.Unauthorized, (await script.GetAsync("/api/v1/me")).Status);
        var actions = await app.WithDbAsync(db => db.Set<AuditEntry>().Where(e => e.Target == "apikey:report-script").Select(e => e.Actor + " " + e.Action).ToListAsync(TestContext.Current.CancellationToken));
        Assert.Equal(["user:admin@example.org apikeys.created", "user:admin@example.org apikeys.revoked"], actions.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task The_oidc_mapping_is_checked_before_it_is_saved_and_the_audit_page_filters_by_action_actor_and_days()
    {
        await using var env = TestEnvironment.Create();
        await using var app = await SecureHost.StartAsync(env);
        await AddDepartmentAsync(app);
        using var admin = await SignedInAdminAsync(env, app);

        var refused = await admin.SubmitAsync("/admin/oidc", new Dictionary<string, string>
        {
            ["Rows[0].Group"] = "sec-coordinators", ["Rows[0].Role"] = "Coordinator", ["Rows[0].Departments"] = "nowhere",
            ["Rows[1].Group"] = "", ["Rows[1].Role"] = "Reader", ["Rows[1].Departments"] = "",
        });
        Assert.Equal(HttpStatusCode.OK, refused.Status);
        Assert.Contains("Entry 1: no such department: nowhere.", refused.Body, StringComparison.Ordinal);
        Assert.Equal(0, await app.WithDbAsync(db => db.Set<OidcStoredMapping>().CountAsync(TestContext.Current.CancellationToken)));

        var saved = await admin.SubmitAsync("/admin/oidc", new Dictionary<string, string>
        {
            ["Rows[0].Group"] = "sec-coordinators", ["Rows[0].Role"] = "Coordinator", ["Rows[0].Departments"] = Department,
            ["Rows[1].Group"] = "leavers", ["Rows[1].Role"] = "None", ["Rows[1].Departments"] = "",
        });
        Assert.Equal((HttpStatusCode.Redirect, "/admin/oidc?done=saved"), (saved.Status, saved.Location));
        var stored = await app.WithDbAsync(db => db.Set<OidcStoredMapping>().OrderBy(m => m.Group).ToListAsync(TestContext.Current.CancellationToken));
        Assert.Equal([("leavers", (AccessRole?)null), ("sec-coordinators", AccessRole.Coordinator)], stored.Select(m => (m.Group, m.Role)));

        // Actors and actions in the log: the CLI's account, the page's mapping, a refused sign-in
        // whose address (typed by anyone) is shown as text, never as markup.
        using (var stranger = app.Browser())
        {
            await stranger.SignInAsync("<script>alert(1)</script>@example.org", "not a password at all");
        }

        var byAction = (await admin.GetAsync("/admin/audit?action=auth.oidc-mappings-saved")).Body;
        Assert.Equal(["auth.oidc-mappings-saved"], AuditActions(byAction));
        Assert.Contains("user:admin@example.org", byAction, StringComparison.Ordinal);
        var byActor = (await admin.GetAsync("/admin/audit?actor=" + Uri.EscapeDataString("user:" + AdminEmail))).Body;
        Assert.Equal(["auth.oidc-mappings-saved"], AuditActions(byActor));
        var all = AuditActions((await admin.GetAsync("/admin/audit")).Body);
        Assert.Contains("accounts.added", all);
        Assert.Contains("sign-in.refused", all);
        var unfiltered = (await admin.GetAsync("/admin/audit")).Body;
        Assert.Contains("account:&lt;script&gt;alert(1)&lt;/script&gt;@example.org", unfiltered, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", unfiltered, StringComparison.Ordinal);

        var today = TimeProvider.System.GetLocalNow().Date;
        Assert.Empty(AuditActions((await admin.GetAsync($"/admin/audit?from={today.AddDays(2):yyyy-MM-dd}")).Body));
        Assert.Empty(AuditActions((await admin.GetAsync($"/admin/audit?to={today.AddDays(-2):yyyy-MM-dd}")).Body));
        Assert.Equal(all, AuditActions((await admin.GetAsync($"/admin/audit?from={today.AddDays(-1):yyyy-MM-dd}&to={today.AddDays(1):yyyy-MM-dd}")).Body));
    }

    [Fact]
    public async Task A_coordinator_is_refused_every_administration_page_and_its_forms()
    {
        await using var env = TestEnvironment.Create();
        await using var app = await SecureHost.StartAsync(env);
        await AddDepartmentAsync(app);
        using var admin = await SignedInAdminAsync(env, app);
        var password = await env.AddUserAsync("coordinator@example.org", "Coordinator", Department);
        using var coordinator = app.Browser();
        Assert.Equal(HttpStatusCode.Redirect, (await coordinator.SignInAsync("coordinator@example.org", password)).Status);

        string[] pages = ["/admin", "/admin/users", "/admin/oidc", "/admin/keys", "/admin/audit", "/admin/relay"];
        foreach (var path in pages)
        {
            var (status, body) = await admin.GetAsync(path);
            Assert.True(status == HttpStatusCode.OK, $"{path}: {status}");
            Assert.Contains("href=\"/admin\" aria-current=\"page\"", body, StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.Forbidden, (await coordinator.GetAsync(path)).Status);
        }

        Assert.DoesNotContain("href=\"/admin\"", (await coordinator.GetAsync("/account")).Body, StringComparison.Ordinal);
        Assert.Equal("Up", BrowserClient.ById((await admin.GetAsync("/admin/relay")).Body, "relay-state"));

        // A form posted with a valid antiforgery token of the coordinator's own session is still refused.
        var token = BrowserClient.AntiforgeryToken((await coordinator.GetAsync("/account")).Body);
        var post = await coordinator.PostAsync("/admin/keys?handler=Create", new Dictionary<string, string> { ["Name"] = "sneaky", ["Role"] = "Admin" }, token);
        Assert.Equal(HttpStatusCode.Forbidden, post.Status);
        Assert.False(await app.WithDbAsync(db => db.Set<ApiKey>().AnyAsync(k => k.Name == "sneaky", TestContext.Current.CancellationToken)));
    }

    [Theory]
    [InlineData("nb-NO", "Logg inn", "Innloggingen mislyktes. Kontroller adressen og passordet, eller prøv igjen senere.")]
    [InlineData("sv-SE", "Logga in", "Inloggningen misslyckades. Kontrollera adressen och lösenordet, eller försök igen senare.")]
    public async Task The_sign_in_page_and_its_refusal_speak_the_browsers_language(string language, string title, string refusal)
    {
        await using var env = TestEnvironment.Create();
        await using var app = await SecureHost.StartAsync(env);
        using var browser = app.Browser();
        browser.Http.DefaultRequestHeaders.AcceptLanguage.ParseAdd(language);

        var (_, page) = await browser.GetAsync("/account/sign-in");
        Assert.Contains($"<h1>{title}</h1>", page, StringComparison.Ordinal);
        Assert.DoesNotContain("Email address", page, StringComparison.Ordinal);
        var result = await browser.SignInAsync("nobody@example.org", "a wrong but long password");
        Assert.Equal(refusal, BrowserClient.ById(result.Body, "error"));
    }

    private static async Task<BrowserClient> SignedInAdminAsync(TestEnvironment env, RunningApp app)
    {
        var password = await env.AddUserAsync(AdminEmail, "Admin");
        var browser = app.Browser();
        Assert.Equal(HttpStatusCode.Redirect, (await browser.SignInAsync(AdminEmail, password)).Status);
        return browser;
    }

    private static Task<int> AddDepartmentAsync(RunningApp app) =>
        app.WithDbAsync(db =>
        {
            db.Add(new Department { Id = Department, Name = "IT-drift" });
            return db.SaveChangesAsync(TestContext.Current.CancellationToken);
        });

    private static async Task<(string Role, string Departments)> MeAsync(BrowserClient client)
    {
        var me = await client.Http.GetFromJsonAsync<Me>(new Uri("/api/v1/me", UriKind.Relative), TestContext.Current.CancellationToken);
        return (me!.Role, string.Join(",", me.Departments));
    }

    /// <summary>The action column of the audit page's rows.</summary>
    private static List<string> AuditActions(string page) =>
        [.. AuditRow().Matches(page).Select(m => m.Groups["action"].Value)];

    [GeneratedRegex(@"<tr>\s*<td><time[^>]*>[^<]*</time></td>\s*<td>[^<]*</td>\s*<td>[^<]*</td>\s*<td>(?<action>[^<]*)</td>")]
    private static partial Regex AuditRow();

    private sealed record Me(string Name, string Role, IReadOnlyList<string> Departments);
}
