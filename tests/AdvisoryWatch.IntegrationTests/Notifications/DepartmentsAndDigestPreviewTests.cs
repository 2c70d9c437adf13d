using System.Net.Http.Json;
using System.Text.Json;
using AdvisoryWatch.Notifications;
using Microsoft.EntityFrameworkCore;

namespace AdvisoryWatch.IntegrationTests.Notifications;

/// <summary>The coordinator's commands: departments in and out, and a look at the next digest.</summary>
public sealed class DepartmentsAndDigestPreviewTests
{
    [Fact]
    public async Task The_example_organisation_is_seeded_and_an_admin_import_survives_the_next_start()
    {
        await using var env = TestEnvironment.Create();
        await using (var app = await env.StartAsync())
        {
            var list = await app.Http.GetFromJsonAsync<JsonElement>("/api/v1/departments", TestContext.Current.CancellationToken);
            Assert.Equal(9, list.GetArrayLength());
        }

        var file = Path.Combine(env.DataDirectory, "mine.yaml");
        await File.WriteAllTextAsync(file, NotificationHarness.Department("oslo-finans", ["kari@test.example"], "      - topics: [tiktok, tiktak]\n        cadence: weekly monday 09:00"), TestContext.Current.CancellationToken);
        var import = await TestEnvironment.CliAsync(["departments", "import", file, .. env.ConfigurationArgs()]);
        Assert.True(import.ExitCode == 0, import.Error);
        Assert.Contains("0 added, 1 updated", import.Output, StringComparison.Ordinal);
        Assert.Contains("topic 'tiktak' is not in the topic rules", import.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("'tiktok'", import.Error, StringComparison.Ordinal);

        // A restart imports the seeds again; the admin's version of oslo-finans stays.
        await using (var app = await env.StartAsync())
        {
            var finans = await app.Http.GetFromJsonAsync<JsonElement>("/api/v1/departments/oslo-finans", TestContext.Current.CancellationToken);
            Assert.True(finans.GetProperty("adminOwned").GetBoolean());
            Assert.Equal("kari@test.example", finans.GetProperty("recipients")[0].GetProperty("address").GetString());
        }

        var export = await TestEnvironment.CliAsync(["departments", "export", .. env.ConfigurationArgs()]);
        Assert.Equal(0, export.ExitCode);
        Assert.Contains("cadence: weekly monday 09:00", export.Output, StringComparison.Ordinal);
        Assert.Contains("postmottak.oppvekst@oslo.example", export.Output, StringComparison.Ordinal);

        var list2 = await TestEnvironment.CliAsync(["departments", "list", .. env.ConfigurationArgs()]);
        Assert.Contains("oslo-byradsleder", list2.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_invalid_file_is_refused_whole_with_every_problem_listed()
    {
        await using var env = TestEnvironment.Create();
        var file = Path.Combine(Path.GetTempPath(), $"aw-bad-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(file, "departments:\n  - id: ok-one\n    name: Fine\n    recipients:\n      - address: a@test.example\n  - id: BAD\n    name: Broken\n    language: fr\n    recipients: []\n", TestContext.Current.CancellationToken);
        try
        {
            var result = await TestEnvironment.CliAsync(["departments", "import", file, .. env.ConfigurationArgs(seeds: false)]);
            Assert.Equal(1, result.ExitCode);
            Assert.Contains("3 problems", result.Error, StringComparison.Ordinal);
            var list = await TestEnvironment.CliAsync(["departments", "list", .. env.ConfigurationArgs(seeds: false)]);
            Assert.DoesNotContain("ok-one", list.Output, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Digest_preview_of_a_department_with_only_immediate_subscriptions_says_it_gets_no_digest()
    {
        await using var env = TestEnvironment.Create();
        var file = Path.Combine(Path.GetTempPath(), $"aw-immediate-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(
            file,
            NotificationHarness.Department("t-immediate", [NotificationHarness.Address()], "      - topics: [ransomware]\n        cadence: immediate\n      - minimumSeverity: urgent\n        cadence: immediate"),
            TestContext.Current.CancellationToken);
        try
        {
            var import = await TestEnvironment.CliAsync(["departments", "import", file, .. env.ConfigurationArgs(seeds: false)]);
            Assert.True(import.ExitCode == 0, import.Error);

            var preview = await TestEnvironment.CliAsync(["digest", "preview", "t-immediate", .. env.ConfigurationArgs(seeds: false)]);

            Assert.Equal(1, preview.ExitCode);
            Assert.Contains("t-immediate has no digest subscriptions: every subscription is immediate", preview.Error, StringComparison.Ordinal);
            Assert.DoesNotContain("Due:", preview.Output, StringComparison.Ordinal);
            Assert.DoesNotContain("Subject:", preview.Output, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Digest_preview_renders_the_queued_items_and_sends_nothing()
    {
        await using var h = await NotificationHarness.CreateAsync();
        var a = NotificationHarness.Address();
        await h.ImportAsync("sources:\n" + h.FeedSource("stub-nsm", "stub-nsm"));
        await h.ImportDepartmentsAsync(NotificationHarness.Department("t-preview", [a], "      - sources: [stub-nsm]\n        cadence: weekly friday 15:00"));
        await h.BaselineThenPublishAsync("stub-nsm", "Veileder om meldingsapper");
        await h.WaitForDeliveriesAsync("t-preview", r => r.Count == 1);
        await h.StopAsync();

        var html = Path.Combine(h.Env.DataDirectory, "preview.html");
        var result = await TestEnvironment.CliAsync(["digest", "preview", "t-preview", "--html", html, .. h.Env.ConfigurationArgs(seeds: false)]);
        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains($"To: {a}", result.Output, StringComparison.Ordinal);
        Assert.Contains("Veileder om meldingsapper", result.Output, StringComparison.Ordinal);
        Assert.Contains("Veileder om meldingsapper", await File.ReadAllTextAsync(html, TestContext.Current.CancellationToken), StringComparison.Ordinal);

        await h.StartAsync();
        Assert.Equal(0, await h.App!.WithDbAsync(db => db.Set<Digest>().CountAsync()));
        Assert.Empty(MailSink.For(a));

        var unknown = await TestEnvironment.CliAsync(["digest", "preview", "nobody", .. h.Env.ConfigurationArgs(seeds: false)]);
        Assert.Equal(1, unknown.ExitCode);
    }
}
