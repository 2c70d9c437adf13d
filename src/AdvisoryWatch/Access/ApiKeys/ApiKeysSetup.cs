using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using AdvisoryWatch.Hosting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace AdvisoryWatch.Access.ApiKeys;

public static class ApiKeysSetup
{
    private const int Segments = 6;

    /// <summary>The bearer-key scheme the default scheme forwards to, the key store, and the per-key rate limit.</summary>
    public static AuthenticationBuilder AddApiKeys(this AuthenticationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<ApiKeyOptions>()
            .BindSection(ApiKeyOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddScoped<ApiKeyIssuer>();
        builder.Services.AddRateLimiter(_ => { });
        builder.Services.AddOptions<RateLimiterOptions>().Configure<IOptions<ApiKeyOptions>>((o, keys) => Limit(o, keys.Value));
        return builder.AddScheme<AuthenticationSchemeOptions, ApiKeyHandler>(AccessSchemes.ApiKey, null);
    }

    /// <summary>
    /// One sliding window per key (partitioned by the key's id), counted on each node. Requests
    /// without a key are not limited here: a session's limits belong to sign-in.
    /// </summary>
    private static void Limit(RateLimiterOptions options, ApiKeyOptions keys)
    {
        options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
        options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            context.User.FindFirstValue(ApiKeyHandler.KeyIdClaim) is { } keyId
                ? RateLimitPartition.GetSlidingWindowLimiter(keyId, _ => new SlidingWindowRateLimiterOptions
                {
                    PermitLimit = keys.RateLimit,
                    Window = keys.RateLimitWindow,
                    SegmentsPerWindow = Segments,
                    QueueLimit = 0,
                })
                : RateLimitPartition.GetNoLimiter(""));
        options.OnRejected = (rejected, _) =>
        {
            var response = rejected.HttpContext.Response;
            // A sliding window frees permits as its oldest segment expires: at most one segment away.
            var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : keys.RateLimitWindow / Segments;
            response.Headers.RetryAfter = Math.Max(1, (long)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);

            return new ValueTask(AccessProblems.WriteAsync(
                rejected.HttpContext,
                StatusCodes.Status429TooManyRequests,
                "Too many requests",
                string.Create(CultureInfo.InvariantCulture, $"This API key may make {keys.RateLimit} requests per {keys.RateLimitWindow}; wait and try again.")));
        };
    }
}
