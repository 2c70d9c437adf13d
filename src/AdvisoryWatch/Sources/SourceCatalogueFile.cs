using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace AdvisoryWatch.Sources;

/// <summary>Reads and writes the YAML catalogue format of <c>seeds/sources.yaml</c>.</summary>
public static class SourceCatalogueFile
{
    private static readonly IDeserializer Reader = new DeserializerBuilder()
        .WithNamingConvention(CamelCaseNamingConvention.Instance)
        .WithEnumNamingConvention(HyphenatedNamingConvention.Instance)
        .Build();

    private static readonly ISerializer Writer = new SerializerBuilder()
        .WithNamingConvention(CamelCaseNamingConvention.Instance)
        .WithEnumNamingConvention(HyphenatedNamingConvention.Instance)
        .ConfigureDefaultValuesHandling(DefaultValuesHandling.OmitNull | DefaultValuesHandling.OmitEmptyCollections)
        .Build();

    /// <summary>The catalogue shipped in the repository's <c>seeds/</c> folder, found beside the executable or above the working directory.</summary>
    public static string? DefaultPath()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "seeds", "sources.yaml");
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }

    /// <summary>Reads a catalogue; a malformed file or entry is a message naming the place, not an exception.</summary>
    public static (IReadOnlyList<SourceDefinition> Sources, IReadOnlyList<string> Errors) Read(string yaml)
    {
        Catalogue? catalogue;
        try
        {
            catalogue = Reader.Deserialize<Catalogue>(yaml);
        }
        catch (YamlException e)
        {
            return ([], [$"line {e.Start.Line}, column {e.Start.Column}: {e.InnerException?.Message ?? e.Message}"]);
        }

        var sources = catalogue?.Sources ?? [];
        var errors = new List<string>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var source in sources)
        {
            foreach (var problem in Validate(source))
            {
                errors.Add($"source '{source.Id}': {problem}");
            }

            if (!ids.Add(source.Id))
            {
                errors.Add($"source '{source.Id}' appears twice");
            }
        }

        return (sources, errors);
    }

    public static string Write(IEnumerable<SourceDefinition> sources) =>
        Writer.Serialize(new Catalogue { Sources = [.. sources] });

    private static readonly System.Buffers.SearchValues<char> IdCharacters = System.Buffers.SearchValues.Create("abcdefghijklmnopqrstuvwxyz0123456789-");

    public static IEnumerable<string> Validate(SourceDefinition source)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (string.IsNullOrWhiteSpace(source.Id) || source.Id.AsSpan().IndexOfAnyExcept(IdCharacters) >= 0)
        {
            yield return "id must be lower-case letters, digits and hyphens";
        }

        if (!Uri.TryCreate(source.Url, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
        {
            yield return $"url '{source.Url}' is not an absolute http(s) URL";
        }

        if (source.Kind == SourceKind.HtmlList && string.IsNullOrWhiteSpace(source.List?.Item))
        {
            yield return "an html-list source needs list.item (the CSS selector of one item)";
        }

        if (source.Interval < 1)
        {
            yield return "interval must be at least 1 minute";
        }

        if (source.Fallback is { } fallback && (!Uri.TryCreate(fallback.Url, UriKind.Absolute, out var f) || f.Scheme is not ("http" or "https")))
        {
            yield return $"fallback url '{fallback.Url}' is not an absolute http(s) URL";
        }
    }

    private sealed class Catalogue
    {
        public List<SourceDefinition> Sources { get; set; } = [];
    }
}
