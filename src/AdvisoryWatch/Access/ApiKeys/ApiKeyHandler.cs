using System.Data.Common;
using System.Globalization;
using System.Security.Claims;
using System.Text.Encodings.Web;
using AdvisoryWatch.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AdvisoryWatch.Access.ApiKeys;

/// <summary>
/// <c>Authorization: Bearer aw_…</c>: looks the key up by its hash and, when it is neither revoked
/// nor expired, signs the request in with the key's role and departments. Refusals are 401 and 403
/// with a problem-details body (an API client gets no sign-in redirect).
/// </summary>
public sealed partial class ApiKeyHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    AdvisoryWatchDbContext db,
    WriteGate gate,
    TimeProvider time)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggerFactory, encoder)
{
    /// <summary>
    /// The last-used time is written when it is at least this old, so a busy key costs one write a
    /// minute, not one per request.
    /// </summary>
    public static readonly TimeSpan LastUsedPrecision = TimeSpan.FromMinutes(1);

    /// <summary>The key's id, which the rate limiter partitions by.</summary>
    public const string KeyIdClaim = "aw:apikey";

    private const string BearerPrefix = "Bearer ";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }

        var token = header[BearerPrefix.Length..].Trim();
        if (!ApiKeySecret.IsWellFormed(token))
        {
            LogRefused(Logger, "not an AdvisoryWatch key", null);
            return AuthenticateResult.Fail("The bearer credential is not an AdvisoryWatch API key.");
        }

        var hash = ApiKeySecret.Hash(token);
        var key = await db.Set<ApiKey>().AsNoTracking().SingleOrDefaultAsync(k => k.Hash == hash, Context.RequestAborted);
        var now = time.GetUtcNow();
        if (key is null)
        {
            LogRefused(Logger, "unknown key", null);
            return AuthenticateResult.Fail("The API key is not valid.");
        }

        if (key.RevokedAtUtc is not null)
        {
            LogRefused(Logger, "revoked", key.Name);
            return AuthenticateResult.Fail("The API key has been revoked.");
        }

        if (key.ExpiresAtUtc <= now)
        {
            LogRefused(Logger, "expired", key.Name);
            return AuthenticateResult.Fail("The API key has expired.");
        }

        await RecordUseAsync(key, now);
        List<Claim> claims =
        [
            new(AccessClaims.Actor, "apikey:" + key.Name),
            new(AccessClaims.Role, key.Role.ToString()),
            new(KeyIdClaim, key.Id.ToString("N", CultureInfo.InvariantCulture)),
            .. key.Departments.Select(d => new Claim(AccessClaims.Department, d)),
        ];
        var identity = new ClaimsIdentity(claims, Scheme.Name, AccessClaims.Actor, AccessClaims.Role);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = result.Failure is null ? "Bearer" : "Bearer error=\"invalid_token\"";
        await AccessProblems.UnauthorizedAsync(Context, result.Failure?.Message);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        return AccessProblems.ForbiddenAsync(Context);
    }

    /// <summary>
    /// Writes the last-used time when it is stale. The condition is in the statement, so requests
    /// racing on several nodes write it once. A failed write never fails the request.
    /// </summary>
    private async Task RecordUseAsync(ApiKey key, DateTimeOffset now)
    {
        if (key.LastUsedAtUtc is { } last && now - last < LastUsedPrecision)
        {
            return;
        }

        var staleBefore = now - LastUsedPrecision;
        try
        {
            using (await gate.EnterAsync(db, Context.RequestAborted))
            {
                await db.Set<ApiKey>()
                    .Where(k => k.Id == key.Id && (k.LastUsedAtUtc == null || k.LastUsedAtUtc <= staleBefore))
                    .ExecuteUpdateAsync(s => s.SetProperty(k => k.LastUsedAtUtc, now), Context.RequestAborted);
            }
        }
        catch (DbException e)
        {
            LogLastUsedFailed(Logger, key.Name, e);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "API key refused ({Reason}); key name: {KeyName}")]
    private static partial void LogRefused(ILogger logger, string reason, string? keyName);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not record the last use of API key {KeyName}")]
    private static partial void LogLastUsedFailed(ILogger logger, string keyName, Exception exception);
}
