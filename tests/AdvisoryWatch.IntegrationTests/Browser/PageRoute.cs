using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Template;

namespace AdvisoryWatch.IntegrationTests.Browser;

/// <summary>A page of the real host: its route as the endpoint prints it, whether it needs parameters, and whether an anonymous visitor may see it.</summary>
public sealed class PageRoute
{
    private readonly TemplateMatcher _matcher;
    private readonly IReadOnlyList<(string Parameter, IRouteConstraint Constraint)> _constraints;

    public PageRoute(string route, bool anonymous, bool hasParameters, TemplateMatcher matcher, IReadOnlyList<(string, IRouteConstraint)> constraints)
    {
        Route = route;
        Anonymous = anonymous;
        HasParameters = hasParameters;
        _matcher = matcher;
        _constraints = constraints;
    }

    /// <summary>The route, e.g. <c>/advisories/{id:guid}</c>.</summary>
    public string Route { get; }

    public bool Anonymous { get; }

    public bool HasParameters { get; }

    /// <summary>A file-name-safe name: <c>/advisories/{id:guid}</c> → <c>advisories-id</c>, <c>/</c> → <c>home</c>.</summary>
    public string Name
    {
        get
        {
            var words = System.Text.RegularExpressions.Regex.Replace(Route, @"\{([^}:?=*]+)[^}]*\}", "$1");
            var name = string.Join('-', words.Split('/', StringSplitOptions.RemoveEmptyEntries));
            return name.Length == 0 ? "home" : name;
        }
    }

    /// <summary>Whether <paramref name="path"/> (no query) reaches this page, constraints included.</summary>
    public bool Matches(string path)
    {
        var values = new RouteValueDictionary();
        return _matcher.TryMatch(path, values)
            && _constraints.All(c => c.Constraint.Match(null, null, c.Parameter, values, RouteDirection.IncomingRequest));
    }

    public override string ToString() => Route;
}
