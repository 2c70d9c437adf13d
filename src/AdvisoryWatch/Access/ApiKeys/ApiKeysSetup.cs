using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace AdvisoryWatch.Access.ApiKeys;

public static class ApiKeysSetup
{
    /// <summary>The bearer-key scheme the default scheme forwards to.</summary>
    public static AuthenticationBuilder AddApiKeys(this AuthenticationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddScheme<AuthenticationSchemeOptions, ApiKeyHandler>(AccessSchemes.ApiKey, null);
    }

    // Placeholder until keys are stored: recognises no key.
    private sealed class ApiKeyHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
        : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
    {
        protected override Task<AuthenticateResult> HandleAuthenticateAsync() => Task.FromResult(AuthenticateResult.NoResult());
    }
}
