using AdvisoryWatch.Access;
using AdvisoryWatch.Changes;
using AdvisoryWatch.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace AdvisoryWatch.Topics.Pages;

/// <summary>A saved version as the history lists it (without its text).</summary>
public sealed record RuleVersionRow(int Version, DateTimeOffset SavedAtUtc, string? SavedBy, string? Comment, bool Kept);

/// <summary>Every saved version of the rules (who, when, why) and the line diff between any two.</summary>
[Authorize(Policy = AccessPolicies.Admin)]
public sealed class HistoryModel(AdvisoryWatchDbContext db) : PageModel
{
    public IReadOnlyList<RuleVersionRow> Versions { get; private set; } = [];

    [BindProperty(SupportsGet = true)]
    public int? From { get; set; }

    [BindProperty(SupportsGet = true)]
    public int? To { get; set; }

    /// <summary>The diff between <see cref="From"/> and <see cref="To"/> (null: the same lines), once both are chosen.</summary>
    public string? Diff { get; private set; }

    public bool Compared { get; private set; }

    /// <summary>Set when a chosen version is unknown or its text was cleared (older than the versions kept).</summary>
    public string? ProblemKey { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Versions = await db.Set<TopicRuleVersion>().AsNoTracking()
            .OrderByDescending(v => v.Version)
            .Select(v => new RuleVersionRow(v.Version, v.SavedAtUtc, v.SavedBy, v.Comment, v.Yaml != ""))
            .ToListAsync(cancellationToken);
        if (From is null || To is null)
        {
            // The form starts at the two newest versions: what the last save changed.
            From ??= Versions.Count > 1 ? Versions[1].Version : null;
            To ??= Versions.Count > 0 ? Versions[0].Version : null;
            return;
        }

        var texts = await db.Set<TopicRuleVersion>().AsNoTracking()
            .Where(v => v.Version == From || v.Version == To)
            .ToDictionaryAsync(v => v.Version, v => v.Yaml, cancellationToken);
        if (!texts.TryGetValue(From.Value, out var before) || !texts.TryGetValue(To.Value, out var after))
        {
            ProblemKey = "UnknownVersion";
            return;
        }

        if (before.Length == 0 || after.Length == 0)
        {
            ProblemKey = "VersionTextCleared";
            return;
        }

        Diff = TextDiff.Between(before, after);
        Compared = true;
    }

    /// <summary>The diff's lines, added ones as <c>ins</c> and removed ones as <c>del</c>; the text itself encoded.</summary>
    public IHtmlContent DiffHtml()
    {
        var html = new HtmlContentBuilder();
        foreach (var line in (Diff ?? "").TrimEnd('\n').Split('\n'))
        {
            var tag = line.StartsWith("+ ", StringComparison.Ordinal) ? "ins" : line.StartsWith("- ", StringComparison.Ordinal) ? "del" : null;
            html.AppendHtml(tag is null ? "" : $"<{tag}>").Append(line).AppendHtml(tag is null ? "\n" : $"</{tag}>\n");
        }

        return html;
    }
}
