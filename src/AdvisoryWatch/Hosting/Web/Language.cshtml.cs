using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace AdvisoryWatch.Hosting.Web;

/// <summary>
/// The reader's choice of language (the form at the foot of every page): kept in a cookie for a
/// year, and back to the page they were on. Signed in or not, as the sign-in page has the form too.
/// </summary>
[AllowAnonymous]
public sealed class LanguageModel(TimeProvider time) : PageModel
{
    public IActionResult OnGet() => LocalRedirect("/");

    public IActionResult OnPost(string? culture, string? returnUrl)
    {
        if (culture is not null && WebPages.Languages.Contains(culture, StringComparer.Ordinal))
        {
            Response.Cookies.Append(
                WebPages.LanguageCookie,
                CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
                new CookieOptions
                {
                    Path = "/",
                    Secure = true,
                    HttpOnly = true,
                    SameSite = SameSiteMode.Lax,
                    IsEssential = true,
                    Expires = time.GetUtcNow().AddYears(1),
                });
        }

        return LocalRedirect(Url.IsLocalUrl(returnUrl) ? returnUrl : "/");
    }
}
