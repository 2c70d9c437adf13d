using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using AdvisoryWatch.Contracts;

namespace AdvisoryWatch.Feeds;

/// <summary>One advisory as a feed entry shows it.</summary>
public sealed record AtomEntry(Guid Id, string Title, string? Url, string? Summary, IReadOnlyList<(string Id, string Name)> Topics, Severity Severity, DateTimeOffset? PublishedAtUtc, DateTimeOffset UpdatedAtUtc, int Version);

/// <summary>
/// An Atom 1.0 document (RFC 4287). Everything from a source goes in as text (<c>type="text"</c>),
/// never as markup, with the characters XML cannot carry removed; links from a source are kept
/// only when they are http or https.
/// </summary>
public static class AtomFeed
{
    private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";

    /// <summary>Longest summary in an entry, in characters: a feed reader shows a teaser; the page has the rest.</summary>
    public const int MaxSummaryChars = 2000;

    public static XDocument Build(Uri feedId, string title, string language, Uri alternate, IReadOnlyList<AtomEntry> entries, Func<Guid, Uri> advisoryPage)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(advisoryPage);
        var feed = new XElement(
            Atom + "feed",
            new XAttribute(XNamespace.Xml + "lang", language),
            new XElement(Atom + "id", feedId.AbsoluteUri),
            new XElement(Atom + "title", new XAttribute("type", "text"), Clean(title)),
            new XElement(Atom + "updated", Timestamp(Updated(entries))),
            new XElement(Atom + "author", new XElement(Atom + "name", "AdvisoryWatch")),
            new XElement(Atom + "generator", "AdvisoryWatch"),
            new XElement(Atom + "link", new XAttribute("rel", "alternate"), new XAttribute("type", "text/html"), new XAttribute("href", alternate.AbsoluteUri)));
        foreach (var entry in entries)
        {
            var element = new XElement(
                Atom + "entry",
                new XElement(Atom + "id", "urn:uuid:" + entry.Id.ToString("D", CultureInfo.InvariantCulture)),
                new XElement(Atom + "title", new XAttribute("type", "text"), Clean(entry.Title)),
                new XElement(Atom + "updated", Timestamp(entry.UpdatedAtUtc)),
                new XElement(Atom + "link", new XAttribute("rel", "alternate"), new XAttribute("type", "text/html"), new XAttribute("href", advisoryPage(entry.Id).AbsoluteUri)));
            if (entry.PublishedAtUtc is { } published)
            {
                element.Add(new XElement(Atom + "published", Timestamp(published)));
            }

            if (Uri.TryCreate(entry.Url, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttps || url.Scheme == Uri.UriSchemeHttp))
            {
                element.Add(new XElement(Atom + "link", new XAttribute("rel", "related"), new XAttribute("href", url.AbsoluteUri)));
            }

            element.Add(new XElement(Atom + "category", new XAttribute("term", "severity:" + entry.Severity.ToString().ToLowerInvariant())));
            foreach (var (id, name) in entry.Topics)
            {
                element.Add(new XElement(Atom + "category", new XAttribute("term", Clean(id)), new XAttribute("label", Clean(name))));
            }

            if (!string.IsNullOrWhiteSpace(entry.Summary))
            {
                var summary = entry.Summary.Length > MaxSummaryChars ? string.Concat(entry.Summary.AsSpan(0, MaxSummaryChars), "…") : entry.Summary;
                element.Add(new XElement(Atom + "summary", new XAttribute("type", "text"), Clean(summary)));
            }

            feed.Add(element);
        }

        return new XDocument(new XDeclaration("1.0", "utf-8", null), feed);
    }

    /// <summary>The newest entry's time; the epoch for an empty feed, so the document stays the same until something arrives.</summary>
    public static DateTimeOffset Updated(IReadOnlyList<AtomEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        return entries.Count == 0 ? DateTimeOffset.UnixEpoch : entries.Max(e => e.UpdatedAtUtc);
    }

    /// <summary>A strong validator of what the feed shows: changes when an entry, its tags or its severity do.</summary>
    public static string ETag(string feedKey, IReadOnlyList<AtomEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var text = new StringBuilder(feedKey);
        foreach (var e in entries)
        {
            text.Append('\n').Append(e.Id).Append(' ').Append(e.UpdatedAtUtc.UtcTicks).Append(' ').Append(e.Version)
                .Append(' ').Append(e.Severity).Append(' ').AppendJoin(',', e.Topics.Select(t => t.Id + "=" + t.Name));
        }

        return "\"" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..32] + "\"";
    }

    public static byte[] Write(XDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var settings = new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = false, CheckCharacters = true };
        using var stream = new MemoryStream();
        using (var writer = XmlWriter.Create(stream, settings))
        {
            document.Save(writer);
        }

        return stream.ToArray();
    }

    private static string Timestamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>The text without the characters XML 1.0 cannot carry (controls, lone surrogates): a hostile title must not break the feed.</summary>
    internal static string Clean(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var clean = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                clean.Append(c).Append(text[i + 1]);
                i++;
            }
            else if (XmlConvert.IsXmlChar(c))
            {
                clean.Append(c);
            }
        }

        return clean.ToString();
    }
}
