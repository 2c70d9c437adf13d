using AdvisoryWatch.Access.Oidc;
using AdvisoryWatch.Audit;
using AdvisoryWatch.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace AdvisoryWatch.Access.Admin.Pages;

/// <summary>
/// The OpenID Connect group mapping an admin keeps (over the configured one): checked and saved
/// by <see cref="OidcMappingStore"/>, as <c>PUT /api/v1/auth/oidc/mappings</c> does. The form
/// lists the stored entries and a few empty ones; an entry whose group is cleared is removed.
/// </summary>
[Authorize(Policy = AccessPolicies.Admin)]
public sealed class OidcModel(IOptions<OidcOptions> options, AdvisoryWatchDbContext db, WriteGate gate, AuditLog audit, TimeProvider time) : PageModel
{
    /// <summary>Empty entries offered below the stored ones, for adding groups.</summary>
    private const int EmptyRows = 3;

    [BindProperty]
    public List<OidcRow> Rows { get; set; } = [];

    [BindProperty(SupportsGet = true)]
    public string? Done { get; set; }

    public string? DoneKey => AdminForm.DoneKey(Done);

    public OidcMappingsView View { get; private set; } = new(false, "", [], [], []);

    public IReadOnlyList<(string Id, string Name)> AllDepartments { get; private set; } = [];

    public IReadOnlyList<OidcMappingProblem> Problems { get; private set; } = [];

    public async Task OnGetAsync()
    {
        await LoadAsync();
        Rows = [.. View.Stored.Select(m => new OidcRow { Group = m.Group, Role = m.Role, Departments = string.Join(", ", m.Departments) })];
        Rows.AddRange(Enumerable.Range(0, EmptyRows).Select(_ => new OidcRow { Role = nameof(AccessRole.Reader) }));
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var ct = HttpContext.RequestAborted;
        var entries = Rows.Where(r => !r.IsBlank).Select(r => new OidcMappingInput(
            r.Group,
            r.Role,
            [.. (r.Departments ?? "").Split([',', ' ', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)])).ToList();
        Problems = await OidcMappingStore.ValidateAsync(entries, db, ct);
        if (Problems.Count > 0)
        {
            // The numbers in the problems count the entries sent; the form shows just those again.
            Rows = [.. Rows.Where(r => !r.IsBlank)];
            await LoadAsync();
            return Page();
        }

        await OidcMappingStore.SaveAsync(entries, db, gate, audit, time, ct);
        return LocalRedirect("/admin/oidc?done=saved");
    }

    private async Task LoadAsync()
    {
        View = await OidcMappingStore.ViewAsync(options.Value, db, HttpContext.RequestAborted);
        AllDepartments = await AdminForm.DepartmentsAsync(db, HttpContext.RequestAborted);
    }
}
