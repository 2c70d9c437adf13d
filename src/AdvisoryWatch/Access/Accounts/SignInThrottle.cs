using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace AdvisoryWatch.Access.Accounts;

/// <summary>
/// Limits sign-in attempts (password or second-factor code) per client address, as the rate
/// limiter policy <see cref="Policy"/> on the sign-in pages' POSTs, and per account name, here: a
/// name is limited whoever tries it, so spreading a guessing run over many addresses does not
/// help. Limits are per node; lockout, kept in the database, is the limit across nodes.
/// </summary>
public sealed class SignInThrottle(IOptions<AccountsOptions> options) : IDisposable
{
    /// <summary>The rate limiter policy of the sign-in pages.</summary>
    public const string Policy = "sign-in";

    private readonly PartitionedRateLimiter<string> _perAccount = PartitionedRateLimiter.Create<string, string>(name =>
        RateLimitPartition.GetFixedWindowLimiter(name, _ => Window(options.Value.SignInAttemptsPerAccount, options.Value.SignInWindow)));

    /// <summary>Takes one attempt for the account name; false when its limit is used up.</summary>
    public bool TryAttempt(string accountName)
    {
        ArgumentNullException.ThrowIfNull(accountName);
        using var lease = _perAccount.AttemptAcquire(accountName.Trim().ToUpperInvariant());
        return lease.IsAcquired;
    }

    public void Dispose() => _perAccount.Dispose();

    internal static FixedWindowRateLimiterOptions Window(int permits, TimeSpan window) => new()
    {
        PermitLimit = permits,
        Window = window,
        QueueLimit = 0,
        AutoReplenishment = true,
    };

    /// <summary>The per-address policy: POSTs only, so that showing a form is never refused.</summary>
    internal sealed class AddressPolicy(IOptions<AccountsOptions> options, SignInEvents events) : IRateLimiterPolicy<string>
    {
        public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected => async (context, cancellationToken) =>
        {
            var http = context.HttpContext;
            http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
            await events.RateLimitedAsync("address", http.Connection.RemoteIpAddress?.ToString(), cancellationToken);
            if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retry))
            {
                http.Response.Headers.RetryAfter = ((int)Math.Ceiling(retry.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            }
        };

        public RateLimitPartition<string> GetPartition(HttpContext httpContext) =>
            HttpMethods.IsPost(httpContext.Request.Method)
                ? RateLimitPartition.GetFixedWindowLimiter(
                    httpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                    _ => Window(options.Value.SignInAttemptsPerAddress, options.Value.SignInWindow))
                : RateLimitPartition.GetNoLimiter("read");
    }
}
