using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace AdvisoryWatch.Access.Accounts.Pages;

/// <summary>Signing out is a POST (a link or an image cannot sign anyone out); the GET shows the button.</summary>
[Authorize]
public sealed class SignOutModel(SignInManager<Access.Accounts.Account> signIn, SignInEvents events) : PageModel
{
    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        events.SignedOut(User.Identity?.Name ?? "unknown");
        await signIn.SignOutAsync();
        return RedirectToPage("SignIn");
    }
}
