using AdvisoryWatch.Access;
using AdvisoryWatch.Contracts;
using AdvisoryWatch.Data;
using AdvisoryWatch.FollowUp;
using Microsoft.EntityFrameworkCore;

namespace AdvisoryWatch.Changes;

/// <summary>
/// What the advisories list (the JSON API and the page) asks for; every criterion left null takes
/// no part. Text is matched in the title and the plain-text summary, as SQL lower() does it.
/// </summary>
public sealed record AdvisorySearch
{
    /// <summary>Changed at or after this instant.</summary>
    public DateTimeOffset? Since { get; init; }

    /// <summary>Changed before this instant.</summary>
    public DateTimeOffset? Before { get; init; }

    public string? Source { get; init; }

    public string? Authority { get; init; }

    /// <summary>A topic id or alias (an alias is resolved by the current rules).</summary>
    public string? Topic { get; init; }

    public Severity? Severity { get; init; }

    public string? Text { get; init; }

    public FollowUpFilter? FollowUp { get; init; }

    /// <summary>The advisories that match, newest change first, for <paramref name="actor"/> (whose departments scope <see cref="FollowUp"/>).</summary>
    public IQueryable<Advisory> Apply(AdvisoryWatchDbContext db, Topics.TopicRuleSet rules, Actor? actor)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(rules);
        var query = db.Set<Advisory>().AsNoTracking();
        if (Since is { } s)
        {
            var utc = s.ToUniversalTime();
            query = query.Where(a => a.LastChangedAtUtc >= utc);
        }

        if (Before is { } b)
        {
            var utc = b.ToUniversalTime();
            query = query.Where(a => a.LastChangedAtUtc < utc);
        }

        if (!string.IsNullOrWhiteSpace(Source))
        {
            var source = Source;
            query = query.Where(a => a.SourceId == source);
        }

        if (!string.IsNullOrWhiteSpace(Authority))
        {
            var authority = Authority;
            query = query.Where(a => db.Set<Sources.Source>().Any(src => src.Id == a.SourceId && src.Authority == authority));
        }

        if (!string.IsNullOrWhiteSpace(Topic))
        {
            query = query.Tagged(Topic, rules);
        }

        if (Severity is { } severity)
        {
            query = query.Where(a => a.Severity == severity);
        }

        if (!string.IsNullOrWhiteSpace(Text))
        {
            query = query.Matching(Text);
        }

        if (FollowUp is { } followUp)
        {
            query = WithFollowUp(query, db, actor ?? throw new ArgumentNullException(nameof(actor)), followUp);
        }

        return query;
    }

    /// <summary>One page of <paramref name="query"/>, newest change first (page counts from 1).</summary>
    public static async Task<AdvisoryPage> PageAsync(IQueryable<Advisory> query, int page, int pageSize, int summaryLength, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(query);
        var total = await query.CountAsync(ct);
        if (Hosting.Paging.Offset(page, pageSize, total) is not { } skip)
        {
            return new AdvisoryPage(page, pageSize, total, []);
        }

        var rows = await query
            .OrderByDescending(a => a.LastChangedAtUtc)
            .ThenBy(a => a.Id)
            .Skip(skip)
            .Take(pageSize)
            .ToListAsync(ct);
        return new AdvisoryPage(page, pageSize, total, [.. rows.Select(a => Summary(a, summaryLength))]);
    }

    /// <summary>The list view of an advisory, its summary cut at <paramref name="summaryLength"/> characters.</summary>
    public static AdvisorySummaryView Summary(Advisory a, int summaryLength)
    {
        ArgumentNullException.ThrowIfNull(a);
        return new(
            a.Id,
            a.SourceId,
            a.Title,
            a.Url,
            a.Summary is { } s && s.Length > summaryLength ? string.Concat(s.AsSpan(0, summaryLength), "…") : a.Summary,
            a.Topics,
            a.Severity,
            a.Language,
            a.PublishedAtUtc,
            a.FirstSeenAtUtc,
            a.LastChangedAtUtc,
            a.CurrentVersion,
            a.Gone);
    }

    private static IQueryable<Advisory> WithFollowUp(IQueryable<Advisory> query, AdvisoryWatchDbContext db, Actor actor, FollowUpFilter filter)
    {
        var mine = db.Set<Assessment>().AsNoTracking().ReadableBy(actor, x => x.DepartmentId);
        return filter switch
        {
            FollowUpFilter.None => query.Where(a => !mine.Any(x => x.AdvisoryId == a.Id)),
            FollowUpFilter.Open => query.Where(a => mine.Any(x => x.AdvisoryId == a.Id && (x.State == AssessmentState.ToAssess || x.State == AssessmentState.ActionNeeded))),
            _ => WithState(query, mine, filter switch
            {
                FollowUpFilter.ToAssess => AssessmentState.ToAssess,
                FollowUpFilter.ActionNeeded => AssessmentState.ActionNeeded,
                FollowUpFilter.NotRelevant => AssessmentState.NotRelevant,
                _ => AssessmentState.Done,
            }),
        };
    }

    private static IQueryable<Advisory> WithState(IQueryable<Advisory> query, IQueryable<Assessment> mine, AssessmentState state) =>
        query.Where(a => mine.Any(x => x.AdvisoryId == a.Id && x.State == state));
}
