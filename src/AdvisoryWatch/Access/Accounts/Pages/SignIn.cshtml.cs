using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace AdvisoryWatch.Access.Accounts.Pages;

/// <summary>
/// Password sign-in. Every refusal reads the same, whatever the reason (unknown address, wrong
/// password, locked, disabled), and takes about as long: a password hash is checked either way,
/// so neither the page nor its timing tells whether an account exists.
/// </summary>
[AllowAnonymous]
[EnableRateLimiting(SignInThrottle.Policy)]
public sealed class SignInModel(
    SignInManager<Access.Accounts.Account> signIn,
    SignInThrottle throttle,
    SignInEvents events,
    AccountDirectory directory) : PageModel
{
    /// <summary>The one refusal, whatever the reason (an <see cref="AccountText"/> key).</summary>
    internal const string Refused = "SignInRefused";

    internal const string TooMany = "TooManyAttempts";

    [BindProperty]
    public string Email { get; set; } = "";

    [BindProperty]
    public string Password { get; set; } = "";

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    /// <summary>The refusal shown, as an <see cref="AccountText"/> key.</summary>
    public string? ErrorKey { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var client = HttpContext.Connection.RemoteIpAddress?.ToString();
        var email = Email.Trim();
        if (!throttle.TryAttempt(email))
        {
            await events.RefusedAsync(email, SignInRefusal.RateLimited, client, HttpContext.RequestAborted);
            Response.StatusCode = StatusCodes.Status429TooManyRequests;
            ErrorKey = TooMany;
            return Page();
        }

        var account = email.Length == 0 ? null : await signIn.UserManager.FindByEmailAsync(email);
        if (account is null)
        {
            PasswordTiming.CheckDummy(signIn.UserManager, Password);
            return await RefuseAsync(email, SignInRefusal.UnknownAccount, client);
        }

        var result = await signIn.PasswordSignInAsync(account, Password, isPersistent: false, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            events.SignedIn(email, secondFactor: false, client);
            await directory.RecordSignInAsync(account.Id, HttpContext.RequestAborted);
            return LocalRedirect(SafeReturnUrl(ReturnUrl));
        }

        if (result.RequiresTwoFactor)
        {
            return RedirectToPage("SignInCode", new { ReturnUrl });
        }

        if (result.IsLockedOut || result.IsNotAllowed)
        {
            // Refused before the password was checked: check one anyway, for the timing.
            PasswordTiming.CheckDummy(signIn.UserManager, Password);
        }

        return await RefuseAsync(email, result.IsLockedOut ? SignInRefusal.LockedOut : result.IsNotAllowed ? SignInRefusal.NotAllowed : SignInRefusal.WrongPassword, client);
    }

    private async Task<PageResult> RefuseAsync(string email, SignInRefusal reason, string? client)
    {
        await events.RefusedAsync(email, reason, client, HttpContext.RequestAborted);
        ErrorKey = Refused;
        Password = "";
        return Page();
    }

    /// <summary>A local path only (no open redirect); the account page otherwise.</summary>
    internal static string SafeReturnUrl(string? returnUrl) =>
        returnUrl is { Length: > 1 } url && url[0] == '/' && url[1] is not ('/' or '\\') ? url : "/account";
}
