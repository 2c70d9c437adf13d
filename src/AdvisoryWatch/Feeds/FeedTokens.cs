using System.Data.Common;
using AdvisoryWatch.Access;
using AdvisoryWatch.Access.Accounts;
using AdvisoryWatch.Audit;
using AdvisoryWatch.Data;
using Microsoft.EntityFrameworkCore;

namespace AdvisoryWatch.Feeds;

/// <summary>A token that may be used now, with what its maker may read now.</summary>
public sealed record FeedGrant(FeedToken Token, AccessRole Role, IReadOnlySet<string> Departments)
{
    public bool CanRead(string departmentId) => Role == AccessRole.Admin || Departments.Contains(departmentId);
}

/// <summary>Makes, lists, revokes and checks feed tokens; every change is audited.</summary>
public sealed partial class FeedTokens(AdvisoryWatchDbContext db, WriteGate gate, AuditLog audit, TimeProvider time, ILogger<FeedTokens> logger)
{
    public const string Marker = "awf_";

    /// <summary>A busy feed costs one write a minute, not one per fetch.</summary>
    private static readonly TimeSpan LastUsedPrecision = TimeSpan.FromMinutes(1);

    public static readonly SecretToken Shape = new(Marker);

    /// <summary>Stores a new token; the returned text exists only here: show it once.</summary>
    public async Task<string> CreateAsync(string accountId, Actor by, FeedKind kind, string target, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(by);
        var now = time.GetUtcNow();
        var secret = Shape.New();
        var token = new FeedToken
        {
            Id = Guid.CreateVersion7(now),
            AccountId = accountId,
            CreatedBy = by.Name,
            Kind = kind,
            Target = target,
            Prefix = Shape.Prefix(secret),
            Hash = SecretToken.Hash(secret),
            CreatedAtUtc = now,
        };
        using (await gate.EnterAsync(db, cancellationToken))
        {
            db.Add(token);
            audit.Add(by.Name, "feeds.token-created", Target(token), null, Describe(token));
            await db.SaveChangesAsync(cancellationToken);
        }

        return secret;
    }

    /// <summary>The account's tokens, revoked ones too, newest first.</summary>
    public async Task<IReadOnlyList<FeedToken>> ListAsync(string accountId, CancellationToken cancellationToken)
    {
        var tokens = await db.Set<FeedToken>().AsNoTracking().Where(t => t.AccountId == accountId).ToListAsync(cancellationToken);
        return [.. tokens.OrderByDescending(t => t.CreatedAtUtc)];
    }

    /// <summary>Revokes one of the account's tokens at once; false when it has no such active token.</summary>
    public async Task<bool> RevokeAsync(string accountId, Guid id, Actor by, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(by);
        using (await gate.EnterAsync(db, cancellationToken))
        {
            var token = await db.Set<FeedToken>().SingleOrDefaultAsync(t => t.Id == id && t.AccountId == accountId && t.RevokedAtUtc == null, cancellationToken);
            if (token is null)
            {
                return false;
            }

            token.RevokedAtUtc = time.GetUtcNow();
            audit.Add(by.Name, "feeds.token-revoked", Target(token), Describe(token), "revoked");
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
    }

    /// <summary>
    /// The grant of a token for this feed, or null: unknown, revoked, for another feed, or its
    /// maker disabled, without a role, or (for a department) no longer in it. Every refusal looks
    /// the same to the caller.
    /// </summary>
    public async Task<FeedGrant?> CheckAsync(string secret, FeedKind kind, string target, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(secret);
        if (!Shape.IsWellFormed(secret))
        {
            return null;
        }

        var hash = SecretToken.Hash(secret);
        var token = await db.Set<FeedToken>().AsNoTracking().SingleOrDefaultAsync(t => t.Hash == hash, cancellationToken);
        if (token is null || token.RevokedAtUtc is not null || token.Kind != kind || !string.Equals(token.Target, target, StringComparison.Ordinal))
        {
            return null;
        }

        var maker = await db.Set<Account>().AsNoTracking().Where(a => a.Id == token.AccountId).Select(a => new { a.Role, a.Disabled }).SingleOrDefaultAsync(cancellationToken);
        if (maker is not { Role: { } role, Disabled: false })
        {
            return null;
        }

        var departments = (await db.Set<AccountDepartment>().AsNoTracking().Where(d => d.AccountId == token.AccountId).Select(d => d.DepartmentId).ToListAsync(cancellationToken))
            .ToHashSet(StringComparer.Ordinal);
        var grant = new FeedGrant(token, role, departments);
        if (kind == FeedKind.Department && !grant.CanRead(target))
        {
            return null;
        }

        await RecordUseAsync(token, cancellationToken);
        return grant;
    }

    private async Task RecordUseAsync(FeedToken token, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (token.LastUsedAtUtc is { } last && now - last < LastUsedPrecision)
        {
            return;
        }

        var staleBefore = now - LastUsedPrecision;
        try
        {
            using (await gate.EnterAsync(db, cancellationToken))
            {
                await db.Set<FeedToken>()
                    .Where(t => t.Id == token.Id && (t.LastUsedAtUtc == null || t.LastUsedAtUtc <= staleBefore))
                    .ExecuteUpdateAsync(s => s.SetProperty(t => t.LastUsedAtUtc, now), cancellationToken);
            }
        }
        catch (DbException e)
        {
            // The feed is still served: the last-used time is a convenience.
            LogLastUsedFailed(logger, token.Prefix, e);
        }
    }

    private static string Target(FeedToken token) => "feedtoken:" + token.Prefix;

    private static string Describe(FeedToken token) => $"{token.Kind.ToString().ToLowerInvariant()} {token.Target}";

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not record the last use of feed token {Prefix}")]
    private static partial void LogLastUsedFailed(ILogger logger, string prefix, Exception exception);
}
