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

    /// <summary>Records what a successful read found. The first successful read is a silent baseline.</summary>
    public async Task<RecordedChanges> RecordAsync(Source source, ExtractedFeed feed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(feed);
        var now = time.GetUtcNow();
        // Only the items the source shows now: its whole history grows without bound, and
        // detection never looks past what was read.
        var keys = feed.Items.Select(i => i.Id).Distinct(StringComparer.Ordinal).ToList();
        var stored = await db.Set<Advisory>().AsNoTracking()
            .Where(a => a.SourceId == source.Id && keys.Contains(a.ItemKey))
            .Select(a => new StoredItem(a.Id, a.ItemKey, a.ContentHash, a.Gone, a.SourceFingerprint))
            .ToDictionaryAsync(a => a.ItemKey, StringComparer.Ordinal, cancellationToken);
        var isPage = source.Kind == SourceKind.Page;
        var detected = ChangeDetector.Detect(isPage, stored, feed.Items);
        var baseline = source.BaselineTakenAtUtc is null;
        int published = 0, updated = 0, page = 0, silent = 0;

        var changedIds = detected.Where(d => d.Before is not null).Select(d => d.Before!.AdvisoryId).ToList();
        var existing = changedIds.Count == 0
            ? []
            : await db.Set<Advisory>().Where(a => changedIds.Contains(a.Id)).ToDictionaryAsync(a => a.Id, cancellationToken);

        foreach (var d in detected)
        {
            var title = Title(d.Item, source);
            var summary = d.Item.Summary;
            var content = d.Item.Content;
            var c = classifier.Classify(title, ChangeDetector.DiffText(d.Item), source.Language, source.DefaultTopics);
            Advisory advisory;
            string? diff = null;
            if (d.Before is { } before && existing.TryGetValue(before.AdvisoryId, out var row))
            {
                advisory = row;
                diff = TextDiff.Between(StoredText(advisory), ChangeDetector.DiffText(d.Item)) ?? (before.Gone ? "+ (the page answers again)\n" : null);
                advisory.CurrentVersion++;
                advisory.Gone = false;
            }
            else
            {
                advisory = new Advisory
                {
                    Id = Guid.CreateVersion7(now),
                    SourceId = source.Id,
                    ItemKey = d.Item.Id,
                    Title = title,
                    Language = source.Language,
                    ContentHash = d.Hash,
                    FirstSeenAtUtc = now,
                };
                db.Add(advisory);
            }

            advisory.Title = title;
            advisory.Url = d.Item.Link;
            advisory.Summary = summary;
            advisory.ContentHtml = content;
            advisory.PublishedAtUtc = d.Item.Published?.Utc;
            advisory.SourceUpdatedAtUtc = d.Item.Updated?.Utc;
            advisory.ContentHash = d.Hash;
            advisory.SourceFingerprint = d.Item.SourceFingerprint;
            advisory.Topics = [.. c.Topics];
            advisory.Severity = c.Severity;
            advisory.LastChangedAtUtc = now;

            // A page seen for the first time after the baseline (a new URL on a page source) is
            // announced as a change of that page; so is a feed item after the baseline.
            var kind = d.Kind;
            var version = AddVersion(advisory, kind, baseline, diff, now);
            if (baseline)
            {
                silent++;
                continue;
            }

            switch (kind)
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

        return new RecordedChanges(silent, published, updated, page);
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
