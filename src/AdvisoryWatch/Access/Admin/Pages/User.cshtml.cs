using AdvisoryWatch.Access.Accounts;
using AdvisoryWatch.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace AdvisoryWatch.Access.Admin.Pages;

/// <summary>
/// One account: its role and departments, and disabling or enabling it, through
/// <see cref="AccountDirectory"/> as <c>users set-role | disable | enable</c> (audited the same
/// way); unlike the command line, it refuses to leave no enabled Admin.
/// </summary>
[Authorize(Policy = AccessPolicies.Admin)]
public sealed class UserModel(AccountDirectory directory, AdvisoryWatchDbContext db) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string Id { get; set; } = "";

    [BindProperty(SupportsGet = true)]
    public string? Done { get; set; }

    [BindProperty]
    public string? Role { get; set; }

    [BindProperty]
    public List<string> Departments { get; set; } = [];

    public Account Account { get; private set; } = new();

    /// <summary>The account's departments as stored (the form may hold others, after a refusal).</summary>
    public IReadOnlySet<string> CurrentDepartments { get; private set; } = new HashSet<string>();

    public IReadOnlyList<(string Id, string Name)> AllDepartments { get; private set; } = [];

    public string? DoneKey => AdminForm.DoneKey(Done);

    /// <summary>Why nothing changed, as an <see cref="AdminText"/> key with its argument.</summary>
    public string? ErrorKey { get; private set; }

    public string ErrorArgument { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync()
    {
        if (!await LoadAsync())
        {
            return NotFound();
        }

        Role = Account.Role?.ToString();
        Departments = [.. CurrentDepartments];
        return Page();
    }

    public async Task<IActionResult> OnPostSaveAsync()
    {
        if (!await LoadAsync())
        {
            return NotFound();
        }

        if (AdminForm.ParseRole(Role) is not { } role)
        {
            return Refuse("UnknownRole", Role ?? "");
        }

        var outcome = await directory.SetRoleAsync(Account.Email!, role, Departments, keepAnAdmin: true, HttpContext.RequestAborted);
        return Result(outcome, "saved");
    }

    public Task<IActionResult> OnPostDisableAsync() => SetDisabledAsync(disabled: true);

    public Task<IActionResult> OnPostEnableAsync() => SetDisabledAsync(disabled: false);

    private async Task<IActionResult> SetDisabledAsync(bool disabled)
    {
        if (!await LoadAsync())
        {
            return NotFound();
        }

        var outcome = await directory.SetDisabledAsync(Account.Email!, disabled, keepAnAdmin: true, HttpContext.RequestAborted);
        return Result(outcome, disabled ? "disabled" : "enabled");
    }

    private IActionResult Result(AccountOutcome outcome, string done) => outcome switch
    {
        AccountOutcome.Done => LocalRedirect($"/admin/users/{Uri.EscapeDataString(Account.Id)}?done={done}"),
        AccountOutcome.NotFound => NotFound(),
        AccountOutcome.LastAdmin => Refuse("LastAdmin", Account.Email ?? ""),
        AccountOutcome.UnknownDepartment => Refuse("UnknownDepartments", string.Join(", ", Departments)),
        _ => Refuse("UserInvalid", outcome.ToString()),
    };

    private PageResult Refuse(string key, string argument)
    {
        ErrorKey = key;
        ErrorArgument = argument;
        return Page();
    }

    private async Task<bool> LoadAsync()
    {
        var ct = HttpContext.RequestAborted;
        if (await directory.FindByIdAsync(Id) is not { } account)
        {
            return false;
        }

        CurrentDepartments = await directory.DepartmentIdsAsync(account.Id, ct);
        Account = account;
        AllDepartments = await AdminForm.DepartmentsAsync(db, ct);
        return true;
    }
}
