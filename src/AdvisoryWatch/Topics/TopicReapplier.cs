using AdvisoryWatch.Audit;
using AdvisoryWatch.Changes;
using AdvisoryWatch.Data;
using AdvisoryWatch.Sources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AdvisoryWatch.Topics;

/// <summary>What a re-application of the rules did.</summary>
public sealed record ReapplyReport(int RuleVersion, int Examined, int Changed);

/// <summary>
/// Re-classifies every stored advisory with the rules in force, in batches, and updates topics and
/// severity where they differ. Nothing is announced: re-tagging history is not news, so no outbox
/// row is written and the advisory's change time stays as it was.
/// </summary>
public sealed partial class TopicReapplier(AdvisoryWatchDbContext db, TopicRules rules, WriteGate gate, AuditLog audit, IOptions<TopicsOptions> options, ILogger<TopicReapplier> logger)
{
    internal const int BatchSize = 500;

    public Task<ReapplyReport> ReapplyAsync(CancellationToken cancellationToken) => ReapplyAsync(null, null, cancellationToken);

    /// <param name="actorName">Who started it, for the audit log; null for the caller of this request.</param>
    /// <param name="progress">Told (examined, total) after each batch.</param>
    public async Task<ReapplyReport> ReapplyAsync(string? actorName, Action<int, int>? progress, CancellationToken cancellationToken)
    {
        // Another node may have saved newer rules a moment ago: use them, not this node's last look.
        await rules.RefreshAsync(cancellationToken);
        var set = rules.Current;
        var version = rules.Version;
        var sourceTopics = await db.Set<Source>().AsNoTracking()
            .Select(s => new { s.Id, s.DefaultTopics })
            .ToDictionaryAsync(s => s.Id, s => (IReadOnlyList<string>)s.DefaultTopics, StringComparer.Ordinal, cancellationToken);

        // Ids first (16 bytes a row), then rows a batch at a time: memory stays flat over 100,000s of
        // advisories, and a poll writing meanwhile waits for one batch at most.
        var ids = await db.Set<Advisory>().AsNoTracking().OrderBy(a => a.Id).Select(a => a.Id).ToListAsync(cancellationToken);
        var changed = 0;
        var examined = 0;
        progress?.Invoke(0, ids.Count);
        foreach (var batch in ids.Chunk(BatchSize))
        {
            db.ChangeTracker.Clear();
            var rows = await db.Set<Advisory>().Where(a => batch.Contains(a.Id)).ToListAsync(cancellationToken);
            var batchChanged = 0;
            foreach (var advisory in rows)
            {
                var match = ClassifyStored(set, advisory, sourceTopics.GetValueOrDefault(advisory.SourceId) ?? [], options.Value.ItemBudget, cancellationToken);
                if (advisory.Severity == match.Severity && advisory.Topics.SequenceEqual(match.Topics, StringComparer.Ordinal))
                {
                    continue;
                }

                advisory.Topics = [.. match.Topics];
                advisory.Severity = match.Severity;
                batchChanged++;
            }

            if (batchChanged > 0)
            {
                using (await gate.EnterAsync(db, cancellationToken))
                {
                    await db.SaveChangesAsync(cancellationToken);
                }

                changed += batchChanged;
            }

            examined += batch.Length;
            progress?.Invoke(examined, ids.Count);
        }

        db.ChangeTracker.Clear();

        // Each batch is saved as it goes, so the entry follows the work rather than sharing its
        // transaction: it says what the whole run did.
        audit.Add(actorName ?? audit.ActorName, "topics.reapplied", "advisories", before: null, after: $"rules version {version}: {changed} of {ids.Count} re-tagged");
        using (await gate.EnterAsync(db, cancellationToken))
        {
            await db.SaveChangesAsync(cancellationToken);
        }

        LogReapplied(logger, version, ids.Count, changed);
        return new ReapplyReport(version, ids.Count, changed);
    }

    /// <summary>What a rule set makes of a stored advisory: the same title and text a poll classified.</summary>
    internal static TopicMatch ClassifyStored(TopicRuleSet set, Advisory advisory, IReadOnlyList<string> sourceTopics, TimeSpan budget, CancellationToken cancellationToken) =>
        set.Classify(advisory.Title, ChangeRecorder.StoredText(advisory), advisory.Language, sourceTopics, budget, cancellationToken);

    [LoggerMessage(Level = LogLevel.Information, Message = "Topic rules version {Version} re-applied to {Examined} advisories; {Changed} re-tagged")]
    private static partial void LogReapplied(ILogger logger, int version, int examined, int changed);
}
