using AdvisoryWatch.Data;
using AdvisoryWatch.Topics;
using Microsoft.EntityFrameworkCore;

namespace AdvisoryWatch.Apps;

/// <summary>Each registered app as a topic: its name and aliases are the keywords, its name the display name.</summary>
internal sealed class AppTopics : ITopicContributor
{
    public async Task<IReadOnlyList<TopicDefinition>> TopicsAsync(AdvisoryWatchDbContext db, CancellationToken cancellationToken)
    {
        var apps = await db.Set<App>().AsNoTracking().Where(a => a.RetiredAtUtc == null).OrderBy(a => a.Id).ToListAsync(cancellationToken);
        return [.. apps.Select(Topic)];
    }

    internal static TopicDefinition Topic(App app) => new()
    {
        Id = app.TopicId,
        Names = new Dictionary<string, string> { ["en"] = app.Name },
        Keywords = [.. new[] { app.Name }.Concat(app.Aliases ?? []).Distinct(StringComparer.OrdinalIgnoreCase)],
    };
}
