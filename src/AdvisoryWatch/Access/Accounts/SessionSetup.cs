using Microsoft.AspNetCore.Authentication;

namespace AdvisoryWatch.Access.Accounts;

public static class SessionSetup
{
    /// <summary>The session cookie every interactive sign-in ends in.</summary>
    public static AuthenticationBuilder AddSessions(this AuthenticationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddCookie(AccessSchemes.Session, o =>
        {
            o.Cookie.Name = "__Host-AdvisoryWatch";
            o.Cookie.SecurePolicy = CookieSecurePolicy.Always;
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.Cookie.Path = "/";
        });
        return builder;
    }
}
