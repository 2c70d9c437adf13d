using System.Security.Claims;
using AdvisoryWatch.Access.Oidc;
using AdvisoryWatch.Audit;
using Microsoft.AspNetCore.Identity;

namespace AdvisoryWatch.Access.Accounts;

/// <summary>
/// Keeps an account for each person who signs in through the OpenID Connect provider, with the
/// role and departments the mapping gives at this sign-in, and signs them in as that account: the
/// session then carries the account's security stamp, so it is revalidated like a local one and
/// ends when the account is disabled. Refusals go to the audit log as security events.
/// </summary>
internal sealed class AccountSignInRecorder(AccountDirectory directory, SignInManager<Account> signIn, SecurityEvents security) : IExternalSignInRecorder
{
    public async Task<ClaimsPrincipal?> SignedInAsync(ExternalSignIn external, ClaimsPrincipal principal, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(external);
        var result = await directory.UpsertExternalAsync(external.Issuer, external.Subject, external.Address, external.Role, external.Departments, cancellationToken);
        if (result.Account is not { } account || !await signIn.CanSignInAsync(account))
        {
            await security.RecordAsync(Actor(external.Address), "sign-in.refused", "account:" + external.Address, $"OpenID Connect: {result.Outcome}", cancellationToken);
            return null;
        }

        await directory.RecordSignInAsync(account.Id, cancellationToken);
        return await signIn.CreateUserPrincipalAsync(account);
    }

    public Task RefusedAsync(string issuer, string? address, ExternalSignInRefusal reason, CancellationToken cancellationToken) =>
        security.RecordAsync(address is null ? CurrentActor.Anonymous : Actor(address), "sign-in.refused", address is null ? null : "account:" + address, $"OpenID Connect ({issuer}): {reason}", cancellationToken);

    private static string Actor(string address) => "user:" + address;
}
