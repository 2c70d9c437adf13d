using AdvisoryWatch.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace AdvisoryWatch.Sources.Pages;

/// <summary><c>/sources/new</c>: add a source, with a live preview before saving.</summary>
[Authorize(Policy = Access.AccessPolicies.Admin)]
public sealed class NewModel(SourcePreviewer previewer, SourceImporter importer, AdvisoryWatchDbContext db, WriteGate gate)
    : SourceFormPage(previewer, importer, db, gate)
{
    public void OnGet()
    {
    }

    public Task<IActionResult> OnPostAsync(CancellationToken cancellationToken) => PreviewOrSaveAsync(null, cancellationToken);
}
