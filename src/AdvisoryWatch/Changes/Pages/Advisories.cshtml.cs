using System.Globalization;
using AdvisoryWatch.Access;
using AdvisoryWatch.Contracts;
using AdvisoryWatch.Data;
using AdvisoryWatch.Hosting;
using AdvisoryWatch.Sources;
using AdvisoryWatch.Topics;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace AdvisoryWatch.Changes.Pages;

/// <summary>
/// The advisories list: search in title and text, filters, pages of <see cref="PageSize"/>. A GET
/// form, so a search is a link; the query is the API's (<see cref="AdvisorySearch"/>).
/// </summary>
[Authorize(Policy = AccessPolicies.Reader)]
public sealed class AdvisoriesModel(AdvisoryWatchDbContext db, TopicRules rules, TimeProvider time) : PageModel
{
    public const int PageSize = 25;
    private const int SummaryLength = 240;

    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Text { get; set; }

    [BindProperty(SupportsGet = true, Name = "source")]
    public string? Source { get; set; }

    [BindProperty(SupportsGet = true, Name = "authority")]
    public string? Authority { get; set; }

    [BindProperty(SupportsGet = true, Name = "topic")]
    public string? Topic { get; set; }

    [BindProperty(SupportsGet = true, Name = "severity")]
    public string? Severity { get; set; }

    [BindProperty(SupportsGet = true, Name = "from")]
    public string? From { get; set; }

    [BindProperty(SupportsGet = true, Name = "to")]
    public string? To { get; set; }

    [BindProperty(SupportsGet = true, Name = "follow-up")]
    public string? FollowUp { get; set; }

    [BindProperty(SupportsGet = true, Name = "page")]
    public string? PageNumber { get; set; }

    /// <summary>The filters that were not understood (their parameter names); left out of the search.</summary>
    public IReadOnlyList<string> Invalid { get; private set; } = [];

    public AdvisoryPage Results { get; private set; } = new(1, PageSize, 0, []);

    public IReadOnlyList<Source> Sources { get; private set; } = [];

    public IReadOnlyList<string> Authorities => [.. Sources.Select(s => s.Authority).Distinct(StringComparer.Ordinal).Order(StringComparer.CurrentCulture)];

    public IReadOnlyList<(string Id, string Name)> Topics { get; private set; } = [];

    public int LastPage => Math.Max(1, (Results.Total + PageSize - 1) / PageSize);

    public async Task OnGetAsync(CancellationToken ct)
    {
        var actor = Actor.From(User)!;
        var invalid = new List<string>();
        var severity = Parse<Severity>(Severity, "severity", invalid);
        var followUp = Parse<FollowUpFilter>(FollowUp, "follow-up", invalid);
        var from = Day(From, "from", invalid);
        var to = Day(To, "to", invalid);
        var page = 1;
        if (!string.IsNullOrWhiteSpace(PageNumber) && (!int.TryParse(PageNumber, NumberStyles.None, CultureInfo.InvariantCulture, out page) || page < 1))
        {
            invalid.Add("page");
            page = 1;
        }

        Invalid = invalid;
        var search = new AdvisorySearch
        {
            Text = Text,
            Source = Source,
            Authority = Authority,
            Topic = Topic,
            Severity = severity,
            Since = from is { } f ? StartOf(f) : null,
            Before = to is { } t ? StartOf(t.AddDays(1)) : null,
            FollowUp = followUp,
        };
        Results = await AdvisorySearch.PageAsync(search.Apply(db, rules.Current, actor), page, PageSize, SummaryLength, ct);
        Sources = await db.Set<Source>().AsNoTracking().OrderBy(s => s.Name).ToListAsync(ct);
        var language = CultureInfo.CurrentUICulture.TwoLetterISOLanguageName;
        Topics = [.. rules.Current.Topics.Select(t => (t.Id, rules.DisplayName(t.Id, language))).OrderBy(t => t.Item2, StringComparer.CurrentCulture)];
    }

    public string SourceName(string id) => Sources.FirstOrDefault(s => s.Id == id)?.Name ?? id;

    public string TopicName(string id) => Topics.FirstOrDefault(t => t.Id == id) is { Id: not null } t ? t.Name : id;

    /// <summary>This search's address on another page.</summary>
    public string PageLink(int page)
    {
        var query = new Dictionary<string, string?>
        {
            ["q"] = Text,
            ["source"] = Source,
            ["authority"] = Authority,
            ["topic"] = Topic,
            ["severity"] = Severity,
            ["from"] = From,
            ["to"] = To,
            ["follow-up"] = FollowUp,
            ["page"] = page.ToString(CultureInfo.InvariantCulture),
        };
        return Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString("/advisories", query.Where(kv => !string.IsNullOrWhiteSpace(kv.Value)));
    }

    // Days are the server's days, as the pages show times.
    private DateTimeOffset StartOf(DateOnly day)
    {
        var local = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        return new DateTimeOffset(local, time.LocalTimeZone.GetUtcOffset(local)).ToUniversalTime();
    }

    private static T? Parse<T>(string? text, string name, List<string> invalid)
        where T : struct, Enum
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var value = KebabNames.Parse<T>(text);
        if (value is null)
        {
            invalid.Add(name);
        }

        return value;
    }

    private static DateOnly? Day(string? text, string name, List<string> invalid)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return day;
        }

        invalid.Add(name);
        return null;
    }
}
