using AdvisoryWatch.Access;
using AdvisoryWatch.Access.Oidc;

namespace AdvisoryWatch.Tests.Access;

public sealed class OidcMappingsTests
{
    private static readonly OidcGroupMapping[] Configured =
    [
        new() { Group = "admins", Role = "Admin" },
        new() { Group = "coord-a", Role = "Coordinator", Departments = ["a"] },
        new() { Group = "coord-c", Role = "Coordinator", Departments = ["c"] },
        new() { Group = "read-b", Role = "Reader", Departments = ["b"] },
    ];

    private static OidcGrant? Grant(params string[] groups) => OidcMappings.Grant(OidcMappings.InForce(Configured, []), groups);

    [Fact]
    public void Several_groups_give_the_highest_role_in_the_departments_of_the_groups_giving_it_only()
    {
        var grant = Grant("read-b", "coord-a", "coord-c", "unmapped");

        Assert.Equal(AccessRole.Coordinator, grant!.Role);
        Assert.Equal(["a", "c"], grant.Departments.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void No_mapped_group_gives_nothing_and_values_match_exactly()
    {
        Assert.Null(Grant("unmapped"));
        Assert.Null(Grant());
        Assert.Null(Grant("ADMINS", " admins"));
    }

    [Fact]
    public void A_stored_entry_replaces_the_configured_one_and_a_stored_none_takes_the_group_away()
    {
        OidcStoredMapping[] stored =
        [
            new() { Group = "read-b", Role = AccessRole.Coordinator, Departments = ["b", "d"] },
            new() { Group = "admins", Role = null },
            new() { Group = "new-group", Role = AccessRole.Reader, Departments = ["e"] },
        ];
        var inForce = OidcMappings.InForce(Configured, stored);

        Assert.Equal(["admins", "coord-a", "coord-c", "new-group", "read-b"], inForce.Select(e => e.Group));
        Assert.Null(OidcMappings.Grant(inForce, ["admins"]));
        Assert.Equal(AccessRole.Coordinator, OidcMappings.Grant(inForce, ["read-b"])!.Role);
        Assert.Equal(["b", "d"], OidcMappings.Grant(inForce, ["read-b"])!.Departments.Order(StringComparer.Ordinal));
        Assert.Equal(["e"], OidcMappings.Grant(inForce, ["new-group"])!.Departments);
        Assert.Equal(OidcMappingOrigin.Configuration, inForce.Single(e => e.Group == "coord-a").Origin);
    }
}
