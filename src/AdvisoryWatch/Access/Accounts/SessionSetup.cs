using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace AdvisoryWatch.Access.Accounts;

public static class SessionSetup
{
    /// <summary>Where an interactive request without a session is sent.</summary>
    public const string SignInPath = "/account/sign-in";

    /// <summary>
    /// The session cookie every interactive sign-in ends in, and Identity's short-lived cookies
    /// beside it: the account half-way through a second factor, and the external sign-in (for
    /// OpenID Connect) before it becomes a session. All <c>__Host-</c>: Secure, no Domain, path /.
    /// </summary>
    public static AuthenticationBuilder AddSessions(this AuthenticationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddCookie(AccessSchemes.Session, o =>
        {
            Harden(o.Cookie, "__Host-AdvisoryWatch");
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.LoginPath = SignInPath;
            o.LogoutPath = "/account/sign-out";
            o.SlidingExpiration = true;
            o.Events = new CookieAuthenticationEvents
            {
                // Role, departments and the disabled flag are read again from the account.
                OnValidatePrincipal = SecurityStampValidator.ValidatePrincipalAsync,

                // A script asking the API is told, not sent to a page.
                OnRedirectToLogin = context => Answer(context, StatusCodes.Status401Unauthorized),
                OnRedirectToAccessDenied = context => Answer(context, StatusCodes.Status403Forbidden, always: true),
            };
        });
        builder.AddCookie(IdentityConstants.TwoFactorUserIdScheme, o =>
        {
            Harden(o.Cookie, "__Host-AdvisoryWatch-SecondFactor");
            o.ExpireTimeSpan = TimeSpan.FromMinutes(5);
        });

        // Never issued (a second factor is asked at every sign-in), but SignInManager asks it.
        builder.AddCookie(IdentityConstants.TwoFactorRememberMeScheme, o =>
        {
            Harden(o.Cookie, "__Host-AdvisoryWatch-Remember");
            o.Events = new CookieAuthenticationEvents { OnValidatePrincipal = SecurityStampValidator.ValidateAsync<ITwoFactorSecurityStampValidator> };
        });
        builder.AddCookie(IdentityConstants.ExternalScheme, o =>
        {
            Harden(o.Cookie, "__Host-AdvisoryWatch-External");

            // Set on the way back from the provider, a cross-site navigation.
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.ExpireTimeSpan = TimeSpan.FromMinutes(5);
        });
        builder.Services.AddOptions<CookieAuthenticationOptions>(AccessSchemes.Session)
            .Configure<IOptions<AccountsOptions>>((o, accounts) => o.ExpireTimeSpan = accounts.Value.SessionLifetime);
        return builder;
    }

    private static void Harden(CookieBuilder cookie, string name)
    {
        cookie.Name = name;
        cookie.SecurePolicy = CookieSecurePolicy.Always;
        cookie.HttpOnly = true;
        cookie.SameSite = SameSiteMode.Strict;
        cookie.Path = "/";
    }

    private static Task Answer(RedirectContext<CookieAuthenticationOptions> context, int status, bool always = false)
    {
        if (always || context.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase))
        {
            context.Response.StatusCode = status;
        }
        else
        {
            context.Response.Redirect(context.RedirectUri);
        }

        return Task.CompletedTask;
    }
}
