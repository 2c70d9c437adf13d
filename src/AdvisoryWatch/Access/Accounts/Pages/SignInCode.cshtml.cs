using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace AdvisoryWatch.Access.Accounts.Pages;

/// <summary>
/// The second step for an account with an authenticator app: a six-digit code, or one of its
/// recovery codes. Wrong codes count towards the lockout like wrong passwords.
/// </summary>
[AllowAnonymous]
[EnableRateLimiting(SignInThrottle.Policy)]
public sealed class SignInCodeModel(
    SignInManager<Access.Accounts.Account> signIn,
    SignInThrottle throttle,
    SignInEvents events,
    AccountDirectory directory) : PageModel
{
    [BindProperty]
    public string Code { get; set; } = "";

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    /// <summary>The refusal shown, as an <see cref="AccountText"/> key.</summary>
    public string? ErrorKey { get; private set; }

    public async Task<IActionResult> OnGetAsync() =>
        await signIn.GetTwoFactorAuthenticationUserAsync() is null ? RedirectToPage("SignIn", new { ReturnUrl }) : Page();

    public async Task<IActionResult> OnPostAsync()
    {
        var client = HttpContext.Connection.RemoteIpAddress?.ToString();
        if (await signIn.GetTwoFactorAuthenticationUserAsync() is not { } account)
        {
            // The password step has expired (five minutes) or never happened.
            return RedirectToPage("SignIn", new { ReturnUrl });
        }

        var email = account.Email ?? "";
        if (!throttle.TryAttempt(email))
        {
            await events.RefusedAsync(email, SignInRefusal.RateLimited, client, HttpContext.RequestAborted);
            Response.StatusCode = StatusCodes.Status429TooManyRequests;
            ErrorKey = SignInModel.TooMany;
            return Page();
        }

        var code = Code.Replace(" ", "", StringComparison.Ordinal).Trim();
        var result = code.Length == 6 && code.All(char.IsAsciiDigit)
            ? await signIn.TwoFactorAuthenticatorSignInAsync(code, isPersistent: false, rememberClient: false)
            : await signIn.TwoFactorRecoveryCodeSignInAsync(code);
        if (result.Succeeded)
        {
            events.SignedIn(email, secondFactor: true, client);
            await directory.RecordSignInAsync(account.Id, HttpContext.RequestAborted);
            return LocalRedirect(SignInModel.SafeReturnUrl(ReturnUrl));
        }

        await events.RefusedAsync(email, result.IsLockedOut ? SignInRefusal.LockedOut : result.IsNotAllowed ? SignInRefusal.NotAllowed : SignInRefusal.WrongCode, client, HttpContext.RequestAborted);
        if (result.IsLockedOut || result.IsNotAllowed)
        {
            return RedirectToPage("SignIn", new { ReturnUrl });
        }

        ErrorKey = "CodeRefusedAtSignIn";
        Code = "";
        return Page();
    }
}
