using AdvisoryWatch.Audit;
using AdvisoryWatch.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace AdvisoryWatch.Sources.Pages;

/// <summary><c>/sources/{id}</c>: a source's health and its definition to edit, with a live preview and its redirect notice.</summary>
[Authorize(Policy = Access.AccessPolicies.Admin)]
public sealed class EditModel(SourcePreviewer previewer, SourceImporter importer, AdvisoryWatchDbContext db, WriteGate gate, AuditLog audit, TimeProvider time)
    : SourceFormPage(previewer, importer, db, gate)
{
    [FromQuery(Name = "done")]
    public string? Done { get; set; }

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }

        Form = SourceForm.From(SourceDefinition.From(Saved!));
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string id, CancellationToken cancellationToken) =>
        await LoadAsync(id, cancellationToken) ? await PreviewOrSaveAsync(id, cancellationToken) : NotFound();

    public async Task<IActionResult> OnPostRedirectAsync(string id, string redirect, bool accept, CancellationToken cancellationToken)
    {
        var answer = await SourceRedirects.AnswerAsync(Db, Gate, audit, time, id, redirect, accept, cancellationToken);
        return answer == RedirectAnswer.NotFound
            ? NotFound()
            : LocalRedirect($"/sources/{Uri.EscapeDataString(id)}?done={DoneOf(answer)}");
    }

    private async Task<bool> LoadAsync(string id, CancellationToken cancellationToken)
    {
        Saved = await Db.Set<Source>().AsNoTracking().SingleOrDefaultAsync(s => s.Id == id, cancellationToken);
        return Saved is not null;
    }
}
