using AdvisoryWatch.Data;

namespace AdvisoryWatch.Topics;

/// <summary>
/// Topics another feature keeps in the database (the app register): compiled after the stored
/// rule file's own topics, so they classify like any topic without an admin writing them into the
/// file. <see cref="TopicRules"/> reads them on every refresh and recompiles when they change.
/// </summary>
public interface ITopicContributor
{
    Task<IReadOnlyList<TopicDefinition>> TopicsAsync(AdvisoryWatchDbContext db, CancellationToken cancellationToken);
}
