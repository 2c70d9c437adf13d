using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AdvisoryWatch.Data;

/// <summary>Ready means the database answers.</summary>
internal sealed class DatabaseHealthCheck(AdvisoryWatchDbContext db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        await db.Database.CanConnectAsync(cancellationToken)
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy("The database cannot be reached.");
}
