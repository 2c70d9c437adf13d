using AdvisoryWatch.Access;
using AdvisoryWatch.Data;
using AdvisoryWatch.Departments;
using AdvisoryWatch.Extraction.Text;
using AdvisoryWatch.FollowUp;
using AdvisoryWatch.Notifications;
using AdvisoryWatch.Sources;
using AdvisoryWatch.Topics;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace AdvisoryWatch.Changes.Pages;

/// <summary>A department's view of an advisory's follow-up: its state if any, and whether the actor may record one.</summary>
public sealed record DepartmentFollowUp(string DepartmentId, string DepartmentName, AssessmentState? State, DateTimeOffset? UpdatedAtUtc, bool CanManage);

/// <summary>
/// One advisory: its facts, its text (sanitised again on the way out), every version with a
/// comparison of any two, who in the actor's departments was told when, and their follow-up.
/// </summary>
[Authorize(Policy = AccessPolicies.Reader)]
public sealed class AdvisoryModel(AdvisoryWatchDbContext db, TopicRules rules) : PageModel
{
    /// <summary>At most this many deliveries are listed (the newest); the deliveries page has them all.</summary>
    public const int DeliveryLimit = 200;

    [BindProperty(SupportsGet = true, Name = "from")]
    public int? From { get; set; }

    [BindProperty(SupportsGet = true, Name = "to")]
    public int? To { get; set; }

    public Advisory Advisory { get; private set; } = null!;

    public Source? Source { get; private set; }

    /// <summary>Newest first.</summary>
    public IReadOnlyList<AdvisoryVersion> Versions { get; private set; } = [];

    public AdvisoryVersion? Older { get; private set; }

    public AdvisoryVersion? Newer { get; private set; }

    public IReadOnlyList<DiffRow> Diff { get; private set; } = [];

    /// <summary>A version asked for in the comparison that the advisory does not have.</summary>
    public bool UnknownVersion { get; private set; }

    /// <summary>The advisory's content, sanitised for this page; null when it has none.</summary>
    public string? ContentHtml { get; private set; }

    /// <summary>The original's address when it is http or https; anything else is not linked.</summary>
    public string? OriginalUrl { get; private set; }

    public IReadOnlyList<Delivery> Deliveries { get; private set; } = [];

    public IReadOnlyList<DepartmentFollowUp> FollowUps { get; private set; } = [];

    public IReadOnlyDictionary<string, string> DepartmentNames { get; private set; } = new Dictionary<string, string>();

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        var actor = Actor.From(User)!;
        if (await db.Set<Advisory>().AsNoTracking().SingleOrDefaultAsync(a => a.Id == id, ct) is not { } advisory)
        {
            return NotFound();
        }

        Advisory = advisory;
        Source = await db.Set<Source>().AsNoTracking().SingleOrDefaultAsync(s => s.Id == advisory.SourceId, ct);
        Versions = await db.Set<AdvisoryVersion>().AsNoTracking().Where(v => v.AdvisoryId == id).OrderByDescending(v => v.Version).ToListAsync(ct);
        OriginalUrl = SafeLink(advisory.Url);

        // Stored content was sanitised when it was read; sanitised again here, so that no row
        // (an old one, or one written by hand) reaches the page as markup the sanitiser would not write.
        ContentHtml = advisory.ContentHtml is { Length: > 0 } html ? HtmlSanitizer.Sanitize(html, null) : null;
        Compare();

        DepartmentNames = await db.Set<Department>().AsNoTracking().ToDictionaryAsync(d => d.Id, d => d.Name, StringComparer.Ordinal, ct);
        Deliveries = await db.Set<Delivery>().AsNoTracking()
            .ReadableBy(actor, d => d.DepartmentId)
            .Where(d => d.AdvisoryId == id)
            .OrderByDescending(d => d.CreatedAtUtc).ThenBy(d => d.Id)
            .Take(DeliveryLimit)
            .ToListAsync(ct);

        var assessments = await db.Set<Assessment>().AsNoTracking()
            .ReadableBy(actor, a => a.DepartmentId)
            .Where(a => a.AdvisoryId == id)
            .ToDictionaryAsync(a => a.DepartmentId, StringComparer.Ordinal, ct);
        var departments = actor.IsAdmin ? DepartmentNames.Keys : actor.Departments;
        FollowUps = [.. departments.Union(assessments.Keys, StringComparer.Ordinal)
            .Select(d => new DepartmentFollowUp(d, DepartmentName(d), assessments.GetValueOrDefault(d)?.State, assessments.GetValueOrDefault(d)?.UpdatedAtUtc, actor.CanManage(d)))
            .OrderBy(f => f.DepartmentName, StringComparer.CurrentCulture)];
        return Page();
    }

    public string DepartmentName(string id) => DepartmentNames.GetValueOrDefault(id) ?? id;

    public string TopicName(string id) => rules.DisplayName(id, System.Globalization.CultureInfo.CurrentUICulture.TwoLetterISOLanguageName);

    /// <summary>What the source's items are, for the "kind" fact.</summary>
    public ItemKind? Kind => Source is { } s ? ItemKinds.Effective(s.ItemKind, s.Kind) : null;

    /// <summary>A version's text for comparing: its content with a line per paragraph, else its summary.</summary>
    public static string TextOf(AdvisoryVersion version)
    {
        ArgumentNullException.ThrowIfNull(version);
        if (version.ContentHtml is not { Length: > 0 } html)
        {
            return version.Summary ?? string.Empty;
        }

        // Lines, not the change detector's one collapsed line: a reader compares paragraphs.
        using var document = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(html);
        return document.Body is { } body ? HtmlSanitizer.TextOf(body, keepLines: true) : string.Empty;
    }

    /// <summary>
    /// A comparison line's words: the changed ones in <c>&lt;ins&gt;</c> or <c>&lt;del&gt;</c>, every
    /// text encoded. Built here, not in Razor, because the line is shown with its whitespace kept
    /// and Razor would add its own between the elements.
    /// </summary>
    public static IHtmlContent Words(DiffRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        var html = new HtmlContentBuilder();
        foreach (var span in row.Spans)
        {
            var tag = span.Kind switch
            {
                DiffKind.Inserted => "ins",
                DiffKind.Deleted => "del",
                _ => null,
            };
            if (tag is null)
            {
                html.Append(span.Text);
                continue;
            }

            html.AppendHtml($"<{tag}>").Append(span.Text).AppendHtml($"</{tag}>");
        }

        return html;
    }

    /// <summary>An http(s) address as a link target; null for any other scheme or a relative address.</summary>
    public static string? SafeLink(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp) ? uri.AbsoluteUri : null;

    // The two versions to compare: those asked for, else the one before the newest and the newest.
    private void Compare()
    {
        if (Versions.Count < 2)
        {
            return;
        }

        var older = From is { } f ? Versions.FirstOrDefault(v => v.Version == f) : Versions[1];
        var newer = To is { } t ? Versions.FirstOrDefault(v => v.Version == t) : Versions[0];
        if (older is null || newer is null)
        {
            UnknownVersion = true;
            return;
        }

        if (older.Version > newer.Version)
        {
            (older, newer) = (newer, older);
        }

        (Older, Newer) = (older, newer);
        Diff = TextDiff.Compare(TextOf(older), TextOf(newer));
    }
}
