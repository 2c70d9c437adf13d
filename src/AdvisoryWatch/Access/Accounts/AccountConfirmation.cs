using Microsoft.AspNetCore.Identity;

namespace AdvisoryWatch.Access.Accounts;

/// <summary>
/// Who may sign in at all (Identity asks before checking a password or code): an account that
/// is not disabled and has a role.
/// </summary>
internal sealed class AccountConfirmation : IUserConfirmation<Account>
{
    public Task<bool> IsConfirmedAsync(UserManager<Account> manager, Account user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return Task.FromResult(!user.Disabled && user.Role is not null);
    }
}
