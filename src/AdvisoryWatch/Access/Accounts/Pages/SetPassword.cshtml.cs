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
    internal const string InvalidLink = "This link is not valid: it has expired or has been used. Ask an administrator for a new one.";

    [BindProperty(SupportsGet = true)]
    public string Account { get; set; } = "";

    [BindProperty(SupportsGet = true)]
    public string Token { get; set; } = "";

    [BindProperty]
    public string Password { get; set; } = "";

    public IReadOnlyList<string> Errors { get; private set; } = [];

    public bool Done { get; private set; }

    public int MinimumLength => options.Value.PasswordMinimumLength;

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (await users.FindByIdAsync(Account) is not { Disabled: false } account)
        {
            Errors = [InvalidLink];
            return Page();
        }

        var result = await users.ResetPasswordAsync(account, Token, Password);
        Password = "";
        if (result.Succeeded)
        {
            Done = true;
            return Page();
        }

        Errors = result.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.InvalidToken))
            ? [InvalidLink]
            : [.. result.Errors.Select(e => e.Description)];
        return Page();
    }
}
