using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace AdvisoryWatch.Polling;

/// <summary>
/// The pending inserts, updates and deletes of one context, taken out of it so that another
/// context can write them: a poll records its facts on its own context, and the batch writer's
/// context writes them in the batch's transaction. Entities carry no navigations, so each entry
/// moves on its own.
/// </summary>
internal sealed class TrackedChanges
{
    private readonly List<Change> _changes;

    private TrackedChanges(List<Change> changes) => _changes = changes;

    /// <summary>Takes what <paramref name="db"/> would save and leaves its change tracker empty.</summary>
    public static TrackedChanges Take(DbContext db)
    {
        ArgumentNullException.ThrowIfNull(db);
        db.ChangeTracker.DetectChanges();
        var changes = new List<Change>();
        foreach (var entry in db.ChangeTracker.Entries())
        {
            switch (entry.State)
            {
                case EntityState.Added:
                    changes.Add(new Change(entry.Entity, EntityState.Added, null, []));
                    break;
                case EntityState.Modified:
                    changes.Add(new Change(
                        entry.Entity,
                        EntityState.Modified,
                        entry.OriginalValues.Clone(),
                        [.. entry.Properties.Where(p => p.IsModified).Select(p => p.Metadata.Name)]));
                    break;
                case EntityState.Deleted:
                    changes.Add(new Change(entry.Entity, EntityState.Deleted, entry.OriginalValues.Clone(), []));
                    break;
            }
        }

        db.ChangeTracker.Clear();
        return new TrackedChanges(changes);
    }

    /// <summary>Tracks the changes in <paramref name="db"/> as they were tracked where they were taken.</summary>
    public void AttachTo(DbContext db)
    {
        ArgumentNullException.ThrowIfNull(db);
        foreach (var change in _changes)
        {
            var entry = db.Entry(change.Entity);
            if (change.State == EntityState.Added)
            {
                entry.State = EntityState.Added;
                continue;
            }

            entry.State = EntityState.Unchanged;
            entry.OriginalValues.SetValues(change.Original!);
            if (change.State == EntityState.Deleted)
            {
                entry.State = EntityState.Deleted;
                continue;
            }

            foreach (var property in change.Modified)
            {
                entry.Property(property).IsModified = true;
            }
        }
    }

    private sealed record Change(object Entity, EntityState State, PropertyValues? Original, string[] Modified);
}
