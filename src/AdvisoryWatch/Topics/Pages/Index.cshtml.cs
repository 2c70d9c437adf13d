using AdvisoryWatch.Access;
using AdvisoryWatch.Changes;
using AdvisoryWatch.Contracts;
using AdvisoryWatch.Data;
using AdvisoryWatch.Sources;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AdvisoryWatch.Topics.Pages;

/// <summary>An advisory the preview may be run on.</summary>
public sealed record AdvisoryChoice(Guid Id, string Title, string SourceId);

/// <summary>What the unsaved rules make of an advisory, beside what it carries now.</summary>
/// <param name="HasTopics">Names of the topics it carries, as the rules in force name them.</param>
/// <param name="WouldTopics">Names of the topics the unsaved rules give it, as they name them.</param>
public sealed record ClassifyPreview(AdvisoryChoice Advisory, IReadOnlyList<string> HasTopics, Severity HasSeverity, IReadOnlyList<string> WouldTopics, TopicMatch Would);

/// <summary>
/// The rule file in an editor: validate, save (a new version, audited as the API's save is), and
/// preview what the text in the editor, saved or not, makes of a stored advisory.
/// </summary>
[Authorize(Policy = AccessPolicies.Admin)]
public sealed class IndexModel(TopicRules rules, AdvisoryWatchDbContext db, IOptions<TopicsOptions> options) : PageModel
{
    private const int MaxChoices = 10;

    [BindProperty]
    public string Yaml { get; set; } = "";

    [BindProperty]
    public string? Comment { get; set; }

    /// <summary>An advisory's id, or words of its title or summary.</summary>
    [BindProperty]
    public string? AdvisoryQuery { get; set; }

    /// <summary>A choice from the search results (a button in the list).</summary>
    [BindProperty]
    public Guid? Pick { get; set; }

    public TopicRulesView InForce => rules.CurrentRules;

    /// <summary>Every problem of the text in the editor, once checked; empty when it is valid.</summary>
    public IReadOnlyList<TopicRuleProblem>? Problems { get; private set; }

    public string? MessageKey { get; private set; }

    public int? SavedVersion { get; private set; }

    public ClassifyPreview? Preview { get; private set; }

    /// <summary>Advisories the search words found, when they found more than one.</summary>
    public IReadOnlyList<AdvisoryChoice> Choices { get; private set; } = [];

    public void OnGet(string? done, int? version)
    {
        Yaml = rules.CurrentRules.Yaml;
        if (done == "saved" && version is > 0)
        {
            MessageKey = "Saved";
            SavedVersion = version;
        }
    }

    public async Task<IActionResult> OnPostSaveAsync(CancellationToken cancellationToken)
    {
        var actor = Actor.From(User)!;
        switch (await rules.SaveAsync(Normalised(), actor.Name, Comment, cancellationToken))
        {
            case SaveRulesResult.Saved saved:
                return LocalRedirect($"/topics?done=saved&version={saved.Rules.Version}");
            case SaveRulesResult.Invalid invalid:
                Problems = invalid.Problems;
                MessageKey = "NotSaved";
                Response.StatusCode = StatusCodes.Status400BadRequest;
                return Page();
            default:
                throw new InvalidOperationException("unreachable");
        }
    }

    public IActionResult OnPostValidate()
    {
        Problems = rules.Validate(Normalised());
        MessageKey = Problems.Count == 0 ? "Valid" : null;
        return Page();
    }

    public async Task<IActionResult> OnPostPreviewAsync(CancellationToken cancellationToken)
    {
        var compiled = await rules.CompileDraftAsync(Normalised(), cancellationToken);
        if (compiled.RuleSet is null)
        {
            Problems = compiled.Problems;
            return Page();
        }

        var query = AdvisoryQuery?.Trim() ?? "";
        var found = (Pick ?? (Guid.TryParse(query, out var parsed) ? parsed : null)) is { } id
            ? await db.Set<Advisory>().AsNoTracking().Where(a => a.Id == id).ToListAsync(cancellationToken)
            : query.Length == 0 ? []
            : await db.Set<Advisory>().AsNoTracking().Matching(query).OrderByDescending(a => a.LastChangedAtUtc).Take(MaxChoices).ToListAsync(cancellationToken);
        if (found is not [var advisory])
        {
            Choices = [.. found.Select(Choice)];
            MessageKey = found.Count == 0 ? "NoAdvisoryFound" : "ChooseAdvisory";
            return Page();
        }

        var sourceTopics = await db.Set<Source>().AsNoTracking().Where(s => s.Id == advisory.SourceId).Select(s => s.DefaultTopics).SingleOrDefaultAsync(cancellationToken) ?? [];
        var match = TopicReapplier.ClassifyStored(compiled.RuleSet, advisory, sourceTopics, options.Value.ItemBudget, cancellationToken);
        var language = System.Globalization.CultureInfo.CurrentUICulture.TwoLetterISOLanguageName;
        Preview = new ClassifyPreview(
            Choice(advisory),
            [.. advisory.Topics.Select(t => rules.DisplayName(t, language))],
            advisory.Severity,
            [.. match.Topics.Select(t => compiled.RuleSet.DisplayName(t, language))],
            match);
        return Page();
    }

    // A browser sends a textarea's lines with CR LF; the stored file keeps the shipped seed's LF.
    private string Normalised() => (Yaml ?? "").ReplaceLineEndings("\n");

    private static AdvisoryChoice Choice(Advisory a) => new(a.Id, a.Title, a.SourceId);
}
