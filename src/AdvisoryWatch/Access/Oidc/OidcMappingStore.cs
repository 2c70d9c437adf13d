using AdvisoryWatch.Audit;
using AdvisoryWatch.Data;
using AdvisoryWatch.Departments;
using Microsoft.EntityFrameworkCore;

namespace AdvisoryWatch.Access.Oidc;

/// <summary>
/// The group mapping as stored by admins: read it (with the configured and the merged view),
/// check a new one, and replace it, audited. Behind both <c>/api/v1/auth/oidc/mappings</c> and the
/// administration page.
/// </summary>
public static class OidcMappingStore
{
    /// <summary>The word for a group that gives nothing (an admin's way to take a configured group's rights away).</summary>
    public const string NoRole = "None";

    public const int MaxEntries = 1_000;

    public static async Task<OidcMappingsView> ViewAsync(OidcOptions options, AdvisoryWatchDbContext db, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(db);
        var stored = await db.Set<OidcStoredMapping>().AsNoTracking().OrderBy(m => m.Group).ToListAsync(ct);
        return new OidcMappingsView(
            options.Enabled,
            options.ClaimType,
            [.. options.Mappings.Select(m => new OidcMappingView(m.Group, RoleName(m.ParsedRole()), m.Departments))],
            [.. stored.Select(m => new OidcStoredMappingView(m.Group, RoleName(m.Role), m.Departments, m.UpdatedAtUtc, m.UpdatedBy))],
            [.. OidcMappings.InForce(options.Mappings, stored).Select(e => new OidcInForceView(e.Group, RoleName(e.Role), e.Departments, e.Origin.ToString()))]);
    }

    public static string RoleName(AccessRole? role) => role?.ToString() ?? NoRole;

    /// <summary>Every problem of <paramref name="entries"/>; empty when it may be saved.</summary>
    public static async Task<IReadOnlyList<OidcMappingProblem>> ValidateAsync(IReadOnlyList<OidcMappingInput> entries, AdvisoryWatchDbContext db, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(db);
        if (entries.Count > MaxEntries)
        {
            return [new OidcMappingProblem(-1, "OidcTooMany", $"{MaxEntries}", $"at most {MaxEntries} entries")];
        }

        var problems = new List<OidcMappingProblem>();
        var known = (await db.Set<Department>().AsNoTracking().Select(d => d.Id).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        var roles = Enum.GetNames<AccessRole>().Append(NoRole).ToArray();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < entries.Count; i++)
        {
            var entry = entries[i];
            var group = entry.Group?.Trim();
            if (string.IsNullOrEmpty(group) || group.Length > OidcStoredMappingConfiguration.MaxGroupLength)
            {
                problems.Add(new(i, "OidcGroupRequired", $"{OidcStoredMappingConfiguration.MaxGroupLength}", $"group is required, at most {OidcStoredMappingConfiguration.MaxGroupLength} characters"));
            }
            else if (!seen.Add(group))
            {
                problems.Add(new(i, "OidcGroupTwice", group, $"group '{group}' is listed twice"));
            }

            if (!roles.Contains(entry.Role, StringComparer.OrdinalIgnoreCase))
            {
                problems.Add(new(i, "OidcBadRole", string.Join(", ", roles), $"role must be one of {string.Join(", ", roles)}"));
            }

            var unknown = (entry.Departments ?? []).Where(d => !known.Contains(d?.Trim() ?? "")).ToList();
            if (unknown.Count > 0)
            {
                problems.Add(new(i, "OidcUnknownDepartment", string.Join(", ", unknown), $"no such department: {string.Join(", ", unknown)}"));
            }
        }

        return problems;
    }

    /// <summary>Replaces the stored mapping with <paramref name="entries"/> (validated first), audited as <c>auth.oidc-mappings-saved</c>.</summary>
    public static async Task SaveAsync(IReadOnlyList<OidcMappingInput> entries, AdvisoryWatchDbContext db, WriteGate gate, AuditLog audit, TimeProvider time, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(gate);
        ArgumentNullException.ThrowIfNull(audit);
        ArgumentNullException.ThrowIfNull(time);
        var now = time.GetUtcNow();
        var by = audit.ActorName;
        using (await gate.EnterAsync(db, ct))
        {
            await db.InTransactionAsync(
                async c =>
                {
                    var before = Describe(await db.Set<OidcStoredMapping>().AsNoTracking().ToListAsync(c));
                    await db.Set<OidcStoredMapping>().ExecuteDeleteAsync(c);
                    var stored = entries.Select(m => new OidcStoredMapping
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
    }

    private static string Describe(IEnumerable<OidcStoredMapping> mappings) =>
        string.Join("; ", mappings.OrderBy(m => m.Group, StringComparer.Ordinal).Select(m => $"{m.Group} → {RoleName(m.Role)}{(m.Departments.Count > 0 ? " of " + string.Join(", ", m.Departments) : "")}"));
}
