using AdvisoryWatch.Contracts;
using AdvisoryWatch.Data;
using AdvisoryWatch.Extraction;
using AdvisoryWatch.Extraction.Text;
using AdvisoryWatch.Sources;
using Microsoft.EntityFrameworkCore;

namespace AdvisoryWatch.Changes;

/// <summary>What one poll added to the history.</summary>
public sealed record RecordedChanges(int Baseline, int Published, int Updated, int PageEvents)
{
    public int Announced => Published + Updated + PageEvents;
}

/// <summary>
/// Writes detected changes as advisory rows, versions and outbox events into the caller's unit of
/// work (the caller commits it together with the source's schedule): facts and the events
/// announcing them land together or not at all.
/// </summary>
public sealed class ChangeRecorder(AdvisoryWatchDbContext db, IChangeClassifier classifier, TimeProvider time)
{
    private const int SummaryLength = 500;

    /// <summary>
    /// Records what a poll's reads found: the read the poll used, then any baselines taken with it.
    /// The first successful read of a source is a silent baseline; so is the first read of each of
    /// its other readers (see <see cref="SourceReader"/>), except for what it shows dated after the
    /// source was last read. News seen through one reader is one advisory through all of them.
    /// </summary>
    public async Task<RecordedChanges> RecordAsync(Source source, IReadOnlyList<ReaderRead> reads, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(reads);
        var now = time.GetUtcNow();
        var primaryKey = SourceReader.Primary(source).Key;
        var resolver = new ItemResolver(db);
        var pending = new List<PendingSighting>();
        var total = new RecordedChanges(0, 0, 0, 0);
        foreach (var read in reads)
        {
            var resolved = await resolver.ResolveAsync(source, read, primaryKey, pending, cancellationToken);
            var recorded = await RecordReadAsync(source, read, resolved, primaryKey, pending, now, cancellationToken);
            total = new RecordedChanges(total.Baseline + recorded.Baseline, total.Published + recorded.Published, total.Updated + recorded.Updated, total.PageEvents + recorded.PageEvents);
        }

        return total;
    }

    private async Task<RecordedChanges> RecordReadAsync(Source source, ReaderRead read, ResolvedRead resolved, string primaryKey, List<PendingSighting> pending, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var reader = read.Reader;
        var isPage = source.Kind == SourceKind.Page;
        var detected = ChangeDetector.Detect(isPage, resolved.OwnStored, resolved.Own);
        var sourceBaseline = read.Silent || source.BaselineTakenAtUtc is null;
        var readerBaseline = !reader.HasBaseline(source);
        int published = 0, updated = 0, page = 0, silent = 0;

        // Rows from before readers were told apart learn their reader and keys when next read.
        var legacy = resolved.Own.Where(i => resolved.OwnStored[i.Id].Reader is null).ToList();
        var takeOver = reader.Role == ReaderRole.Primary ? resolved.Same.Where(s => s.Pending is null).Select(s => s.AdvisoryId) : [];
        var loadIds = detected.Where(d => d.Before is not null).Select(d => d.Before!.AdvisoryId)
            .Concat(legacy.Select(i => resolved.OwnStored[i.Id].AdvisoryId))
            .Concat(takeOver)
            .Distinct()
            .ToList();
        var existing = loadIds.Count == 0
            ? []
            : await db.Set<Advisory>().Where(a => loadIds.Contains(a.Id)).ToDictionaryAsync(a => a.Id, cancellationToken);

        foreach (var item in legacy)
        {
            if (existing.TryGetValue(resolved.OwnStored[item.Id].AdvisoryId, out var row))
            {
                SetReader(row, reader.Key, item);

                // Not saved yet: a baseline read after this one in the same poll matches against it here.
                pending.Add(new PendingSighting(row.Id, row, reader.Key, item.Id, ItemSighting.Of(item)));
            }
        }

        foreach (var d in detected)
        {
            if (d.Before is not { } before || !existing.TryGetValue(before.AdvisoryId, out var advisory))
            {
                // Only the reader's own stored items are detected here; a row deleted meanwhile is gone.
                continue;
            }

            var title = Title(d.Item, source);
            var summary = d.Item.Summary;
            var c = classifier.Classify(title, ChangeDetector.DiffText(d.Item), source.Language, source.DefaultTopics);
            var diff = TextDiff.Between(StoredText(advisory), ChangeDetector.DiffText(d.Item)) ?? (before.Gone ? "+ (the page answers again)\n" : null);
            advisory.CurrentVersion++;
            advisory.Gone = false;
            Apply(advisory, d.Item, title, d.Hash, c, now);
            var version = AddVersion(advisory, d.Kind, sourceBaseline, diff, now);
            if (sourceBaseline)
            {
                silent++;
                continue;
            }

            switch (d.Kind)
            {
                case ChangeKind.Published:
                    published++;
                    break;
                case ChangeKind.Updated:
                    updated++;
                    break;
                default:
                    page++;
                    break;
            }

            Announce(version, advisory, source, summary, now);
        }

        foreach (var item in resolved.New)
        {
            var title = Title(item, source);
            var hash = ChangeDetector.Hash(item);
            var c = classifier.Classify(title, ChangeDetector.DiffText(item), source.Language, source.DefaultTopics);
            var advisory = NewAdvisory(source, reader, item, title, hash, now, pending);
            Apply(advisory, item, title, hash, c, now);

            // A page seen for the first time after the baseline (a new URL on a page source) is
            // announced as a change of that page; so is a feed item after the baseline.
            var kind = isPage ? ChangeKind.PageChanged : ChangeKind.Published;
            var quiet = sourceBaseline || (readerBaseline && !PublishedAfter(item, source.LastSuccessAtUtc));
            var version = AddVersion(advisory, kind, quiet, null, now);
            if (quiet)
            {
                silent++;
                continue;
            }

            if (isPage)
            {
                page++;
            }
            else
            {
                published++;
            }

            Announce(version, advisory, source, item.Summary, now);
        }

        foreach (var same in resolved.Same)
        {
            var row = same.Pending ?? existing.GetValueOrDefault(same.AdvisoryId);
            if (reader.Role == ReaderRole.Primary && row is not null && row.Reader != reader.Key)
            {
                TakeOver(source, row, reader, same, primaryKey, now);
                silent++;
            }
            else if (same.OwnAlias is null)
            {
                var sighting = ItemSighting.Of(same.Item);
                db.Add(Alias(source, same.AdvisoryId, reader.Key, same.Item.Id, sighting, now));
                pending.Add(new PendingSighting(same.AdvisoryId, same.Pending, reader.Key, same.Item.Id, sighting));
            }
        }

        return new RecordedChanges(silent, published, updated, page);
    }

