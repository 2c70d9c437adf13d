using System.Linq.Expressions;

namespace AdvisoryWatch.Access;

/// <summary>
/// Department scoping in the query itself: rows of departments the actor does not belong to are
/// filtered out in SQL, so a foreign id reads as absent (404, or an empty list) and no handler can
/// forget to check after loading.
/// </summary>
public static class DepartmentScope
{
    /// <summary>The rows whose department (<paramref name="department"/>) the actor may read; all rows for an Admin.</summary>
    public static IQueryable<T> ReadableBy<T>(this IQueryable<T> query, Actor actor, Expression<Func<T, string>> department)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(department);
        if (actor.IsAdmin)
        {
            return query;
        }

        // Through a member of a captured object, as a closure would be: EF sends the list as a
        // parameter, so every actor shares one cached query plan.
        var scope = new Scope([.. actor.Departments]);
        var values = Expression.Property(Expression.Constant(scope), nameof(Scope.Departments));
        var contains = Expression.Call(typeof(Enumerable), nameof(Enumerable.Contains), [typeof(string)], values, department.Body);
        return query.Where(Expression.Lambda<Func<T, bool>>(contains, department.Parameters));
    }

    private sealed record Scope(List<string> Departments);
}
