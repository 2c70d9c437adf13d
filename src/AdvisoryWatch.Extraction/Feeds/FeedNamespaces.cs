using System.Xml;

namespace AdvisoryWatch.Extraction.Feeds;

/// <summary>
/// The namespace scope a feed is read in: what the document declares, and for a prefix it uses
/// without declaring it, the namespace feeds mean by it (<c>dc</c>, <c>content</c>, ...) or else
/// a placeholder, so an undeclared prefix reads normally instead of ending the document.
/// </summary>
/// <remarks>
/// The fallback is consulted only when the document's own declarations have no answer, so a
/// declared prefix always wins. Resolving on demand, rather than declaring every well-known prefix
/// up front, matters for small feeds: thirteen declarations per document cost more than parsing a
/// short feed.
/// </remarks>
internal sealed class FeedNamespaces(XmlNameTable names, List<string> warnings) : XmlNamespaceManager(names)
{
    /// <summary>More undeclared prefixes than this and the document is not worth guessing at.</summary>
    private const int MaxUndeclared = 8;

    // Prefixes feeds use without declaring them, with the namespace they mean.
    private static readonly Dictionary<string, string> WellKnown = new(StringComparer.Ordinal)
    {
        ["dc"] = XmlFeedReader.DcNs,
        ["content"] = XmlFeedReader.ContentNs,
        ["atom"] = XmlFeedReader.AtomNs,
        ["media"] = XmlFeedReader.MediaNs,
        ["rdf"] = XmlFeedReader.RdfNs,
        ["dcterms"] = XmlFeedReader.DcTermsNs,
        ["itunes"] = "http://www.itunes.com/dtds/podcast-1.0.dtd",
        ["slash"] = "http://purl.org/rss/1.0/modules/slash/",
        ["wfw"] = "http://wellformedweb.org/CommentAPI/",
        ["sy"] = "http://purl.org/rss/1.0/modules/syndication/",
        ["georss"] = "http://www.georss.org/georss",
        ["feedburner"] = "http://rssnamespace.org/feedburner/ext/1.0",
        ["xhtml"] = "http://www.w3.org/1999/xhtml",
    };

    private List<string>? _undeclared;

    public override string? LookupNamespace(string prefix) => base.LookupNamespace(prefix) ?? Fallback(prefix);

    private string? Fallback(string prefix)
    {
        if (prefix.Length == 0 || prefix == "xmlns")
        {
            return null;
        }

        if (WellKnown.TryGetValue(prefix, out var known))
        {
            // Atomised like every name the reader hands out.
            return NameTable!.Add(known);
        }

        _undeclared ??= [];
        if (!_undeclared.Contains(prefix))
        {
            if (_undeclared.Count >= MaxUndeclared)
            {
                return null;
            }

            _undeclared.Add(prefix);
            warnings.Add($"undeclared namespace prefix '{prefix}' tolerated");
        }

        return NameTable!.Add("urn:advisorywatch:undeclared:" + prefix);
    }
}
