using AdvisoryWatch.Audit;
using AdvisoryWatch.Data;
using Microsoft.Extensions.Options;

namespace AdvisoryWatch.Access.Oidc;

/// <summary>An entry as the API shows and takes it. <c>Role</c> is Reader, Coordinator, Admin, or None (the group gives nothing).</summary>
public sealed record OidcMappingView(string Group, string Role, IReadOnlyList<string> Departments);

public sealed record OidcStoredMappingView(string Group, string Role, IReadOnlyList<string> Departments, DateTimeOffset UpdatedAtUtc, string? UpdatedBy);

public sealed record OidcInForceView(string Group, string Role, IReadOnlyList<string> Departments, string Origin);

/// <summary>The mapping from three sides: configured, stored by an admin, and in force (the two merged).</summary>
public sealed record OidcMappingsView(
    bool Enabled,
    string ClaimType,
    IReadOnlyList<OidcMappingView> Configured,
    IReadOnlyList<OidcStoredMappingView> Stored,
    IReadOnlyList<OidcInForceView> InForce);

public sealed record OidcMappingInput(string? Group, string? Role, IReadOnlyList<string>? Departments);

internal static class OidcMappingsApi
{
    /// <summary><c>GET|PUT /api/v1/auth/oidc/mappings</c>, for admins.</summary>
    public static void MapOidcMappingsApi(this WebApplication app)
    {
        var group = app.MapGroup("/api/v1/auth/oidc/mappings").RequireAdmin();
        group.MapGet("/", async (IOptions<OidcOptions> options, AdvisoryWatchDbContext db, CancellationToken ct) =>
            Results.Ok(await OidcMappingStore.ViewAsync(options.Value, db, ct)));
        group.MapPut("/", async (IReadOnlyList<OidcMappingInput>? body, IOptions<OidcOptions> options, AdvisoryWatchDbContext db, WriteGate gate, AuditLog audit, TimeProvider time, CancellationToken ct) =>
        {
            var entries = body ?? [];
            var problems = await OidcMappingStore.ValidateAsync(entries, db, ct);
            if (problems.Count > 0)
            {
                return Results.ValidationProblem(
                    problems.GroupBy(p => p.Index < 0 ? "mappings" : $"[{p.Index}]").ToDictionary(g => g.Key, g => g.Select(p => p.Text).ToArray()),
                    title: "The mapping was not saved.");
            }

            await OidcMappingStore.SaveAsync(entries, db, gate, audit, time, ct);
            return Results.Ok(await OidcMappingStore.ViewAsync(options.Value, db, ct));
        });
    }
}
