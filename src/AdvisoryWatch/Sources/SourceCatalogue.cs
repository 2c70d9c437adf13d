using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace AdvisoryWatch.Sources;

/// <summary>The YAML file format of <c>seeds/sources.yaml</c> and of <c>sources import/export</c>.</summary>
public sealed class SourceCatalogue
{
    public List<SourceDefinition> Sources { get; set; } = [];

    private static readonly IDeserializer Reader = new DeserializerBuilder()
        .WithNamingConvention(CamelCaseNamingConvention.Instance)
        .Build();

    private static readonly ISerializer Writer = new SerializerBuilder()
        .WithNamingConvention(CamelCaseNamingConvention.Instance)
        .ConfigureDefaultValuesHandling(DefaultValuesHandling.OmitNull | DefaultValuesHandling.OmitEmptyCollections)
        .Build();

    /// <summary>Reads a catalogue; a syntax error or an invalid entry is reported with every problem found.</summary>
    public static CatalogueReadResult Read(string yaml)
    {
        SourceCatalogue catalogue;
        try
        {
            catalogue = Reader.Deserialize<SourceCatalogue>(yaml) ?? new SourceCatalogue();
        }
        catch (YamlException e)
        {
            return new CatalogueReadResult([], [$"YAML at line {e.Start.Line}, column {e.Start.Column}: {e.InnerException?.Message ?? e.Message}"]);
        }

        var problems = catalogue.Sources.SelectMany(s => s.Problems()).ToList();
        problems.AddRange(catalogue.Sources
            .GroupBy(s => s.Id, StringComparer.Ordinal)
            .Where(g => g.Count() > 1)
            .Select(g => $"{g.Key}: the id is used {g.Count()} times."));
        return new CatalogueReadResult(catalogue.Sources, problems);
    }

    public static string Write(IEnumerable<SourceDefinition> sources) =>
        Writer.Serialize(new SourceCatalogue { Sources = [.. sources] });

    /// <summary>The catalogue shipped inside the executable (from <c>seeds/sources.yaml</c>).</summary>
    public static string ReadEmbeddedSeeds()
    {
        using var stream = typeof(SourceCatalogue).Assembly.GetManifestResourceStream("AdvisoryWatch.seeds.sources.yaml")
            ?? throw new InvalidOperationException("The seed catalogue is not embedded in this build.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}

public sealed record CatalogueReadResult(IReadOnlyList<SourceDefinition> Sources, IReadOnlyList<string> Problems);
