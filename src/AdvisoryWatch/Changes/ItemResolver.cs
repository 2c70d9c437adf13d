using AdvisoryWatch.Data;
using AdvisoryWatch.Extraction;
using AdvisoryWatch.Sources;
using Microsoft.EntityFrameworkCore;

namespace AdvisoryWatch.Changes;

/// <summary>
/// A sighting written earlier in the same poll (by the primary's read, before the fallback's
/// baseline), not yet saved; <paramref name="Entity"/> is the advisory when this poll tracks it.
/// </summary>
internal sealed record PendingSighting(Guid AdvisoryId, Advisory? Entity, string Reader, string ItemKey, ItemSighting Sighting);

/// <summary>An item that is news already seen through another reader: its advisory, saved or written earlier in this poll.</summary>
internal sealed record Sameness(ExtractedItem Item, Guid AdvisoryId, Advisory? Pending, Guid? OwnAlias = null);

/// <summary>The items of one read, sorted by what they are to the history.</summary>
/// <param name="Own">Items whose advisory this reader owns: change detection as for any item.</param>
/// <param name="Same">Items that are advisories seen through another reader (or known to this one by an alias).</param>
/// <param name="New">News to the source.</param>
internal sealed record ResolvedRead(
    Dictionary<string, StoredItem> OwnStored,
    List<ExtractedItem> Own,
    List<Sameness> Same,
    List<ExtractedItem> New);

/// <summary>
/// Sorts the items of one read: a reader's own items by their key as before; the rest by an alias
/// of this reader, by the same key under another reader, and then by <see cref="ItemMatch"/>
/// against what other readers saw. Only the keys, links and titles the read shows are looked up.
/// </summary>
internal sealed class ItemResolver(AdvisoryWatchDbContext db)
{
    public async Task<ResolvedRead> ResolveAsync(Source source, ReaderRead read, string primaryKey, IReadOnlyList<PendingSighting> pending, CancellationToken ct)
    {
        var reader = read.Reader.Key;
        var items = new List<ExtractedItem>(read.Feed.Items.Count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in read.Feed.Items)
        {
            // A feed that repeats an item (paginated lists do) counts it once.
            if (seen.Add(item.Id))
            {
                items.Add(item);
            }
        }

        var keys = items.Select(i => i.Id).ToList();
        var stored = await db.Set<Advisory>().AsNoTracking()
            .Where(a => a.SourceId == source.Id && keys.Contains(a.ItemKey))
            .Select(a => new StoredItem(a.Id, a.ItemKey, a.ContentHash, a.Gone, a.SourceFingerprint, a.Reader))
            .ToDictionaryAsync(a => a.ItemKey, StringComparer.Ordinal, ct);

        var result = new ResolvedRead(new Dictionary<string, StoredItem>(StringComparer.Ordinal), [], [], []);
        var unresolved = new List<ExtractedItem>();
        foreach (var item in items)
        {
            if (stored.TryGetValue(item.Id, out var s) && (s.Reader ?? primaryKey) == reader)
            {
                result.Own.Add(item);
                result.OwnStored[item.Id] = s;
            }
            else
            {
                unresolved.Add(item);
            }
        }

        if (unresolved.Count == 0)
        {
            // The usual poll of a source read through its primary: nothing more to look up.
            return result;
        }

        // Only a source that was read before, through another reader than this one, can hold
        // another reader's sightings: a source without a fallback or hub feed read through its
        // primary as always (most polls that bring news) looks up nothing more.
        var otherReaders = source.BaselineTakenAtUtc is not null
            && (read.Reader.Role != ReaderRole.Primary || !read.Reader.HasBaseline(source)
                || source.FallbackBaselineReader is not null || source.DiscoveredBaselineReader is not null);
        var unresolvedKeys = unresolved.Select(i => i.Id).ToList();
        var aliases = !otherReaders
            ? []
            : await db.Set<AdvisoryAlias>().AsNoTracking()
                .Where(a => a.SourceId == source.Id && a.Reader == reader && unresolvedKeys.Contains(a.ItemKey))
                .Select(a => new { a.Id, a.ItemKey, a.AdvisoryId })
                .ToDictionaryAsync(a => a.ItemKey, StringComparer.Ordinal, ct);

        var claimed = new HashSet<Guid>(result.OwnStored.Values.Select(s => s.AdvisoryId));
        var loose = new List<ExtractedItem>();
        foreach (var item in unresolved)
        {
            if (aliases.TryGetValue(item.Id, out var alias))
            {
                result.Same.Add(new Sameness(item, alias.AdvisoryId, null, alias.Id));
                claimed.Add(alias.AdvisoryId);
            }
            else if (stored.TryGetValue(item.Id, out var other))
            {
                // The same guid or link under another reader of one source is the same news.
                result.Same.Add(new Sameness(item, other.AdvisoryId, null));
                claimed.Add(other.AdvisoryId);
            }
            else if (pending.FirstOrDefault(p => p.Reader != reader && p.ItemKey == item.Id) is { } earlier)
            {
                result.Same.Add(new Sameness(item, earlier.AdvisoryId, earlier.Entity));
                claimed.Add(earlier.AdvisoryId);
            }
            else
            {
                loose.Add(item);
            }
        }

        if (loose.Count > 0)
        {
            await MatchAcrossReadersAsync(source, reader, primaryKey, loose, otherReaders, pending, claimed, result, ct);
        }

        return result;
    }

