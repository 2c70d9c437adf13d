using AdvisoryWatch.Audit;

namespace AdvisoryWatch.Access.Accounts;

/// <summary>Why a sign-in was refused, as the security log records it (the person is told none of this).</summary>
public enum SignInRefusal
{
    UnknownAccount,
    WrongPassword,
    LockedOut,

    /// <summary>Disabled, or without a role.</summary>
    NotAllowed,
    WrongCode,
    RateLimited,
}

/// <summary>
/// Sign-ins, refused and accepted, as structured security events (event ids 1200–1299); refusals
/// also go to the audit log. Never the password or the code; the address tried is logged, since a
/// refusal is about it.
/// </summary>
public sealed partial class SignInEvents(SecurityEvents security, ILogger<SignInEvents> logger)
{
    public Task RefusedAsync(string account, SignInRefusal reason, string? clientAddress, CancellationToken cancellationToken)
    {
        LogRefused(account, reason, clientAddress ?? "unknown");
        return security.RecordAsync(Client(clientAddress), "sign-in.refused", "account:" + account, reason.ToString(), cancellationToken);
    }

    public Task RateLimitedAsync(string scope, string? clientAddress, CancellationToken cancellationToken)
    {
        LogRateLimited(scope, clientAddress ?? "unknown");
        return security.RecordAsync(Client(clientAddress), "sign-in.rate-limited", null, scope, cancellationToken);
    }

    private static string Client(string? address) => "client:" + (address ?? "unknown");

    public void SignedIn(string account, bool secondFactor, string? clientAddress) => LogSignedIn(account, secondFactor, clientAddress ?? "unknown");

    public void SignedOut(string account) => LogSignedOut(account);

    [LoggerMessage(EventId = 1201, Level = LogLevel.Warning, Message = "Security: sign-in refused for {Account} ({Reason}) from {ClientAddress}")]
    private partial void LogRefused(string account, SignInRefusal reason, string clientAddress);

    [LoggerMessage(EventId = 1202, Level = LogLevel.Warning, Message = "Security: sign-in refused, too many attempts ({Scope}) from {ClientAddress}")]
    private partial void LogRateLimited(string scope, string clientAddress);

    [LoggerMessage(EventId = 1203, Level = LogLevel.Information, Message = "Security: {Account} signed in (second factor: {SecondFactor}) from {ClientAddress}")]
    private partial void LogSignedIn(string account, bool secondFactor, string clientAddress);

    [LoggerMessage(EventId = 1204, Level = LogLevel.Information, Message = "Security: {Account} signed out")]
    private partial void LogSignedOut(string account);
}
