using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AdvisoryWatch.Access;
using AdvisoryWatch.Audit;
using AdvisoryWatch.Hosting;
using AdvisoryWatch.IntegrationTests.Access;
using AdvisoryWatch.Notifications;
using Microsoft.EntityFrameworkCore;

namespace AdvisoryWatch.IntegrationTests.Notifications;

/// <summary>The department page: a coordinator's changes, the digest preview and the test message.</summary>
public sealed class DepartmentPagesTests
{
    [Fact]
    public async Task A_coordinator_adds_a_recipient_and_changes_the_cadence_on_the_page_audited_and_another_department_or_a_reader_cannot()
    {
        await using var env = TestEnvironment.Create();
        await ImportAsync(env, Departments(("t-own", "own@test.example"), ("t-other", "other@test.example")));
        var coordinator = await env.AddUserAsync("coord-own@example.org", "Coordinator", "t-own");
        var stranger = await env.AddUserAsync("coord-other@example.org", "Coordinator", "t-other");
        var reader = await env.AddUserAsync("reader-own@example.org", "Reader", "t-own");
        await using var app = await SecureHost.StartAsync(env);
        var subscription = (await DepartmentAsync(app, "t-own")).GetProperty("subscriptions")[0].GetProperty("id").GetString()!;

        using (var browser = app.Browser())
        {
            await browser.SignInAsync("coord-own@example.org", coordinator);
            var (_, list) = await browser.GetAsync("/departments");
            Assert.Contains("/departments/t-own", list, StringComparison.Ordinal);
            Assert.DoesNotContain("/departments/t-other", list, StringComparison.Ordinal);

            var added = await browser.SubmitAsync("/departments/t-own", new Dictionary<string, string> { ["channel"] = "email", ["address"] = "new@test.example", ["recipientLanguage"] = "sv" }, "AddRecipient");
            Assert.Equal((HttpStatusCode.Redirect, "/departments/t-own?done=recipient-added"), (added.Status, added.Location));

            var saved = await browser.SubmitAsync("/departments/t-own", new Dictionary<string, string>
            {
                ["subscriptionId"] = subscription, ["sources"] = "", ["topics"] = "", ["minimumSeverity"] = "normal",
                ["cadence"] = "weekly", ["day"] = "friday", ["at"] = "15:00", ["urgentImmediately"] = "true",
            }, "Subscription");
            Assert.Equal(HttpStatusCode.Redirect, saved.Status);

            var refused = await browser.SubmitAsync("/departments/t-own", new Dictionary<string, string> { ["channel"] = "webhook", ["address"] = "ftp://hook.test.example/x" }, "AddRecipient");
            Assert.Equal(HttpStatusCode.OK, refused.Status);
            Assert.Contains("id=\"problems\"", refused.Body, StringComparison.Ordinal);
        }

        var own = await DepartmentAsync(app, "t-own");
        var recipients = own.GetProperty("recipients").EnumerateArray().ToList();
        Assert.Contains(recipients, r => r.GetProperty("address").GetString() == "new@test.example" && r.GetProperty("language").GetString() == "sv");
        Assert.Equal(2, recipients.Count);
        Assert.Equal("weekly friday 15:00", own.GetProperty("subscriptions")[0].GetProperty("cadence").GetString());
        Assert.Equal("normal", own.GetProperty("subscriptions")[0].GetProperty("minimumSeverity").GetString());
        Assert.True(own.GetProperty("adminOwned").GetBoolean());
        var audit = await app.WithDbAsync(db => db.Set<AuditEntry>().AsNoTracking().Where(a => a.Target == "department:t-own").OrderBy(a => a.Id).ToListAsync());
        Assert.Equal(["departments.recipient-added", "departments.subscription-saved"], audit.Skip(1).Select(a => a.Action));
        Assert.All(audit.Skip(1), a => Assert.Contains("coord-own@example.org", a.Actor, StringComparison.Ordinal));
        Assert.Contains("new@test.example", audit[1].After, StringComparison.Ordinal);
        Assert.Contains("weekly friday 15:00", audit[2].After, StringComparison.Ordinal);

        // A coordinator of another department: the page is not there, and a post with a valid token changes nothing.
        using (var browser = app.Browser())
        {
            await browser.SignInAsync("coord-other@example.org", stranger);
            Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync("/departments/t-own")).Status);
            var (_, page) = await browser.GetAsync("/departments/t-other");
            var post = await browser.PostAsync("/departments/t-own?handler=AddRecipient", new Dictionary<string, string> { ["channel"] = "email", ["address"] = "intruder@test.example" }, BrowserClient.AntiforgeryToken(page));
            Assert.Equal(HttpStatusCode.NotFound, post.Status);
        }

        // A reader of the department sees it, without forms, and cannot post one.
        using (var browser = app.Browser())
        {
            await browser.SignInAsync("reader-own@example.org", reader);
            var (status, page) = await browser.GetAsync("/departments/t-own");
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Contains("new@test.example", page, StringComparison.Ordinal);
            Assert.DoesNotContain("handler=AddRecipient", page, StringComparison.Ordinal);
            var post = await browser.PostAsync("/departments/t-own?handler=AddRecipient", new Dictionary<string, string> { ["channel"] = "email", ["address"] = "reader@test.example" }, BrowserClient.AntiforgeryToken(page));
            Assert.Equal(HttpStatusCode.Forbidden, post.Status);
        }

        Assert.Equal(2, (await DepartmentAsync(app, "t-own")).GetProperty("recipients").GetArrayLength());
        Assert.Equal(1, await app.WithDbAsync(db => db.Set<AuditEntry>().CountAsync(a => a.Action == "departments.recipient-added")));
    }

    [Fact]
    public async Task The_digest_preview_shows_the_next_digest_in_a_sandboxed_frame_and_a_test_message_arrives_once()
    {
        await using var h = await NotificationHarness.CreateAsync();
        var address = NotificationHarness.Address();
        await h.ImportAsync("sources:\n" + h.FeedSource("stub-nsm", "stub-nsm"));
        await h.ImportDepartmentsAsync(NotificationHarness.Department("t-preview", [address], "      - sources: [stub-nsm]\n        cadence: weekly friday 15:00"));
        var password = await h.Env.AddUserAsync("coord-preview@example.org", "Coordinator", "t-preview");
        const string hostile = "Veileder <script>alert(1)</script><img src=x onerror=alert(1)>";
        await h.BaselineThenPublishAsync("stub-nsm", hostile);
        await h.WaitForDeliveriesAsync("t-preview", r => r.Count == 1 && r[0].State == DeliveryState.Queued);
        await h.StopAsync();

        await using var app = await SecureHost.StartAsync(h.Env);
        var recipient = (await DepartmentAsync(app, "t-preview")).GetProperty("recipients")[0].GetProperty("id").GetString()!;
        using var browser = app.Browser();
        await browser.SignInAsync("coord-preview@example.org", password);

        var (status, page) = await browser.GetAsync($"/departments/t-preview?preview={recipient}");
        Assert.Equal(HttpStatusCode.OK, status);
        var text = BrowserClient.ById(page, "preview-text");
        Assert.NotNull(text);
        Assert.True(text.Contains("Veileder", StringComparison.Ordinal), text);
        Assert.DoesNotContain("<script>alert(1)", page, StringComparison.Ordinal);
        Assert.Contains($"src=\"/departments/t-preview/digest-preview/{recipient}\"", page, StringComparison.Ordinal);
        Assert.Contains("sandbox=\"\"", page, StringComparison.Ordinal);

        using (var frame = await browser.Http.GetAsync(new Uri($"/departments/t-preview/digest-preview/{recipient}", UriKind.Relative), TestContext.Current.CancellationToken))
        {
            var csp = frame.Headers.GetValues("Content-Security-Policy").Single();
            Assert.Contains("sandbox", csp, StringComparison.Ordinal);
            Assert.Contains("default-src 'none'", csp, StringComparison.Ordinal);
            Assert.Equal("SAMEORIGIN", frame.Headers.GetValues("X-Frame-Options").Single());
            var html = await frame.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
            Assert.Contains("Veileder", html, StringComparison.Ordinal);
            Assert.DoesNotContain("<script>alert(1)", html, StringComparison.Ordinal);
        }

        var sent = await browser.SubmitAsync("/departments/t-preview", new Dictionary<string, string> { ["recipientId"] = recipient }, "Test");
        Assert.Equal((HttpStatusCode.Redirect, "/departments/t-preview?done=test-sent"), (sent.Status, sent.Location));
        var mail = Assert.Single(await MailSink.WaitForAsync(1, address));
        Assert.StartsWith("[TEST]", mail.Header("Subject"), StringComparison.Ordinal);
        Assert.Equal("yes", mail.Header("X-AdvisoryWatch-Test"));
        Assert.Null(mail.Header("List-Unsubscribe"));
        await Task.Delay(500, TestContext.Current.CancellationToken);
        Assert.Single(MailSink.For(address));
        Assert.Equal(0, await app.WithDbAsync(db => db.Set<Digest>().CountAsync()));
        Assert.Equal(1, await app.WithDbAsync(db => db.Set<AuditEntry>().CountAsync(a => a.Action == "departments.test-message" && a.After!.Contains("sent"))));
    }

    internal static async Task<JsonElement> DepartmentAsync(RunningApp app, string id)
    {
        using var api = await AdminApiAsync(app);
        return await api.GetFromJsonAsync<JsonElement>($"/api/v1/departments/{id}", TestContext.Current.CancellationToken);
    }

    /// <summary>An Admin's API client for the HTTPS host (<see cref="RunningApp.Http"/> does not trust its certificate).</summary>
    internal static async Task<HttpClient> AdminApiAsync(RunningApp app)
    {
        var key = await app.KeyAsync(AccessRole.Admin, []);
        var client = new HttpClient(TestCertificate.TrustingHandler()) { BaseAddress = app.App.Addresses()[0] };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    internal static async Task ImportAsync(TestEnvironment env, string yaml)
    {
        var file = Path.Combine(Path.GetTempPath(), $"aw-departments-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(file, yaml, TestContext.Current.CancellationToken);
        try
        {
            var result = await TestEnvironment.CliAsync(["departments", "import", file, .. env.ConfigurationArgs(seeds: false)]);
            Assert.True(result.ExitCode == 0, result.Output + result.Error);
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>Departments with one email recipient and one daily subscription each.</summary>
    internal static string Departments(params (string Id, string Address)[] departments) =>
        "departments:\n" + string.Concat(departments.Select(d =>
            $"  - id: {d.Id}\n    name: Avdeling {d.Id}\n    language: nb\n    timeZone: Europe/Oslo\n    recipients:\n      - address: {d.Address}\n    subscriptions:\n      - cadence: daily 08:00\n"));
}
