using System.Security.Claims;

namespace AdvisoryWatch.Access.Oidc;

/// <summary>A user the provider vouched for and the mapping gave a role.</summary>
/// <param name="Issuer">The provider (its issuer URL).</param>
/// <param name="Subject">The provider's stable id of the user (<c>sub</c>).</param>
/// <param name="Address">The user's email address or user name, as the actor names it.</param>
public sealed record ExternalSignIn(string Issuer, string Subject, string Address, AccessRole Role, IReadOnlySet<string> Departments);

/// <summary>Why a sign-in through the provider was refused.</summary>
public enum ExternalSignInRefusal
{
    /// <summary>None of the user's claim values is mapped to a role.</summary>
    NoMappedGroup,

    /// <summary>The provider sent a reference to the groups instead of the groups (Entra ID's overage, over 200 groups).</summary>
    GroupOverage,

    /// <summary>The token names no email address or user name.</summary>
    NoAddress,

    /// <summary>The account store refused the user (e.g. a disabled account).</summary>
    AccountRefused,
}

/// <summary>
/// Records users who sign in through the provider, and refusals. The default records nothing: the
/// session is made from the mapping alone. An account store (local users, the audit log) replaces
/// it to keep a user row per address and log the refusals.
/// </summary>
public interface IExternalSignInRecorder
{
    /// <summary>
    /// Records the sign-in; returns the principal to sign in (<paramref name="principal"/>, or one
    /// the account store made from it with the same <see cref="AccessClaims"/>), or null to refuse.
    /// </summary>
    Task<ClaimsPrincipal?> SignedInAsync(ExternalSignIn signIn, ClaimsPrincipal principal, CancellationToken cancellationToken);

    /// <summary>A refused sign-in, for the security log; <paramref name="address"/> is null when the token named none.</summary>
    Task RefusedAsync(string issuer, string? address, ExternalSignInRefusal reason, CancellationToken cancellationToken);
}

/// <summary>Records nothing: the session is the mapping's principal.</summary>
internal sealed class NoExternalSignInRecorder : IExternalSignInRecorder
{
    public Task<ClaimsPrincipal?> SignedInAsync(ExternalSignIn signIn, ClaimsPrincipal principal, CancellationToken cancellationToken) =>
        Task.FromResult<ClaimsPrincipal?>(principal);

    public Task RefusedAsync(string issuer, string? address, ExternalSignInRefusal reason, CancellationToken cancellationToken) => Task.CompletedTask;
}
