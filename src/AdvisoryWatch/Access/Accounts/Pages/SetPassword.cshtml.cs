using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace AdvisoryWatch.Access.Accounts.Pages;

/// <summary>
/// The one-time link printed by <c>users add</c>. Showing the form uses nothing up; setting the
/// password does: the token is bound to the account's security stamp, which the new password
/// changes, and it expires (<see cref="AccountsOptions.SetPasswordLinkLifetime"/>).
/// </summary>
[AllowAnonymous]
[EnableRateLimiting(SignInThrottle.Policy)]
public sealed class SetPasswordModel(UserManager<Access.Accounts.Account> users, IOptions<AccountsOptions> options) : PageModel
{
    internal const string InvalidLink = "InvalidLink";

    /// <summary>The password rules' refusals, whose codes are <see cref="AccountText"/> keys.</summary>
    private static readonly HashSet<string> RuleKeys = new(StringComparer.Ordinal)
    {
        "PasswordTooShort", "PasswordTooLong", "PasswordCommon", "PasswordRepetitive", "PasswordContainsAddress",
    };

    [BindProperty(SupportsGet = true)]
    public string Account { get; set; } = "";

    [BindProperty(SupportsGet = true)]
    public string Token { get; set; } = "";

    [BindProperty]
    public string Password { get; set; } = "";

    /// <summary>Why the password was not set, as <see cref="AccountText"/> keys.</summary>
    public IReadOnlyList<string> ErrorKeys { get; private set; } = [];

    public bool Done { get; private set; }

    public int MinimumLength => options.Value.PasswordMinimumLength;

    public int MaximumLength => options.Value.PasswordMaximumLength;

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (await users.FindByIdAsync(Account) is not { Disabled: false } account)
        {
            ErrorKeys = [InvalidLink];
            return Page();
        }

        var result = await users.ResetPasswordAsync(account, Token, Password);
        Password = "";
        if (result.Succeeded)
        {
            Done = true;
            return Page();
        }

        ErrorKeys = result.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.InvalidToken))
            ? [InvalidLink]
            : [.. result.Errors.Select(e => RuleKeys.Contains(e.Code) ? e.Code : "PasswordRefused").Distinct(StringComparer.Ordinal)];
        return Page();
    }
}
