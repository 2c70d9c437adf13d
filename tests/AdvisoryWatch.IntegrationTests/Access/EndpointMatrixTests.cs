using System.Net;
using AdvisoryWatch.Access;

namespace AdvisoryWatch.IntegrationTests.Access;

/// <summary>
/// Every endpoint of the real host, as its <c>EndpointDataSource</c> lists it: documented with who
/// may call it, closed to anonymous callers unless on the public list, and open to exactly the
/// roles docs/api.md names. An endpoint added later without a decision fails here.
/// </summary>
public class EndpointMatrixTests
{
    private const string FinanceDepartment = "oslo-finans";

    [Fact]
    public async Task Every_endpoint_is_documented_with_its_access_and_only_the_documented_public_list_allows_anonymous_callers()
    {
        await using var env = TestEnvironment.Create();
        await using var app = await env.StartAsync();
        var endpoints = EndpointCatalogue.Of(app.App);
        var documented = await EndpointCatalogue.DocumentedAsync();

        Assert.Contains(endpoints, e => e.Route == "/api/v1/sources");
        var mapped = endpoints.ToDictionary(e => (e.Method, e.Route), e => e.Access);
        Assert.Empty(mapped.Keys.Except(documented.Keys).Select(k => $"{k.Method} {k.Route}: mapped, not in docs/api.md"));
        Assert.Empty(documented.Keys.Except(mapped.Keys).Select(k => $"{k.Method} {k.Route}: in docs/api.md, not mapped"));
        Assert.Empty(mapped.Where(m => documented[m.Key] != m.Value).Select(m => $"{m.Key.Method} {m.Key.Route}: {m.Value}, documented as {documented[m.Key]}"));
    }

    [Fact]
    public async Task Anonymous_callers_get_401_problem_details_everywhere_but_the_public_list()
    {
        await using var env = TestEnvironment.Create();
        await using var app = await env.StartAsync();
        using var anonymous = app.Anonymous();
        var wrong = new List<string>();
        foreach (var endpoint in EndpointCatalogue.Of(app.App))
        {
            using var response = await SendAsync(anonymous, endpoint);
            if (endpoint.Access == EndpointCatalogue.Public)
            {
                if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
                {
                    wrong.Add($"{endpoint}: {(int)response.StatusCode}");
                }
            }
            else if (!endpoint.IsApi)
            {
                // A page sends a person to sign in rather than answering 401.
                if (response.RequestMessage?.RequestUri?.AbsolutePath != "/account/sign-in")
                {
                    wrong.Add($"{endpoint}: {(int)response.StatusCode} at {response.RequestMessage?.RequestUri}, should lead to the sign-in page");
                }
            }
            else if (response.StatusCode != HttpStatusCode.Unauthorized
                || response.Content.Headers.ContentType?.MediaType != "application/problem+json"
                || !response.Headers.WwwAuthenticate.ToString().StartsWith("Bearer", StringComparison.Ordinal))
            {
                wrong.Add($"{endpoint}: {(int)response.StatusCode} {response.Content.Headers.ContentType}");
            }
        }

        Assert.Empty(wrong);
    }

    [Fact]
    public async Task Each_role_gets_403_problem_details_below_the_documented_role_and_is_let_through_from_it()
    {
        await using var env = TestEnvironment.Create();
        await using var app = await env.StartAsync();
        var clients = new Dictionary<AccessRole, HttpClient>
        {
            [AccessRole.Reader] = await app.ClientAsync(AccessRole.Reader, FinanceDepartment),
            [AccessRole.Coordinator] = await app.ClientAsync(AccessRole.Coordinator, FinanceDepartment),
            [AccessRole.Admin] = app.Http,
        };
        var wrong = new List<string>();
        var refusals = 0;

        // Lower roles first: what an Admin call changes (re-applying rules) cannot hide a refusal.
        foreach (var (role, client) in clients.OrderBy(c => c.Key))
        {
            // Pages are for people with a session (AccountsTests); keys are for the API.
            foreach (var endpoint in EndpointCatalogue.Of(app.App).Where(e => e.IsApi))
            {
                using var response = await SendAsync(client, endpoint);
                var allowed = endpoint.Access == EndpointCatalogue.Public || role >= Enum.Parse<AccessRole>(endpoint.Access);
                if (allowed && response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
                {
                    wrong.Add($"{role} on {endpoint}: {(int)response.StatusCode}, should be let through");
                }
                else if (!allowed && (response.StatusCode != HttpStatusCode.Forbidden || response.Content.Headers.ContentType?.MediaType != "application/problem+json"))
                {
                    wrong.Add($"{role} on {endpoint}: {(int)response.StatusCode} {response.Content.Headers.ContentType}, should be 403 problem details");
                }

                refusals += allowed ? 0 : 1;
            }
        }

        Assert.Empty(wrong);

        // The matrix has both sides: some endpoints refuse the lower roles.
        Assert.True(refusals > 0);
    }

    internal static Task<HttpResponseMessage> SendAsync(HttpClient client, HostEndpoint endpoint)
    {
        var method = endpoint.Method == "ANY" ? HttpMethod.Get : new HttpMethod(endpoint.Method);
        var request = new HttpRequestMessage(method, new Uri(endpoint.SampleUrl, UriKind.Relative));
        if (method == HttpMethod.Post || method == HttpMethod.Put)
        {
            request.Content = new StringContent(endpoint.ContentType == "application/json" ? "{}" : "", new System.Net.Http.Headers.MediaTypeHeaderValue(endpoint.ContentType));
        }

        return client.SendAsync(request, TestContext.Current.CancellationToken);
    }
}
