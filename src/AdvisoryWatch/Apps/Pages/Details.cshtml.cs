using AdvisoryWatch.Access;
using AdvisoryWatch.Data;
using AdvisoryWatch.Departments;
using AdvisoryWatch.Hosting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace AdvisoryWatch.Apps.Pages;

/// <summary>
/// One app: its names, each of the reader's departments' protection level and assessment with
/// their history, and the advisories that named it. An Admin edits or retires it; a department's
/// Coordinator (or an Admin) records the department's assessment — all through <see cref="AppRegister"/>,
/// as the API does.
/// </summary>
[Authorize(Policy = AccessPolicies.Reader)]
public sealed class DetailsModel(AdvisoryWatchDbContext db, AppRegister register) : PageModel
{
    [BindProperty]
    public string? Name { get; set; }

    [BindProperty]
    public string? Vendor { get; set; }

    [BindProperty]
    public string? Aliases { get; set; }

    [BindProperty]
    public string? Department { get; set; }

    [BindProperty]
    public string? Protection { get; set; }

    [BindProperty]
    public string? Assessment { get; set; }

    [BindProperty]
    public string? Rationale { get; set; }

    [FromQuery(Name = "done")]
    public string? Done { get; set; }

    public AppDetailView Detail { get; private set; } = null!;

    /// <summary>The departments whose assessment the actor may record here, by id, with their names.</summary>
    public IReadOnlyDictionary<string, string> Managed { get; private set; } = new Dictionary<string, string>();

    public bool IsAdmin => Actor.From(User)?.IsAdmin == true;

    /// <summary>Keys of <see cref="AppsText"/> for what was wrong with a form.</summary>
    public IReadOnlyList<string> ErrorKeys { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        Name = Detail.App.Name;
        Vendor = Detail.App.Vendor;
        Aliases = string.Join(", ", Detail.App.Aliases);
        return Page();
    }

    public async Task<IActionResult> OnPostEditAsync(string id, CancellationToken ct)
    {
        if (!IsAdmin)
        {
            return Forbid();
        }

        if (!await db.Set<App>().AnyAsync(a => a.Id == id, ct))
        {
            return NotFound();
        }

        var outcome = await register.SaveAsync(id, new AppRequest(Name, Vendor, AppForm.SplitAliases(Aliases)), ct);
        return outcome is WriteOutcome<AppView>.Saved ? Done_("saved", id) : await ShowErrorsAsync(id, AppForm.ErrorKeys(outcome), ct);
    }

    public async Task<IActionResult> OnPostRetireAsync(string id, CancellationToken ct)
    {
        if (!IsAdmin)
        {
            return Forbid();
        }

        return await register.RetireAsync(id, ct) ? LocalRedirect("/apps?done=retired") : NotFound();
    }

    public async Task<IActionResult> OnPostUseAsync(string id, CancellationToken ct)
    {
        if (Actor.From(User)!.Role < AccessRole.Coordinator)
        {
            return Forbid();
        }

        var outcome = await register.AssessAsync(Actor.From(User)!, id, Department ?? "", new AppUseRequest(Protection, Assessment, Rationale), ct);
        return outcome switch
        {
            WriteOutcome<AppUseView>.Saved => Done_("assessed", id),
            WriteOutcome<AppUseView>.NotFound => NotFound(),
            _ => await ShowErrorsAsync(id, AppForm.ErrorKeys(outcome), ct),
        };
    }

    public async Task<IActionResult> OnPostStopAsync(string id, CancellationToken ct)
    {
        if (Actor.From(User)!.Role < AccessRole.Coordinator)
        {
            return Forbid();
        }

        return await register.StopUsingAsync(Actor.From(User)!, id, Department ?? "", ct) ? Done_("stopped", id) : NotFound();
    }

    private LocalRedirectResult Done_(string what, string id) => LocalRedirect($"/apps/{Uri.EscapeDataString(id)}?done={what}");

    private async Task<IActionResult> ShowErrorsAsync(string id, IReadOnlyList<string> keys, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        ErrorKeys = keys;
        return Page();
    }

    private async Task<bool> LoadAsync(string id, CancellationToken ct)
    {
        var actor = Actor.From(User)!;
        if (await AppQueries.DetailAsync(db, actor, id, ct) is not { } detail)
        {
            return false;
        }

        Detail = detail;
        Managed = detail.App.RetiredAtUtc is not null || actor.Role < AccessRole.Coordinator
            ? new Dictionary<string, string>()
            : await db.Set<Department>().AsNoTracking().ReadableBy(actor, d => d.Id).OrderBy(d => d.Name).ToDictionaryAsync(d => d.Id, d => d.Name, ct);
        return true;
    }
}
