using System.Text.RegularExpressions;
using AdvisoryWatch.Access;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;

namespace AdvisoryWatch.IntegrationTests.Access;

/// <summary>One endpoint of the real host: method, route, who may call it, and a URL that reaches it.</summary>
/// <param name="ContentType">What its body must be: routing answers 415 for another type before authorisation runs.</param>
public sealed record HostEndpoint(string Method, string Route, string Access, string SampleUrl, string ContentType)
{
    /// <summary>An endpoint for programs (JSON, problem details), not a page for people.</summary>
    public bool IsApi => Route.StartsWith("/api/", StringComparison.Ordinal) || Route.StartsWith("/openapi/", StringComparison.Ordinal);

    public override string ToString() => $"{Method} {Route} ({Access})";
}

/// <summary>The endpoints the running host maps, and the table of docs/api.md that documents them.</summary>
public static partial class EndpointCatalogue
{
    public const string Public = "public";

    /// <summary>Every route endpoint from the host's <see cref="EndpointDataSource"/>, one per method.</summary>
    public static IReadOnlyList<HostEndpoint> Of(WebApplication app) =>
        [.. app.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["ANY"])
                .Select(m => new HostEndpoint(m, Route(e.RoutePattern), AccessOf(e), SampleUrl(e.RoutePattern), e.Metadata.GetMetadata<IAcceptsMetadata>()?.ContentTypes is [var accepted, ..] ? accepted : "text/plain")))
            .OrderBy(e => e.Route, StringComparer.Ordinal).ThenBy(e => e.Method, StringComparer.Ordinal)];

    /// <summary>The rows of the "Who may call what" table: (method, route) → access.</summary>
    public static async Task<Dictionary<(string Method, string Route), string>> DocumentedAsync()
    {
        var text = await File.ReadAllTextAsync(Path.Combine(RepoRoot(), "docs", "api.md"), TestContext.Current.CancellationToken);
        return DocumentedRow().Matches(text).ToDictionary(m => (m.Groups["method"].Value, m.Groups["route"].Value), m => m.Groups["access"].Value);
    }

    private static string AccessOf(Endpoint endpoint)
    {
        if (endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null)
        {
            return Public;
        }

        // Without a policy of its own, the fallback policy applies: any role.
        var roles = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>()
            .Select(a => a.Policy is { } p ? Enum.Parse<AccessRole>(p) : AccessRole.Reader)
            .DefaultIfEmpty(AccessRole.Reader);
        return roles.Max().ToString();
    }

    /// <summary>The route with parameter names only (<c>/api/v1/advisories/{id}</c>), without a trailing slash.</summary>
    public static string Route(RoutePattern pattern) =>
        Render(pattern, p => "{" + p.Name + "}");

    private static string SampleUrl(RoutePattern pattern) =>
        Render(pattern, p => p.Name == "documentName" ? "v1"
            : p.ParameterPolicies.Any(policy => policy.Content == "guid") ? Guid.NewGuid().ToString()
            : "matrix-probe");

    private static string Render(RoutePattern pattern, Func<RoutePatternParameterPart, string> parameter)
    {
        var path = "/" + string.Join('/', pattern.PathSegments.Select(s => string.Concat(s.Parts.Select(part => part switch
        {
            RoutePatternLiteralPart literal => literal.Content,
            RoutePatternSeparatorPart separator => separator.Content,
            RoutePatternParameterPart p => parameter(p),
            _ => throw new InvalidOperationException("unexpected route part"),
        }))));
        return path.Length > 1 ? path.TrimEnd('/') : path;
    }

    /// <summary>The folder that holds AdvisoryWatch.sln.</summary>
    public static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "AdvisoryWatch.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("AdvisoryWatch.sln not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex(@"^\| `(?<method>[A-Z]+)` \| `(?<route>[^`]+)` \| (?<access>public|Reader|Coordinator|Admin) \|", RegexOptions.Multiline)]
    private static partial Regex DocumentedRow();
}
