using System.Globalization;
using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace AdvisoryWatch.Sources;

/// <summary>OPML 2.0, the list format every feed reader imports and exports.</summary>
public static class Opml
{
    public static string Write(IEnumerable<SourceDefinition> sources, DateTimeOffset now)
    {
        var body = new XElement("body");
        foreach (var source in sources)
        {
            var outline = new XElement("outline", new XAttribute("text", source.Name), new XAttribute("title", source.Name));
            if (source.Kind == SourceKind.Feed)
            {
                outline.Add(new XAttribute("type", "rss"), new XAttribute("xmlUrl", source.Url));
                if (source.Fallback is { } fallback)
                {
                    outline.Add(new XAttribute("htmlUrl", fallback.Url));
                }
            }
            else
            {
                outline.Add(new XAttribute("type", "link"), new XAttribute("url", source.Url));
            }

            outline.Add(new XAttribute("language", source.Language));
            body.Add(outline);
        }

        var document = new XDocument(
            new XDeclaration("1.0", "utf-8", null),
            new XElement("opml", new XAttribute("version", "2.0"),
                new XElement("head",
                    new XElement("title", "AdvisoryWatch sources"),
                    new XElement("dateCreated", now.ToString("r", CultureInfo.InvariantCulture))),
                body));
        var text = new StringBuilder();
        using (var writer = XmlWriter.Create(text, new XmlWriterSettings { Indent = true, Encoding = Encoding.UTF8 }))
        {
            document.Save(writer);
        }

        return text.ToString();
    }

    /// <summary>Feed outlines (any depth) become feed sources; ids are made from their titles.</summary>
    public static (IReadOnlyList<SourceDefinition> Sources, IReadOnlyList<string> Errors) Read(string xml)
    {
        XDocument document;
        try
        {
            using var reader = XmlReader.Create(new StringReader(xml), new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore, XmlResolver = null, MaxCharactersInDocument = 10_000_000 });
            document = XDocument.Load(reader);
        }
        catch (XmlException e)
        {
            return ([], [$"not valid OPML at line {e.LineNumber}, column {e.LinePosition}: {e.Message}"]);
        }

        var sources = new List<SourceDefinition>();
        var errors = new List<string>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var outline in document.Descendants("outline"))
        {
            var xmlUrl = (string?)outline.Attribute("xmlUrl");
            var url = xmlUrl ?? (string?)outline.Attribute("url");
            if (url is null)
            {
                continue;
            }

            var name = (string?)outline.Attribute("title") ?? (string?)outline.Attribute("text") ?? url;
            var id = UniqueId(Slug(name), ids);
            var definition = new SourceDefinition
            {
                Id = id,
                Name = name,
                Kind = xmlUrl is null ? SourceKind.Page : SourceKind.Feed,
                Url = url,
                Language = (string?)outline.Attribute("language") ?? "en",
            };
            var problems = SourceCatalogueFile.Validate(definition).ToList();
            if (problems.Count > 0)
            {
                errors.AddRange(problems.Select(p => $"outline '{name}': {p}"));
                continue;
            }

            sources.Add(definition);
        }

        return (sources, errors);
    }

    private static string Slug(string name)
    {
        var normalized = name.ToLowerInvariant().Replace("æ", "ae", StringComparison.Ordinal).Replace("ø", "o", StringComparison.Ordinal)
            .Replace("å", "a", StringComparison.Ordinal).Replace("ä", "a", StringComparison.Ordinal).Replace("ö", "o", StringComparison.Ordinal);
        var slug = new StringBuilder();
        foreach (var c in normalized)
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                slug.Append(c);
            }
            else if (slug.Length > 0 && slug[^1] != '-')
            {
                slug.Append('-');
            }
        }

        var text = slug.ToString().Trim('-');
        return text.Length == 0 ? "source" : text[..Math.Min(text.Length, 60)].TrimEnd('-');
    }

    private static string UniqueId(string slug, HashSet<string> taken)
    {
        var id = slug;
        for (var n = 2; !taken.Add(id); n++)
        {
            id = $"{slug}-{n}";
        }

        return id;
    }
}
