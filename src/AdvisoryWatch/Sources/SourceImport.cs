using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using AdvisoryWatch.Data;
using Microsoft.EntityFrameworkCore;

namespace AdvisoryWatch.Sources;

/// <summary>Adds and updates sources from the seed catalogue or an admin's file.</summary>
public static class SourceImport
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>What an import did.</summary>
    public sealed record Result(int Added, int Updated, int KeptAdminChanges);

    /// <summary>
    /// Seeds are imported idempotently: a new entry is added, an entry whose seed text changed is
    /// updated, and a row an admin has changed is left exactly as the admin left it.
    /// </summary>
    public static async Task<Result> ImportSeedsAsync(AdvisoryWatchDbContext db, IEnumerable<SourceDefinition> seeds, DateTime nowUtc, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var existing = await db.Set<Source>().ToDictionaryAsync(s => s.Id, cancellationToken);
        int added = 0, updated = 0, kept = 0;
        foreach (var seed in seeds)
        {
            var hash = Hash(seed);
            if (!existing.TryGetValue(seed.Id, out var row))
            {
                var source = new Source { Id = seed.Id, SeedHash = hash, NextCheckAtUtc = nowUtc };
                source.Apply(seed);
                db.Add(source);
                added++;
            }
            else if (row.SeedHash is null)
            {
                kept++;
            }
            else if (row.SeedHash != hash)
            {
                row.Apply(seed);
                row.SeedHash = hash;
                updated++;
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        return new Result(added, updated, kept);
    }

    /// <summary>An admin's import: added or replaced, and from then on owned by the admin (seeding leaves it alone).</summary>
    public static async Task<Result> ImportAdminAsync(AdvisoryWatchDbContext db, IEnumerable<SourceDefinition> definitions, DateTime nowUtc, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var existing = await db.Set<Source>().ToDictionaryAsync(s => s.Id, cancellationToken);
        int added = 0, updated = 0;
        foreach (var definition in definitions)
        {
            if (existing.TryGetValue(definition.Id, out var row))
            {
                if (row.Definition.Url != definition.Url || row.Definition.Kind != definition.Kind)
                {
                    // A new URL or kind starts from a fresh baseline and fresh validators.
                    row.ETag = null;
                    row.LastModifiedUtc = null;
                    row.PermanentRedirectTo = null;
                }

                row.Apply(definition);
                row.SeedHash = null;
                row.NextCheckAtUtc = nowUtc;
                updated++;
            }
            else
            {
                var source = new Source { Id = definition.Id, SeedHash = null, NextCheckAtUtc = nowUtc };
                source.Apply(definition);
                db.Add(source);
                added++;
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        return new Result(added, updated, 0);
    }

    public static string Hash(SourceDefinition definition) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(definition, Json))));
}
