using AdvisoryWatch.Access;
using AdvisoryWatch.Data;
using AdvisoryWatch.Departments;
using AdvisoryWatch.Hosting;
using AdvisoryWatch.Hosting.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace AdvisoryWatch.FollowUp.Pages;

/// <summary>
/// The follow-ups of the reader's departments (an Admin's: all), open ones unless asked otherwise,
/// filtered by department, state, owner and being overdue; the same list as CSV.
/// </summary>
[Authorize(Policy = AccessPolicies.Reader)]
public sealed class IndexModel(AdvisoryWatchDbContext db, PageTime time) : PageModel
{
    /// <summary>The state filter's value for every state (empty: the open ones).</summary>
    public const string AllStates = "all";

    [BindProperty(SupportsGet = true)]
    public string? Department { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? State { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Owner { get; set; }

    [BindProperty(SupportsGet = true)]
    public bool Overdue { get; set; }

    public IReadOnlyList<AssessmentView> Rows { get; private set; } = [];

    /// <summary>The departments the reader may see, by id, with their names.</summary>
    public IReadOnlyDictionary<string, string> Departments { get; private set; } = new Dictionary<string, string>();

    public DateOnly Today => DateOnly.FromDateTime(time.Local(time.Now).DateTime);

    /// <summary>The current filter as a query string, for the CSV link.</summary>
    public string Query => QueryString.Create(new Dictionary<string, string?>
    {
        ["department"] = Department,
        ["state"] = State,
        ["owner"] = Owner,
        ["overdue"] = Overdue ? "true" : null,
    }.Where(p => !string.IsNullOrEmpty(p.Value))).ToString();

    public async Task OnGetAsync(CancellationToken ct) => Rows = await LoadAsync(ct);

    public async Task<IActionResult> OnGetCsvAsync(CancellationToken ct)
    {
        var rows = await LoadAsync(ct);
        return File(FollowUpCsv.Bytes(rows), FollowUpCsv.ContentType, FollowUpCsv.FileName(Department));
    }

    private async Task<List<AssessmentView>> LoadAsync(CancellationToken ct)
    {
        var actor = Actor.From(User)!;
        Departments = await db.Set<Department>().AsNoTracking().ReadableBy(actor, d => d.Id).OrderBy(d => d.Name).ToDictionaryAsync(d => d.Id, d => d.Name, ct);
        if (string.IsNullOrEmpty(Department) || !Departments.ContainsKey(Department))
        {
            Department = null;
        }

        var states = State == AllStates ? [.. Enum.GetValues<AssessmentState>()] : AssessmentFilter.StatesOf(string.IsNullOrEmpty(State) ? null : State, all: false);
        if (states is null)
        {
            State = null;
            states = [.. AssessmentStates.Open];
        }

        // Overdue: due before today and still open.
        if (Overdue)
        {
            states = [.. states.Where(s => s.IsOpen())];
        }

        return await AssessmentQueries.ListAsync(db, actor, new AssessmentFilter(Department, states, Owner, Overdue ? Today : null), ct);
    }

    /// <summary>The kebab state of a follow-up for the view's texts.</summary>
    public static AssessmentState? StateOf(string kebab) => KebabNames.Parse<AssessmentState>(kebab);
}
