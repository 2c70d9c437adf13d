using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace AdvisoryWatch.Access.Accounts;

/// <summary>
/// Puts the <see cref="AccessClaims"/> on a signed-in account's principal: its role, its
/// departments and its actor name. Run at sign-in and again at every session check, so a changed
/// role or department applies to open sessions.
/// </summary>
internal sealed class AccountClaimsFactory(UserManager<Account> users, IOptions<IdentityOptions> options, AccountDirectory directory)
    : UserClaimsPrincipalFactory<Account>(users, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(Account user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(AccessClaims.Actor, ActorName(user)));
        if (user.Role is { } role && !user.Disabled)
        {
            identity.AddClaim(new Claim(AccessClaims.Role, role.ToString()));
            foreach (var department in (await directory.DepartmentIdsAsync(user.Id, CancellationToken.None)).Order(StringComparer.Ordinal))
            {
                identity.AddClaim(new Claim(AccessClaims.Department, department));
            }
        }

        return identity;
    }

    /// <summary>How the audit log names an account.</summary>
    internal static string ActorName(Account user) => "user:" + user.Email;
}
