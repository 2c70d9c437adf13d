using System.Text;
using AdvisoryWatch.Audit;
using AdvisoryWatch.Data;
using AdvisoryWatch.Polling;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AdvisoryWatch.Sources.Pages;

/// <summary><c>/sources</c>: every source with its health; enable, disable, check now, answer a redirect notice; OPML export and import.</summary>
[Authorize(Policy = Access.AccessPolicies.Admin)]
[RequestFormLimits(MultipartBodyLengthLimit = MaxImportBytes + (64 * 1024))]
[RequestSizeLimit(MaxImportBytes + (64 * 1024))]
public sealed class IndexModel(AdvisoryWatchDbContext db, WriteGate gate, AuditLog audit, SourceImporter importer, TimeProvider time, IOptions<PollingOptions> polling) : PageModel
{
    /// <summary>Largest file an import takes: a catalogue of every authority is a few hundred KiB.</summary>
    public const int MaxImportBytes = 1024 * 1024;

    [FromQuery(Name = "done")]
    public string? Done { get; set; }

    /// <summary>The source a <see cref="Done"/> message is about.</summary>
    [FromQuery(Name = "source")]
    public string? DoneSource { get; set; }

    public IReadOnlyList<Source> Sources { get; private set; } = [];

    public DateTimeOffset Now { get; private set; }

    /// <summary>When a refused "check now" may be asked again.</summary>
    public DateTimeOffset? CheckAllowedAt { get; private set; }

    /// <summary>What an import did (shown on the answer to the upload).</summary>
    public FileImportResult? Imported { get; private set; }

    /// <summary>The text key of why an upload was not read at all.</summary>
    public string? ImportErrorKey { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnGetOpmlAsync(CancellationToken cancellationToken)
    {
        var rows = await db.Set<Source>().AsNoTracking().OrderBy(s => s.Id).ToListAsync(cancellationToken);
        var text = Opml.Write(rows.Select(SourceDefinition.From), "AdvisoryWatch sources");
        return File(Encoding.UTF8.GetBytes(text), "text/x-opml; charset=utf-8", "advisorywatch-sources.opml");
    }

    public async Task<IActionResult> OnPostCheckAsync(string id, CancellationToken cancellationToken)
    {
        var outcome = await ManualCheck.RequestAuditedAsync(db, gate, audit, id, time.GetUtcNow(), polling.Value, cancellationToken);
        return outcome switch
        {
            ManualCheckOutcome.Accepted => Result("check-requested", id),
            ManualCheckOutcome.Refused => Result("check-refused", id),
            _ => NotFound(),
        };
    }

    public async Task<IActionResult> OnPostEnabledAsync(string id, bool enabled, CancellationToken cancellationToken)
    {
        var row = await db.Set<Source>().AsNoTracking().SingleOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (row is null)
        {
            return NotFound();
        }

        // Through the import, like any other change to a definition: audited as sources.updated.
        var definition = SourceDefinition.From(row);
        definition.Enabled = enabled;
        using (await gate.EnterAsync(db, cancellationToken))
        {
            await importer.ImportAsAdminAsync([definition], cancellationToken);
        }

        return Result(enabled ? "enabled" : "disabled", id);
    }

    public async Task<IActionResult> OnPostRedirectAsync(string id, string redirect, bool accept, CancellationToken cancellationToken)
    {
        var answer = await SourceRedirects.AnswerAsync(db, gate, audit, time, id, redirect, accept, cancellationToken);
        return answer == RedirectAnswer.NotFound ? NotFound() : Result(SourceFormPage.DoneOf(answer), id);
    }

    /// <summary>
    /// An OPML (or YAML) file: the import reads and writes nothing but the database, so its time is
    /// bounded by the file's size, which is capped. The answer shows what was added, updated,
    /// skipped or refused; importing the same file again changes nothing.
    /// </summary>
    public async Task<IActionResult> OnPostImportAsync(IFormFile? file, CancellationToken cancellationToken)
    {
        if (file is null || file.Length == 0)
        {
            ImportErrorKey = "ImportNoFile";
        }
        else if (file.Length > MaxImportBytes)
        {
            ImportErrorKey = "ImportTooLarge";
        }
        else
        {
            string text;
            using (var reader = new StreamReader(file.OpenReadStream(), Encoding.UTF8))
            {
                text = await reader.ReadToEndAsync(cancellationToken);
            }

            using (await gate.EnterAsync(db, cancellationToken))
            {
                Imported = await importer.ImportFileAsync(text, cancellationToken);
            }
        }

        await LoadAsync(cancellationToken);
        return Page();
    }

    private LocalRedirectResult Result(string done, string id) =>
        LocalRedirect($"/sources?done={done}&source={Uri.EscapeDataString(id)}");

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Now = time.GetUtcNow();
        Sources = await db.Set<Source>().AsNoTracking().OrderBy(s => s.Id).ToListAsync(cancellationToken);
        if (Done == "check-refused" && Sources.FirstOrDefault(s => s.Id == DoneSource) is { } refused)
        {
            CheckAllowedAt = ManualCheck.NextAllowed(refused, Now, polling.Value).At;
        }
    }
}
