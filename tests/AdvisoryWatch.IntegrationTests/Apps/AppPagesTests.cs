using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AdvisoryWatch.IntegrationTests.Access;
using static AdvisoryWatch.IntegrationTests.FollowUp.FollowUpPagesTests;

namespace AdvisoryWatch.IntegrationTests.Apps;

/// <summary>
/// The app register's pages and its retirement: an Admin adds and edits an app, a department's
/// coordinator assesses it (not another department's), and an app taken out of the register — by
/// the API or the page — leaves the list and the topics but keeps its history.
/// </summary>
public sealed class AppPagesTests
{
    private const string Mine = "oslo-finans";
    private const string Theirs = "oslo-helse";

    [Fact]
    public async Task An_app_is_added_edited_assessed_and_retired_through_the_pages_and_the_api_and_its_history_stays()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = TestEnvironment.Create();
        await using var app = await SecureHost.StartAsync(env, WithSeeds);
        using var admin = await SignedInAsync(app, env, "admin@example.org", "Admin");
        using var coordinator = await SignedInAsync(app, env, "koordinator@example.org", "Coordinator", Mine);
        using var api = await AdminApiAsync(app);

        var added = await admin.SubmitAsync("/apps", new Dictionary<string, string> { ["Id"] = "tiktok", ["Name"] = "TikTok", ["Vendor"] = "ByteDance", ["Aliases"] = "Douyin" });
        Assert.Equal((HttpStatusCode.Redirect, "/apps/tiktok?done=added"), (added.Status, added.Location));
        var again = await admin.SubmitAsync("/apps", new Dictionary<string, string> { ["Id"] = "tiktok", ["Name"] = "Other" });
        Assert.Equal(HttpStatusCode.OK, again.Status);
        Assert.Contains("role=\"alert\"", again.Body, StringComparison.Ordinal);
        var edited = await admin.SubmitAsync("/apps/tiktok", new Dictionary<string, string> { ["Name"] = "TikTok", ["Vendor"] = "ByteDance Ltd", ["Aliases"] = "Douyin, TikTok Lite" }, "edit");
        Assert.Equal("/apps/tiktok?done=saved", edited.Location);

        // The coordinator's form for their own department; another department's is not there, the register's edit is not theirs.
        var assessed = await coordinator.SubmitAsync("/apps/tiktok", new Dictionary<string, string> { ["Department"] = Mine, ["Protection"] = "sensitive", ["Assessment"] = "not-allowed", ["Rationale"] = "Personopplysninger " + Hostile }, "use");
        Assert.Equal("/apps/tiktok?done=assessed", assessed.Location);
        var (_, page) = await coordinator.GetAsync("/apps/tiktok?done=assessed");
        Assert.Equal("Not allowed", BrowserClient.ById(page, $"assessment-{Mine}"));
        AssertEscaped(page);
        var token = BrowserClient.AntiforgeryToken(page);
        Assert.Equal(HttpStatusCode.NotFound, (await coordinator.PostAsync("/apps/tiktok?handler=use", new Dictionary<string, string> { ["Department"] = Theirs, ["Protection"] = "normal" }, token)).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await coordinator.PostAsync("/apps/tiktok?handler=edit", new Dictionary<string, string> { ["Name"] = "Hijacked" }, token)).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await coordinator.PostAsync("/apps/tiktok?handler=retire", new Dictionary<string, string>(), token)).Status);

        var detail = await api.Http.GetFromJsonAsync<JsonElement>("/api/v1/apps/tiktok", ct);
        Assert.Equal(["Douyin", "TikTok Lite"], detail.GetProperty("app").GetProperty("aliases").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal("ByteDance Ltd", detail.GetProperty("app").GetProperty("vendor").GetString());
        var use = Assert.Single(detail.GetProperty("app").GetProperty("uses").EnumerateArray());
        Assert.Equal((Mine, "sensitive", "not-allowed", "user:koordinator@example.org"), (use.GetProperty("departmentId").GetString(), use.GetProperty("protection").GetString(), use.GetProperty("assessment").GetString(), use.GetProperty("changedBy").GetString()));
        var audit = await api.Http.GetFromJsonAsync<JsonElement>("/api/v1/audit?action=apps.assessed", ct);
        Assert.Equal("user:koordinator@example.org", Assert.Single(audit.GetProperty("items").EnumerateArray()).GetProperty("actor").GetString());

        // Retired by the API: gone from the list and the topics, still readable with its history; a second delete finds nothing.
        Assert.Equal(HttpStatusCode.Created, (await api.Http.PutAsJsonAsync("/api/v1/apps/telegram", new { name = "Telegram" }, ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await coordinator.Http.DeleteAsync(new Uri("/api/v1/apps/telegram", UriKind.Relative), ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await api.Http.DeleteAsync(new Uri("/api/v1/apps/telegram", UriKind.Relative), ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.Http.DeleteAsync(new Uri("/api/v1/apps/telegram", UriKind.Relative), ct)).StatusCode);
        Assert.Equal(["tiktok"], (await api.Http.GetFromJsonAsync<JsonElement>("/api/v1/apps", ct)).EnumerateArray().Select(a => a.GetProperty("id").GetString()));
        var topics = await api.Http.GetStringAsync(new Uri("/api/v1/topics", UriKind.Relative), ct);
        Assert.Contains("app-tiktok", topics, StringComparison.Ordinal);
        Assert.DoesNotContain("app-telegram", topics, StringComparison.Ordinal);
        Assert.NotEqual(JsonValueKind.Null, (await api.Http.GetFromJsonAsync<JsonElement>("/api/v1/apps/telegram", ct)).GetProperty("app").GetProperty("retiredAtUtc").ValueKind);

        // Retired from its page: listed as retired, its department's assessment and history kept.
        var retired = await admin.SubmitAsync("/apps/tiktok", new Dictionary<string, string>(), "retire");
        Assert.Equal("/apps?done=retired", retired.Location);
        var (_, register) = await admin.GetAsync("/apps?done=retired");
        Assert.Contains("href=\"/apps/tiktok\"", BrowserClient.ById(register, "retired") is null ? "" : register[register.IndexOf("id=\"retired\"", StringComparison.Ordinal)..], StringComparison.Ordinal);
        var kept = await api.Http.GetFromJsonAsync<JsonElement>("/api/v1/apps/tiktok", ct);
        Assert.Single(kept.GetProperty("app").GetProperty("uses").EnumerateArray());
        Assert.Single(kept.GetProperty("history").EnumerateArray());
        Assert.Equal(2, (await api.Http.GetFromJsonAsync<JsonElement>("/api/v1/audit?action=apps.retired", ct)).GetProperty("total").GetInt32());
        Assert.DoesNotContain("app-tiktok", await api.Http.GetStringAsync(new Uri("/api/v1/topics", UriKind.Relative), ct), StringComparison.Ordinal);
    }
}
