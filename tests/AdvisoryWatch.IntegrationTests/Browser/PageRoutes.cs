using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Template;
using Microsoft.Extensions.DependencyInjection;

namespace AdvisoryWatch.IntegrationTests.Browser;

/// <summary>Every page the running host serves, read from its endpoints: pages added later are found without a list to keep.</summary>
public static class PageRoutes
{
    public static IReadOnlyList<PageRoute> Of(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var constraints = app.Services.GetRequiredService<IInlineConstraintResolver>();
        return [.. app.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<PageActionDescriptor>() is not null)
            .Select(e => (Endpoint: e, Route: Access.EndpointCatalogue.Route(e.RoutePattern)))
            .Where(e => !e.Route.StartsWith("/api/", StringComparison.Ordinal))
            .DistinctBy(e => e.Route)
            .OrderBy(e => e.Route, StringComparer.Ordinal)
            .Select(e => new PageRoute(
                e.Route,
                e.Endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null,
                e.Endpoint.RoutePattern.Parameters.Count > 0,
                new TemplateMatcher(new RouteTemplate(e.Endpoint.RoutePattern), new RouteValueDictionary(e.Endpoint.RoutePattern.Defaults)),
                [.. e.Endpoint.RoutePattern.ParameterPolicies.SelectMany(p => p.Value
                    .Where(policy => policy.Content is not null)
                    .Select(policy => (p.Key, constraints.ResolveConstraint(policy.Content!)))
                    .Where(c => c.Item2 is not null)
                    .Select(c => (c.Key, c.Item2!)))]))];
    }
}
