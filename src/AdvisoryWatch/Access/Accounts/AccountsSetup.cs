using AdvisoryWatch.Data;
using AdvisoryWatch.Hosting;
using AdvisoryWatch.Access.Accounts.Pages;
using AdvisoryWatch.Hosting.Web;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace AdvisoryWatch.Access.Accounts;

/// <summary>
/// Local accounts: ASP.NET Core Identity on the product's database, signing in to the session
/// cookie (<see cref="SessionSetup"/>), with lockout, sign-in limits, the password rules, an
/// optional authenticator app as second factor, and the server-rendered account pages.
/// </summary>
public static class AccountsSetup
{
    public static WebApplicationBuilder AddAccounts(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<AccountsOptions>().BindSection(AccountsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddKeyRing();

        services.AddIdentityCore<Account>(o =>
            {
                o.User.RequireUniqueEmail = true;

                // Asks IUserConfirmation: disabled accounts and accounts without a role cannot sign in.
                o.SignIn.RequireConfirmedAccount = true;

                // Length over composition: PasswordRules checks length and common passwords.
                o.Password.RequireDigit = false;
                o.Password.RequireLowercase = false;
                o.Password.RequireUppercase = false;
                o.Password.RequireNonAlphanumeric = false;
                o.Password.RequiredUniqueChars = 1;
                o.Password.RequiredLength = 1;
                o.Lockout.AllowedForNewUsers = true;
            })
            .AddEntityFrameworkStores<AdvisoryWatchDbContext>()
            .AddSignInManager()
            .AddClaimsPrincipalFactory<AccountClaimsFactory>()
            .AddPasswordValidator<PasswordRules>()
            .AddTokenProvider<DataProtectorTokenProvider<Account>>(TokenOptions.DefaultProvider)
            .AddTokenProvider<AuthenticatorTokenProvider<Account>>(TokenOptions.DefaultAuthenticatorProvider);
        services.AddOptions<IdentityOptions>().Configure<IOptions<AccountsOptions>>((o, accounts) =>
        {
            o.Lockout.MaxFailedAccessAttempts = accounts.Value.LockoutThreshold;
            o.Lockout.DefaultLockoutTimeSpan = accounts.Value.LockoutDuration;
        });
        services.AddOptions<DataProtectionTokenProviderOptions>().Configure<IOptions<AccountsOptions>>((o, accounts) =>
        {
            o.Name = "SetPassword";
            o.TokenLifespan = accounts.Value.SetPasswordLinkLifetime;
        });
        services.AddOptions<SecurityStampValidatorOptions>().Configure<IOptions<AccountsOptions>>((o, accounts) =>
            o.ValidationInterval = accounts.Value.SessionRevalidation);
        services.AddScoped<IUserConfirmation<Account>, AccountConfirmation>();
        services.AddScoped<AccountDirectory>();
        services.Replace(ServiceDescriptor.Scoped<Oidc.IExternalSignInRecorder, AccountSignInRecorder>());
        services.AddSingleton<SignInEvents>();
        services.AddSingleton<SignInThrottle>();
        services.AddRateLimiter(o => o.AddPolicy<string, SignInThrottle.AddressPolicy>(SignInThrottle.Policy));

        services.AddNavigation(new NavigationEntry("/account", typeof(AccountText), "YourAccount", AccessRole.Reader, 10, NavigationArea.Account));
        services.AddNavigation(new NavigationEntry("/account/sign-out", typeof(AccountText), "SignOut", AccessRole.Reader, 20, NavigationArea.Account) { IsPost = true });

        // Forms carry an antiforgery token, checked on every POST; its cookie is as strict as the session's.
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "__Host-AdvisoryWatch-Antiforgery";

            // Secure is added by the cookie policy below, for every cookie: antiforgery itself
            // refuses to run over plain HTTP when told Always, and http://localhost is a secure
            // context that browsers send Secure cookies to (LoopbackSecureContext).
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.Path = "/";
        });
        services.Configure<CookiePolicyOptions>(o => o.Secure = CookieSecurePolicy.Always);
        return builder;
    }
}
