using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using AdvisoryWatch.Audit;
using AdvisoryWatch.Departments;
using AdvisoryWatch.Notifications.Escalation;
using AdvisoryWatch.Polling;
using AdvisoryWatch.Sources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AdvisoryWatch.IntegrationTests.Audit;

/// <summary>Every state change leaves who, what, when and the target; refusals are security events.</summary>
public class AuditLogTests
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task Saving_topic_rules_through_the_api_names_the_author_in_the_version_and_the_log(string provider)
    {
        await using var env = TestEnvironment.Create(provider);
        await using var app = await env.StartAsync(seeds: false);
        var yaml = (await app.Http.GetFromJsonAsync<RulesView>("/api/v1/topics/rules", Json, Ct))!.Yaml;

        using var content = new StringContent(yaml + "\n# tuned\n", Encoding.UTF8, "application/yaml");
        using var saved = await app.Http.PutAsync(new Uri("/api/v1/topics/rules?comment=tuned", UriKind.Relative), content, Ct);
        saved.EnsureSuccessStatusCode();
        var version = (await saved.Content.ReadFromJsonAsync<RulesView>(Json, Ct))!;

        Assert.False(string.IsNullOrEmpty(version.SavedBy), "a saved version names who saved it");
        var entry = await app.WithDbAsync(db => db.Set<AuditEntry>().SingleAsync(e => e.Action == "topics.rules-saved" && e.Actor != "system", Ct));
        Assert.Equal(version.SavedBy, entry.Actor);
        Assert.Equal("topic-rules", entry.Target);
        Assert.Equal($"version {version.Version - 1}", entry.Before);
        Assert.Equal($"version {version.Version}: tuned", entry.After);
    }

    [Fact]
    public async Task Command_line_changes_are_logged_as_the_os_user_and_audit_list_filters_them()
    {
        await using var env = TestEnvironment.Create();
        var file = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N") + ".yaml");
        await File.WriteAllTextAsync(file, """
            sources:
              - id: audit-feed
                name: Audit feed
                authority: Test
                country: NO
                language: nb
                kind: feed
                url: https://feeds.example.org/audit.xml
            """, Ct);
        try
        {
            var imported = await TestEnvironment.CliAsync(["sources", "import", file, .. env.ConfigurationArgs(seeds: false)]);
            Assert.Equal(0, imported.ExitCode);
            var reapplied = await TestEnvironment.CliAsync(["topics", "reapply", .. env.ConfigurationArgs(seeds: false)]);
            Assert.Equal(0, reapplied.ExitCode);

            var all = await TestEnvironment.CliAsync(["audit", "list", .. env.ConfigurationArgs(seeds: false)]);
            var bySource = await TestEnvironment.CliAsync(["audit", "list", "--target", "source:audit-feed", .. env.ConfigurationArgs(seeds: false)]);

            Assert.Equal(0, all.ExitCode);
            var actor = "cli:" + Environment.UserName;
            var line = Assert.Single(bySource.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.Contains(actor, line, StringComparison.Ordinal);
            Assert.Contains("sources.added", line, StringComparison.Ordinal);
            Assert.Contains("https://feeds.example.org/audit.xml", line, StringComparison.Ordinal);
            Assert.Contains("topics.reapplied", all.Output, StringComparison.Ordinal);
            Assert.DoesNotContain("topics.reapplied", bySource.Output, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Accounts_and_api_keys_made_and_changed_on_the_command_line_are_logged_without_secrets()
    {
        await using var env = TestEnvironment.Create();
        string[] config = env.ConfigurationArgs(seeds: false);
        var key = await TestEnvironment.CliAsync(["apikeys", "create", "--name", "nightly", "--role", "Admin", .. config]);
        Assert.Equal(0, key.ExitCode);
        Assert.Equal(0, (await TestEnvironment.CliAsync(["apikeys", "revoke", "nightly", .. config])).ExitCode);
        Assert.Equal(0, (await TestEnvironment.CliAsync(["users", "add", "--email", "frank@example.org", "--role", "Admin", .. config])).ExitCode);
        Assert.Equal(0, (await TestEnvironment.CliAsync(["users", "disable", "--email", "frank@example.org", .. config])).ExitCode);

        var log = (await TestEnvironment.CliAsync(["audit", "list", .. config])).Output;

        foreach (var action in new[] { "apikeys.created", "apikeys.revoked", "accounts.added", "accounts.disabled" })
        {
            Assert.Contains(action, log, StringComparison.Ordinal);
        }

        Assert.Contains("apikey:nightly", log, StringComparison.Ordinal);
        Assert.Contains("account:frank@example.org", log, StringComparison.Ordinal);
        Assert.Contains("cli:" + Environment.UserName, log, StringComparison.Ordinal);
        Assert.DoesNotContain(key.Output.Trim(), log, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task An_unsubscribe_is_logged_once_and_a_replayed_or_forged_token_logs_nothing(string provider)
    {
        await using var env = TestEnvironment.Create(provider);
        await using var app = await env.StartAsync();
        var recipient = await app.WithDbAsync(db => db.Set<Recipient>().FirstAsync(r => r.Channel == RecipientChannel.Email, Ct));
        var token = app.App.Services.GetRequiredService<LinkSigner>().Sign(LinkPurpose.Unsubscribe, recipient.Id);
        var path = new Uri("/unsubscribe/" + token, UriKind.Relative);

        Assert.Equal(HttpStatusCode.OK, (await app.Http.GetAsync(path, Ct)).StatusCode);
        Assert.Equal(0, await CountAsync(app, "recipients.unsubscribed"));

        Assert.Equal(HttpStatusCode.OK, (await app.Http.PostAsync(path, null, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.Http.PostAsync(path, null, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.Http.PostAsync(new Uri(path.OriginalString[..^2] + "AA", UriKind.Relative), null, Ct)).StatusCode);

        var entry = await app.WithDbAsync(db => db.Set<AuditEntry>().SingleAsync(e => e.Action == "recipients.unsubscribed", Ct));
        Assert.Equal("link:unsubscribe", entry.Actor);
        Assert.Equal($"recipient:{recipient.Id}", entry.Target);
        Assert.Contains(recipient.Address, entry.Before, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_fetch_the_private_address_guard_refuses_is_a_security_event_recorded_once_an_hour()
    {
        await using var env = TestEnvironment.Create();
        await using var app = await env.StartAsync(seeds: false);
        var source = new Source { Id = "inside", Name = "Inside", Authority = "Test", Country = "NO", Language = "nb", Url = "http://10.1.2.3/feed.xml", Kind = SourceKind.Feed };

        for (var i = 0; i < 3; i++)
        {
            await using var scope = app.App.Services.CreateAsyncScope();
            var result = await scope.ServiceProvider.GetRequiredService<SourcePoller>().PollAsync(source, conditional: false, Ct);
            Assert.IsType<PollResult.Failed>(result);
        }

        var entry = await app.WithDbAsync(db => db.Set<AuditEntry>().SingleAsync(e => e.Kind == AuditKind.Security, Ct));
        Assert.Equal("fetch.refused", entry.Action);
        Assert.Equal("source:inside", entry.Target);
        Assert.Equal("system", entry.Actor);
        Assert.Contains("10.1.2.3", entry.After, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_audit_api_filters_by_actor_target_and_kind_newest_first()
    {
        await using var env = TestEnvironment.Create();
        await using var app = await env.StartAsync(seeds: false);
        await app.WithDbAsync(async db =>
        {
            var at = DateTimeOffset.Parse("2026-12-01T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
            db.AddRange(
                AuditEntry.Create(at, AuditKind.Change, "user:a@example.org", "sources.updated", "source:one", "before", "after"),
                AuditEntry.Create(at.AddMinutes(1), AuditKind.Change, "user:b@example.org", "sources.updated", "source:two"),
                AuditEntry.Create(at.AddMinutes(2), AuditKind.Security, "system", "fetch.refused", "source:one"));
            return await db.SaveChangesAsync(Ct);
        });

        var byTarget = (await app.Http.GetFromJsonAsync<AuditPageView>("/api/v1/audit?target=source:one", Json, Ct))!;
        var byActor = (await app.Http.GetFromJsonAsync<AuditPageView>("/api/v1/audit?actor=user:b@example.org", Json, Ct))!;
        var security = (await app.Http.GetFromJsonAsync<AuditPageView>("/api/v1/audit?kind=security&target=source:one", Json, Ct))!;
        var badKind = await app.Http.GetAsync(new Uri("/api/v1/audit?kind=other", UriKind.Relative), Ct);

        Assert.Equal(["fetch.refused", "sources.updated"], byTarget.Items.Select(i => i.Action));
        Assert.Equal("source:two", Assert.Single(byActor.Items).Target);
        Assert.Equal("security", Assert.Single(security.Items).Kind);
        Assert.Equal(HttpStatusCode.BadRequest, badKind.StatusCode);
    }

    private static Task<int> CountAsync(RunningApp app, string action) =>
        app.WithDbAsync(db => db.Set<AuditEntry>().CountAsync(e => e.Action == action, Ct));

    private sealed record RulesView(int Version, string? SavedBy, string? Comment, string Yaml);
}
