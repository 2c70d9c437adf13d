namespace AdvisoryWatch.Access;

/// <summary>
/// The authorisation policies, one per role (a higher role passes a lower one's policy). Every
/// endpoint is closed unless it says otherwise: the fallback policy requires a principal with a
/// role, and an endpoint is public only by <c>AllowAnonymous()</c>.
/// </summary>
public static class AccessPolicies
{
    public const string Reader = nameof(AccessRole.Reader);
    public const string Coordinator = nameof(AccessRole.Coordinator);
    public const string Admin = nameof(AccessRole.Admin);

    public static TBuilder RequireReader<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder => builder.RequireAuthorization(Reader);

    public static TBuilder RequireCoordinator<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder => builder.RequireAuthorization(Coordinator);

    public static TBuilder RequireAdmin<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder => builder.RequireAuthorization(Admin);

    /// <summary>The roles that pass the policy of <paramref name="least"/>.</summary>
    internal static string[] RolesFrom(AccessRole least) =>
        [.. Enum.GetValues<AccessRole>().Where(r => r >= least).Select(r => r.ToString())];
}
