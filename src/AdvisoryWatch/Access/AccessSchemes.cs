using Microsoft.AspNetCore.Identity;

namespace AdvisoryWatch.Access;

/// <summary>The authentication schemes. The default picks one per request from what it carries.</summary>
public static class AccessSchemes
{
    /// <summary>Forwards to <see cref="ApiKey"/> for a bearer credential, else to <see cref="Session"/>.</summary>
    public const string Default = "AdvisoryWatch";

    /// <summary><c>Authorization: Bearer aw_…</c>.</summary>
    public const string ApiKey = "ApiKey";

    /// <summary>
    /// The sign-in cookie, for local accounts and OpenID Connect alike. It is Identity's
    /// application scheme, so <c>SignInManager</c> signs in to it unchanged.
    /// </summary>
    public static readonly string Session = IdentityConstants.ApplicationScheme;

    /// <summary>
    /// Where a refusal goes: the API (and any bearer request) gets 401/403 with a problem-details
    /// body from <see cref="ApiKey"/>; pages get <see cref="Session"/>'s sign-in.
    /// </summary>
    public const string Challenge = "AdvisoryWatch.Challenge";

    /// <summary>The OpenID Connect challenge, registered only when a provider is configured.</summary>
    public const string Oidc = "Oidc";
}
