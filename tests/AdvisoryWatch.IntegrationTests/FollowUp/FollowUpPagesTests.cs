using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AdvisoryWatch.IntegrationTests.Access;

namespace AdvisoryWatch.IntegrationTests.FollowUp;

/// <summary>
/// The follow-up pages through the real host over HTTPS with signed-in people: an assessment saved
/// through the page is the API's (same history, same audit), scoped to the coordinator's
/// departments, read-only for a reader, and a hostile advisory title stays text.
/// </summary>
public sealed class FollowUpPagesTests
{
    internal const string Hostile = "<script>alert(1)</script><img src=x onerror=alert(1)>";
    private const string Mine = "oslo-finans";
    private const string Theirs = "oslo-helse";

    internal static readonly Dictionary<string, string?> WithSeeds = new() { ["AdvisoryWatch:Seeds:Enabled"] = "true" };

    [Fact]
    public async Task A_coordinator_records_an_assessment_on_the_page_the_api_and_audit_see_it_another_department_gets_404_and_a_reader_cannot_post()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = TestEnvironment.Create();
        await using var app = await SecureHost.StartAsync(env, WithSeeds);
        var advisory = await AssessmentsApiTests.AddAdvisoryAsync(app, "Råd om meldingsapper " + Hostile);
        var page = $"/follow-up/{advisory}/{Mine}";
        using var coordinator = await SignedInAsync(app, env, "koordinator@example.org", "Coordinator", Mine);
        using var other = await SignedInAsync(app, env, "annen@example.org", "Coordinator", Theirs);
        using var reader = await SignedInAsync(app, env, "leser@example.org", "Reader", Mine);
        using var api = await AdminApiAsync(app);

        // The form, then the same page again after the redirect, with the change in its history.
        var first = await coordinator.SubmitAsync(page, new Dictionary<string, string> { ["State"] = "to-assess", ["Owner"] = "Kari", ["Note"] = "Se på dette" });
        Assert.Equal((HttpStatusCode.Redirect, page + "?done=saved"), (first.Status, first.Location));
        var second = await coordinator.SubmitAsync(page, new Dictionary<string, string> { ["State"] = "action-needed", ["Owner"] = "Kari", ["Note"] = "Slett appen", ["DueDate"] = "2026-12-24" });
        Assert.Equal(HttpStatusCode.Redirect, second.Status);
        var (status, shown) = await coordinator.GetAsync(page + "?done=saved");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Action needed", BrowserClient.ById(shown, "current-state"));
        Assert.NotNull(BrowserClient.ById(shown, "done"));
        Assert.Contains("Se på dette", shown, StringComparison.Ordinal);
        Assert.Contains("Slett appen", shown, StringComparison.Ordinal);
        AssertEscaped(shown);

        var listed = Assert.Single((await api.Http.GetFromJsonAsync<JsonElement>($"/api/v1/assessments?department={Mine}", ct)).EnumerateArray());
        Assert.Equal(("action-needed", "user:koordinator@example.org", "2026-12-24"), (listed.GetProperty("state").GetString(), listed.GetProperty("updatedBy").GetString(), listed.GetProperty("dueDate").GetString()));
        var history = (await api.Http.GetFromJsonAsync<JsonElement>($"/api/v1/assessments/{listed.GetProperty("id").GetGuid()}", ct)).GetProperty("history").EnumerateArray();
        Assert.Equal(["to-assess", "action-needed"], history.Select(h => h.GetProperty("state").GetString()));
        async Task<JsonElement> AuditAsync() => await api.Http.GetFromJsonAsync<JsonElement>("/api/v1/audit?action=follow-up.assessed", ct);
        var audit = await AuditAsync();
        Assert.Equal(2, audit.GetProperty("total").GetInt32());
        Assert.All(audit.GetProperty("items").EnumerateArray(), e => Assert.Equal("user:koordinator@example.org", e.GetProperty("actor").GetString()));

        // The list, its CSV, and the title as text there too.
        var (_, list) = await coordinator.GetAsync("/follow-up");
        Assert.Contains($"href=\"{page}\"", list, StringComparison.Ordinal);
        Assert.Contains($"href=\"/advisories/{advisory}\"", list, StringComparison.Ordinal);
        AssertEscaped(list);
        using var csv = await coordinator.Http.GetAsync(new Uri($"/follow-up?handler=csv&department={Mine}", UriKind.Relative), ct);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Slett appen", await csv.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);

        // Another department's coordinator: not there, and a post (with a valid token of their own) changes nothing.
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync(page)).Status);
        var (_, theirList) = await other.GetAsync("/follow-up?state=all");
        Assert.DoesNotContain(advisory.ToString(), theirList, StringComparison.Ordinal);
        var refused = await other.PostAsync(page, new Dictionary<string, string> { ["State"] = "done" }, BrowserClient.AntiforgeryToken(theirList));
        Assert.Equal(HttpStatusCode.NotFound, refused.Status);

        // A reader of the department sees it without a form and may not post one.
        var (readerStatus, readOnly) = await reader.GetAsync(page);
        Assert.Equal(HttpStatusCode.OK, readerStatus);
        Assert.NotNull(BrowserClient.ById(readOnly, "read-only"));
        Assert.DoesNotContain("id=\"save\"", readOnly, StringComparison.Ordinal);
        var forbidden = await reader.PostAsync(page, new Dictionary<string, string> { ["State"] = "done" }, BrowserClient.AntiforgeryToken(readOnly));
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.Status);

        Assert.Equal(2, (await AuditAsync()).GetProperty("total").GetInt32());
        Assert.Equal("action-needed", Assert.Single((await api.Http.GetFromJsonAsync<JsonElement>($"/api/v1/assessments?department={Mine}", ct)).EnumerateArray()).GetProperty("state").GetString());
    }

    internal static async Task<BrowserClient> SignedInAsync(RunningApp app, TestEnvironment env, string email, string role, params string[] departments)
    {
        var password = await env.AddUserAsync(email, role, departments);
        var browser = app.Browser();
        Assert.Equal(HttpStatusCode.Redirect, (await browser.SignInAsync(email, password)).Status);
        return browser;
    }

    /// <summary>The API with an Admin key over the host's HTTPS.</summary>
    internal static async Task<BrowserClient> AdminApiAsync(RunningApp app)
    {
        var api = app.Browser();
        api.Http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", await app.KeyAsync(AdvisoryWatch.Access.AccessRole.Admin, []));
        return api;
    }

    internal static void AssertEscaped(string page)
    {
        Assert.DoesNotContain("<script>alert(1)", page, StringComparison.Ordinal);
        Assert.DoesNotContain("<img src=x", page, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;", page, StringComparison.Ordinal);
    }
}
