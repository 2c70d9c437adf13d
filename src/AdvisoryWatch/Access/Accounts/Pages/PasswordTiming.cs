using Microsoft.AspNetCore.Identity;

namespace AdvisoryWatch.Access.Accounts.Pages;

/// <summary>A password check against a hash nobody has, so a refusal that needs none takes as long as one that does.</summary>
internal static class PasswordTiming
{
    private static readonly Lazy<string> DummyHash = new(() =>
        new PasswordHasher<Access.Accounts.Account>().HashPassword(new Access.Accounts.Account(), Guid.NewGuid().ToString("N")));

    public static void CheckDummy(UserManager<Access.Accounts.Account> users, string password) =>
        users.PasswordHasher.VerifyHashedPassword(new Access.Accounts.Account(), DummyHash.Value, password);
}
