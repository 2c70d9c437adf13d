using AdvisoryWatch.Access.Accounts;
using AdvisoryWatch.Access.ApiKeys;

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
                o.ForwardDefaultSelector = context =>
                    context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                        ? AccessSchemes.ApiKey
                        : AccessSchemes.Session);
        authentication.AddApiKeys();
        authentication.AddSessions();
        builder.AddAccounts();

        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(AccessPolicies.Reader, p => p.RequireRole(AccessPolicies.RolesFrom(AccessRole.Reader)))
            .AddPolicy(AccessPolicies.Coordinator, p => p.RequireRole(AccessPolicies.RolesFrom(AccessRole.Coordinator)))
            .AddPolicy(AccessPolicies.Admin, p => p.RequireRole(AccessPolicies.RolesFrom(AccessRole.Admin)));
        return builder;
    }

    /// <summary>Authentication and authorisation in the pipeline, before any endpoint.</summary>
    public static WebApplication UseAccess(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        return app;
    }

    /// <summary>Maps the sign-in endpoints and the access administration API.</summary>
    public static WebApplication MapAccess(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapAccounts();
        app.MapMe();
        return app;
    }
}
