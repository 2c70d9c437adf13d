using AdvisoryWatch.Access;
using AdvisoryWatch.Data;

namespace AdvisoryWatch.Audit;

/// <summary>
/// Adds entries for the scope's actor to the scope's DbContext. They are saved by the caller's
/// own <c>SaveChanges</c>, in the transaction of the change they describe: a change is never
/// without its entry, nor an entry without its change.
/// </summary>
public sealed class AuditLog(AdvisoryWatchDbContext db, CurrentActor actor, TimeProvider time)
{
    public string ActorName => actor.Name;

    public void Add(string action, string? target, string? before = null, string? after = null) =>
        db.Add(AuditEntry.Create(time.GetUtcNow(), AuditKind.Change, actor.Name, action, target, before, after));

    /// <summary>For changes made by an actor other than the scope's (a signed link, say).</summary>
    public void Add(string actorName, string action, string? target, string? before, string? after) =>
        db.Add(AuditEntry.Create(time.GetUtcNow(), AuditKind.Change, actorName, action, target, before, after));
}
