using System.Security.Claims;

namespace AdvisoryWatch.Access;

/// <summary>
/// The claims every way of signing in (local account, OpenID Connect, API key) puts on the
/// principal, so that authorisation reads one shape whatever the credential.
/// </summary>
public static class AccessClaims
{
    /// <summary>The role, as the name of an <see cref="AccessRole"/>; one per principal.</summary>
    public const string Role = ClaimTypes.Role;

    /// <summary>A department the principal belongs to (its id); one claim per department. Admins need none.</summary>
    public const string Department = "aw:department";

    /// <summary>Who acts, as the audit log names it: <c>user:ADDRESS</c>, <c>apikey:NAME</c>.</summary>
    public const string Actor = "aw:actor";
}
