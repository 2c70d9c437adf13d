using AdvisoryWatch.Access;
using AdvisoryWatch.Changes;
using AdvisoryWatch.Data;
using AdvisoryWatch.Departments;
using AdvisoryWatch.FollowUp;
using AdvisoryWatch.Notifications;
using AdvisoryWatch.Sources;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace AdvisoryWatch.Overview.Pages;

/// <summary>A source that needs an admin's eye, and the text key of why.</summary>
public sealed record TroubledSource(string Id, string Name, string Authority, string ProblemKey, DateTimeOffset? LastSuccessAtUtc, string? RedirectTo);

/// <summary>How many deliveries failed for good in a department.</summary>
public sealed record FailedDeliveries(string DepartmentId, string DepartmentName, int Count);

/// <summary>The overview: urgent and new advisories, open follow-ups and failed deliveries of my departments, sources in trouble, and advisories per week.</summary>
[Authorize(Policy = AccessPolicies.Reader)]
public sealed class IndexModel(AdvisoryWatchDbContext db, TimeProvider time) : PageModel
{
    public const int RecentDays = 7;
    public const int RecentLimit = 10;
    public const int FollowUpLimit = 20;
    public const int ChartWeeks = 12;

    // How many of the newest changes are sorted by severity: a week's worth on a busy installation.
    private const int RecentCandidates = 300;

    public Actor Actor { get; private set; } = null!;

    public IReadOnlyList<AdvisorySummaryView> Recent { get; private set; } = [];

    public IReadOnlyList<AssessmentView> FollowUps { get; private set; } = [];

    public IReadOnlyList<TroubledSource> TroubledSources { get; private set; } = [];

    public IReadOnlyList<FailedDeliveries> Failed { get; private set; } = [];

    public IReadOnlyDictionary<string, string> DepartmentNames { get; private set; } = new Dictionary<string, string>();

    public IReadOnlyDictionary<string, string> SourceNames { get; private set; } = new Dictionary<string, string>();

    public WeeklyChart Chart { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (Actor.From(User) is not { } actor)
        {
            return Forbid();
        }

        Actor = actor;
        var now = time.GetUtcNow();
        var sources = await db.Set<Source>().AsNoTracking().OrderBy(s => s.Name).ToListAsync(ct);
        SourceNames = sources.ToDictionary(s => s.Id, s => s.Name, StringComparer.Ordinal);
        DepartmentNames = await db.Set<Department>().AsNoTracking().ToDictionaryAsync(d => d.Id, d => d.Name, StringComparer.Ordinal, ct);

        // New means announced: a source's first reading (its baseline) tells nobody and is not news.
        var since = now.AddDays(-RecentDays);
        var recent = await db.Set<Advisory>().AsNoTracking()
            .Where(a => a.LastChangedAtUtc >= since && db.Set<AdvisoryVersion>().Any(v => v.AdvisoryId == a.Id && !v.IsBaseline))
            .OrderByDescending(a => a.LastChangedAtUtc)
            .Take(RecentCandidates)
            .ToListAsync(ct);
        Recent = [.. recent.OrderByDescending(a => a.Severity).ThenByDescending(a => a.LastChangedAtUtc).Take(RecentLimit).Select(a => AdvisorySearch.Summary(a, 200))];

        FollowUps = await AssessmentQueries.ListAsync(db, actor, new AssessmentFilter(null, [.. AssessmentStates.Open], Limit: FollowUpLimit), ct);

        TroubledSources = [.. sources.Select(s => Trouble(SourceView.From(s, now))).OfType<TroubledSource>()];

        var failed = await db.Set<Delivery>().AsNoTracking()
            .ReadableBy(actor, d => d.DepartmentId)
            .Where(d => d.State == DeliveryState.Failed)
            .GroupBy(d => d.DepartmentId)
            .Select(g => new { Department = g.Key, Count = g.Count() })
            .ToListAsync(ct);
        Failed = [.. failed.OrderBy(f => f.Department, StringComparer.Ordinal).Select(f => new FailedDeliveries(f.Department, DepartmentName(f.Department), f.Count))];

        var start = WeeklyChart.Start(now, ChartWeeks);
        var dated = await db.Set<Advisory>().AsNoTracking()
            .Where(a => a.PublishedAtUtc >= start || (a.PublishedAtUtc == null && a.FirstSeenAtUtc >= start))
            .Join(db.Set<Source>(), a => a.SourceId, s => s.Id, (a, s) => new { s.Authority, a.PublishedAtUtc, a.FirstSeenAtUtc })
            .ToListAsync(ct);
        Chart = WeeklyChart.Build(dated.Select(d => (d.Authority, d.PublishedAtUtc ?? d.FirstSeenAtUtc)), now, ChartWeeks);
        return Page();
    }

    public string DepartmentName(string id) => DepartmentNames.GetValueOrDefault(id) ?? id;

    public string SourceName(string id) => SourceNames.GetValueOrDefault(id) ?? id;

    /// <summary>Deliveries are listed for coordinators and admins.</summary>
    public bool CanSeeDeliveries => Actor.Role >= AccessRole.Coordinator;

    // What the sources' health already says: failing, overdue, stale, or moved for good.
    private static TroubledSource? Trouble(SourceView s)
    {
        var key = s.Health.State switch
        {
            "failing" => "Problem_Failing",
            "overdue" => "Problem_Overdue",
            "stale" => "Problem_Stale",
            "disabled" => null,
            _ => s.Health.PermanentRedirectTo is not null ? "Problem_Redirected" : null,
        };
        return key is null ? null : new TroubledSource(s.Id, s.Name, s.Authority, key, s.Health.LastSuccessAtUtc, s.Health.PermanentRedirectTo);
    }
}
