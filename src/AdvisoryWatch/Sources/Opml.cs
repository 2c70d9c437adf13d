using System.Globalization;
using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace AdvisoryWatch.Sources;

/// <summary>
/// OPML 2.0, the format feed readers exchange. Feeds are <c>&lt;outline type="rss" text title
/// xmlUrl htmlUrl&gt;</c>; AdvisoryWatch's own fields ride along in the <c>aw:</c> namespace so an
/// export imports back losslessly, while a plain OPML from a feed reader imports as feed sources.
/// </summary>
public static class Opml
{
    public static readonly XNamespace Aw = "https://github.com/advisorywatch/opml";

    /// <summary>Only feed sources can be written: OPML has no way to say "read this HTML with these selectors".</summary>
    public static string Write(IEnumerable<SourceDefinition> sources, string title)
    {
        ArgumentNullException.ThrowIfNull(sources);
        var body = new XElement("body");
        foreach (var group in sources.Where(s => s.Kind == "feed").GroupBy(s => s.Authority).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var folder = new XElement("outline", new XAttribute("text", group.Key));
            foreach (var s in group)
            {
                var outline = new XElement(
                    "outline",
                    new XAttribute("type", "rss"),
                    new XAttribute("text", s.Name),
                    new XAttribute("title", s.Name),
                    new XAttribute("xmlUrl", s.Url),
                    new XAttribute(Aw + "id", s.Id),
                    new XAttribute(Aw + "authority", s.Authority),
                    new XAttribute(Aw + "country", s.Country),
                    new XAttribute(Aw + "language", s.Language),
                    new XAttribute(Aw + "interval", s.Interval.ToString(CultureInfo.InvariantCulture)),
                    new XAttribute(Aw + "staleAfterDays", s.StaleAfterDays.ToString(CultureInfo.InvariantCulture)),
                    new XAttribute(Aw + "enabled", s.Enabled ? "true" : "false"));
                if (s.Website is not null)
                {
                    outline.Add(new XAttribute("htmlUrl", s.Website));
                }

                if (s.ItemKind is not null)
                {
                    outline.Add(new XAttribute(Aw + "itemKind", s.ItemKind));
                }

                if (s.Topics.Count > 0)
                {
                    outline.Add(new XAttribute("category", string.Join(",", s.Topics)));
                }

                folder.Add(outline);
            }

            body.Add(folder);
        }

        var doc = new XDocument(
            new XDeclaration("1.0", "utf-8", null),
            new XElement(
                "opml",
                new XAttribute("version", "2.0"),
                new XAttribute(XNamespace.Xmlns + "aw", Aw),
                new XElement("head", new XElement("title", title)),
                body));
        using var stream = new MemoryStream();
        using (var writer = XmlWriter.Create(stream, new XmlWriterSettings { Indent = true, Encoding = new UTF8Encoding(false) }))
        {
            doc.Save(writer);
        }

        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    /// <summary>Reads every <c>outline</c> with an <c>xmlUrl</c>, at any depth, as a feed source.</summary>
    public static CatalogueReadResult Read(string xml)
    {
        XDocument doc;
        try
        {
            // No DTDs: an OPML file comes from elsewhere and must not expand entities.
            using var reader = XmlReader.Create(new StringReader(xml), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
            doc = XDocument.Load(reader);
        }
        catch (XmlException e)
        {
            return new CatalogueReadResult([], [$"OPML at line {e.LineNumber}: {e.Message}"]);
        }

        if (doc.Root?.Name.LocalName != "opml")
        {
            return new CatalogueReadResult([], ["Not an OPML document (the root element is not <opml>)."]);
        }

        var sources = new List<SourceDefinition>();
        var problems = new List<string>();
        var usedIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var outline in doc.Descendants("outline").Where(o => o.Attribute("xmlUrl") is not null))
        {
            var xmlUrl = ((string?)outline.Attribute("xmlUrl"))?.Trim() ?? "";
            var name = (string?)outline.Attribute("title") ?? (string?)outline.Attribute("text") ?? xmlUrl;
            var parent = outline.Parent is { Name.LocalName: "outline" } p ? (string?)p.Attribute("text") : null;
            var givenId = (string?)outline.Attribute(Aw + "id");
            var id = Unique(givenId ?? Slug(name, xmlUrl), usedIds);
            var interval = 60;
            if ((string?)outline.Attribute(Aw + "interval") is { } intervalText)
            {
                if (PollInterval.Parse(intervalText, out var problem) is { } minutes)
                {
                    interval = minutes;
                }
                else
                {
                    problems.Add($"{id}: {problem}");
                }
            }

            sources.Add(new SourceDefinition
            {
                Id = id,
                Name = name,
                Authority = (string?)outline.Attribute(Aw + "authority") ?? parent ?? (Uri.TryCreate(xmlUrl, UriKind.Absolute, out var u) ? u.Host : name),
                Country = (string?)outline.Attribute(Aw + "country") ?? "",
                Language = ((string?)outline.Attribute(Aw + "language") ?? (string?)outline.Attribute("language")) is { Length: >= 2 } lang ? lang[..2].ToLowerInvariant() : "en",
                Kind = "feed",
                ItemKind = (string?)outline.Attribute(Aw + "itemKind"),
                Url = xmlUrl,
                Website = (string?)outline.Attribute("htmlUrl"),
                Topics = ((string?)outline.Attribute("category"))?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                    .Where(c => !c.StartsWith('/')).ToList() ?? [],
                Interval = interval,
                StaleAfterDays = int.TryParse((string?)outline.Attribute(Aw + "staleAfterDays"), CultureInfo.InvariantCulture, out var d) ? d : 60,
                Enabled = !string.Equals((string?)outline.Attribute(Aw + "enabled"), "false", StringComparison.OrdinalIgnoreCase),
                IdAssigned = givenId is null,
            });
        }

        problems.AddRange(sources.SelectMany(s => s.Problems()));
        return new CatalogueReadResult(sources, problems);
    }

    /// <summary>A readable id from the title (or host), ASCII only: æ→ae, ø→o, å→a, ä→a, ö→o.</summary>
    internal static string Slug(string name, string url)
    {
        var text = name.ToLowerInvariant().Replace("æ", "ae", StringComparison.Ordinal).Normalize(NormalizationForm.FormD);
        var sb = new StringBuilder();
        foreach (var c in text)
        {
            if (c is >= 'a' and <= 'z' or >= '0' and <= '9')
            {
                sb.Append(c);
            }
            else if (c == 'ø')
            {
                sb.Append('o');
            }
            else if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark && sb.Length > 0 && sb[^1] != '-')
            {
                sb.Append('-');
            }
        }

        var slug = sb.ToString().Trim('-');
        if (slug.Length == 0 && Uri.TryCreate(url, UriKind.Absolute, out var u))
        {
            slug = Slug(u.Host, "");
        }

        return slug.Length == 0 ? "feed" : slug[..Math.Min(slug.Length, 90)].TrimEnd('-');
    }

    internal static string Unique(string id, HashSet<string> used)
    {
        var candidate = id;
        for (var n = 2; !used.Add(candidate); n++)
        {
            candidate = $"{id}-{n}";
        }

        return candidate;
    }
}
