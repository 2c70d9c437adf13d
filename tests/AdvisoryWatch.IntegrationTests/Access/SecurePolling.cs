using System.Security;
using System.Text.RegularExpressions;
using AdvisoryWatch.Changes;
using AdvisoryWatch.IntegrationTests.Polling;
using Microsoft.EntityFrameworkCore;

namespace AdvisoryWatch.IntegrationTests.Access;

/// <summary>The pages' data through the real entry points: sources polled from the authority stub, departments imported, the host over HTTPS for a browser.</summary>
public static class SecurePolling
{
    /// <summary>A title no page or feed may render as markup (an Atom text title keeps it as text).</summary>
    public const string HostileTitle = "Signal <script>alert(1)</script><img src=x onerror=alert(1)>";

    /// <summary>An Atom feed whose titles and summaries are <c>type="text"</c>: stored as written, markup characters and all.</summary>
    public static string Atom(params (string Id, string Title, string Summary)[] entries) =>
        """<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Stub</title><id>urn:stub</id><updated>2026-11-02T08:00:00Z</updated>"""
        + string.Concat(entries.Select(e => $"""<entry><title type="text">{SecurityElement.Escape(e.Title)}</title><id>urn:stub:{e.Id}</id><link href="https://nsm.no/aktuelt/{e.Id}"/><updated>2026-11-02T08:00:00Z</updated><summary type="text">{SecurityElement.Escape(e.Summary)}</summary></entry>"""))
        + "</feed>";

    /// <summary>Starts the whole node over HTTPS and waits until it stored <paramref name="advisories"/> advisories.</summary>
    public static async Task<RunningApp> StartSecureAsync(this PollingHarness h, int advisories)
    {
        var app = await SecureHost.StartAsync(h.Env);
        for (var waited = 0; waited < 300; waited++)
        {
            if (await app.WithDbAsync(db => db.Set<Advisory>().CountAsync(TestContext.Current.CancellationToken)) >= advisories)
            {
                return app;
            }

            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        await app.DisposeAsync();
        throw new TimeoutException($"fewer than {advisories} advisories were stored within 30 s");
    }

    /// <summary>Imports departments (YAML) through <c>advisorywatch departments import</c>.</summary>
    public static async Task ImportDepartmentsAsync(this TestEnvironment env, string yaml)
    {
        var file = Path.Combine(env.DataDirectory, $"departments-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(file, yaml, TestContext.Current.CancellationToken);
        var result = await TestEnvironment.CliAsync(["departments", "import", file, .. env.ConfigurationArgs(seeds: false)]);
        Assert.True(result.ExitCode == 0, result.Output + result.Error);
    }

    /// <summary>The value of the input with this id, or null.</summary>
    public static string? InputValue(string page, string id) =>
        Regex.Match(page, $"id=\"{Regex.Escape(id)}\"[^>]*value=\"([^\"]*)\"") is { Success: true } m ? System.Net.WebUtility.HtmlDecode(m.Groups[1].Value) : null;
}
