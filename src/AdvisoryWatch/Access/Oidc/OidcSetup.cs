using AdvisoryWatch.Hosting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace AdvisoryWatch.Access.Oidc;

/// <summary>
/// Sign-in with an OpenID Connect provider: authorisation code flow with PKCE, ending in the
/// session cookie. Registered only when <c>AdvisoryWatch:Auth:Oidc:Authority</c> is set.
/// </summary>
public static class OidcSetup
{
    /// <summary>The public page that starts a sign-in (<c>?returnUrl=/local/path</c>).</summary>
    public const string SignInPath = "/signin/oidc";

    public static AuthenticationBuilder AddOidc(this AuthenticationBuilder builder, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configuration);
        var services = builder.Services;
        services.AddOptions<OidcOptions>()
            .BindSection(OidcOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddScoped<IExternalSignInRecorder, NoExternalSignInRecorder>();

        // Whether the scheme exists is decided from the raw key: binding here would throw on a
        // malformed value before start-up could report every error at once.
        if (string.IsNullOrWhiteSpace(configuration[OidcOptions.Section + ":Authority"]))
        {
            return builder;
        }

        services.AddScoped<OidcSignInEvents>();
        builder.AddOpenIdConnect(AccessSchemes.Oidc, "OpenID Connect", _ => { });
        services.AddOptions<OpenIdConnectOptions>(AccessSchemes.Oidc).Configure<IOptions<OidcOptions>>((o, oidc) => Configure(o, oidc.Value));
        return builder;
    }

    private static void Configure(OpenIdConnectOptions o, OidcOptions settings)
    {
        o.Authority = settings.Authority;
        o.RequireHttpsMetadata = !(Uri.TryCreate(settings.Authority, UriKind.Absolute, out var authority) && OidcOptions.IsLoopback(authority));
        o.ClientId = settings.ClientId;
        o.ClientSecret = string.IsNullOrEmpty(settings.ClientSecret) ? null : settings.ClientSecret;
        o.ResponseType = OpenIdConnectResponseType.Code;
        o.UsePkce = true;
        o.ResponseMode = settings.ResponseMode == OidcResponseMode.Query ? OpenIdConnectResponseMode.Query : OpenIdConnectResponseMode.FormPost;
        o.Scope.Clear();
        foreach (var scope in OidcOptions.BaseScopes.Concat(settings.Scopes).Distinct(StringComparer.Ordinal))
        {
            o.Scope.Add(scope);
        }

        o.CallbackPath = OidcOptions.CallbackPath;
        o.SignInScheme = AccessSchemes.Session;

        // The claims are read as the provider names them (groups stays groups), and only the
        // mapping's result is kept: no tokens in the cookie, no user-info call.
        o.MapInboundClaims = false;
        o.SaveTokens = false;
        o.GetClaimsFromUserInfoEndpoint = false;

        // Otherwise every request to the provider carries the library's name and version.
        o.DisableTelemetry = true;
        o.EventsType = typeof(OidcSignInEvents);
    }

    /// <summary><c>GET /signin/oidc</c> (public) and the mapping API.</summary>
    public static WebApplication MapOidc(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapGet(SignInPath, (string? returnUrl, IOptions<OidcOptions> options) =>
            options.Value.Enabled
                ? Results.Challenge(new AuthenticationProperties { RedirectUri = LocalOrRoot(returnUrl) }, [AccessSchemes.Oidc])
                : Results.NotFound())
            .AllowAnonymous();
        app.MapOidcMappingsApi();
        return app;
    }

    /// <summary>A path on this site, else <c>/</c>: the sign-in must not send the browser elsewhere.</summary>
    internal static string LocalOrRoot(string? returnUrl) =>
        returnUrl is { Length: > 0 } url && url[0] == '/' && !url.StartsWith("//", StringComparison.Ordinal)
            && !url.StartsWith("/\\", StringComparison.Ordinal) && !url.Any(char.IsControl)
            ? url
            : "/";
}
