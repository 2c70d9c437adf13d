using System.Linq.Expressions;
using AdvisoryWatch.Access;
using AdvisoryWatch.Changes;
using AdvisoryWatch.Data;
using AdvisoryWatch.Hosting;
using Microsoft.EntityFrameworkCore;

namespace AdvisoryWatch.FollowUp;

/// <summary>
/// Follow-ups as the API, the pages and the digests read them. Rows are scoped in the query
/// (<see cref="DepartmentScope"/>): another department's follow-up reads as absent.
/// </summary>
public static class AssessmentQueries
{
    public static async Task<List<AssessmentView>> ListAsync(AdvisoryWatchDbContext db, Actor actor, AssessmentFilter filter, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(filter);
        var states = filter.States.ToList();
        var query = Query(db, actor).Where(r => states.Contains(r.Assessment.State));
        if (filter.Department is { } department)
        {
            query = query.Where(r => r.Assessment.DepartmentId == department);
        }

        if (filter.Owner is { Length: > 0 } owner)
        {
            // Translated to SQL lower() on both engines; the culture rules do not apply there.
            var part = owner.Trim().ToLowerInvariant();
#pragma warning disable CA1304, CA1311, CA1862
            query = query.Where(r => r.Assessment.Owner != null && r.Assessment.Owner.ToLower().Contains(part));
#pragma warning restore CA1304, CA1311, CA1862
        }

        if (filter.DueBefore is { } day)
        {
            query = query.Where(r => r.Assessment.DueDate != null && r.Assessment.DueDate < day);
        }

        var rows = await query
            .OrderBy(r => r.Assessment.DepartmentId).ThenBy(r => r.Assessment.DueDate == null).ThenBy(r => r.Assessment.DueDate).ThenBy(r => r.Assessment.CreatedAtUtc)
            .Take(filter.Limit)
            .ToListAsync(ct);
        return [.. rows.Select(r => View(r.Assessment, r.Advisory))];
    }

    /// <summary>One follow-up the actor may read, with its history (oldest first); null when there is none.</summary>
    public static async Task<AssessmentView?> FindAsync(AdvisoryWatchDbContext db, Actor actor, Expression<Func<Assessment, bool>> which, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var row = await Query(db.Set<Assessment>().AsNoTracking().Where(which).ReadableBy(actor, a => a.DepartmentId), db).SingleOrDefaultAsync(ct);
        if (row is null)
        {
            return null;
        }

        var id = row.Assessment.Id;
        var history = await db.Set<AssessmentChange>().AsNoTracking().Where(c => c.AssessmentId == id).OrderBy(c => c.ChangedAtUtc).ThenBy(c => c.Id).ToListAsync(ct);
        return View(row.Assessment, row.Advisory) with
        {
            History = [.. history.Select(c => new AssessmentChangeView(KebabNames.Format(c.State), c.Note, c.Owner, c.DueDate, c.ChangedBy, c.ChangedAtUtc))],
        };
    }

    /// <summary>The open follow-ups of a department, for its digest: due first, then oldest.</summary>
    public static async Task<List<AssessmentView>> OpenAsync(AdvisoryWatchDbContext db, string departmentId, int limit, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var open = AssessmentStates.Open.ToList();
        var rows = await Query(db.Set<Assessment>().AsNoTracking().Where(a => a.DepartmentId == departmentId && open.Contains(a.State)), db)
            .OrderBy(r => r.Assessment.DueDate == null).ThenBy(r => r.Assessment.DueDate).ThenBy(r => r.Assessment.CreatedAtUtc)
            .Take(limit)
            .ToListAsync(ct);
        return [.. rows.Select(r => View(r.Assessment, r.Advisory))];
    }

    public static AssessmentView View(Assessment a, Advisory v)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(v);
        return new(a.Id, a.AdvisoryId, v.Title, v.Url, v.SourceId, a.DepartmentId, KebabNames.Format(a.State), a.Note, a.Owner, a.DueDate, a.AppId, a.CreatedAtUtc, a.UpdatedAtUtc, a.UpdatedBy);
    }

    private static IQueryable<Row> Query(AdvisoryWatchDbContext db, Actor actor) =>
        Query(db.Set<Assessment>().AsNoTracking().ReadableBy(actor, a => a.DepartmentId), db);

    private static IQueryable<Row> Query(IQueryable<Assessment> assessments, AdvisoryWatchDbContext db) =>
        assessments.Join(db.Set<Advisory>(), a => a.AdvisoryId, v => v.Id, (a, v) => new Row { Assessment = a, Advisory = v });

    private sealed class Row
    {
        public required Assessment Assessment { get; init; }

        public required Advisory Advisory { get; init; }
    }
}
