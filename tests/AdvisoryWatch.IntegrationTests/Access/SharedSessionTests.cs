using System.Net;
using AdvisoryWatch.IntegrationTests.Hosting;

namespace AdvisoryWatch.IntegrationTests.Access;

/// <summary>
/// Scenario W1: two web nodes behind a load balancer on one PostgreSQL database. Each node is a
/// process with its own home and data directories, as on its own machine, so nothing but the
/// database is shared between them.
/// </summary>
public class SharedSessionTests
{
    [Fact]
    public async Task A_session_and_a_form_from_one_node_are_accepted_by_another_and_after_both_restart()
    {
        await using var env = TestEnvironment.Create("Postgres");
        var ct = TestContext.Current.CancellationToken;
        var password = await env.AddUserAsync("w1@example.org", "Reader");

        var a = await StartNodeAsync(env, "a", ct);
        var b = await StartNodeAsync(env, "b", ct);
        try
        {
            // One browser: cookies belong to the host, whichever node (port) answers.
            var cookies = new CookieContainer();
            using var onA = new BrowserClient(a.BaseAddress, cookies);
            Assert.Equal(HttpStatusCode.Redirect, (await onA.SignInAsync("w1@example.org", password)).Status);
            var (_, formA) = await onA.GetAsync("/account/authenticator");
            var (_, signOutA) = await onA.GetAsync("/account/sign-out");

            using (var onB = new BrowserClient(b.BaseAddress, cookies))
            {
                Assert.Equal(HttpStatusCode.OK, (await onB.GetAsync("/api/v1/me")).Status);
                var posted = await onB.PostAsync("/account/authenticator?handler=Start", new Dictionary<string, string>(), BrowserClient.AntiforgeryToken(formA));
                Assert.True(posted.Status == HttpStatusCode.Redirect, $"POST on B with A's form: {posted.Status}\n{posted.Body}");
            }

            await a.DisposeAsync();
            await b.DisposeAsync();
            a = await StartNodeAsync(env, "a", ct);
            b = await StartNodeAsync(env, "b", ct);

            using var afterA = new BrowserClient(a.BaseAddress, cookies);
            using var afterB = new BrowserClient(b.BaseAddress, cookies);
            Assert.Equal(HttpStatusCode.OK, (await afterA.GetAsync("/api/v1/me")).Status);
            Assert.Equal(HttpStatusCode.OK, (await afterB.GetAsync("/api/v1/me")).Status);

            // The form A gave before the restart still posts, on B.
            var signedOut = await afterB.PostAsync("/account/sign-out", new Dictionary<string, string>(), BrowserClient.AntiforgeryToken(signOutA));
            Assert.True(signedOut.Status == HttpStatusCode.Redirect, $"sign-out on B with A's form after restart: {signedOut.Status}\n{signedOut.Body}");
            Assert.Equal(HttpStatusCode.Unauthorized, (await afterA.GetAsync("/api/v1/me")).Status);
        }
        finally
        {
            await a.DisposeAsync();
            await b.DisposeAsync();
        }
    }

    private static async Task<AppProcess> StartNodeAsync(TestEnvironment env, string name, CancellationToken ct)
    {
        var home = Path.Combine(env.DataDirectory, "home-" + name);
        var data = Path.Combine(env.DataDirectory, "data-" + name);
        Directory.CreateDirectory(home);
        var node = await AppProcess.StartAsync(
            ["--data", data, .. env.Configuration(seeds: false).Select(kv => $"--{kv.Key}={kv.Value}")],
            https: true,
            new Dictionary<string, string> { ["HOME"] = home });
        await node.WaitUntilReadyAsync(ct);
        return node;
    }
}
