namespace AdvisoryWatch.Access.Oidc;

/// <summary>Where an entry of the mapping in force comes from.</summary>
public enum OidcMappingOrigin
{
    Configuration,
    Stored,
}

/// <summary>One entry of the mapping in force. A null role gives nothing (an admin took a configured group's rights away).</summary>
public sealed record OidcMappingEntry(string Group, AccessRole? Role, IReadOnlyList<string> Departments, OidcMappingOrigin Origin);

/// <summary>What a user's claim values give: one role, and the departments it applies to.</summary>
public sealed record OidcGrant(AccessRole Role, IReadOnlySet<string> Departments);

/// <summary>
/// The mapping in force and what it gives a user. Configuration is the base; an admin's stored
/// entry replaces the configured one for the same group. A user in several mapped groups gets the
/// highest role among them, in the departments of the groups giving that role only: a Reader group
/// for department B must not make a Coordinator of A a Coordinator of B.
/// </summary>
public static class OidcMappings
{
    public static IReadOnlyList<OidcMappingEntry> InForce(IEnumerable<OidcGroupMapping> configured, IEnumerable<OidcStoredMapping> stored)
    {
        ArgumentNullException.ThrowIfNull(configured);
        ArgumentNullException.ThrowIfNull(stored);
        var entries = new Dictionary<string, OidcMappingEntry>(StringComparer.Ordinal);
        foreach (var c in configured)
        {
            entries[c.Group] = new OidcMappingEntry(c.Group, c.ParsedRole(), c.Departments, OidcMappingOrigin.Configuration);
        }

        foreach (var s in stored)
        {
            entries[s.Group] = new OidcMappingEntry(s.Group, s.Role, s.Departments, OidcMappingOrigin.Stored);
        }

        return [.. entries.Values.OrderBy(e => e.Group, StringComparer.Ordinal)];
    }

    /// <summary>What <paramref name="claimValues"/> give; null when no value is mapped to a role.</summary>
    public static OidcGrant? Grant(IReadOnlyList<OidcMappingEntry> inForce, IEnumerable<string> claimValues)
    {
        ArgumentNullException.ThrowIfNull(inForce);
        ArgumentNullException.ThrowIfNull(claimValues);
        var values = claimValues.ToHashSet(StringComparer.Ordinal);
        var matched = inForce.Where(e => e.Role is not null && values.Contains(e.Group)).ToList();
        if (matched.Count == 0)
        {
            return null;
        }

        var role = matched.Max(e => e.Role!.Value);
        var departments = matched.Where(e => e.Role == role).SelectMany(e => e.Departments).ToHashSet(StringComparer.Ordinal);
        return new OidcGrant(role, departments);
    }
}
