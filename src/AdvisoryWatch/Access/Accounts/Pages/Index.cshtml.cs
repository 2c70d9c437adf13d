using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace AdvisoryWatch.Access.Accounts.Pages;

/// <summary>Who is signed in, with what role and departments.</summary>
[Authorize(Policy = AccessPolicies.Reader)]
public sealed class IndexModel : PageModel
{
    public Actor? Actor { get; private set; }

    public void OnGet() => Actor = Access.Actor.From(User);
}
