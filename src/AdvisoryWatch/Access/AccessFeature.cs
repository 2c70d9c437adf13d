using AdvisoryWatch.Access.Accounts;
using AdvisoryWatch.Access.Admin;
using AdvisoryWatch.Access.ApiKeys;
using AdvisoryWatch.Access.Oidc;
using Microsoft.AspNetCore.Authorization;

namespace AdvisoryWatch.Access;

/// <summary>
/// Identity and authorisation: who is asking (an API key, or a session cookie from a local
/// account or an OpenID Connect provider) and what they may do. Each way of signing in adds its
/// own scheme and endpoints; they all put the same <see cref="AccessClaims"/> on the principal.
/// </summary>
public static class AccessFeature
{
    public static WebApplicationBuilder AddAccess(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var authentication = builder.Services.AddAuthentication(AccessSchemes.Default)
            .AddPolicyScheme(AccessSchemes.Default, "API key or session", o =>
            {
                o.ForwardDefaultSelector = context => HasBearer(context.Request) ? AccessSchemes.ApiKey : AccessSchemes.Session;
                o.ForwardChallenge = AccessSchemes.Challenge;
                o.ForwardForbid = AccessSchemes.Challenge;
            })
            .AddPolicyScheme(AccessSchemes.Challenge, "Refusal: problem details for the API, sign-in for pages", o =>
                o.ForwardDefaultSelector = context => IsApiRequest(context.Request) ? AccessSchemes.ApiKey : AccessSchemes.Session);
        authentication.AddApiKeys();
        authentication.AddSessions();
        authentication.AddOidc(builder.Configuration);
        builder.AddAccounts();
        builder.Services.AddAdministration();
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddScoped<CurrentActor>();

        // Closed by default: an endpoint without a policy of its own still needs a signed-in
        // principal with a role; only AllowAnonymous() opens one (docs/api.md lists them).
        builder.Services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder()
                .RequireAuthenticatedUser()
                .RequireRole(AccessPolicies.RolesFrom(AccessRole.Reader))
                .Build())
            .AddPolicy(AccessPolicies.Reader, p => p.RequireRole(AccessPolicies.RolesFrom(AccessRole.Reader)))
            .AddPolicy(AccessPolicies.Coordinator, p => p.RequireRole(AccessPolicies.RolesFrom(AccessRole.Coordinator)))
            .AddPolicy(AccessPolicies.Admin, p => p.RequireRole(AccessPolicies.RolesFrom(AccessRole.Admin)));
        builder.Services.AddApiDocument();
        return builder;
    }

    /// <summary>Authentication and authorisation in the pipeline, before any endpoint.</summary>
    public static WebApplication UseAccess(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseCookiePolicy();
        app.UseAuthentication();

        // After authentication, which names the key that the limit is counted for.
        app.UseRateLimiter();
        app.UseAuthorization();
        return app;
    }

    /// <summary>Maps the sign-in endpoints and the access administration API.</summary>
    public static WebApplication MapAccess(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapOidc();
        app.MapMe();
        app.MapApiDocument();
        return app;
    }

    private static bool HasBearer(HttpRequest request) =>
        request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase);

    /// <summary>A script or integration, which wants a status and a problem body, not a sign-in page.</summary>
    private static bool IsApiRequest(HttpRequest request) =>
        HasBearer(request)
        || request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase)
        || request.Path.StartsWithSegments("/openapi", StringComparison.OrdinalIgnoreCase);
}
