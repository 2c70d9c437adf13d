using AdvisoryWatch.Audit;
using AdvisoryWatch.Data;
using Microsoft.EntityFrameworkCore;

namespace AdvisoryWatch.Sources;

/// <summary>What an import did, per source id.</summary>
public sealed record ImportReport(IReadOnlyList<string> Added, IReadOnlyList<string> Updated, IReadOnlyList<string> KeptAdminChanges, IReadOnlyList<string> Unchanged);

/// <summary>What importing a file did: refused with <paramref name="Problems"/>, or imported (<paramref name="Report"/>) with the feeds it skipped as already watched.</summary>
public sealed record FileImportResult(IReadOnlyList<string> Problems, ImportReport? Report, IReadOnlyList<(string Url, string WatchedAs)> Skipped);

/// <summary>Writes source definitions into the database; never touches schedule or health columns.</summary>
public sealed class SourceImporter(AdvisoryWatchDbContext db, AuditLog audit, TimeProvider time)
{
    /// <summary>
    /// The seed import, idempotent: new entries are added; an entry still exactly as seeded takes
    /// the catalogue's newer definition; an entry an admin changed (or created) is left alone.
    /// </summary>
    public async Task<ImportReport> ImportSeedsAsync(IReadOnlyList<SourceDefinition> seeds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(seeds);
        var now = time.GetUtcNow();
        var existing = await db.Set<Source>().ToDictionaryAsync(s => s.Id, StringComparer.Ordinal, cancellationToken);
        List<string> added = [], updated = [], kept = [], unchanged = [];
        foreach (var seed in seeds)
        {
            var seedHash = seed.Hash();
            if (!existing.TryGetValue(seed.Id, out var row))
            {
                row = NewRow(seed, now);
                row.SeedHash = seedHash;
                db.Add(row);
                added.Add(seed.Id);
                audit.Add("sources.added", Target(seed.Id), after: Describe(row));
                continue;
            }

            var currentHash = SourceDefinition.From(row).Hash();
            if (row.SeedHash is null || currentHash != row.SeedHash)
            {
                kept.Add(seed.Id);
            }
            else if (currentHash == seedHash)
            {
                unchanged.Add(seed.Id);
            }
            else
            {
                var before = Describe(row);
                seed.ApplyTo(row);
                audit.Add("sources.updated", Target(seed.Id), before, Describe(row));
                row.SeedHash = seedHash;
                row.UpdatedAtUtc = now;
                updated.Add(seed.Id);
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        return new ImportReport(added, updated, kept, unchanged);
    }

    /// <summary>
    /// An admin's import: the file wins. Rows it touches become admin-owned (seeding no longer
    /// changes them); schedule and health are kept.
    /// </summary>
    public async Task<ImportReport> ImportAsAdminAsync(IReadOnlyList<SourceDefinition> definitions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(definitions);
        var now = time.GetUtcNow();
        var ids = definitions.Select(d => d.Id).ToList();
        var existing = await db.Set<Source>().Where(s => ids.Contains(s.Id)).ToDictionaryAsync(s => s.Id, StringComparer.Ordinal, cancellationToken);
        List<string> added = [], updated = [], unchanged = [];
        foreach (var definition in definitions)
        {
            if (!existing.TryGetValue(definition.Id, out var row))
            {
                var newRow = NewRow(definition, now);
                db.Add(newRow);
                added.Add(definition.Id);
                audit.Add("sources.added", Target(definition.Id), after: Describe(newRow));
            }
            else if (SourceDefinition.From(row).Hash() == definition.Hash())
            {
                unchanged.Add(definition.Id);
            }
            else
            {
                var before = Describe(row);
                definition.ApplyTo(row);
                audit.Add("sources.updated", Target(definition.Id), before, Describe(row));
                row.SeedHash = null;
                row.UpdatedAtUtc = now;
                updated.Add(definition.Id);
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        return new ImportReport(added, updated, [], unchanged);
    }

    /// <summary>
    /// A plain OPML names feeds, not ids: a feed already watched is skipped (each skip says which
    /// source watches it), and a made-up id that clashes with another source gets a suffix instead
    /// of overwriting it.
    /// </summary>
    public async Task<(IReadOnlyList<SourceDefinition> ToImport, IReadOnlyList<(string Url, string WatchedAs)> Skipped)> WithoutClashesAsync(IReadOnlyList<SourceDefinition> definitions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(definitions);
        var existing = await db.Set<Source>().AsNoTracking().Select(s => new { s.Id, s.Url }).ToListAsync(cancellationToken);
        var byUrl = existing.ToLookup(s => s.Url, s => s.Id, StringComparer.OrdinalIgnoreCase);
        var used = existing.Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        List<SourceDefinition> result = [];
        List<(string, string)> skipped = [];
        foreach (var d in definitions)
        {
            if (d.IdAssigned && byUrl[d.Url].FirstOrDefault() is { } watchedAs)
            {
                skipped.Add((d.Url, watchedAs));
                continue;
            }

            if (d.IdAssigned)
            {
                d.Id = Opml.Unique(d.Id, used);
            }

            result.Add(d);
        }

        return (result, skipped);
    }

    /// <summary>
    /// An admin's import of a file (the <c>sources import</c> command, the sources page): a YAML
    /// catalogue or an OPML file. A file with any problem is refused whole; from an OPML, feeds
    /// already watched are skipped.
    /// </summary>
    public async Task<FileImportResult> ImportFileAsync(string text, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(text);
        var isOpml = text.TrimStart().StartsWith('<');
        var read = isOpml ? Opml.Read(text) : SourceCatalogue.Read(text);
        if (read.Problems.Count > 0)
        {
            return new FileImportResult(read.Problems, null, []);
        }

        var (definitions, skipped) = isOpml ? await WithoutClashesAsync(read.Sources, cancellationToken) : (read.Sources, []);
        return new FileImportResult([], await ImportAsAdminAsync(definitions, cancellationToken), skipped);
    }

    private static string Target(string id) => "source:" + id;

    /// <summary>The short form the audit log keeps: what is read, and how often.</summary>
    private static string Describe(Source row) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{row.Kind} {row.Url} every {row.IntervalMinutes} min{(row.Enabled ? "" : " (disabled)")}");

    private static Source NewRow(SourceDefinition definition, DateTimeOffset now)
    {
        var row = new Source { Id = definition.Id, Name = "", Authority = "", Country = "", Language = "", Url = "" };
        definition.ApplyTo(row);
        row.CreatedAtUtc = now;
        row.UpdatedAtUtc = now;
        row.NextCheckAtUtc = now;
        return row;
    }
}