    /// <summary>
    /// The primary sees news first seen through another reader (the fallback, while the primary
    /// failed): it becomes the advisory's reader, silently, so that the advisory's later updates
    /// are told from the primary's own view. The other reader's view stays an alias.
    /// </summary>
    private void TakeOver(Source source, Advisory advisory, SourceReader reader, Sameness same, string primaryKey, DateTimeOffset now)
    {
        var previous = advisory.Reader ?? primaryKey;
        db.Add(Alias(source, advisory.Id, previous, advisory.ItemKey, new ItemSighting(advisory.LinkKey, advisory.TitleKey, advisory.PublishedAtUtc ?? advisory.SourceUpdatedAtUtc), now));
        if (same.OwnAlias is { } alias)
        {
            // Known to the primary by an alias (its URL changed and changed back): the row now says so.
            db.Remove(new AdvisoryAlias { Id = alias, SourceId = source.Id, Reader = reader.Key, ItemKey = same.Item.Id });
        }

        var title = Title(same.Item, source);
        var hash = ChangeDetector.Hash(same.Item);
        var c = classifier.Classify(title, ChangeDetector.DiffText(same.Item), source.Language, source.DefaultTopics);
        advisory.ItemKey = same.Item.Id;
        SetReader(advisory, reader.Key, same.Item);
        Apply(advisory, same.Item, title, hash, c, now);
        advisory.CurrentVersion++;
        AddVersion(advisory, source.Kind == SourceKind.Page ? ChangeKind.PageChanged : ChangeKind.Updated, baseline: true, null, now);
    }

    private Advisory NewAdvisory(Source source, SourceReader reader, ExtractedItem item, string title, string hash, DateTimeOffset now, List<PendingSighting> pending)
    {
        var advisory = new Advisory
        {
            Id = Guid.CreateVersion7(now),
            SourceId = source.Id,
            ItemKey = item.Id,
            Title = title,
            Language = source.Language,
            ContentHash = hash,
            FirstSeenAtUtc = now,
        };
        SetReader(advisory, reader.Key, item);
        db.Add(advisory);
        pending.Add(new PendingSighting(advisory.Id, advisory, reader.Key, item.Id, ItemSighting.Of(item)));
        return advisory;
    }

    private static void SetReader(Advisory advisory, string reader, ExtractedItem item)
    {
        var sighting = ItemSighting.Of(item);
        advisory.Reader = reader;
        advisory.LinkKey = sighting.LinkKey;
        advisory.TitleKey = sighting.TitleKey;
    }

