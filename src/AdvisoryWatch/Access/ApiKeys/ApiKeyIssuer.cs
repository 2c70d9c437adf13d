using System.Text.RegularExpressions;
using AdvisoryWatch.Audit;
using AdvisoryWatch.Data;
using AdvisoryWatch.Departments;
using Microsoft.EntityFrameworkCore;

namespace AdvisoryWatch.Access.ApiKeys;

/// <summary>What a new key is for.</summary>
public sealed record ApiKeyRequest(string Name, AccessRole Role, IReadOnlyList<string> Departments, DateTimeOffset? ExpiresAtUtc);

public abstract record ApiKeyIssueResult
{
    private ApiKeyIssueResult()
    {
    }

    /// <summary>The stored key and its text, which exists only here: show it once and forget it.</summary>
    public sealed record Created(ApiKey Key, string Secret) : ApiKeyIssueResult;

    public sealed record Refused(IReadOnlyList<ApiKeyProblem> Problems) : ApiKeyIssueResult;
}

public enum ApiKeyRevokeResult
{
    Revoked,
    AlreadyRevoked,
    NotFound,
}

/// <summary>
/// Makes, lists and revokes API keys: the one code path behind <c>apikeys</c> (and the test
/// harness's credentials). Each change names its <see cref="Actor"/>, which the audit log records.
/// </summary>
public sealed partial class ApiKeyIssuer(AdvisoryWatchDbContext db, WriteGate gate, AuditLog audit, TimeProvider time)
{
    public const int MaxNameLength = 100;

    public async Task<ApiKeyIssueResult> CreateAsync(ApiKeyRequest request, Actor by, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(by);
        var now = time.GetUtcNow();
        var departments = request.Departments.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        var problems = new List<ApiKeyProblem>();
        if (!NameShape().IsMatch(request.Name))
        {
            problems.Add(new("KeyNameShape", $"{MaxNameLength}", $"--name: 1 to {MaxNameLength} letters, digits, '.', '_' or '-' (it names the key in lists and the audit log)"));
        }

        if (!Enum.IsDefined(request.Role))
        {
            problems.Add(new("KeyRole", string.Join(", ", Enum.GetNames<AccessRole>()), $"--role: one of {string.Join(", ", Enum.GetNames<AccessRole>())}"));
        }

        if (request.Role == AccessRole.Admin && departments.Length > 0)
        {
            problems.Add(new("KeyAdminDepartments", "", "--department: an Admin key covers every department; departments are for Reader and Coordinator keys"));
        }

        if (request.ExpiresAtUtc is { } expires && expires <= now)
        {
            problems.Add(new("KeyExpiresPast", $"{expires.UtcDateTime:yyyy-MM-dd HH:mm}Z", $"--expires: {expires.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ} is not in the future"));
        }

        if (departments.Length > 0)
        {
            var known = await db.Set<Department>().AsNoTracking().Where(d => departments.Contains(d.Id)).Select(d => d.Id).ToListAsync(cancellationToken);
            problems.AddRange(departments.Except(known, StringComparer.Ordinal).Select(d => new ApiKeyProblem("KeyUnknownDepartment", d, $"--department: no department '{d}' (see 'departments list')")));
        }

        if (problems.Count == 0 && await db.Set<ApiKey>().AnyAsync(k => k.Name == request.Name, cancellationToken))
        {
            problems.Add(NameTaken(request.Name));
        }

        if (problems.Count > 0)
        {
            return new ApiKeyIssueResult.Refused(problems);
        }

        var secret = ApiKeySecret.New();
        var key = new ApiKey
        {
            Id = Guid.CreateVersion7(now),
            Name = request.Name,
            Prefix = ApiKeySecret.Prefix(secret),
            Hash = ApiKeySecret.Hash(secret),
            Role = request.Role,
            Departments = departments,
            CreatedAtUtc = now,
            CreatedBy = by.Name,
            ExpiresAtUtc = request.ExpiresAtUtc,
        };
        using (await gate.EnterAsync(db, cancellationToken))
        {
            db.Add(key);
            audit.Add(by.Name, "apikeys.created", "apikey:" + key.Name, null, Describe(key));
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException)
            {
                // Made at the same moment elsewhere under the same name?
                db.ChangeTracker.Clear();
                if (await db.Set<ApiKey>().AsNoTracking().AnyAsync(k => k.Name == request.Name, cancellationToken))
                {
                    return new ApiKeyIssueResult.Refused([NameTaken(request.Name)]);
                }

                throw;
            }
        }

        return new ApiKeyIssueResult.Created(key, secret);
    }

    /// <summary>Every key, revoked and expired ones too, newest first.</summary>
    public async Task<IReadOnlyList<ApiKey>> ListAsync(CancellationToken cancellationToken)
    {
        var keys = await db.Set<ApiKey>().AsNoTracking().ToListAsync(cancellationToken);
        return [.. keys.OrderByDescending(k => k.CreatedAtUtc).ThenBy(k => k.Name, StringComparer.Ordinal)];
    }

    /// <summary>Revokes at once: the next request with the key is refused on every node.</summary>
    public async Task<ApiKeyRevokeResult> RevokeAsync(string name, Actor by, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(by);
        using (await gate.EnterAsync(db, cancellationToken))
        {
            var key = await db.Set<ApiKey>().SingleOrDefaultAsync(k => k.Name == name, cancellationToken);
            if (key is null)
            {
                return ApiKeyRevokeResult.NotFound;
            }

            if (key.RevokedAtUtc is not null)
            {
                return ApiKeyRevokeResult.AlreadyRevoked;
            }

            key.RevokedAtUtc = time.GetUtcNow();
            key.RevokedBy = by.Name;
            audit.Add(by.Name, "apikeys.revoked", "apikey:" + key.Name, Describe(key), "revoked");
            await db.SaveChangesAsync(cancellationToken);
            return ApiKeyRevokeResult.Revoked;
        }
    }

    private static string Describe(ApiKey key) =>
        $"{key.Role}{(key.Departments.Length > 0 ? " of " + string.Join(", ", key.Departments) : "")}{(key.ExpiresAtUtc is { } e ? $", expires {e.UtcDateTime:yyyy-MM-dd}" : "")}";

    private static ApiKeyProblem NameTaken(string name) => new("KeyNameTaken", name, $"--name: a key named '{name}' exists (revoked keys keep their names; choose another)");

    [GeneratedRegex(@"^[A-Za-z0-9._-]{1,100}$")]
    private static partial Regex NameShape();
}
