using System.Security.Claims;
using AdvisoryWatch.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AdvisoryWatch.Access.Oidc;

/// <summary>
/// Turns the provider's validated id_token into the session principal: the mapping of its group
/// (or role) claim values gives the role and departments, read afresh at every sign-in, so a user
/// removed from a group in the directory loses what it gave at the next sign-in. The provider's
/// own claims are not kept.
/// </summary>
internal sealed partial class OidcSignInEvents(
    IOptions<OidcOptions> options,
    AdvisoryWatchDbContext db,
    IExternalSignInRecorder recorder,
    TimeProvider time,
    ILogger<OidcSignInEvents> logger) : OpenIdConnectEvents
{
    /// <summary>Where the address of a user is read, first found wins (Entra ID sends <c>preferred_username</c> always, <c>email</c> when set up).</summary>
    private static readonly string[] AddressClaims = ["email", "preferred_username", "upn"];

    public override async Task TokenValidated(TokenValidatedContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var settings = options.Value;
        var token = context.Principal ?? new ClaimsPrincipal();
        var issuer = token.FindFirstValue("iss") ?? settings.Authority ?? "";
        var cancellationToken = context.HttpContext.RequestAborted;
        var address = AddressClaims.Select(token.FindFirstValue).FirstOrDefault(v => !string.IsNullOrWhiteSpace(v))?.Trim();
        if (address is null)
        {
            await RefuseAsync(context, issuer, null, ExternalSignInRefusal.NoAddress, "The provider did not say who you are (no email address or user name in its answer). Ask an administrator to check the app registration.");
            return;
        }

        var stored = await db.Set<OidcStoredMapping>().AsNoTracking().ToListAsync(cancellationToken);
        var values = token.FindAll(settings.ClaimType).Select(c => c.Value);
        if (OidcMappings.Grant(OidcMappings.InForce(settings.Mappings, stored), values) is not { } grant)
        {
            if (!token.HasClaim(c => c.Type == settings.ClaimType) && IsOverage(token, settings.ClaimType))
            {
                await RefuseAsync(context, issuer, address, ExternalSignInRefusal.GroupOverage, $"You are signed in as {address}, but the provider sent a link to your groups instead of the groups (you are in too many). Ask an administrator to send only the groups assigned to AdvisoryWatch.");
            }
            else
            {
                await RefuseAsync(context, issuer, address, ExternalSignInRefusal.NoMappedGroup, $"You are signed in as {address}, but none of your groups gives access to AdvisoryWatch. Ask an administrator to map one of your groups to a role.");
            }

            return;
        }

        var signIn = new ExternalSignIn(issuer, token.FindFirstValue("sub") ?? "", address, grant.Role, grant.Departments);
        var principal = await recorder.SignedInAsync(signIn, Principal(address, grant), cancellationToken);
        if (principal is null)
        {
            await RefuseAsync(context, issuer, address, ExternalSignInRefusal.AccountRefused, $"You are signed in as {address}, but your AdvisoryWatch account is disabled. Ask an administrator.");
            return;
        }

        context.Principal = principal;
        var properties = context.Properties ??= new AuthenticationProperties();
        var now = time.GetUtcNow();
        properties.IsPersistent = false;
        properties.IssuedUtc = now;
        properties.ExpiresUtc = now + settings.SessionLifetime;
        properties.AllowRefresh = false;
        var departments = string.Join(",", grant.Departments.Order(StringComparer.Ordinal));
        LogSignedIn(logger, signIn.Address, grant.Role, departments);
    }

    public override async Task RemoteFailure(RemoteFailureContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        LogFailed(logger, context.Failure?.Message ?? "unknown");
        context.HandleResponse();
        await SignInPage.WriteAsync(context.Response, StatusCodes.Status400BadRequest, "Sign-in did not complete", "The answer from the sign-in provider could not be used (it may have taken too long, or been opened twice). Nothing was changed.");
    }

    /// <summary>The session principal: the <see cref="AccessClaims"/> and the address as its name, nothing of the provider's.</summary>
    internal static ClaimsPrincipal Principal(string address, OidcGrant grant)
    {
        var identity = new ClaimsIdentity(AccessSchemes.Oidc, ClaimTypes.Name, AccessClaims.Role);
        identity.AddClaim(new Claim(ClaimTypes.Name, address));
        identity.AddClaim(new Claim(ClaimTypes.Email, address));
        identity.AddClaim(new Claim(AccessClaims.Actor, "user:" + address));
        identity.AddClaim(new Claim(AccessClaims.Role, grant.Role.ToString()));
        foreach (var department in grant.Departments.Order(StringComparer.Ordinal))
        {
            identity.AddClaim(new Claim(AccessClaims.Department, department));
        }

        return new ClaimsPrincipal(identity);
    }

    /// <summary>Entra ID's sign that the groups did not fit in the token: a <c>_claim_names</c> entry for the claim, or <c>hasgroups</c>.</summary>
    private static bool IsOverage(ClaimsPrincipal token, string claimType) =>
        token.HasClaim(c => c.Type == "hasgroups"
            || (c.Type == "_claim_names" && c.Value.Contains('"' + claimType + '"', StringComparison.Ordinal)));

    /// <summary>Logs and records the refusal, ends any session the browser still holds, and answers with a page saying why.</summary>
    private async Task RefuseAsync(TokenValidatedContext context, string issuer, string? address, ExternalSignInRefusal reason, string message)
    {
        LogRefused(logger, address ?? "(none)", issuer, reason);
        await recorder.RefusedAsync(issuer, address, reason, context.HttpContext.RequestAborted);
        await context.HttpContext.SignOutAsync(AccessSchemes.Session);
        context.HandleResponse();
        await SignInPage.WriteAsync(context.Response, StatusCodes.Status403Forbidden, "No access to AdvisoryWatch", message);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Signed in {Address} through OpenID Connect as {Role} of departments [{Departments}]")]
    private static partial void LogSignedIn(ILogger logger, string address, AccessRole role, string departments);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Security event: sign-in through OpenID Connect refused for {Address} from {Issuer}: {Reason}")]
    private static partial void LogRefused(ILogger logger, string address, string issuer, ExternalSignInRefusal reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Security event: sign-in through OpenID Connect failed: {Reason}")]
    private static partial void LogFailed(ILogger logger, string reason);
}
