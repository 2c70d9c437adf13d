namespace AdvisoryWatch.Changes;

/// <summary>The advisory filters the list, the classify preview and the feeds share, so each translates to the same SQL.</summary>
public static class AdvisoryFilters
{
    /// <summary>Title or summary contains <paramref name="q"/>, case-insensitively for ASCII letters.</summary>
    public static IQueryable<Advisory> Matching(this IQueryable<Advisory> query, string q)
    {
        ArgumentNullException.ThrowIfNull(q);

        // Translated to SQL lower() on both engines; the culture rules do not apply there.
        var needle = q.Trim().ToLowerInvariant();
#pragma warning disable CA1304, CA1311, CA1862
        return query.Where(a => a.Title.ToLower().Contains(needle) || (a.Summary != null && a.Summary.ToLower().Contains(needle)));
#pragma warning restore CA1304, CA1311, CA1862
    }

    /// <summary>Tagged with the topic; an alias (a source catalogue's name) finds its topic's advisories too.</summary>
    public static IQueryable<Advisory> Tagged(this IQueryable<Advisory> query, string topic, Topics.TopicRuleSet rules)
    {
        ArgumentNullException.ThrowIfNull(rules);

        // Advisories carry canonical ids.
        var id = rules.Resolve(topic) ?? topic;
        return query.Where(a => a.Topics.Contains(id));
    }
}
