using AdvisoryWatch.Audit;
using AdvisoryWatch.Data;
using AdvisoryWatch.Departments;
using AdvisoryWatch.Notifications;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AdvisoryWatch.Access.Accounts;

/// <summary>What became of a change to an account.</summary>
public enum AccountOutcome
{
    Done,
    NotFound,

    /// <summary>The address already belongs to another account.</summary>
    AddressTaken,

    /// <summary>A named department does not exist.</summary>
    UnknownDepartment,

    /// <summary>The address or the user name is not acceptable to Identity.</summary>
    Invalid,

    /// <summary>Refused: it would leave no enabled Admin account, and nobody to administer the product from the web.</summary>
    LastAdmin,
}

/// <summary>The result of <see cref="AccountDirectory.UpsertExternalAsync"/>: the account, when one may sign in.</summary>
public sealed record ExternalAccountResult(AccountOutcome Outcome, Account? Account, IReadOnlyList<string> UnknownDepartments);

/// <summary>
/// Finds, creates and changes accounts: for the command line (local accounts) and for OpenID
/// Connect sign-in (external accounts, whose role and departments follow the provider's claims at
/// every sign-in). Open sessions read a changed role or departments at their next check
/// (<see cref="AccountsOptions.SessionRevalidation"/>); disabling changes the security stamp, which
/// ends them.
/// </summary>
public sealed class AccountDirectory(
    UserManager<Account> users,
    AdvisoryWatchDbContext db,
    WriteGate gate,
    AuditLog audit,
    TimeProvider time,
    IOptions<NotificationsOptions> notifications,
    IOptions<AccountsOptions> accounts)
{
    public Task<List<Account>> ListAsync(CancellationToken cancellationToken) =>
        db.Set<Account>().AsNoTracking().Include(a => a.Departments).OrderBy(a => a.Email).ToListAsync(cancellationToken);

    public Task<Account?> FindByEmailAsync(string email) => users.FindByEmailAsync(email);

    public Task<Account?> FindByIdAsync(string id) => users.FindByIdAsync(id);

    /// <summary>Notes a successful sign-in; a failure to note it never fails the sign-in.</summary>
    public async Task RecordSignInAsync(string accountId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        try
        {
            using (await gate.EnterAsync(db, cancellationToken))
            {
                await db.Set<Account>().Where(a => a.Id == accountId)
                    .ExecuteUpdateAsync(s => s.SetProperty(a => a.LastSignInAtUtc, now), cancellationToken);
            }
        }
        catch (System.Data.Common.DbException)
        {
            // Only a fact for the admin's list: the person is signed in all the same.
        }
    }

    /// <summary>Adds a local account without a password; it gets one through <see cref="SetPasswordTokenAsync"/> or <see cref="SetPasswordAsync"/>.</summary>
    public async Task<(AccountOutcome Outcome, Account? Account, IReadOnlyList<string> Errors)> AddLocalAsync(
        string email, AccessRole role, IReadOnlyCollection<string> departments, CancellationToken cancellationToken)
    {
        if (await users.FindByEmailAsync(email) is not null)
        {
            return (AccountOutcome.AddressTaken, null, []);
        }

        var unknown = await UnknownDepartmentsAsync(departments, cancellationToken);
        if (unknown.Count > 0)
        {
            return (AccountOutcome.UnknownDepartment, null, unknown);
        }

        var account = NewAccount(email, role, departments);

        // Staged before the store saves the account, so that both are written together.
        audit.Add("accounts.added", Target(email), null, Describe(role, departments));
        var created = await users.CreateAsync(account);
        return created.Succeeded
            ? (AccountOutcome.Done, account, [])
            : (AccountOutcome.Invalid, null, [.. created.Errors.Select(e => e.Description)]);
    }

    /// <summary>The token of a one-time set-password link: valid until used (it is bound to the security stamp) or expired.</summary>
    public Task<string> SetPasswordTokenAsync(Account account) => users.GeneratePasswordResetTokenAsync(account);

    /// <summary>How long a set-password link works.</summary>
    public TimeSpan SetPasswordLinkLifetime => accounts.Value.SetPasswordLinkLifetime;

    /// <summary>The one-time set-password link (on the public address), to be shown once to whoever added the account.</summary>
    public async Task<Uri> SetPasswordLinkAsync(Account account)
    {
        ArgumentNullException.ThrowIfNull(account);
        var token = await SetPasswordTokenAsync(account);
        return notifications.Value.Link($"account/set-password?account={Uri.EscapeDataString(account.Id)}&token={Uri.EscapeDataString(token)}");
    }

    /// <summary>Sets the password outright (the generated password of <c>users add</c>), checked against the password rules.</summary>
    public async Task<IReadOnlyList<string>> SetPasswordAsync(Account account, string password)
    {
        var token = await users.GeneratePasswordResetTokenAsync(account);
        var result = await users.ResetPasswordAsync(account, token, password);
        return [.. result.Errors.Select(e => e.Description)];
    }

    /// <summary>
    /// Changes the role (and, when given, replaces the departments). With <paramref name="keepAnAdmin"/>
    /// (the web pages), demoting the last enabled Admin is refused: nobody could undo it from the
    /// web. The command line may, being the way to make an Admin in the first place.
    /// </summary>
    public async Task<AccountOutcome> SetRoleAsync(string email, AccessRole role, IReadOnlyCollection<string>? departments, bool keepAnAdmin, CancellationToken cancellationToken)
    {
        if (await users.FindByEmailAsync(email) is not { } account)
        {
            return AccountOutcome.NotFound;
        }

        if (departments is not null && (await UnknownDepartmentsAsync(departments, cancellationToken)).Count > 0)
        {
            return AccountOutcome.UnknownDepartment;
        }

        if (keepAnAdmin && role != AccessRole.Admin && await IsLastEnabledAdminAsync(account, cancellationToken))
        {
            return AccountOutcome.LastAdmin;
        }

        var before = Describe(account.Role, await DepartmentIdsAsync(account.Id, cancellationToken));
        account.Role = role;
        if (departments is not null)
        {
            await ReplaceDepartmentsAsync(account, departments, cancellationToken);
        }

        audit.Add("accounts.role-changed", Target(email), before, Describe(role, departments ?? await DepartmentIdsAsync(account.Id, cancellationToken)));
        var updated = await users.UpdateAsync(account);
        return updated.Succeeded ? AccountOutcome.Done : AccountOutcome.Invalid;
    }

    /// <summary>Disables (or enables) the account; disabling ends its sessions. <paramref name="keepAnAdmin"/>: as for <see cref="SetRoleAsync"/>.</summary>
    public async Task<AccountOutcome> SetDisabledAsync(string email, bool disabled, bool keepAnAdmin, CancellationToken cancellationToken)
    {
        if (await users.FindByEmailAsync(email) is not { } account)
        {
            return AccountOutcome.NotFound;
        }

        if (keepAnAdmin && disabled && await IsLastEnabledAdminAsync(account, cancellationToken))
        {
            return AccountOutcome.LastAdmin;
        }

        account.Disabled = disabled;
        audit.Add(disabled ? "accounts.disabled" : "accounts.enabled", Target(email));
        await users.UpdateSecurityStampAsync(account);
        return AccountOutcome.Done;
    }

    /// <summary>
    /// For OpenID Connect, at every sign-in: finds the account by its external login
    /// (<paramref name="provider"/>, <paramref name="subject"/>), creates it on first sign-in, and
    /// sets its address, role and departments from the provider's claims. A null role leaves the
    /// account without rights (it cannot sign in). Departments that do not exist are skipped and
    /// returned. An address already used by an account that is not linked to this login is
    /// refused (<see cref="AccountOutcome.AddressTaken"/>): linking on address alone would hand a
    /// local account to whoever the provider vouches for under that address.
    /// </summary>
    public async Task<ExternalAccountResult> UpsertExternalAsync(
        string provider, string subject, string email, AccessRole? role, IReadOnlyCollection<string> departments, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(provider);
        ArgumentException.ThrowIfNullOrEmpty(subject);
        ArgumentException.ThrowIfNullOrEmpty(email);
        var unknown = await UnknownDepartmentsAsync(departments, cancellationToken);
        var known = departments.Except(unknown, StringComparer.Ordinal).ToList();
        var account = await users.FindByLoginAsync(provider, subject);
        if (account is null)
        {
            if (await users.FindByEmailAsync(email) is not null)
            {
                return new ExternalAccountResult(AccountOutcome.AddressTaken, null, unknown);
            }

            account = NewAccount(email, role, known);
            audit.Add("user:" + email, "accounts.added", Target(email), null, $"through {provider}: {Describe(role, known)}");
            var created = await users.CreateAsync(account);
            if (created.Succeeded)
            {
                created = await users.AddLoginAsync(account, new UserLoginInfo(provider, subject, provider));
            }

            return created.Succeeded
                ? new ExternalAccountResult(AccountOutcome.Done, account, unknown)
                : new ExternalAccountResult(AccountOutcome.Invalid, null, unknown);
        }

        if (!string.Equals(account.Email, email, StringComparison.OrdinalIgnoreCase))
        {
            if (await users.FindByEmailAsync(email) is { } other && other.Id != account.Id)
            {
                return new ExternalAccountResult(AccountOutcome.AddressTaken, null, unknown);
            }

            account.Email = email;
            account.UserName = email;
        }

        account.Role = role;
        await ReplaceDepartmentsAsync(account, known, cancellationToken);
        var updated = await users.UpdateAsync(account);
        return updated.Succeeded
            ? new ExternalAccountResult(AccountOutcome.Done, account, unknown)
            : new ExternalAccountResult(AccountOutcome.Invalid, null, unknown);
    }

    private static string Target(string email) => "account:" + email;

    /// <summary>Whether <paramref name="account"/> is an enabled Admin and no other enabled Admin exists.</summary>
    private async Task<bool> IsLastEnabledAdminAsync(Account account, CancellationToken cancellationToken) =>
        account is { Role: AccessRole.Admin, Disabled: false }
        && !await db.Set<Account>().AnyAsync(a => a.Id != account.Id && a.Role == AccessRole.Admin && !a.Disabled, cancellationToken);

    private static string Describe(AccessRole? role, IEnumerable<string> departments) =>
        $"{role?.ToString() ?? "no role"}{(departments.Any() ? " of " + string.Join(", ", departments.Order(StringComparer.Ordinal)) : "")}";

    /// <summary>The ids of the account's departments.</summary>
    public async Task<HashSet<string>> DepartmentIdsAsync(string accountId, CancellationToken cancellationToken) =>
        (await db.Set<AccountDepartment>().AsNoTracking().Where(d => d.AccountId == accountId).Select(d => d.DepartmentId).ToListAsync(cancellationToken))
            .ToHashSet(StringComparer.Ordinal);

    private Account NewAccount(string email, AccessRole? role, IEnumerable<string> departments)
    {
        var account = new Account
        {
            UserName = email,
            Email = email,
            EmailConfirmed = true,
            Role = role,
            CreatedAtUtc = time.GetUtcNow(),
            LockoutEnabled = true,
        };
        account.Departments.AddRange(departments.Distinct(StringComparer.Ordinal).Select(d => new AccountDepartment { AccountId = account.Id, DepartmentId = d }));
        return account;
    }

    /// <summary>Stages the new set; the caller's UserManager update saves it with the account.</summary>
    private async Task ReplaceDepartmentsAsync(Account account, IEnumerable<string> departments, CancellationToken cancellationToken)
    {
        var wanted = departments.ToHashSet(StringComparer.Ordinal);
        var current = await db.Set<AccountDepartment>().Where(d => d.AccountId == account.Id).ToListAsync(cancellationToken);
        db.RemoveRange(current.Where(d => !wanted.Contains(d.DepartmentId)));
        db.AddRange(wanted.Where(w => !current.Exists(d => d.DepartmentId == w)).Select(w => new AccountDepartment { AccountId = account.Id, DepartmentId = w }));
    }

    private async Task<List<string>> UnknownDepartmentsAsync(IEnumerable<string> departments, CancellationToken cancellationToken)
    {
        var named = departments.Distinct(StringComparer.Ordinal).ToList();
        var existing = await db.Set<Department>().Where(d => named.Contains(d.Id)).Select(d => d.Id).ToListAsync(cancellationToken);
        return [.. named.Except(existing, StringComparer.Ordinal)];
    }
}
