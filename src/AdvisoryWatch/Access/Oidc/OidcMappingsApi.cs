using AdvisoryWatch.Audit;
using AdvisoryWatch.Data;
using AdvisoryWatch.Departments;
using Microsoft.EntityFrameworkCore;
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
    /// <summary>The word for a group that gives nothing (an admin's way to take a configured group's rights away).</summary>
    public const string NoRole = "None";

    private const int MaxEntries = 1_000;

    /// <summary><c>GET|PUT /api/v1/auth/oidc/mappings</c>, for admins.</summary>
    public static void MapOidcMappingsApi(this WebApplication app)
    {
        var group = app.MapGroup("/api/v1/auth/oidc/mappings").RequireAdmin();
        group.MapGet("/", async (IOptions<OidcOptions> options, AdvisoryWatchDbContext db, CancellationToken ct) =>
            Results.Ok(await ViewAsync(options.Value, db, ct)));
        group.MapPut("/", async (IReadOnlyList<OidcMappingInput>? body, IOptions<OidcOptions> options, AdvisoryWatchDbContext db, WriteGate gate, AuditLog audit, TimeProvider time, CancellationToken ct) =>
        {
            var problems = await ValidateAsync(body ?? [], db, ct);
            if (problems.Count > 0)
            {
                return Results.ValidationProblem(problems, title: "The mapping was not saved.");
            }

            var now = time.GetUtcNow();
            var by = audit.ActorName;
            using (await gate.EnterAsync(db, ct))
            {
                await db.InTransactionAsync(
                    async c =>
                    {
                        var before = Describe(await db.Set<OidcStoredMapping>().AsNoTracking().ToListAsync(c));
                        await db.Set<OidcStoredMapping>().ExecuteDeleteAsync(c);
                        var stored = (body ?? []).Select(m => new OidcStoredMapping
                        {
                            Group = m.Group!.Trim(),
                            Role = OidcGroupMapping.ParseRole(m.Role),
                            Departments = [.. (m.Departments ?? []).Select(d => d.Trim()).Distinct(StringComparer.Ordinal)],
                            UpdatedAtUtc = now,
                            UpdatedBy = by,
                        }).ToList();
                        db.Set<OidcStoredMapping>().AddRange(stored);
                        audit.Add("auth.oidc-mappings-saved", "oidc-mappings", before, Describe(stored));
                        return await db.SaveChangesAsync(c);
                    },
                    ct);
            }

            return Results.Ok(await ViewAsync(options.Value, db, ct));
        });
    }

    private static string Describe(IEnumerable<OidcStoredMapping> mappings) =>
        string.Join("; ", mappings.OrderBy(m => m.Group, StringComparer.Ordinal).Select(m => $"{m.Group} → {RoleName(m.Role)}{(m.Departments.Count > 0 ? " of " + string.Join(", ", m.Departments) : "")}"));

    private static async Task<OidcMappingsView> ViewAsync(OidcOptions options, AdvisoryWatchDbContext db, CancellationToken ct)
    {
        var stored = await db.Set<OidcStoredMapping>().AsNoTracking().OrderBy(m => m.Group).ToListAsync(ct);
        return new OidcMappingsView(
            options.Enabled,
            options.ClaimType,
            [.. options.Mappings.Select(m => new OidcMappingView(m.Group, RoleName(m.ParsedRole()), m.Departments))],
            [.. stored.Select(m => new OidcStoredMappingView(m.Group, RoleName(m.Role), m.Departments, m.UpdatedAtUtc, m.UpdatedBy))],
            [.. OidcMappings.InForce(options.Mappings, stored).Select(e => new OidcInForceView(e.Group, RoleName(e.Role), e.Departments, e.Origin.ToString()))]);
    }

    private static string RoleName(AccessRole? role) => role?.ToString() ?? NoRole;

    private static async Task<Dictionary<string, string[]>> ValidateAsync(IReadOnlyList<OidcMappingInput> body, AdvisoryWatchDbContext db, CancellationToken ct)
    {
        var problems = new Dictionary<string, string[]>();
        if (body.Count > MaxEntries)
        {
            problems["mappings"] = [$"at most {MaxEntries} entries"];
            return problems;
        }

        var known = (await db.Set<Department>().AsNoTracking().Select(d => d.Id).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        var roles = Enum.GetNames<AccessRole>().Append(NoRole).ToArray();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < body.Count; i++)
        {
            var entry = body[i];
            var errors = new List<string>();
            var group = entry.Group?.Trim();
            if (string.IsNullOrEmpty(group) || group.Length > OidcStoredMappingConfiguration.MaxGroupLength)
            {
                errors.Add($"group is required, at most {OidcStoredMappingConfiguration.MaxGroupLength} characters");
            }
            else if (!seen.Add(group))
            {
                errors.Add($"group '{group}' is listed twice");
            }

            if (!roles.Contains(entry.Role, StringComparer.OrdinalIgnoreCase))
            {
                errors.Add($"role must be one of {string.Join(", ", roles)}");
            }

            var unknown = (entry.Departments ?? []).Where(d => !known.Contains(d?.Trim() ?? "")).ToList();
            if (unknown.Count > 0)
            {
                errors.Add($"no such department: {string.Join(", ", unknown)}");
            }

            if (errors.Count > 0)
            {
                problems[$"[{i}]"] = [.. errors];
            }
        }

        return problems;
    }
}