    private async Task MatchAcrossReadersAsync(
        Source source,
        string reader,
        string primaryKey,
        List<ExtractedItem> loose,
        bool otherReaders,
        IReadOnlyList<PendingSighting> pending,
        HashSet<Guid> claimed,
        ResolvedRead result,
        CancellationToken ct)
    {
        var sightings = loose.Select(ItemSighting.Of).ToList();

        // A link several items of one read share (a feed pointing every item at its list page)
        // names none of them.
        var sharedLinks = sightings.Where(s => s.LinkKey is not null).GroupBy(s => s.LinkKey).Where(g => g.Count() > 1).Select(g => g.Key).ToHashSet(StringComparer.Ordinal);
        sightings = [.. sightings.Select(s => s.LinkKey is { } l && sharedLinks.Contains(l) ? s with { LinkKey = null } : s)];
        var links = sightings.Where(s => s.LinkKey is not null).Select(s => s.LinkKey!).Distinct(StringComparer.Ordinal).ToList();
        var titles = sightings.Where(s => s.TitleKey is not null).Select(s => s.TitleKey!).Distinct(StringComparer.Ordinal).ToList();

        var candidates = new List<(Guid AdvisoryId, Advisory? Pending, ItemSighting Seen)>();
        if (otherReaders && (links.Count > 0 || titles.Count > 0))
        {
            var owned = await db.Set<Advisory>().AsNoTracking()
                .Where(a => a.SourceId == source.Id
                    && ((a.LinkKey != null && links.Contains(a.LinkKey)) || (a.TitleKey != null && titles.Contains(a.TitleKey))))
                .Select(a => new { a.Id, a.Reader, a.LinkKey, a.TitleKey, Date = a.PublishedAtUtc ?? a.SourceUpdatedAtUtc })
                .ToListAsync(ct);
            var aliased = await db.Set<AdvisoryAlias>().AsNoTracking()
                .Where(a => a.SourceId == source.Id
                    && ((a.LinkKey != null && links.Contains(a.LinkKey)) || (a.TitleKey != null && titles.Contains(a.TitleKey))))
                .Select(a => new { a.AdvisoryId, a.Reader, a.LinkKey, a.TitleKey, a.PublishedAtUtc })
                .ToListAsync(ct);

            // News this reader already shows under another key is another item to it.
            var ids = owned.Select(a => a.Id).Concat(aliased.Select(a => a.AdvisoryId)).Distinct().ToList();
            var shownByThisReader = owned.Where(a => (a.Reader ?? primaryKey) == reader).Select(a => a.Id).ToHashSet();
            shownByThisReader.UnionWith(await db.Set<AdvisoryAlias>().AsNoTracking()
                .Where(a => a.SourceId == source.Id && a.Reader == reader && ids.Contains(a.AdvisoryId))
                .Select(a => a.AdvisoryId)
                .ToListAsync(ct));
            candidates.AddRange(owned.Where(a => !shownByThisReader.Contains(a.Id)).Select(a => (a.Id, (Advisory?)null, new ItemSighting(a.LinkKey, a.TitleKey, a.Date))));
            candidates.AddRange(aliased.Where(a => !shownByThisReader.Contains(a.AdvisoryId)).Select(a => (a.AdvisoryId, (Advisory?)null, new ItemSighting(a.LinkKey, a.TitleKey, a.PublishedAtUtc))));
        }

        var pendingOfThisReader = pending.Where(p => p.Reader == reader).Select(p => p.AdvisoryId).ToHashSet();
        candidates.AddRange(pending.Where(p => p.Reader != reader && !pendingOfThisReader.Contains(p.AdvisoryId)).Select(p => (p.AdvisoryId, p.Entity, p.Sighting)));

        for (var i = 0; i < loose.Count; i++)
        {
            var read = sightings[i];
            var best = candidates
                .Where(c => !claimed.Contains(c.AdvisoryId))
                .Select(c => (Candidate: c, Kind: ItemMatch.Match(read, c.Seen)))
                .Where(m => m.Kind != MatchKind.None)
                .OrderByDescending(m => m.Kind)
                .ThenBy(m => read.Date is { } a && m.Candidate.Seen.Date is { } b ? (a - b).Duration() : TimeSpan.MaxValue)
                .Select(m => m.Candidate)
                .FirstOrDefault();
            if (best.AdvisoryId == Guid.Empty)
            {
                result.New.Add(loose[i]);
                continue;
            }

            claimed.Add(best.AdvisoryId);
            result.Same.Add(new Sameness(loose[i], best.AdvisoryId, best.Pending));
        }
    }
}
