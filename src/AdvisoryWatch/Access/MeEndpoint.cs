namespace AdvisoryWatch.Access;

/// <summary><c>GET /api/v1/me</c>: who the request is signed in as, and what it may touch.</summary>
public static class MeEndpoint
{
    public sealed record MeResponse(string Actor, string Role, IReadOnlyList<string> Departments);

    public static WebApplication MapMe(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapGet("/api/v1/me", (HttpContext context) =>
            Actor.From(context.User) is { } actor
                ? Results.Ok(new MeResponse(actor.Name, actor.Role.ToString(), [.. actor.Departments.Order(StringComparer.Ordinal)]))
                : Results.Forbid())
            .RequireReader();
        return app;
    }
}
