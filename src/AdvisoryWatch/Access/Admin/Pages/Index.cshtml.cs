using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace AdvisoryWatch.Access.Admin.Pages;

/// <summary>The administration pages, one link each.</summary>
[Authorize(Policy = AccessPolicies.Admin)]
public sealed class IndexModel : PageModel
{
    public void OnGet()
    {
    }
}
