using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace AdvisoryWatch.Hosting;

/// <summary>
/// The YAML files admins edit (the seeds, and what <c>import</c>/<c>export</c> commands read and
/// write): one camelCase dialect for all of them, syntax errors reported with their position, and
/// the shipped copies read from inside the executable, so a packed tool needs no seeds folder.
/// </summary>
public static class SeedFiles
{
    // Converters named by [YamlConverter] on a property must be registered; they accept no type
    // of their own, so they apply only where named.
    private static readonly IDeserializer Reader = new DeserializerBuilder()
        .WithNamingConvention(CamelCaseNamingConvention.Instance)
        .WithTypeConverter(new Sources.PollInterval.YamlConverter())
        .Build();

    private static readonly ISerializer Writer = new SerializerBuilder()
        .WithNamingConvention(CamelCaseNamingConvention.Instance)
        .WithTypeConverter(new Sources.PollInterval.YamlConverter())
        .ConfigureDefaultValuesHandling(DefaultValuesHandling.OmitNull | DefaultValuesHandling.OmitEmptyCollections)
        .Build();

    /// <summary>The document, or null and the problem (with line and column) when it cannot be read.</summary>
    public static T? Read<T>(string yaml, out string? problem)
        where T : class, new()
    {
        try
        {
            problem = null;
            return Reader.Deserialize<T>(yaml) ?? new T();
        }
        catch (YamlException e)
        {
            problem = $"YAML at line {e.Start.Line}, column {e.Start.Column}: {e.InnerException?.Message ?? e.Message}";
            return null;
        }
    }

    public static string Write<T>(T document)
        where T : class => Writer.Serialize(document);

    /// <summary>A file of <c>seeds/</c> as shipped inside this build (e.g. <c>sources.yaml</c>).</summary>
    public static string ReadEmbedded(string fileName)
    {
        using var stream = typeof(SeedFiles).Assembly.GetManifestResourceStream("AdvisoryWatch.seeds." + fileName)
            ?? throw new InvalidOperationException($"seeds/{fileName} is not embedded in this build.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
