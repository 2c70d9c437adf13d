using System.Security.Claims;

namespace AdvisoryWatch.Access;

/// <summary>
/// Who is acting and what they may touch, read from the principal's <see cref="AccessClaims"/>.
/// Handlers scope their queries with it (a department outside <see cref="Departments"/> reads as
/// absent), and the audit log records <see cref="Name"/>.
/// </summary>
public sealed record Actor(string Name, AccessRole Role, IReadOnlySet<string> Departments)
{
    public bool IsAdmin => Role == AccessRole.Admin;

    /// <summary>May read this department's data (its deliveries, recipients, follow-up).</summary>
    public bool CanRead(string departmentId) => IsAdmin || Departments.Contains(departmentId);

    /// <summary>May change this department's recipients, subscriptions and follow-up.</summary>
    public bool CanManage(string departmentId) =>
        IsAdmin || (Role == AccessRole.Coordinator && Departments.Contains(departmentId));

    /// <summary>The command line: whoever can run the tool on the data directory is an admin.</summary>
    public static Actor CommandLine() => new("cli:" + Environment.UserName, AccessRole.Admin, new HashSet<string>());

    /// <summary>
    /// Binds an endpoint's <c>Actor</c> parameter to the request's principal. Every endpoint that
    /// takes one requires a role, so a missing actor (400) means a policy is missing.
    /// </summary>
    public static ValueTask<Actor?> BindAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return ValueTask.FromResult(From(context.User));
    }

    /// <summary>The actor of a signed-in principal; null when it carries no valid role.</summary>
    public static Actor? From(ClaimsPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        if (principal.Identity?.IsAuthenticated != true
            || !Enum.TryParse<AccessRole>(principal.FindFirstValue(AccessClaims.Role), ignoreCase: false, out var role)
            || !Enum.IsDefined(role))
        {
            return null;
        }

        var name = principal.FindFirstValue(AccessClaims.Actor) ?? principal.Identity.Name ?? "unknown";
        var departments = principal.FindAll(AccessClaims.Department).Select(c => c.Value).ToHashSet(StringComparer.Ordinal);
        return new Actor(name, role, departments);
    }
}
