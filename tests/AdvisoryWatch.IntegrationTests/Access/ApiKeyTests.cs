using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AdvisoryWatch.Access;
using AdvisoryWatch.Access.ApiKeys;
using Microsoft.EntityFrameworkCore;

namespace AdvisoryWatch.IntegrationTests.Access;

/// <summary>API keys through their real paths: <c>apikeys</c> on the command line, a bearer header on HTTP.</summary>
public class ApiKeyTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task Apikeys_create_prints_the_key_once_the_database_keeps_its_hash_and_revoke_refuses_it_at_the_next_request(string provider)
    {
        await using var env = TestEnvironment.Create(provider);
        string[] config = [.. env.ConfigurationArgs()];
        await using var app = await env.StartAsync();

        var made = await TestEnvironment.CliAsync(["apikeys", "create", "--name", "nightly-report", "--role", "reader", "--department", "oslo-finans", "--expires", "2099-12-31", .. config]);
        Assert.Equal(0, made.ExitCode);
        var key = made.Output.Trim();
        Assert.Matches("^aw_[A-Za-z0-9_-]{43}$", key);
        Assert.Contains("shown only this once", made.Error, StringComparison.Ordinal);

        var stored = await app.WithDbAsync(db => db.Set<ApiKey>().AsNoTracking().SingleAsync(k => k.Name == "nightly-report", Ct));
        Assert.Equal(ApiKeySecret.Hash(key), stored.Hash);
        Assert.Equal(AccessRole.Reader, stored.Role);
        Assert.Equal(["oslo-finans"], stored.Departments);
        Assert.Equal(new DateTimeOffset(2100, 1, 1, 0, 0, 0, TimeSpan.Zero), stored.ExpiresAtUtc);
        Assert.StartsWith("cli:", stored.CreatedBy, StringComparison.Ordinal);
        Assert.DoesNotContain(key[10..], JsonSerializer.Serialize(stored), StringComparison.Ordinal);

        using var client = app.Client(key);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/api/v1/sources", UriKind.Relative), Ct)).StatusCode);

        var list = await TestEnvironment.CliAsync(["apikeys", "list", .. config]);
        Assert.Equal(0, list.ExitCode);
        var line = Assert.Single(list.Output.Split('\n'), l => l.StartsWith("nightly-report", StringComparison.Ordinal));
        Assert.Contains(key[..9], line, StringComparison.Ordinal);
        Assert.DoesNotContain(key, list.Output, StringComparison.Ordinal);
        Assert.Contains("active", line, StringComparison.Ordinal);

        var revoked = await TestEnvironment.CliAsync(["apikeys", "revoke", "nightly-report", .. config]);
        Assert.Equal(0, revoked.ExitCode);
        using var refused = await client.GetAsync(new Uri("/api/v1/sources", UriKind.Relative), Ct);
        await AssertUnauthorizedAsync(refused, "revoked");
        Assert.Contains("revoked", (await TestEnvironment.CliAsync(["apikeys", "list", .. config])).Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Apikeys_create_refuses_a_taken_name_an_unknown_department_departments_on_an_admin_key_and_a_past_expiry()
    {
        await using var env = TestEnvironment.Create();
        string[] config = [.. env.ConfigurationArgs()];
        await using (await env.StartAsync())
        {
            // The seed departments are imported by the service.
        }

        Assert.Equal(0, (await TestEnvironment.CliAsync(["apikeys", "create", "--name", "taken", "--role", "Admin", .. config])).ExitCode);
        (string[] Args, string Problem)[] cases =
        [
            (["--name", "taken", "--role", "Admin"], "exists"),
            (["--name", "x", "--role", "Reader", "--department", "no-such-department"], "no department 'no-such-department'"),
            (["--name", "y", "--role", "Admin", "--department", "oslo-finans"], "covers every department"),
            (["--name", "z", "--role", "Reader", "--expires", "2001-01-01"], "not in the future"),
            (["--name", "w", "--role", "Owner"], "--role"),
            (["--name", "has space", "--role", "Reader"], "--name"),
        ];
        foreach (var (args, problem) in cases)
        {
            var result = await TestEnvironment.CliAsync(["apikeys", "create", .. args, .. config]);
            Assert.Equal(1, result.ExitCode);
            Assert.Contains(problem, result.Error, StringComparison.Ordinal);
            Assert.Equal("", result.Output);
        }

        // The header, "taken" and the harness's own Admin key: nothing refused was stored.
        var list = await TestEnvironment.CliAsync(["apikeys", "list", .. config]);
        Assert.Equal(3, list.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Equal(1, (await TestEnvironment.CliAsync(["apikeys", "revoke", "no-such-key", .. config])).ExitCode);
        var invalid = await TestEnvironment.CliAsync(["apikeys", "list", "--AdvisoryWatch:Auth:ApiKeys:RateLimit=0", .. config]);
        Assert.Equal(2, invalid.ExitCode);
        Assert.Contains("RateLimit", invalid.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_or_malformed_key_is_refused_with_401_problem_details()
    {
        await using var env = TestEnvironment.Create();
        await using var app = await env.StartAsync(seeds: false);
        foreach (var key in (string[])[ApiKeySecret.New(), "not-a-key", "aw_short"])
        {
            using var client = app.Client(key);
            using var response = await client.GetAsync(new Uri("/api/v1/sources", UriKind.Relative), Ct);
            await AssertUnauthorizedAsync(response, "not");
        }
    }

    [Fact]
    public async Task An_expired_key_is_refused_with_401_from_its_expiry_on()
    {
        var clock = new ShiftedClock();
        await using var env = TestEnvironment.Create();
        await using var app = await env.StartAsync(seeds: false, time: clock);
        using var client = app.Client(await app.KeyAsync(AccessRole.Reader, [], clock.GetUtcNow().AddHours(1)));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/api/v1/sources", UriKind.Relative), Ct)).StatusCode);

        clock.Offset = TimeSpan.FromHours(1);
        using var refused = await client.GetAsync(new Uri("/api/v1/sources", UriKind.Relative), Ct);
        await AssertUnauthorizedAsync(refused, "expired");
    }

    [Fact]
    public async Task The_last_used_time_is_written_at_most_once_a_minute()
    {
        var clock = new ShiftedClock();
        await using var env = TestEnvironment.Create();
        await using var app = await env.StartAsync(seeds: false, time: clock);
        using var client = app.Client(await app.KeyAsync(AccessRole.Reader, [], name: "watched"));
        Assert.Null(await LastUsedAsync(app));

        var first = clock.GetUtcNow();
        await client.GetAsync(new Uri("/api/v1/sources", UriKind.Relative), Ct);
        var recorded = await LastUsedAsync(app);
        Assert.NotNull(recorded);
        Assert.InRange(recorded.Value, first, first.AddSeconds(5));

        clock.Offset = TimeSpan.FromSeconds(50);
        await client.GetAsync(new Uri("/api/v1/sources", UriKind.Relative), Ct);
        Assert.Equal(recorded, await LastUsedAsync(app));

        clock.Offset = TimeSpan.FromSeconds(70);
        await client.GetAsync(new Uri("/api/v1/sources", UriKind.Relative), Ct);
        Assert.True(await LastUsedAsync(app) >= first.AddSeconds(70));
    }

    [Fact]
    public async Task Each_key_is_rate_limited_on_its_own_with_429_and_retry_after()
    {
        await using var env = TestEnvironment.Create();
        env.Settings["AdvisoryWatch:Auth:ApiKeys:RateLimit"] = "3";
        env.Settings["AdvisoryWatch:Auth:ApiKeys:RateLimitWindow"] = "00:10:00";
        await using var app = await env.StartAsync(seeds: false);
        using var busy = await app.ClientAsync(AccessRole.Reader);
        using var other = await app.ClientAsync(AccessRole.Reader);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await busy.GetAsync(new Uri("/api/v1/sources", UriKind.Relative), Ct)).StatusCode);
        }

        using var limited = await busy.GetAsync(new Uri("/api/v1/sources", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal("application/problem+json", limited.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(limited.Headers.RetryAfter);
        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync(new Uri("/api/v1/sources", UriKind.Relative), Ct)).StatusCode);
    }

    [Fact]
    public async Task The_openapi_document_needs_a_reader_and_lists_every_api_endpoint_with_the_bearer_scheme()
    {
        await using var env = TestEnvironment.Create();
        await using var app = await env.StartAsync(seeds: false);
        using var anonymous = app.Anonymous();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(new Uri("/openapi/v1.json", UriKind.Relative), Ct)).StatusCode);
        using var reader = await app.ClientAsync(AccessRole.Reader);
        var document = await reader.GetFromJsonAsync<JsonElement>("/openapi/v1.json", Ct);

        var scheme = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("bearer");
        Assert.Equal("http", scheme.GetProperty("type").GetString());
        Assert.Equal("bearer", scheme.GetProperty("scheme").GetString());
        var paths = document.GetProperty("paths").EnumerateObject().ToDictionary(p => p.Name.Length > 1 ? p.Name.TrimEnd('/') : p.Name, p => p.Value);
        var api = EndpointCatalogue.Of(app.App).Where(e => e.Route.StartsWith("/api/v1/", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(api);
        var missing = new List<string>();
        foreach (var endpoint in api)
        {
            if (!paths.TryGetValue(endpoint.Route, out var path) || !path.TryGetProperty(endpoint.Method.ToLowerInvariant(), out var operation))
            {
                missing.Add($"{endpoint}: not in the document");
            }
            else if (!operation.TryGetProperty("security", out var security)
                || !security.EnumerateArray().Any(requirement => requirement.TryGetProperty("bearer", out _)))
            {
                missing.Add($"{endpoint}: no bearer security requirement");
            }
        }

        Assert.Empty(missing);
    }

    private static Task<DateTimeOffset?> LastUsedAsync(RunningApp app) =>
        app.WithDbAsync(db => db.Set<ApiKey>().AsNoTracking().Where(k => k.Name == "watched").Select(k => k.LastUsedAtUtc).SingleAsync(Ct));

    private static async Task AssertUnauthorizedAsync(HttpResponseMessage response, string detail)
    {
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(401, problem.GetProperty("status").GetInt32());
        Assert.Contains(detail, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }
}
