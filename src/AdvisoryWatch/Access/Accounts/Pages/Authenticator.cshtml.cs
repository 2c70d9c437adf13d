using System.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace AdvisoryWatch.Access.Accounts.Pages;

/// <summary>
/// The optional second factor: an authenticator app (TOTP, RFC 6238) with Identity's
/// authenticator token provider. A new key is made by a POST and shown until it is confirmed with
/// a code from the app; only then is it asked for at sign-in, and ten recovery codes are shown once.
/// </summary>
[Authorize(Policy = AccessPolicies.Reader)]
public sealed class AuthenticatorModel(UserManager<Access.Accounts.Account> users, SignInManager<Access.Accounts.Account> signIn) : PageModel
{
    private const int RecoveryCodeCount = 10;

    [BindProperty]
    public string Code { get; set; } = "";

    public bool Enabled { get; private set; }

    /// <summary>The shared key (base32), while it is not yet confirmed.</summary>
    public string? Key { get; private set; }

    public string? FormattedKey => Key is null ? null : string.Join(' ', Key.Chunk(4).Select(c => new string(c))).ToLowerInvariant();

    /// <summary>The otpauth URI authenticator apps read (Key Uri Format).</summary>
    public string? Uri { get; private set; }

    public IReadOnlyList<string>? RecoveryCodes { get; private set; }

    /// <summary>The refusal shown, as an <see cref="AccountText"/> key.</summary>
    public string? ErrorKey { get; private set; }

    public async Task<IActionResult> OnGetAsync() => await LoadAsync() is null ? Challenge() : Page();

    public async Task<IActionResult> OnPostStartAsync()
    {
        if (await LoadAsync() is not { } account)
        {
            return Challenge();
        }

        if (!account.TwoFactorEnabled)
        {
            await users.ResetAuthenticatorKeyAsync(account);

            // The key change renews the security stamp; the session is renewed with it.
            await signIn.RefreshSignInAsync(account);
        }

        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostConfirmAsync()
    {
        if (await LoadAsync() is not { } account)
        {
            return Challenge();
        }

        if (account.TwoFactorEnabled || Key is null)
        {
            return RedirectToPage();
        }

        if (!await users.VerifyTwoFactorTokenAsync(account, users.Options.Tokens.AuthenticatorTokenProvider, Normalise(Code)))
        {
            ErrorKey = "CodeRefusedAtSetup";
            return Page();
        }

        await users.SetTwoFactorEnabledAsync(account, true);
        RecoveryCodes = [.. await users.GenerateNewTwoFactorRecoveryCodesAsync(account, RecoveryCodeCount) ?? []];
        await signIn.RefreshSignInAsync(account);
        Enabled = true;
        return Page();
    }

    public async Task<IActionResult> OnPostDisableAsync()
    {
        if (await LoadAsync() is not { } account)
        {
            return Challenge();
        }

        if (!account.TwoFactorEnabled)
        {
            return RedirectToPage();
        }

        if (!await users.VerifyTwoFactorTokenAsync(account, users.Options.Tokens.AuthenticatorTokenProvider, Normalise(Code)))
        {
            ErrorKey = "CodeRefused";
            return Page();
        }

        await users.SetTwoFactorEnabledAsync(account, false);
        await users.ResetAuthenticatorKeyAsync(account);
        await users.GenerateNewTwoFactorRecoveryCodesAsync(account, 0);
        await signIn.RefreshSignInAsync(account);
        return RedirectToPage();
    }

    private async Task<Access.Accounts.Account?> LoadAsync()
    {
        if (await users.GetUserAsync(User) is not { } account)
        {
            return null;
        }

        Enabled = account.TwoFactorEnabled;
        Key = Enabled ? null : await users.GetAuthenticatorKeyAsync(account);
        if (Key is not null && account.Email is { } email)
        {
            var issuer = System.Uri.EscapeDataString("AdvisoryWatch");
            Uri = new StringBuilder("otpauth://totp/").Append(issuer).Append(':').Append(System.Uri.EscapeDataString(email))
                .Append("?secret=").Append(Key).Append("&issuer=").Append(issuer).Append("&digits=6").ToString();
        }

        return account;
    }

    private static string Normalise(string code) => code.Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
}
