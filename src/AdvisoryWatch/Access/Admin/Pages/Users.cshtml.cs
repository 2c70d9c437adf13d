using AdvisoryWatch.Access.Accounts;
using AdvisoryWatch.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace AdvisoryWatch.Access.Admin.Pages;

/// <summary>
/// The accounts, and adding one: through <see cref="AccountDirectory"/>, as <c>users add</c> does
/// (audited the same way). The one-time set-password link is shown in the answer to the POST only,
/// never stored nor put in an address.
/// </summary>
[Authorize(Policy = AccessPolicies.Admin)]
public sealed class UsersModel(AccountDirectory directory, AdvisoryWatchDbContext db) : PageModel
{
    [BindProperty]
    public string Email { get; set; } = "";

    [BindProperty]
    public string? Role { get; set; } = nameof(AccessRole.Reader);

    [BindProperty]
    public List<string> Departments { get; set; } = [];

    public IReadOnlyList<Account> Accounts { get; private set; } = [];

    public IReadOnlyList<(string Id, string Name)> AllDepartments { get; private set; } = [];

    /// <summary>Why the account was not added, as an <see cref="AdminText"/> key with its argument.</summary>
    public string? ErrorKey { get; private set; }

    public string ErrorArgument { get; private set; } = "";

    public string? AddedEmail { get; private set; }

    /// <summary>The new account's set-password link, in this answer only.</summary>
    public Uri? Link { get; private set; }

    public string LinkHours => directory.SetPasswordLinkLifetime.TotalHours.ToString("0.#", System.Globalization.CultureInfo.CurrentCulture);

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostAsync()
    {
        var ct = HttpContext.RequestAborted;
        if (AdminForm.ParseRole(Role) is not { } role)
        {
            return await RefuseAsync("UnknownRole", Role ?? "");
        }

        var email = Email.Trim();
        var (outcome, account, errors) = await directory.AddLocalAsync(email, role, Departments, ct);
        switch (outcome)
        {
            case AccountOutcome.Done:
                Link = await directory.SetPasswordLinkAsync(account!);
                Response.Headers.CacheControl = "no-store";
                ModelState.Clear();
                AddedEmail = email;
                Email = "";
                Departments = [];
                await LoadAsync();
                return Page();
            case AccountOutcome.AddressTaken:
                return await RefuseAsync("UserAddressTaken", email);
            case AccountOutcome.UnknownDepartment:
                return await RefuseAsync("UnknownDepartments", string.Join(", ", errors));
            default:
                return await RefuseAsync("UserInvalid", string.Join(" ", errors));
        }
    }

    private async Task<PageResult> RefuseAsync(string key, string argument)
    {
        ErrorKey = key;
        ErrorArgument = argument;
        await LoadAsync();
        return Page();
    }

    private async Task LoadAsync()
    {
        Accounts = await directory.ListAsync(HttpContext.RequestAborted);
        AllDepartments = await AdminForm.DepartmentsAsync(db, HttpContext.RequestAborted);
    }
}
