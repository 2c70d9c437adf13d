using AdvisoryWatch.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace AdvisoryWatch.Sources.Pages;

/// <summary>
/// The add and edit pages' form: "Preview" reads the address now and shows what the extraction
/// engine finds, saving nothing; "Save" validates and saves through the import's code (and audit).
/// </summary>
[Authorize(Policy = Access.AccessPolicies.Admin)]
public abstract class SourceFormPage(SourcePreviewer previewer, SourceImporter importer, AdvisoryWatchDbContext db, WriteGate gate) : PageModel
{
    public const string PreviewIntent = "preview";

    [BindProperty]
    public SourceForm Form { get; set; } = new();

    /// <summary>Which button was pressed: <see cref="PreviewIntent"/> or save.</summary>
    [BindProperty]
    public string Intent { get; set; } = "";

    public SourcePreview? Preview { get; private set; }

    /// <summary>Per field, the text keys of its problems.</summary>
    public Dictionary<string, List<string>> Problems { get; } = new(StringComparer.Ordinal);

    /// <summary>The saved source, when editing one.</summary>
    public Source? Saved { get; protected set; }

    protected AdvisoryWatchDbContext Db => db;

    protected WriteGate Gate => gate;

    public IReadOnlyList<string> ProblemsOf(string field) => Problems.TryGetValue(field, out var keys) ? keys : [];

    /// <param name="existingId">The source edited; null when adding one.</param>
    protected async Task<IActionResult> PreviewOrSaveAsync(string? existingId, CancellationToken cancellationToken)
    {
        if (existingId is not null)
        {
            Form.Id = existingId;
        }

        var definition = Form.ToDefinition(out var intervalProblem);
        if (Intent == PreviewIntent)
        {
            Preview = await previewer.PreviewAsync(definition, cancellationToken);
            AddProblems(Preview.Problems);
            return Page();
        }

        AddProblems(definition.FieldProblems().Where(p => intervalProblem is null || p.Field != nameof(SourceForm.Interval)));
        if (intervalProblem is not null)
        {
            AddProblems([intervalProblem]);
        }

        if (existingId is null && await db.Set<Source>().AnyAsync(s => s.Id == definition.Id, cancellationToken))
        {
            Add(nameof(SourceForm.Id), "Problem_IdTaken");
        }

        if (Problems.Count > 0)
        {
            return Page();
        }

        using (await gate.EnterAsync(db, cancellationToken))
        {
            await importer.ImportAsAdminAsync([definition], cancellationToken);
        }

        return LocalRedirect($"/sources/{Uri.EscapeDataString(definition.Id)}?done=saved");
    }

    private void AddProblems(IEnumerable<SourceProblem> problems)
    {
        foreach (var problem in problems)
        {
            Add(problem.Field, "Problem_" + problem.Field);
        }
    }

    private void Add(string field, string key)
    {
        if (!Problems.TryGetValue(field, out var keys))
        {
            Problems[field] = keys = [];
        }

        if (!keys.Contains(key, StringComparer.Ordinal))
        {
            keys.Add(key);
        }
    }

    /// <summary>The <c>done</c> a page shows after an answer to a redirect notice.</summary>
    internal static string DoneOf(RedirectAnswer answer) => answer switch
    {
        RedirectAnswer.Accepted => "redirect-accepted",
        RedirectAnswer.Dismissed => "redirect-dismissed",
        _ => "redirect-gone",
    };
}
