using AdvisoryWatch.Access;
using AdvisoryWatch.Contracts;
using AdvisoryWatch.Data;
using Microsoft.EntityFrameworkCore;

namespace AdvisoryWatch.Changes;

/// <summary>An advisory in a list: enough to decide whether to open it.</summary>
public sealed record AdvisorySummaryView(
    Guid Id,
    string SourceId,
    string Title,
    string? Url,
    string? Summary,
    IReadOnlyList<string> Topics,
    Severity Severity,
    string Language,
    DateTimeOffset? PublishedAtUtc,
    DateTimeOffset FirstSeenAtUtc,
    DateTimeOffset LastChangedAtUtc,
    int CurrentVersion,
    bool Gone);

/// <summary>One version, with the diff from the version before.</summary>
public sealed record AdvisoryVersionView(
    Guid ChangeId,
    int Version,
    ChangeKind Kind,
    bool IsBaseline,
    string Title,
    string? Url,
    string? Summary,
    string? ContentHtml,
    string? Diff,
    DateTimeOffset ObservedAtUtc);

public sealed record AdvisoryView(AdvisorySummaryView Advisory, string? ContentHtml, IReadOnlyList<AdvisoryVersionView> Versions);

public sealed record AdvisoryPage(int Page, int PageSize, int Total, IReadOnlyList<AdvisorySummaryView> Items);

public static class AdvisoriesApi
{
    public const int PageSize = 50;
    private const int ListSummaryLength = 300;

    /// <summary>
    /// <c>GET /api/v1/advisories?since=&amp;source=&amp;topic=&amp;q=&amp;page=</c>, newest change first;
    /// <c>GET /api/v1/advisories/{id}</c> with every version and its diff.
    /// </summary>
    public static WebApplication MapAdvisoriesApi(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var group = app.MapGroup("/api/v1/advisories").RequireReader();
        group.MapGet("/", async (DateTimeOffset? since, string? source, string? topic, string? q, int? page, AdvisoryWatchDbContext db, Topics.TopicRules rules, CancellationToken ct) =>
        {
            if (page is < 1)
            {
                return Results.ValidationProblem(new Dictionary<string, string[]> { ["page"] = ["page starts at 1"] });
            }

            var query = db.Set<Advisory>().AsNoTracking();
            if (since is { } s)
            {
                var utc = s.ToUniversalTime();
                query = query.Where(a => a.LastChangedAtUtc >= utc);
            }

            if (!string.IsNullOrWhiteSpace(source))
            {
                query = query.Where(a => a.SourceId == source);
            }

            if (!string.IsNullOrWhiteSpace(topic))
            {
                query = query.Tagged(topic, rules);
            }

            if (!string.IsNullOrWhiteSpace(q))
            {
                query = query.Matching(q);
            }

            var number = page ?? 1;
            var total = await query.CountAsync(ct);
            if (Hosting.Paging.Offset(number, PageSize, total) is not { } skip)
            {
                return Results.Ok(new AdvisoryPage(number, PageSize, total, []));
            }

            var rows = await query
                .OrderByDescending(a => a.LastChangedAtUtc)
                .ThenBy(a => a.Id)
                .Skip(skip)
                .Take(PageSize)
                .ToListAsync(ct);
            return Results.Ok(new AdvisoryPage(number, PageSize, total, [.. rows.Select(a => Summary(a, ListSummaryLength))]));
        });
        group.MapGet("/{id:guid}", async (Guid id, AdvisoryWatchDbContext db, CancellationToken ct) =>
        {
            var advisory = await db.Set<Advisory>().AsNoTracking().SingleOrDefaultAsync(a => a.Id == id, ct);
            if (advisory is null)
            {
                return Results.NotFound();
            }

            var versions = await db.Set<AdvisoryVersion>().AsNoTracking()
                .Where(v => v.AdvisoryId == id)
                .OrderByDescending(v => v.Version)
                .Select(v => new AdvisoryVersionView(v.Id, v.Version, v.Kind, v.IsBaseline, v.Title, v.Url, v.Summary, v.ContentHtml, v.Diff, v.ObservedAtUtc))
                .ToListAsync(ct);
            return Results.Ok(new AdvisoryView(Summary(advisory, int.MaxValue), advisory.ContentHtml, versions));
        });
        return app;
    }

    private static AdvisorySummaryView Summary(Advisory a, int summaryLength) => new(
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
