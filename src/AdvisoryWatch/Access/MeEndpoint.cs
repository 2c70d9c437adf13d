namespace AdvisoryWatch.Access;

/// <summary>Who the caller is, as authorisation sees it.</summary>
public sealed record MeView(string Name, string Role, IReadOnlyList<string> Departments);

public static class MeEndpoint
{
    /// <summary><c>GET /api/v1/me</c>: the caller's actor name, role and departments.</summary>
    public static WebApplication MapMe(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapGet("/api/v1/me", (HttpContext http) =>
            Actor.From(http.User) is { } actor
                ? Results.Ok(new MeView(actor.Name, actor.Role.ToString(), [.. actor.Departments.Order(StringComparer.Ordinal)]))
                : Results.Forbid())
            .RequireReader();
        return app;
    }
}
