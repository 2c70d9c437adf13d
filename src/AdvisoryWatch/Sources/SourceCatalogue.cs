using AdvisoryWatch.Hosting;

namespace AdvisoryWatch.Sources;

/// <summary>The YAML file format of <c>seeds/sources.yaml</c> and of <c>sources import/export</c>.</summary>
public sealed class SourceCatalogue
{
    public List<SourceDefinition> Sources { get; set; } = [];

    /// <summary>Reads a catalogue; a syntax error or an invalid entry is reported with every problem found.</summary>
    public static CatalogueReadResult Read(string yaml)
    {
        if (SeedFiles.Read<SourceCatalogue>(yaml, out var problem) is not { } catalogue)
        {
            return new CatalogueReadResult([], [problem!]);
        }

        var problems = catalogue.Sources.SelectMany(s => s.Problems()).ToList();
        problems.AddRange(catalogue.Sources
            .GroupBy(s => s.Id, StringComparer.Ordinal)
            .Where(g => g.Count() > 1)
            .Select(g => $"{g.Key}: the id is used {g.Count()} times."));
        return new CatalogueReadResult(catalogue.Sources, problems);
    }

    public static string Write(IEnumerable<SourceDefinition> sources) =>
        SeedFiles.Write(new SourceCatalogue { Sources = [.. sources] });

    /// <summary>The catalogue shipped inside the executable (from <c>seeds/sources.yaml</c>).</summary>
    public static string ReadEmbeddedSeeds() => SeedFiles.ReadEmbedded("sources.yaml");
}

public sealed record CatalogueReadResult(IReadOnlyList<SourceDefinition> Sources, IReadOnlyList<string> Problems);