    private static void Apply(Advisory advisory, ExtractedItem item, string title, string hash, Classification c, DateTimeOffset now)
    {
        advisory.Title = title;
        advisory.Url = item.Link;
        advisory.Summary = item.Summary;
        advisory.ContentHtml = item.Content;
        advisory.PublishedAtUtc = item.Published?.Utc;
        advisory.SourceUpdatedAtUtc = item.Updated?.Utc;
        advisory.ContentHash = hash;
        advisory.SourceFingerprint = item.SourceFingerprint;
        advisory.Topics = [.. c.Topics];
        advisory.Severity = c.Severity;
        advisory.LastChangedAtUtc = now;
    }

    private static AdvisoryAlias Alias(Source source, Guid advisoryId, string reader, string itemKey, ItemSighting sighting, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        SourceId = source.Id,
        AdvisoryId = advisoryId,
        Reader = reader,
        ItemKey = itemKey,
        LinkKey = sighting.LinkKey,
        TitleKey = sighting.TitleKey,
        PublishedAtUtc = sighting.Date,
        SeenAtUtc = now,
    };

    /// <summary>
    /// Whether an item a reader shows for the first time may have appeared since the source was
    /// last read: a reader's first read after the source's baseline (a new URL, a fallback read
    /// for the first time during an outage) announces that, and stores the rest silently. A bare
    /// day counts until its end.
    /// </summary>
    private static bool PublishedAfter(ExtractedItem item, DateTimeOffset? lastRead)
    {
        if ((item.Published?.Utc ?? item.Updated?.Utc) is not { } date || lastRead is not { } last)
        {
            return false;
        }

        return ItemMatch.IsBareDay(date) ? date.AddDays(1) > last : date > last;
    }

    /// <summary>A watched page answering 404/410, or moved away for good: one change, not one per poll.</summary>
    public async Task<RecordedChanges> RecordPageEventAsync(Source source, ChangeKind kind, string description, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        var now = time.GetUtcNow();
        var advisory = await db.Set<Advisory>().Where(a => a.SourceId == source.Id).OrderBy(a => a.FirstSeenAtUtc).FirstOrDefaultAsync(cancellationToken);
        if (advisory is null || source.BaselineTakenAtUtc is null)
        {
            // Nothing known yet to have gone: a page that never answered is a failing source.
            return new RecordedChanges(0, 0, 0, 0);
        }

        if (kind == ChangeKind.PageGone)
        {
            if (advisory.Gone)
            {
                return new RecordedChanges(0, 0, 0, 0);
            }

            advisory.Gone = true;
        }

        advisory.CurrentVersion++;
        advisory.LastChangedAtUtc = now;
        var version = AddVersion(advisory, kind, baseline: false, "- " + description + "\n", now);
        Announce(version, advisory, source, description, now);
        return new RecordedChanges(0, 0, 0, 1);
    }

    private AdvisoryVersion AddVersion(Advisory advisory, ChangeKind kind, bool baseline, string? diff, DateTimeOffset now)
    {
        var version = new AdvisoryVersion
        {
            Id = Guid.CreateVersion7(now),
            AdvisoryId = advisory.Id,
            Version = advisory.CurrentVersion,
            Kind = kind,
            IsBaseline = baseline,
            Title = advisory.Title,
            Url = advisory.Url,
            Summary = advisory.Summary,
            ContentHtml = advisory.ContentHtml,
            ContentHash = advisory.ContentHash,
            Diff = diff,
            ObservedAtUtc = now,
        };
        db.Add(version);
        return version;
    }

    private void Announce(AdvisoryVersion version, Advisory advisory, Source source, string? summary, DateTimeOffset now)
    {
        var message = new ChangeDetected(
            version.Id,
            advisory.Id,
            source.Id,
            version.Kind,
            advisory.Severity,
            advisory.Title,
            advisory.Url,
            Shorten(summary),
            advisory.Topics,
            advisory.Language,
            now);
        db.Add(OutboxMessage.For(message, now));
    }

    private static string Title(ExtractedItem item, Source source) =>
        string.IsNullOrWhiteSpace(item.Title) ? item.Link ?? source.Name : item.Title;

    /// <summary>The stored advisory's text as <see cref="ChangeDetector.DiffText"/> gave it when it was recorded.</summary>
    internal static string StoredText(Advisory advisory) =>
        advisory.ContentHtml is { Length: > 0 } html ? HtmlSanitizer.ToPlainText(html) : advisory.Summary ?? string.Empty;

    private static string? Shorten(string? text) =>
        text is null ? null
        : text.Length <= SummaryLength ? text
        : string.Concat(text.AsSpan(0, SummaryLength - 1).TrimEnd(), "…");
}
